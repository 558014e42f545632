DROP TABLE public_submissions;
DROP TABLE application_files;
DROP TABLE files;
DROP INDEX applications_pair;
ALTER TABLE applications DROP COLUMN pair_key;
DROP TABLE room_members;
DROP TABLE rooms;
DROP TABLE registrants;
