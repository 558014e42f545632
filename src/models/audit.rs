//! The audit trail: append-only and hash-chained. Each row carries a consecutive `seq`, the hash
//! of the row before it and its own hash over every column, so `renkei audit verify` finds a row
//! that was changed, removed or inserted. The database also refuses UPDATE and DELETE on it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::{Backend, DbConnection, write_tx};
use crate::schema::audit_log;

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it and from where.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub login: String,
    pub role: String,
    pub ip: String,
}

impl Actor {
    /// The worker, for what it does on its own schedule (dated stops, retention).
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            login: "renkei worker".into(),
            role: "system".into(),
            ip: String::new(),
        }
    }
}

/// One thing that happened, before it is chained.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Actor,
    pub action: &'static str,
    pub target_kind: &'static str,
    pub target_id: String,
    pub result: &'static str,
    pub detail: String,
}

impl AuditEntry {
    pub fn new(actor: &Actor, action: &'static str, result: &'static str) -> AuditEntry {
        AuditEntry {
            actor: actor.clone(),
            action,
            target_kind: "",
            target_id: String::new(),
            result,
            detail: String::new(),
        }
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_kind = kind;
        self.target_id = id.to_string();
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_login: String,
    pub actor_role: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub ip: String,
    pub result: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// The hash over every column but `hash` itself, with an unambiguous separator.
    pub fn compute_hash(&self) -> String {
        chain_hash(&[
            &self.prev_hash,
            &self.seq.to_string(),
            &hash_time(self.at),
            &self
                .actor_user_id
                .map(|v| v.to_string())
                .unwrap_or_default(),
            &self.actor_login,
            &self.actor_role,
            &self.action,
            &self.target_kind,
            &self.target_id,
            &self.ip,
            &self.result,
            &self.detail,
        ])
    }

    /// Appends one entry to the chain. Appends are serialised (an advisory lock on PostgreSQL,
    /// the write lock on SQLite) so that two requests never chain onto the same row.
    pub fn append(
        conn: &mut DbConnection,
        entry: AuditEntry,
        now: NaiveDateTime,
    ) -> QueryResult<AuditRecord> {
        write_tx(conn, |conn| {
            if conn.backend() == Backend::Postgres {
                diesel::sql_query("SELECT pg_advisory_xact_lock(7257301)").execute(conn)?;
            }
            let last: Option<(i64, String)> = audit_log::table
                .order(audit_log::seq.desc())
                .select((audit_log::seq, audit_log::hash))
                .first(conn)
                .optional()?;
            let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
            let mut record = AuditRecord {
                seq: prev_seq + 1,
                at: now,
                actor_user_id: entry.actor.user_id,
                actor_login: clip(&entry.actor.login, 64),
                actor_role: entry.actor.role,
                action: entry.action.to_string(),
                target_kind: entry.target_kind.to_string(),
                target_id: clip(&entry.target_id, 64),
                ip: clip(&entry.actor.ip, 64),
                result: entry.result.to_string(),
                detail: clip(&entry.detail, 500),
                prev_hash,
                hash: String::new(),
            };
            record.hash = record.compute_hash();
            diesel::insert_into(audit_log::table)
                .values(&record)
                .execute(conn)?;
            Ok(record)
        })
    }

    /// A page of the trail for the S管理者, newest first, filtered.
    pub fn search(
        conn: &mut DbConnection,
        filter: &AuditFilter,
        before_seq: Option<i64>,
        limit: i64,
    ) -> QueryResult<Vec<AuditRecord>> {
        let mut q = audit_log::table
            .select(AuditRecord::as_select())
            .order(audit_log::seq.desc())
            .limit(limit)
            .into_boxed();
        if let Some(seq) = before_seq {
            q = q.filter(audit_log::seq.lt(seq));
        }
        if let Some(action) = filter.action.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(
                audit_log::action
                    .like(format!("{}%", crate::models::users::escape_like(action)))
                    .escape('\\'),
            );
        }
        if let Some(actor) = filter.actor.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::actor_login.eq(actor.to_string()));
        }
        if let Some(result) = filter.result.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_log::result.eq(result.to_string()));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_log::at.ge(from));
        }
        if let Some(to) = filter.to {
            q = q.filter(audit_log::at.lt(to));
        }
        q.load(conn)
    }

    /// Walks the whole chain in order and reports every break.
    pub fn verify(conn: &mut DbConnection) -> QueryResult<Verification> {
        ChainCheck::walk(|after| {
            let batch: Vec<AuditRecord> = audit_log::table
                .filter(audit_log::seq.gt(after))
                .order(audit_log::seq.asc())
                .limit(5_000)
                .select(AuditRecord::as_select())
                .load(conn)?;
            Ok(batch
                .into_iter()
                .map(|r| (r.seq, r.compute_hash(), r.prev_hash, r.hash))
                .collect())
        })
    }
}

/// SHA-256 over length-prefixed fields, so no two different rows hash the same text. The first
/// field is the previous row's hash: that is the chain.
pub fn chain_hash(fields: &[&str]) -> String {
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    data_encoding::HEXLOWER.encode(&h.finalize())
}

/// A timestamp as it enters a hash (microseconds: what both databases keep).
pub fn hash_time(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Follows a chain in `seq` order and notes every break: a gap (rows deleted), a row that does
/// not chain onto the one before (inserted or reordered), a row whose hash does not match its
/// content (changed). Shared by the audit trail and the access log.
#[derive(Debug)]
pub struct ChainCheck {
    pub report: Verification,
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            report: Verification::default(),
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
        }
    }
}

/// One row as the check sees it: seq, the hash computed now, the stored previous and own hash.
pub type ChainRow = (i64, String, String, String);

impl ChainCheck {
    /// Checks a whole chain, read in batches by `next_batch(after_seq)` (empty at the end).
    pub fn walk(
        mut next_batch: impl FnMut(i64) -> QueryResult<Vec<ChainRow>>,
    ) -> QueryResult<Verification> {
        let mut check = ChainCheck::default();
        loop {
            let batch = next_batch(check.expected_seq - 1)?;
            if batch.is_empty() {
                return Ok(check.report);
            }
            for (seq, computed, prev_hash, hash) in batch {
                check.row(seq, &prev_hash, &hash, &computed);
            }
        }
    }

    fn row(&mut self, seq: i64, prev_hash: &str, hash: &str, computed: &str) {
        let problems = &mut self.report.problems;
        self.report.rows += 1;
        if seq != self.expected_seq {
            problems.push(format!(
                "rows {}..{} are missing (deleted)",
                self.expected_seq,
                seq - 1
            ));
        }
        if prev_hash != self.prev_hash {
            problems.push(format!("row {seq}: does not chain onto the row before it"));
        }
        if computed != hash {
            problems.push(format!("row {seq}: content was changed"));
        }
        self.expected_seq = seq + 1;
        self.prev_hash = hash.to_string();
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub result: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

#[derive(Debug, Default)]
pub struct Verification {
    pub rows: u64,
    pub problems: Vec<String>,
}

pub fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
