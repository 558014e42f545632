//! The outbox: a job is written here in the same transaction as the change that causes it, so a
//! job exists if and only if that change committed. The worker relays rows into the apalis queue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{mail_deliveries, outbox};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub idempotency_key: String,
    pub kind: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub enqueued_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct NewOutboxRow<'a> {
    idempotency_key: &'a str,
    kind: &'a str,
    payload: &'a str,
    created_at: NaiveDateTime,
}

pub struct Outbox;

impl Outbox {
    /// Adds a job to the outbox. Call it inside the business transaction. The key makes the job
    /// idempotent end to end: relayed twice, it is queued once; run twice, it acts once.
    pub fn push(
        conn: &mut DbConnection,
        job: &renkei_jobs::JobEnvelope,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let payload = serde_json::to_string(job)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
        diesel::insert_into(outbox::table)
            .values(&NewOutboxRow {
                idempotency_key: &job.key,
                kind: job.job.kind(),
                payload: &payload,
                created_at: now,
            })
            .execute(conn)?;
        Ok(())
    }

    pub fn pending(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<OutboxRow>> {
        outbox::table
            .filter(outbox::enqueued_at.is_null())
            .order(outbox::id.asc())
            .limit(limit)
            .select(OutboxRow::as_select())
            .load(conn)
    }

    pub fn mark_enqueued(
        conn: &mut DbConnection,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
            .set(outbox::enqueued_at.eq(Some(now)))
            .execute(conn)
    }

    /// The creation time of the oldest row not yet relayed (for /healthz).
    pub fn oldest_pending(conn: &mut DbConnection) -> QueryResult<Option<NaiveDateTime>> {
        outbox::table
            .filter(outbox::enqueued_at.is_null())
            .order(outbox::id.asc())
            .select(outbox::created_at)
            .first(conn)
            .optional()
    }

    pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
        outbox::table.count().get_result(conn)
    }
}

/// Mails that reached the mail server, by job key: the worker checks here before sending, so a
/// retried or re-delivered job does not mail twice.
pub struct MailDelivery;

#[derive(Insertable)]
#[diesel(table_name = mail_deliveries)]
struct NewDelivery<'a> {
    idempotency_key: &'a str,
    delivered_at: NaiveDateTime,
    transport: &'a str,
}

impl MailDelivery {
    pub fn is_delivered(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
        let n: i64 = mail_deliveries::table
            .filter(mail_deliveries::idempotency_key.eq(key))
            .count()
            .get_result(conn)?;
        Ok(n > 0)
    }

    pub fn record(
        conn: &mut DbConnection,
        key: &str,
        transport: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        if Self::is_delivered(conn, key)? {
            return Ok(());
        }
        diesel::insert_into(mail_deliveries::table)
            .values(&NewDelivery {
                idempotency_key: key,
                delivered_at: now,
                transport,
            })
            .execute(conn)?;
        Ok(())
    }

    pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
        mail_deliveries::table.count().get_result(conn)
    }
}
