//! 電子申請 counted per address: how many an address sent since a time (the hourly limit), and
//! recording one.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::public_submissions;

/// How many 電子申請 an address sent since `since` (the hourly limit per address).
pub fn online_submissions_since(
    conn: &mut DbConnection,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    public_submissions::table
        .filter(public_submissions::ip.eq(ip))
        .filter(public_submissions::at.gt(since))
        .count()
        .get_result(conn)
}

/// Counts one 電子申請 against its address.
pub fn record_online_submission(
    conn: &mut DbConnection,
    ip: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(public_submissions::table)
        .values((public_submissions::ip.eq(ip), public_submissions::at.eq(at)))
        .execute(conn)?;
    Ok(())
}
