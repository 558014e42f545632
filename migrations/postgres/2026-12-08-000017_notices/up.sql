-- お知らせ・一斉周知 (seed 000 §8 研修会・周知の部屋; 004 市と全施設の連絡部屋): an office publishes a
-- notice to all users, to organisations of chosen kinds or to chosen professions, with an
-- optional attachment and an optional answer asked (確認 / 参加・欠席). The recipients are
-- fixed when it is published (one row each), so who has read it and who has not is exact.
CREATE TABLE notices (
    id BIGSERIAL PRIMARY KEY,
    office TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- all | kinds | professions, and the chosen codes (comma-separated)
    audience TEXT NOT NULL,
    audience_codes TEXT NOT NULL DEFAULT '',
    -- none | confirm (確認しました) | attendance (参加・欠席)
    response TEXT NOT NULL DEFAULT 'none',
    file_id BIGINT REFERENCES files(id),
    published_by BIGINT NOT NULL REFERENCES users(id),
    published_at TIMESTAMP NOT NULL,
    -- the form's key: a double submit publishes once
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX notices_office ON notices (office, id);
CREATE TABLE notice_recipients (
    notice_id BIGINT NOT NULL REFERENCES notices(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    read_at TIMESTAMP,
    answer TEXT NOT NULL DEFAULT '',
    answered_at TIMESTAMP,
    PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_recipients_user ON notice_recipients (user_id, notice_id);
