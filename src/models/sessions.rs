//! Server-side sessions. The browser holds a random 128-bit token; the database holds only its
//! SHA-256, so a copy of the database does not let anyone log in. Sessions end on logout, on
//! "log out everywhere", when the account stops, and after the idle or absolute timeout.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::models::users::User;
use crate::schema::{sessions, users};

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

    /// Resolves a cookie token to a live session and its account, ending the session when it
    /// has timed out or its account is no longer active.
    pub fn resolve(
        conn: &mut DbConnection,
        token: &str,
        timeouts: &Timeouts,
        now: NaiveDateTime,
    ) -> QueryResult<Result<(Session, User), Invalid>> {
        let id_hash = hash_token(token);
        let found: Option<(Session, User)> = sessions::table
            .inner_join(users::table)
            .filter(sessions::id_hash.eq(&id_hash))
            .select((Session::as_select(), User::as_select()))
            .first(conn)
            .optional()?;
        let Some((session, user)) = found else {
            return Ok(Err(Invalid::Unknown));
        };
        if session.ended_at.is_some() {
            return Ok(Err(Invalid::Ended));
        }
        let verdict = if user.status() == crate::models::UserStatus::Stopped {
            Some((Invalid::AccountStopped, "account_stopped"))
        } else if now - session.created_at > timeouts.absolute {
            Some((Invalid::AbsoluteTimeout, "absolute_timeout"))
        } else if now - session.last_seen_at > timeouts.idle {
            Some((Invalid::IdleTimeout, "idle_timeout"))
        } else {
            None
        };
        if let Some((why, reason)) = verdict {
            Self::end(conn, &id_hash, reason, now)?;
            return Ok(Err(why));
        }
        if now - session.last_seen_at > TOUCH_EVERY {
            diesel::update(sessions::table.find(&id_hash))
                .set(sessions::last_seen_at.eq(now))
                .execute(conn)?;
        }
        Ok(Ok((session, user)))
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
