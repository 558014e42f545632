DROP INDEX sessions_last_seen;
DROP INDEX mail_deliveries_delivered;
DROP INDEX messages_sent;
DROP INDEX vitals_entered;
DROP INDEX posts_author_created;
DROP INDEX posts_created;
