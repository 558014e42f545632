-- The 連絡帳 (timeline) of a room: posts and their replies, corrections kept as versions,
-- addressees, tags (global, managed by S管理者), files, read receipts and each member's read mark
-- (for unread counts), and each user's notification settings.
CREATE TABLE tags (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    retired_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO tags (name, created_at) VALUES
    ('ACP', CURRENT_TIMESTAMP), ('褥瘡', CURRENT_TIMESTAMP), ('検査結果', CURRENT_TIMESTAMP),
    ('薬剤情報', CURRENT_TIMESTAMP), ('入退院', CURRENT_TIMESTAMP), ('書類提出', CURRENT_TIMESTAMP);

CREATE TABLE posts (
    id BIGSERIAL PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    parent_id BIGINT REFERENCES posts(id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    to_all BOOLEAN NOT NULL,
    reply_wanted_from TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    idempotency_key TEXT NOT NULL UNIQUE
);
-- Newest first within a room, top-level posts only: keyset pagination on id.
CREATE INDEX posts_room ON posts(room_id, parent_id, id);
CREATE INDEX posts_parent ON posts(parent_id, id);
-- The newest post of a room and the posts after a read mark (unread counts), replies included.
CREATE INDEX posts_room_all ON posts(room_id, id);

-- The earlier text of a corrected post: nothing a user wrote disappears.
CREATE TABLE post_versions (
    id BIGSERIAL PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts(id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    written_at TIMESTAMP NOT NULL,
    replaced_at TIMESTAMP NOT NULL
);
CREATE INDEX post_versions_post ON post_versions(post_id, id);

CREATE TABLE post_addressees (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE post_tags (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    tag_id BIGINT NOT NULL REFERENCES tags(id),
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag ON post_tags(tag_id, post_id);

CREATE TABLE post_files (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    file_id BIGINT NOT NULL REFERENCES files(id),
    PRIMARY KEY (post_id, file_id)
);

-- A photo's small thumbnail, made by the worker (a low-end phone loads this, not the original).
CREATE TABLE file_thumbnails (
    file_id BIGINT PRIMARY KEY REFERENCES files(id),
    data BYTEA NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Read receipts: who has read each post, and when.
CREATE TABLE post_reads (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- A member's read mark in a room: every post up to this id has been seen (unread counts are
-- the posts after it, found through posts_room).
CREATE TABLE room_read_marks (
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    last_read_post_id BIGINT NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

-- Notification settings (domain.md §5): where, and for which posts; a daily digest instead.
CREATE TABLE notification_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    email TEXT NOT NULL DEFAULT '',
    posts TEXT NOT NULL DEFAULT 'all',
    digest BOOLEAN NOT NULL DEFAULT FALSE,
    digest_sent_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);

-- Japanese has no word boundaries: search by substring, through a trigram index (pg_trgm, a
-- trusted extension the database owner may create) on the post's text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX posts_text_trgm ON posts USING gin ((subject || ' ' || body) gin_trgm_ops);
