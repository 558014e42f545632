-- カレンダー (domain.md §4): a room's events — visits, services and meetings — with their
-- participants, and finding a date for a meeting (candidates answered ○/△/× by the members).

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    meeting_url TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    organiser_id BIGINT NOT NULL REFERENCES users(id),
    -- iCalendar SEQUENCE: each change (and the cancellation) sends a higher one
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    poll_id BIGINT,
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX events_room ON events(room_id, starts_at);

CREATE TABLE event_participants (
    event_id BIGINT NOT NULL REFERENCES events(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_participants_user ON event_participants(user_id, event_id);

CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    meeting_url TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    organiser_id BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    fixed_at TIMESTAMP,
    event_id BIGINT REFERENCES events(id),
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX polls_room ON polls(room_id, id);

CREATE TABLE poll_options (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id BIGINT NOT NULL REFERENCES polls(id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL
);
CREATE INDEX poll_options_poll ON poll_options(poll_id, starts_at);

-- yes (○), maybe (△), no (×)
CREATE TABLE poll_answers (
    option_id BIGINT NOT NULL REFERENCES poll_options(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    answer TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (option_id, user_id)
);
