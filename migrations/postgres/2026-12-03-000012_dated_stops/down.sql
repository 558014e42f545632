DROP INDEX rooms_close_on;
DROP INDEX users_stop_on;
ALTER TABLE rooms DROP COLUMN close_on;
ALTER TABLE users DROP COLUMN stop_application_id;
ALTER TABLE users DROP COLUMN stop_on;
