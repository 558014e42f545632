//! Login attempts, for throttling: per account (by the ID typed, known or not, so the limit
//! reveals nothing), per account and address, and per address. Successful logins are kept for
//! [`KNOWN_DAYS`]: an address an account logged in from is "known" to it.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::login_attempts;

#[derive(Insertable)]
#[diesel(table_name = login_attempts)]
struct NewAttempt<'a> {
    login_id: &'a str,
    ip: &'a str,
    success: bool,
    at: NaiveDateTime,
}

pub struct LoginAttempt;

/// How long a successful login makes its address known to the account.
pub const KNOWN_DAYS: i64 = 90;

impl LoginAttempt {
    pub fn record(
        conn: &mut DbConnection,
        login_id: &str,
        ip: &str,
        success: bool,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        let login_id: String = login_id.chars().take(64).collect();
        diesel::insert_into(login_attempts::table)
            .values(&NewAttempt {
                login_id: &login_id,
                ip,
                success,
                at,
            })
            .execute(conn)?;
        Ok(())
    }

    pub fn failures_for_login(
        conn: &mut DbConnection,
        login_id: &str,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        let login_id: String = login_id.chars().take(64).collect();
        login_attempts::table
            .filter(login_attempts::login_id.eq(login_id))
            .filter(login_attempts::success.eq(false))
            .filter(login_attempts::at.gt(since))
            .select(count_star())
            .first(conn)
    }

    pub fn failures_from(
        conn: &mut DbConnection,
        ip: &str,
        since: NaiveDateTime,
    ) -> QueryResult<i64> {
        login_attempts::table
            .filter(login_attempts::ip.eq(ip))
            .filter(login_attempts::success.eq(false))
            .filter(login_attempts::at.gt(since))
            .select(count_star())
            .first(conn)
    }

    /// Failures for this account from this address since `since`: how many, and the last.
    pub fn pair_failures(
        conn: &mut DbConnection,
        login_id: &str,
        ip: &str,
        since: NaiveDateTime,
    ) -> QueryResult<(i64, Option<NaiveDateTime>)> {
        let login_id: String = login_id.chars().take(64).collect();
        login_attempts::table
            .filter(login_attempts::login_id.eq(login_id))
            .filter(login_attempts::ip.eq(ip))
            .filter(login_attempts::success.eq(false))
            .filter(login_attempts::at.gt(since))
            .select((count_star(), diesel::dsl::max(login_attempts::at)))
            .first(conn)
    }

    /// Whether this account logged in successfully from this address since `since`.
    pub fn succeeded_from(
        conn: &mut DbConnection,
        login_id: &str,
        ip: &str,
        since: NaiveDateTime,
    ) -> QueryResult<bool> {
        let login_id: String = login_id.chars().take(64).collect();
        diesel::select(diesel::dsl::exists(
            login_attempts::table
                .filter(login_attempts::login_id.eq(login_id))
                .filter(login_attempts::ip.eq(ip))
                .filter(login_attempts::success.eq(true))
                .filter(login_attempts::at.gt(since)),
        ))
        .get_result(conn)
    }

    /// Failures older than a day serve no limit any more; successes are kept while they make
    /// an address known.
    pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(
            login_attempts::table.filter(
                login_attempts::at
                    .lt(now - TimeDelta::days(1))
                    .and(login_attempts::success.eq(false))
                    .or(login_attempts::at.lt(now - TimeDelta::days(KNOWN_DAYS))),
            ),
        )
        .execute(conn)
    }
}
