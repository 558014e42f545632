-- The clinical modules of a room (domain.md §4): which features a room has, vitals, the
-- versioned documents 患者情報 and 療養のポイント, and prescriptions (おくすり情報).

-- A room's features differ from its kind's defaults only where a row here says so (seed 002:
-- a patient room has all seven; an inter-professional room 連絡帳 and カレンダー).
CREATE TABLE room_features (
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    feature TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    changed_by BIGINT NOT NULL REFERENCES users(id),
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (room_id, feature)
);

-- One entry of several measures taken at one time. Whole units as typed, except 体温 and 体重
-- in tenths (36.5 ℃ → 365, 52.3 kg → 523): exact, comparable, no floating point.
CREATE TABLE vitals (
    id BIGSERIAL PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    measured_at TIMESTAMP NOT NULL,
    entered_by BIGINT NOT NULL REFERENCES users(id),
    entered_at TIMESTAMP NOT NULL,
    temperature INTEGER,
    pulse INTEGER,
    systolic INTEGER,
    diastolic INTEGER,
    spo2 INTEGER,
    glucose INTEGER,
    respiration INTEGER,
    weight INTEGER,
    note TEXT NOT NULL DEFAULT '',
    -- the measures that were outside the 療養のポイント ranges when entered (and alerted)
    alerted TEXT NOT NULL DEFAULT '',
    -- a mistaken entry is withdrawn, never deleted: it stays visible, struck through
    withdrawn_at TIMESTAMP,
    withdrawn_by BIGINT REFERENCES users(id),
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX vitals_room ON vitals(room_id, measured_at, id);

-- 患者情報 and 療養のポイント: each save is a new version (the whole document as JSON), the
-- newest is the current one; who wrote each and when stays visible.
CREATE TABLE room_documents (
    id BIGSERIAL PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    written_by BIGINT NOT NULL REFERENCES users(id),
    written_at TIMESTAMP NOT NULL
);
CREATE INDEX room_documents_room ON room_documents(room_id, kind, id);

-- おくすり情報: a prescription and its lines (drug, dose, directions for use, days).
CREATE TABLE prescriptions (
    id BIGSERIAL PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES rooms(id),
    prescribed_on DATE NOT NULL,
    institution TEXT NOT NULL,
    prescriber TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    entered_by BIGINT NOT NULL REFERENCES users(id),
    entered_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by BIGINT REFERENCES users(id),
    withdrawn_reason TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE
);
CREATE INDEX prescriptions_room ON prescriptions(room_id, prescribed_on, id);

CREATE TABLE prescription_lines (
    id BIGSERIAL PRIMARY KEY,
    prescription_id BIGINT NOT NULL REFERENCES prescriptions(id),
    line_no INTEGER NOT NULL,
    drug TEXT NOT NULL,
    dose TEXT NOT NULL,
    directions TEXT NOT NULL,
    days INTEGER NOT NULL
);
CREATE INDEX prescription_lines_prescription ON prescription_lines(prescription_id, line_no);
