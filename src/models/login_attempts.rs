//! Login attempts, for throttling: per account (by the ID typed, known or not, so the limit
//! reveals nothing) and per address.

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

    /// Attempts older than a day serve no limit any more.
    pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(
            login_attempts::table.filter(login_attempts::at.lt(now - TimeDelta::days(1))),
        )
        .execute(conn)
    }
}
