-- Registrants (登録者: the people cared for at home; they have no login), the rooms and their
-- members. A registrant is recorded when a form 7 (consent) is approved; their patient room is
-- opened by a form 8 and closed by a form 9. Inter-professional rooms have no registrant.
CREATE TABLE registrants (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    kana TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL,
    postcode TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    consent_on DATE NOT NULL,
    signer TEXT NOT NULL,
    proxy_name TEXT NOT NULL DEFAULT '',
    proxy_relationship TEXT NOT NULL DEFAULT '',
    digital_consent BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    discontinued_on DATE,
    consent_application_id BIGINT REFERENCES applications(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX registrants_identity ON registrants(kana, birth_date);

CREATE TABLE rooms (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    registrant_id BIGINT REFERENCES registrants(id),
    name TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    office TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    purge_after DATE,
    opened_by_application BIGINT REFERENCES applications(id),
    closed_by_application BIGINT REFERENCES applications(id)
);
-- One patient room per registrant, ever (a closed room is not reopened by a new form 8).
CREATE UNIQUE INDEX rooms_one_per_registrant ON rooms(registrant_id) WHERE registrant_id IS NOT NULL;
CREATE INDEX rooms_status ON rooms(status, kind);

-- Membership history: a row per period of membership; the current members have no removed_at.
CREATE TABLE room_members (
    id BIGSERIAL PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    team_role TEXT NOT NULL DEFAULT '',
    added_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP,
    removed_reason TEXT NOT NULL DEFAULT '',
    added_by_application BIGINT REFERENCES applications(id),
    removed_by_application BIGINT REFERENCES applications(id)
);
CREATE UNIQUE INDEX room_members_current ON room_members(room_id, user_id) WHERE removed_at IS NULL;
CREATE INDEX room_members_user ON room_members(user_id, removed_at);

-- Forms 7 and 8 for the same registrant are normally sent together (FAQ 2.4): the clerk sees
-- them as a pair. The key is the registrant's reading and birth date.
ALTER TABLE applications ADD COLUMN pair_key TEXT;
CREATE INDEX applications_pair ON applications(pair_key);

-- Uploaded files: the scanned paper of an application, a mail's attachments. Kept in the
-- database so that one backup holds everything; the type is decided from the content (magic
-- bytes), never from the name, and the name is only shown, never used to store or serve.
CREATE TABLE files (
    id BIGSERIAL PRIMARY KEY,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL,
    data BYTEA NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE application_files (
    application_id BIGINT NOT NULL REFERENCES applications(id),
    file_id BIGINT NOT NULL REFERENCES files(id),
    PRIMARY KEY (application_id, file_id)
);

-- The public 電子申請 form needs no login; each submission is counted per address so that one
-- address cannot flood the clerks' queue.
CREATE TABLE public_submissions (
    id BIGSERIAL PRIMARY KEY,
    ip TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX public_submissions_ip ON public_submissions(ip, at);
