DROP INDEX registrants_office;
ALTER TABLE registrants DROP COLUMN office;
ALTER TABLE users DROP COLUMN office;
