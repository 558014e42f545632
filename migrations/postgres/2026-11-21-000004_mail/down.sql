DROP TABLE drafts;
DROP TABLE message_files;
DROP TABLE messages;
