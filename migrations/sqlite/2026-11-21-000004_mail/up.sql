-- 利用者間メール: mail between users and to the two administrator offices, inside the system.
-- A message to an office is read by any of its clerks; a form submitted by in-system mail is a
-- message that also files an application (application_id).
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender_id BIGINT NOT NULL REFERENCES users(id),
    recipient_user_id BIGINT REFERENCES users(id),
    recipient_office TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    read_by BIGINT REFERENCES users(id),
    application_id BIGINT REFERENCES applications(id),
    reply_to BIGINT REFERENCES messages(id)
);
CREATE INDEX messages_to_user ON messages(recipient_user_id, id);
CREATE INDEX messages_to_office ON messages(recipient_office, id);
CREATE INDEX messages_from ON messages(sender_id, id);

CREATE TABLE message_files (
    message_id BIGINT NOT NULL REFERENCES messages(id),
    file_id BIGINT NOT NULL REFERENCES files(id),
    PRIMARY KEY (message_id, file_id)
);

-- A long form saved half-way, to be resumed by the same user.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users(id),
    form TEXT NOT NULL,
    purpose TEXT NOT NULL,
    title TEXT NOT NULL,
    fields TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX drafts_user ON drafts(user_id, updated_at);
