DROP TABLE prescription_lines;
DROP TABLE prescriptions;
DROP TABLE room_documents;
DROP TABLE vitals;
DROP TABLE room_features;
