//! The login steps: ID and password (a session that still needs the second factor), the TOTP
//! code (a code accepted once), and a first login with the 認証コード from the paper notice.
//! Each is throttled first, and a failure gives one answer for every cause.

use chrono::NaiveDateTime;

use super::{
    Limits, LoginError, Origin, Started, actor_of, anonymous_actor, dummy_hash, fail, throttled,
    totp_match, verify_password,
};
use crate::db::{DbConnection, write_tx};
use crate::domain::text::normalise_identifier;
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, AuthFactor};
use crate::models::login_attempts::LoginAttempt;
use crate::models::sessions::{Session, Stage};
use crate::models::{User, UserStatus};

/// A login id or address that failed too often is refused before its secret is looked at; the
/// refusal counts as a failure (audited as `action`, "throttled").
fn refuse_if_throttled(
    conn: &mut DbConnection,
    login_id: &str,
    origin: &Origin,
    limits: &Limits,
    action: &'static str,
    now: NaiveDateTime,
) -> Result<(), LoginError> {
    if throttled(conn, login_id, origin, limits, now)? {
        let actor = anonymous_actor(login_id, origin);
        fail(conn, login_id, actor, action, "throttled", origin, now)?;
        return Err(LoginError::Throttled);
    }
    Ok(())
}

/// Step 1 of an ordinary login: ID and password. Starts a session that still needs the second
/// factor.
pub fn login_with_password(
    conn: &mut DbConnection,
    login_id: &str,
    password: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let login_id = normalise_identifier(login_id);
    refuse_if_throttled(conn, &login_id, origin, limits, "login.password", now)?;
    let user = User::find_by_login(conn, &login_id)?;
    let ok = match &user {
        Some(u) => match &u.password_hash {
            Some(h) => {
                verify_password(h, password)
                    && u.status_on(crate::domain::jst::date_of(now)) == UserStatus::Active
            }
            None => {
                verify_password(dummy_hash(), password);
                false
            }
        },
        None => {
            verify_password(dummy_hash(), password);
            false
        }
    };
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, u) => {
            let actor = match &u {
                Some(u) => actor_of(u, &origin.ip),
                None => anonymous_actor(&login_id, origin),
            };
            fail(
                conn,
                &login_id,
                actor,
                "login.password",
                "failure",
                origin,
                now,
            )?;
            return Err(LoginError::Refused);
        }
    };
    let started = write_tx(conn, |conn| {
        let (token, session) = Session::start(
            conn,
            user.id,
            Stage::SecondFactor,
            &origin.ip,
            &origin.user_agent,
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(&actor_of(&user, &origin.ip), "login.password", "success"),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Started { token, session })
    })?;
    Ok(started)
}

/// Step 2: the TOTP code. A code is accepted once: a replay within its 30 s window is refused.
pub fn login_second_factor(
    conn: &mut DbConnection,
    session: &Session,
    user: &User,
    code: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    if throttled(conn, &user.login_id, origin, limits, now)? {
        fail(
            conn,
            &user.login_id,
            actor_of(user, &origin.ip),
            "login.second_factor",
            "throttled",
            origin,
            now,
        )?;
        return Err(LoginError::Throttled);
    }
    let factor = AuthFactor::active_totp(conn, user.id)?;
    let step = factor
        .as_ref()
        .and_then(|f| totp_match(&f.secret, code, now).map(|s| (f.id, s)));
    let result = write_tx(conn, |conn| {
        let Some((factor_id, step)) = step else {
            return Ok(None);
        };
        if !AuthFactor::consume_step(conn, factor_id, step, None)? {
            return Ok(None);
        }
        let next = if user.must_change_password {
            Stage::SetPassword
        } else {
            Stage::Full
        };
        let (token, session) = Session::advance(conn, session, next, now)?;
        LoginAttempt::record(conn, &user.login_id, &origin.ip, true, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(
                &actor_of(user, &origin.ip),
                "login.second_factor",
                "success",
            ),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            let why = if step.is_some() {
                "replayed"
            } else {
                "failure"
            };
            fail(
                conn,
                &user.login_id,
                actor_of(user, &origin.ip),
                "login.second_factor",
                why,
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}

/// First login: ID and the 認証コード from the paper notice. Single use.
pub fn login_with_activation_code(
    conn: &mut DbConnection,
    login_id: &str,
    code: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let login_id = normalise_identifier(login_id);
    refuse_if_throttled(
        conn,
        &login_id,
        origin,
        limits,
        "login.activation_code",
        now,
    )?;
    let user = User::find_by_login(conn, &login_id)?;
    let result = write_tx(conn, |conn| {
        let Some(user) = &user else { return Ok(None) };
        if user.status_on(crate::domain::jst::date_of(now)) == UserStatus::Stopped
            || !ActivationCode::redeem(conn, user.id, code, now)?
        {
            return Ok(None);
        }
        let (token, session) = Session::start(
            conn,
            user.id,
            Stage::EnrolTotp,
            &origin.ip,
            &origin.user_agent,
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(
                &actor_of(user, &origin.ip),
                "login.activation_code",
                "success",
            ),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            let actor = match &user {
                Some(u) => actor_of(u, &origin.ip),
                None => anonymous_actor(&login_id, origin),
            };
            fail(
                conn,
                &login_id,
                actor,
                "login.activation_code",
                "failure",
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}
