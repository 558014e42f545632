//! The outbox: a job is written here in the same transaction as the change that causes it, so a
//! job exists if and only if that change committed. The worker relays rows into the apalis queue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{mail_deliveries, outbox, worker_heartbeats};

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

    /// Whether a job with this key was ever queued.
    pub fn exists(conn: &mut DbConnection, key: &str) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            outbox::table.filter(outbox::idempotency_key.eq(key)),
        ))
        .get_result(conn)
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

/// Mails, by job key: claimed by one worker before sending and marked sent after the mail
/// server accepted them, so a retried or re-queued copy of the job does not mail twice.
pub struct MailDelivery;

/// What a worker may do with a mail job.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Send it; the claim is ours.
    Claimed,
    /// The server already accepted it.
    AlreadySent,
    /// A live worker is sending it right now.
    Busy,
}

#[derive(Insertable)]
#[diesel(table_name = mail_deliveries)]
struct NewClaim<'a> {
    idempotency_key: &'a str,
    state: &'a str,
    claimed_by: &'a str,
    claimed_at: NaiveDateTime,
}

impl MailDelivery {
    /// Claims the mail for `worker`. A claim held by a worker whose heartbeat is older than
    /// `stale_after` (killed mid-send) is taken over.
    pub fn claim(
        conn: &mut DbConnection,
        key: &str,
        worker: &str,
        stale_after: chrono::TimeDelta,
        now: NaiveDateTime,
    ) -> QueryResult<Claim> {
        crate::db::write_tx(conn, |conn| {
            let row: Option<(String, String)> = mail_deliveries::table
                .find(key)
                .select((mail_deliveries::state, mail_deliveries::claimed_by))
                .first(conn)
                .optional()?;
            match row {
                None => {
                    diesel::insert_into(mail_deliveries::table)
                        .values(&NewClaim {
                            idempotency_key: key,
                            state: "sending",
                            claimed_by: worker,
                            claimed_at: now,
                        })
                        .execute(conn)?;
                    Ok(Claim::Claimed)
                }
                Some((state, _)) if state == "sent" => Ok(Claim::AlreadySent),
                Some((_, holder)) => {
                    let alive = holder == worker
                        || worker_heartbeats::table
                            .find(&holder)
                            .select(worker_heartbeats::last_seen)
                            .first::<NaiveDateTime>(conn)
                            .optional()?
                            .is_some_and(|seen| now - seen < stale_after);
                    if alive {
                        return Ok(Claim::Busy);
                    }
                    diesel::update(mail_deliveries::table.find(key))
                        .set((
                            mail_deliveries::claimed_by.eq(worker),
                            mail_deliveries::claimed_at.eq(now),
                        ))
                        .execute(conn)?;
                    Ok(Claim::Claimed)
                }
            }
        })
    }

    /// The server said "250": the mail is sent.
    pub fn mark_sent(
        conn: &mut DbConnection,
        key: &str,
        transport: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(mail_deliveries::table.find(key))
            .set((
                mail_deliveries::state.eq("sent"),
                mail_deliveries::delivered_at.eq(Some(now)),
                mail_deliveries::transport.eq(transport),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Sending failed: give the claim up so that the retry can send.
    pub fn release(conn: &mut DbConnection, key: &str, worker: &str) -> QueryResult<()> {
        diesel::delete(
            mail_deliveries::table
                .find(key)
                .filter(mail_deliveries::state.eq("sending"))
                .filter(mail_deliveries::claimed_by.eq(worker)),
        )
        .execute(conn)?;
        Ok(())
    }

    /// Mails the server accepted.
    pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
        mail_deliveries::table
            .filter(mail_deliveries::state.eq("sent"))
            .count()
            .get_result(conn)
    }
}

/// A worker's pulse, written every heartbeat.
pub fn heartbeat(conn: &mut DbConnection, worker: &str, now: NaiveDateTime) -> QueryResult<()> {
    let n = diesel::update(worker_heartbeats::table.find(worker))
        .set(worker_heartbeats::last_seen.eq(now))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(worker_heartbeats::table)
            .values((
                worker_heartbeats::name.eq(worker),
                worker_heartbeats::last_seen.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
