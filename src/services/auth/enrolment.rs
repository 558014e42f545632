//! Enrolling an authenticator: the secret shown to a session in the enrolment stage, and its
//! confirmation with a code (older factors revoked, the session moves on to setting a password).

use chrono::NaiveDateTime;

use super::{LoginError, Origin, Started, actor_of, fail, new_totp_secret, totp_match};
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::factors::AuthFactor;
use crate::models::sessions::{Session, Stage};

/// The secret being enrolled for a session in the enrolment stage, created on first view.
pub fn enrolment_secret(
    conn: &mut DbConnection,
    user: &User,
    now: NaiveDateTime,
) -> Result<String, diesel::result::Error> {
    write_tx(conn, |conn| {
        match AuthFactor::pending_totp(conn, user.id)? {
            Some(f) => Ok(f.secret),
            None => Ok(AuthFactor::begin_totp(conn, user.id, &new_totp_secret(), now)?.secret),
        }
    })
}

/// Confirms the authenticator with a code it shows; the session moves on to setting a password.
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    session: &Session,
    user: &User,
    code: &str,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let pending = AuthFactor::pending_totp(conn, user.id)?;
    let step = pending
        .as_ref()
        .and_then(|f| totp_match(&f.secret, code, now).map(|s| (f.id, s)));
    let result = write_tx(conn, |conn| {
        let Some((factor_id, step)) = step else {
            return Ok(None);
        };
        // Older factors (a re-enrolment after a lost phone) stop working once the new one is confirmed.
        diesel_revoke_others(conn, user.id, factor_id, now)?;
        if !AuthFactor::consume_step(conn, factor_id, step, Some(now))? {
            return Ok(None);
        }
        let (token, session) = Session::advance(conn, session, Stage::SetPassword, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(&actor_of(user, &origin.ip), "factor.totp.enrol", "success"),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            fail(
                conn,
                &user.login_id,
                actor_of(user, &origin.ip),
                "factor.totp.enrol",
                "failure",
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}

fn diesel_revoke_others(
    conn: &mut DbConnection,
    user_id: i64,
    keep: i64,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    use crate::schema::auth_factors;
    use diesel::prelude::*;
    diesel::update(
        auth_factors::table
            .filter(auth_factors::user_id.eq(user_id))
            .filter(auth_factors::id.ne(keep))
            .filter(auth_factors::revoked_at.is_null()),
    )
    .set(auth_factors::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}
