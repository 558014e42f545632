-- The access log (FAQ 1.8 「誰が閲覧したか」): one row per view of patient data — who, when, which
-- record, never the content. Hash-chained like the audit trail, in a chain of its own so that
-- reads never wait for the audit trail's writers; append-only, refused UPDATE, DELETE, TRUNCATE.
CREATE TABLE access_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id BIGINT NOT NULL,
    login TEXT NOT NULL,
    role TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL,
    room_id BIGINT,
    registrant_id BIGINT,
    record TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX access_log_room ON access_log(room_id, seq);
CREATE INDEX access_log_registrant ON access_log(registrant_id, seq);
CREATE INDEX access_log_user ON access_log(user_id, seq);
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
