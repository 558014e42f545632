//! The access log (FAQ 1.8 「誰が閲覧し、誰が入力したか」): one row for every view of patient data —
//! who, when, from where, which record — never the content. Append-only and hash-chained like
//! the audit trail (see [`crate::models::audit`]) but in a chain of its own: reads are far more
//! frequent than writes and must not queue behind them. Rows are written in groups by
//! [`crate::services::access::AccessLog`]; `renkei audit verify` checks both chains.
//!
//! Rows name rooms and registrants by id without a foreign key, so that the retention purge of
//! a room leaves the record of who read it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{Backend, DbConnection, write_tx};
use crate::models::audit::{Actor, ChainCheck, GENESIS, Verification, chain_hash, clip, hash_time};
use crate::models::rooms::Room;
use crate::schema::access_log;

/// What was looked at. `what` is a code (`timeline`, `file`, `vitals`, …; labels come from
/// `locales/` under `access.what`); `record` names the record within it (`file:12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub what: &'static str,
    pub room_id: Option<i64>,
    pub registrant_id: Option<i64>,
    pub record: String,
}

impl View {
    /// A view of something in a room; a patient room's registrant is recorded with it.
    pub fn in_room(room: &Room, what: &'static str) -> View {
        View {
            what,
            room_id: Some(room.id),
            registrant_id: room.registrant_id,
            record: String::new(),
        }
    }

    /// A view outside any room (an application's scan, a letter).
    pub fn of(what: &'static str) -> View {
        View {
            what,
            room_id: None,
            registrant_id: None,
            record: String::new(),
        }
    }

    /// The record within: `kind:id`.
    pub fn record(mut self, kind: &str, id: impl std::fmt::Display) -> View {
        self.record = format!("{kind}:{id}");
        self
    }

    pub fn registrant(mut self, registrant_id: Option<i64>) -> View {
        self.registrant_id = registrant_id;
        self
    }
}

/// One view by one person, before it is chained.
#[derive(Debug, Clone)]
pub struct Access {
    pub actor: Actor,
    pub at: NaiveDateTime,
    pub view: View,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = access_log)]
pub struct AccessRecord {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub user_id: i64,
    pub login: String,
    pub role: String,
    pub ip: String,
    pub what: String,
    pub room_id: Option<i64>,
    pub registrant_id: Option<i64>,
    pub record: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The people and rooms a page of the log names, looked up once for the page.
pub struct Names {
    /// id, name, login ID, profession, role
    pub users: Vec<(i64, String, String, String, String)>,
    /// id, name
    pub rooms: Vec<(i64, String)>,
}

impl Names {
    pub fn of(conn: &mut DbConnection, rows: &[AccessRecord]) -> QueryResult<Names> {
        use crate::schema::{rooms, users};
        let uids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
        let rids: Vec<i64> = rows.iter().filter_map(|r| r.room_id).collect();
        Ok(Names {
            users: users::table
                .filter(users::id.eq_any(&uids))
                .select((
                    users::id,
                    users::display_name,
                    users::login_id,
                    users::profession,
                    users::role,
                ))
                .load(conn)?,
            rooms: rooms::table
                .filter(rooms::id.eq_any(&rids))
                .select((rooms::id, rooms::name))
                .load(conn)?,
        })
    }
}

/// Whose history a 閲覧履歴 page shows.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Room(i64),
    Registrant(i64),
    /// What this user looked at.
    User(i64),
}

impl AccessRecord {
    pub fn compute_hash(&self) -> String {
        let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        chain_hash(&[
            &self.prev_hash,
            &self.seq.to_string(),
            &hash_time(self.at),
            &self.user_id.to_string(),
            &self.login,
            &self.role,
            &self.ip,
            &self.what,
            &opt(self.room_id),
            &opt(self.registrant_id),
            &self.record,
        ])
    }

    /// Chains `accesses` onto the log in one transaction (serialised like the audit trail, with
    /// a lock of its own on PostgreSQL). Anonymous accesses are not views of patient data and
    /// are skipped.
    pub fn append_all(conn: &mut DbConnection, accesses: &[Access]) -> QueryResult<usize> {
        write_tx(conn, |conn| {
            if conn.backend() == Backend::Postgres {
                diesel::sql_query("SELECT pg_advisory_xact_lock(7257302)").execute(conn)?;
            }
            let last: Option<(i64, String)> = access_log::table
                .order(access_log::seq.desc())
                .select((access_log::seq, access_log::hash))
                .first(conn)
                .optional()?;
            let (mut seq, mut prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
            let mut rows = Vec::with_capacity(accesses.len());
            for a in accesses {
                let Some(user_id) = a.actor.user_id else {
                    continue;
                };
                seq += 1;
                let mut row = AccessRecord {
                    seq,
                    at: a.at,
                    user_id,
                    login: clip(&a.actor.login, 64),
                    role: a.actor.role.clone(),
                    ip: clip(&a.actor.ip, 64),
                    what: a.view.what.to_string(),
                    room_id: a.view.room_id,
                    registrant_id: a.view.registrant_id,
                    record: clip(&a.view.record, 64),
                    prev_hash: std::mem::take(&mut prev_hash),
                    hash: String::new(),
                };
                row.hash = row.compute_hash();
                prev_hash = row.hash.clone();
                rows.push(row);
            }
            // One statement per row (the multi-backend connection has no batch insert); in one
            // transaction they cost one commit.
            for row in &rows {
                diesel::insert_into(access_log::table)
                    .values(row)
                    .execute(conn)?;
            }
            Ok(rows.len())
        })
    }

    /// A page of one subject's history, newest first, before `before_seq`.
    pub fn history(
        conn: &mut DbConnection,
        subject: Subject,
        before_seq: Option<i64>,
        limit: i64,
    ) -> QueryResult<Vec<AccessRecord>> {
        let mut q = access_log::table
            .select(AccessRecord::as_select())
            .order(access_log::seq.desc())
            .limit(limit)
            .into_boxed();
        q = match subject {
            Subject::Room(id) => q.filter(access_log::room_id.eq(id)),
            Subject::Registrant(id) => q.filter(access_log::registrant_id.eq(id)),
            Subject::User(id) => q.filter(access_log::user_id.eq(id)),
        };
        if let Some(seq) = before_seq {
            q = q.filter(access_log::seq.lt(seq));
        }
        q.load(conn)
    }

    /// Walks the whole chain in order and reports every break.
    pub fn verify(conn: &mut DbConnection) -> QueryResult<Verification> {
        ChainCheck::walk(|after| {
            let batch: Vec<AccessRecord> = access_log::table
                .filter(access_log::seq.gt(after))
                .order(access_log::seq.asc())
                .limit(5_000)
                .select(AccessRecord::as_select())
                .load(conn)?;
            Ok(batch
                .into_iter()
                .map(|r| (r.seq, r.compute_hash(), r.prev_hash, r.hash))
                .collect())
        })
    }
}
