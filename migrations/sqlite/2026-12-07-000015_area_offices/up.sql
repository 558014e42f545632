-- More than one 管理者 office (南空知 has two, each near its area): a clerk belongs to one
-- office, and each registrant to the office that approved their consent. Applications and rooms
-- already carry their office's code. Existing data belongs to the one office there was.
ALTER TABLE users ADD COLUMN office TEXT NOT NULL DEFAULT '';
UPDATE users SET office = 'city' WHERE role = 'city_admin';
UPDATE users SET office = 'association' WHERE role = 'association_admin';
ALTER TABLE registrants ADD COLUMN office TEXT NOT NULL DEFAULT 'association';
CREATE INDEX registrants_office ON registrants (office, kana, id);
