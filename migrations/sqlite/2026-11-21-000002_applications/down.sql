DROP TABLE letters;
DROP TABLE letter_batches;
DROP TABLE receipt_counters;
DROP TABLE application_events;
DROP TABLE applications;
