ALTER TABLE organisations DROP COLUMN application_id;
ALTER TABLE organisations DROP COLUMN manager_email;
ALTER TABLE organisations DROP COLUMN manager_phone;
ALTER TABLE organisations DROP COLUMN manager_title;
ALTER TABLE organisations DROP COLUMN manager_name;
ALTER TABLE organisations DROP COLUMN representative;
ALTER TABLE organisations DROP COLUMN fax;
