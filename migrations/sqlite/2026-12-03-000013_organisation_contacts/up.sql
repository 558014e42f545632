-- What a 様式第4号 says about the organisation beyond its address: FAX, 代表者 and the
-- システム管理担当者's contacts (who may have no account). Recorded at approval, changed by a
-- 様式第5号 (old -> new in the audit trail), shown on the 利用団体台帳.
ALTER TABLE organisations ADD COLUMN fax TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN representative TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN manager_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN manager_title TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN manager_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN manager_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN application_id BIGINT;
