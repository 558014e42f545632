//! Throttling the login steps: an address guessing across accounts, an account slowed down
//! exponentially from one address, a ceiling per account from unknown addresses; a failed step
//! recorded with its audit row, and the owner mailed when an hour's failures reach the alarm.

use chrono::{NaiveDateTime, TimeDelta};

use super::{Limits, Origin};
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::login_attempts::LoginAttempt;

/// A few wrong passwords for an account from one address cost nothing; after that each try
/// from that address for that account waits twice as long as the one before (1 s, 2 s, 4 s …,
/// at most 15 minutes). The owner elsewhere is not slowed by it.
const PAIR_FREE: i64 = 5;
const PAIR_MAX_WAIT_SECONDS: i64 = 15 * 60;
/// The owner is told by mail when an hour's failures for the account reach this.
const ALARM_AT: i64 = 10;

/// How long after its last failure an (account, address) pair with `failures` in the last 15
/// minutes must wait before it may try again.
pub fn pair_wait(failures: i64) -> TimeDelta {
    if failures < PAIR_FREE {
        return TimeDelta::zero();
    }
    let doublings = (failures - PAIR_FREE).min(20) as u32;
    TimeDelta::seconds((1i64 << doublings).min(PAIR_MAX_WAIT_SECONDS))
}

/// Whether an attempt is refused before its password is checked. Three limits:
/// - an address guessing across accounts (`per_address_per_15min`);
/// - an account from one address: slowed down exponentially ([`pair_wait`]);
/// - an account from everywhere: the ceiling of `per_account_per_hour` failures (ASVS 2.2.1,
///   MHLW guideline 6.0) — applied to addresses the account has not logged in from in the last
///   90 days, so that someone guessing from elsewhere cannot keep the owner out.
pub(super) fn throttled(
    conn: &mut DbConnection,
    login_id: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    let window = now - TimeDelta::minutes(15);
    if LoginAttempt::failures_from(conn, &origin.ip, window)? >= limits.per_address_per_15min {
        return Ok(true);
    }
    let (pair, last) = LoginAttempt::pair_failures(conn, login_id, &origin.ip, window)?;
    if let Some(last) = last
        && now < last + pair_wait(pair)
    {
        return Ok(true);
    }
    let by_account = LoginAttempt::failures_for_login(conn, login_id, now - TimeDelta::hours(1))?;
    if by_account < limits.per_account_per_hour {
        return Ok(false);
    }
    let known_since = now - TimeDelta::days(crate::models::login_attempts::KNOWN_DAYS);
    Ok(!LoginAttempt::succeeded_from(
        conn,
        login_id,
        &origin.ip,
        known_since,
    )?)
}

/// After a failure: when the account's failures in the last hour reach [`ALARM_AT`], its owner
/// gets one mail (per hour) saying so — no address, no time of day, nothing a reader of the
/// mail could use.
fn tell_owner_of_failures(
    conn: &mut DbConnection,
    login_id: &str,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let failures = LoginAttempt::failures_for_login(conn, login_id, now - TimeDelta::hours(1))?;
    if failures != ALARM_AT {
        return Ok(());
    }
    let Some(user) = User::find_by_login(conn, login_id)? else {
        return Ok(());
    };
    if user.email.is_empty() {
        return Ok(());
    }
    let job = crate::services::mails::login_failures(&user, failures, now);
    if !crate::models::outbox::Outbox::exists(conn, &job.key)? {
        crate::models::outbox::Outbox::push(conn, &job, now)?;
    }
    Ok(())
}

/// Records a failed step and its audit row together.
pub(super) fn fail(
    conn: &mut DbConnection,
    login_id: &str,
    actor: Actor,
    action: &'static str,
    result: &'static str,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    write_tx(conn, |conn| {
        LoginAttempt::record(conn, login_id, &origin.ip, false, now)?;
        AuditRecord::append(conn, AuditEntry::new(&actor, action, result), now)?;
        tell_owner_of_failures(conn, login_id, now)
    })
}
