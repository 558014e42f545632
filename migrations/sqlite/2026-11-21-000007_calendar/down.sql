DROP TABLE poll_answers;
DROP TABLE poll_options;
DROP TABLE polls;
DROP TABLE event_participants;
DROP TABLE events;
