-- Usage statistics (/admin/statistics): each month's posts, vitals and mails are counted by
-- range over the time they were written, and each organisation's posts by their authors, so
-- a year of a million posts is read from these indexes rather than from the tables.
CREATE INDEX posts_created ON posts(created_at);
CREATE INDEX posts_author_created ON posts(author_id, created_at);
CREATE INDEX vitals_entered ON vitals(entered_at);
CREATE INDEX messages_sent ON messages(sent_at);
CREATE INDEX mail_deliveries_delivered ON mail_deliveries(delivered_at);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
