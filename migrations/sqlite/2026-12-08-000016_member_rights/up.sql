-- 閲覧・入力権限 per member (guide §2: the 管理者 sets them): the features a member may only
-- read, as bits in the order of models::features::Feature (1 連絡帳, 2 療養のポイント, 4 バイタル,
-- 8 おくすり情報, 32 患者情報, 64 カレンダー). 0 reads and writes everything. A new member gets
-- the defaults of their profession from configuration; members already in rooms keep what
-- they could do, except home helpers, who get the shipped default (read 療養のポイント,
-- おくすり情報 and 患者情報).
ALTER TABLE room_members ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
UPDATE room_members SET read_only = 42
 WHERE removed_at IS NULL
   AND user_id IN (SELECT id FROM users WHERE profession = 'home_helper');
