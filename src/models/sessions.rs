//! Server-side sessions. The browser holds a random 128-bit token; the database holds only its
//! SHA-256, so a copy of the database does not let anyone log in. Sessions end on logout, on
//! "log out everywhere", when the account stops, and after the idle or absolute timeout.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::models::users::User;
use crate::schema::{organisations, sessions, users};

/// How far a session has come through the login steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the second factor is still to come.
    SecondFactor,
    /// The 認証コード was right (first login); a TOTP authenticator must be enrolled.
    EnrolTotp,
    /// Both factors are done, but a new password must be set before anything else.
    SetPassword,
    /// Fully logged in.
    Full,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::SecondFactor => "second_factor",
            Stage::EnrolTotp => "enrol_totp",
            Stage::SetPassword => "set_password",
            Stage::Full => "full",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "second_factor" => Some(Stage::SecondFactor),
            "enrol_totp" => Some(Stage::EnrolTotp),
            "set_password" => Some(Stage::SetPassword),
            "full" => Some(Stage::Full),
            _ => None,
        }
    }
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id_hash: String,
    pub user_id: i64,
    pub stage: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub ip: String,
    pub user_agent: String,
    pub ended_at: Option<NaiveDateTime>,
    pub end_reason: Option<String>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("stage", &self.stage)
            .finish_non_exhaustive()
    }
}

/// Why a presented session token does not (or no longer) log anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    Unknown,
    Ended,
    IdleTimeout,
    AbsoluteTimeout,
    AccountStopped,
}

/// A live session with its account and the account's organisation, or why there is none.
pub type Resolved = Result<(Session, User, String), Invalid>;

/// The write a session lookup calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Nothing,
    Touch,
    End(&'static str),
}

pub struct Timeouts {
    pub idle: TimeDelta,
    pub absolute: TimeDelta,
}

pub fn hash_token(token: &str) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(token.as_bytes()))
}

/// 128 bits from the OS generator, URL-safe.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE64URL_NOPAD.encode(&bytes)
}

/// Only touch `last_seen_at` once a minute: a write per request would be wasted work.
const TOUCH_EVERY: TimeDelta = TimeDelta::seconds(60);

impl Session {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::SecondFactor)
    }

    /// Starts a session and returns the token for the cookie.
    pub fn start(
        conn: &mut DbConnection,
        user_id: i64,
        stage: Stage,
        ip: &str,
        user_agent: &str,
        now: NaiveDateTime,
    ) -> QueryResult<(String, Session)> {
        let token = random_token();
        let session = Session {
            id_hash: hash_token(&token),
            user_id,
            stage: stage.as_str().to_string(),
            csrf_token: random_token(),
            created_at: now,
            last_seen_at: now,
            ip: ip.chars().take(64).collect(),
            user_agent: user_agent.chars().take(256).collect(),
            ended_at: None,
            end_reason: None,
        };
        diesel::insert_into(sessions::table)
            .values(&session)
            .execute(conn)?;
        Ok((token, session))
    }

    /// Moves a session to the next stage under a fresh id (the old id ends), so that a token
    /// seen before login never becomes a logged-in token. The absolute timeout keeps counting
    /// from the first step.
    pub fn advance(
        conn: &mut DbConnection,
        old: &Session,
        stage: Stage,
        now: NaiveDateTime,
    ) -> QueryResult<(String, Session)> {
        Self::end(conn, &old.id_hash, "rotated", now)?;
        let token = random_token();
        let session = Session {
            id_hash: hash_token(&token),
            user_id: old.user_id,
            stage: stage.as_str().to_string(),
            csrf_token: random_token(),
            created_at: old.created_at,
            last_seen_at: now,
            ip: old.ip.clone(),
            user_agent: old.user_agent.clone(),
            ended_at: None,
            end_reason: None,
        };
        diesel::insert_into(sessions::table)
            .values(&session)
            .execute(conn)?;
        Ok((token, session))
    }

    /// Resolves a cookie token to a live session, its account and the account's organisation
    /// (one query), ending the session when it has timed out or its account is no longer active.
    pub fn resolve(
        conn: &mut DbConnection,
        token: &str,
        timeouts: &Timeouts,
        now: NaiveDateTime,
    ) -> QueryResult<Resolved> {
        let (verdict, follow) = Self::inspect(conn, token, timeouts, now)?;
        Self::follow_up(conn, token, follow, now)?;
        Ok(verdict)
    }

    /// The read half of [`Session::resolve`]: what the token is worth, and the write that
    /// should follow (ending a dead session, or the once-a-minute touch). Reading alone lets the
    /// hot path skip the blocking pool on SQLite.
    pub fn inspect(
        conn: &mut DbConnection,
        token: &str,
        timeouts: &Timeouts,
        now: NaiveDateTime,
    ) -> QueryResult<(Resolved, FollowUp)> {
        let id_hash = hash_token(token);
        // Every request runs this lookup. On SQLite three primary-key lookups through the
        // backend's own connection (prepared once, no join planning) cost about half of one
        // join; on PostgreSQL one join saves two round trips.
        let found: Option<(Session, User, String)> = match conn {
            DbConnection::Sqlite(c) => {
                let session: Option<Session> = sessions::table
                    .find(&id_hash)
                    .select(Session::as_select())
                    .first(c)
                    .optional()?;
                match session {
                    None => None,
                    Some(session) => {
                        let user: User = users::table
                            .find(session.user_id)
                            .select(User::as_select())
                            .first(c)?;
                        let organisation: String = organisations::table
                            .find(user.organisation_id)
                            .select(organisations::name)
                            .first(c)?;
                        Some((session, user, organisation))
                    }
                }
            }
            DbConnection::Pg(c) => sessions::table
                .inner_join(users::table.inner_join(organisations::table))
                .filter(sessions::id_hash.eq(&id_hash))
                .select((Session::as_select(), User::as_select(), organisations::name))
                .first::<(Session, User, String)>(c)
                .optional()?,
        };
        let Some((session, user, organisation)) = found else {
            return Ok((Err(Invalid::Unknown), FollowUp::Nothing));
        };
        if session.ended_at.is_some() {
            return Ok((Err(Invalid::Ended), FollowUp::Nothing));
        }
        let verdict = if user.status_on(crate::domain::jst::date_of(now))
            == crate::models::UserStatus::Stopped
        {
            Some((Invalid::AccountStopped, "account_stopped"))
        } else if now - session.created_at > timeouts.absolute {
            Some((Invalid::AbsoluteTimeout, "absolute_timeout"))
        } else if now - session.last_seen_at > timeouts.idle {
            Some((Invalid::IdleTimeout, "idle_timeout"))
        } else {
            None
        };
        if let Some((why, reason)) = verdict {
            return Ok((Err(why), FollowUp::End(reason)));
        }
        let follow = if now - session.last_seen_at > TOUCH_EVERY {
            FollowUp::Touch
        } else {
            FollowUp::Nothing
        };
        Ok((Ok((session, user, organisation)), follow))
    }

    /// The write half of [`Session::resolve`].
    pub fn follow_up(
        conn: &mut DbConnection,
        token: &str,
        follow: FollowUp,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let id_hash = hash_token(token);
        match follow {
            FollowUp::Nothing => Ok(()),
            FollowUp::End(reason) => Self::end(conn, &id_hash, reason, now),
            FollowUp::Touch => {
                diesel::update(sessions::table.find(&id_hash))
                    .set(sessions::last_seen_at.eq(now))
                    .execute(conn)?;
                Ok(())
            }
        }
    }

    pub fn end(
        conn: &mut DbConnection,
        id_hash: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(
            sessions::table
                .find(id_hash)
                .filter(sessions::ended_at.is_null()),
        )
        .set((
            sessions::ended_at.eq(Some(now)),
            sessions::end_reason.eq(Some(reason)),
        ))
        .execute(conn)?;
        Ok(())
    }

    /// Ends every open session of an account; returns how many there were.
    pub fn end_all_for_user(
        conn: &mut DbConnection,
        user_id: i64,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::ended_at.is_null()),
        )
        .set((
            sessions::ended_at.eq(Some(now)),
            sessions::end_reason.eq(Some(reason)),
        ))
        .execute(conn)
    }

    /// The account's open sessions, newest first, for the "where am I logged in" list.
    pub fn open_for_user(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<Session>> {
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null())
            .filter(sessions::stage.eq(Stage::Full.as_str()))
            .order(sessions::last_seen_at.desc())
            .select(Session::as_select())
            .load(conn)
    }
}

/// Ends every open session of an account except one (after a password change).
pub fn end_others(
    conn: &mut DbConnection,
    user_id: i64,
    keep: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::id_hash.ne(keep))
            .filter(sessions::ended_at.is_null()),
    )
    .set((
        sessions::ended_at.eq(Some(now)),
        sessions::end_reason.eq(Some(reason)),
    ))
    .execute(conn)
}
