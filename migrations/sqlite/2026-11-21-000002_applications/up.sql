-- Applications: the paper-equivalent procedures (forms 4–9 and the room applications), each in
-- one administrator office's queue, with its history. The form's fields are kept as JSON: each
-- form has its own shape, validated by the application before it is stored.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt_number TEXT NOT NULL UNIQUE,
    form TEXT NOT NULL,
    office TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    received_on DATE NOT NULL,
    due_on DATE,
    open_days_used INTEGER NOT NULL DEFAULT 0,
    paused_on DATE,
    organisation_name TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX applications_queue ON applications(office, status, due_on);

CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT REFERENCES users(id),
    actor_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events(application_id, id);

-- Receipt numbers run per office and year: S-2026-0001, A-2026-0001.
CREATE TABLE receipt_counters (
    office TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office, year)
);

-- アカウント発行通知: one letter per account created by an approved form 4 (or a reissue).
-- The 認証コード is generated when the letter is rendered and exists in plain text only in the
-- PDF, which is dropped once the clerk marks the letter mailed.
-- A day's print run: the worker issues each letter's 認証コード and renders them all into one
-- PDF; the PDF is deleted when the clerk marks the batch mailed.
CREATE TABLE letter_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL,
    letter_count INTEGER NOT NULL,
    pdf BLOB,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    rendered_at TIMESTAMP,
    mailed_at TIMESTAMP
);

CREATE TABLE letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT REFERENCES applications(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    notice_number TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    batch_id BIGINT REFERENCES letter_batches(id),
    created_at TIMESTAMP NOT NULL,
    rendered_at TIMESTAMP,
    mailed_at TIMESTAMP
);
CREATE INDEX letters_status ON letters(status, id);
