-- A file chosen on a form that came back with errors (a scan on 様式第4号): kept for its user so
-- the page can offer it again instead of asking for it once more. Taken when the form is filed;
-- what is left over is deleted after a day.
CREATE TABLE kept_uploads (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    field TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX kept_uploads_user ON kept_uploads (user_id);
CREATE INDEX kept_uploads_created ON kept_uploads (created_at);
