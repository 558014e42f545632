//! アカウント発行通知 letters: queued when a form 4 is approved (one per new account), rendered
//! by the worker, printed in a day's batch and marked mailed by a clerk.

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::letters;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterStatus {
    /// Waiting for the worker to render it.
    Queued,
    /// Rendered; waiting to be printed and posted.
    Ready,
    /// Posted; the PDF (and the code in it) is gone.
    Mailed,
    /// Replaced by a reissue.
    Void,
}

impl LetterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterStatus::Queued => "queued",
            LetterStatus::Ready => "ready",
            LetterStatus::Mailed => "mailed",
            LetterStatus::Void => "void",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = letters)]
pub struct LetterRow {
    pub id: i64,
    pub application_id: Option<i64>,
    pub user_id: i64,
    pub notice_number: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub rendered_at: Option<NaiveDateTime>,
    pub mailed_at: Option<NaiveDateTime>,
}

pub struct Letter;

impl Letter {
    /// Queues the letter of a new account; the notice number follows the application's.
    pub fn queue(
        conn: &mut DbConnection,
        application_id: i64,
        user_id: i64,
        seq: i32,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let notice_number = format!("N-{}-{application_id:05}-{seq:02}", now.year());
        diesel::insert_into(letters::table)
            .values((
                letters::application_id.eq(Some(application_id)),
                letters::user_id.eq(user_id),
                letters::notice_number.eq(notice_number),
                letters::status.eq(LetterStatus::Queued.as_str()),
                letters::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn for_application(
        conn: &mut DbConnection,
        application_id: i64,
    ) -> QueryResult<Vec<LetterRow>> {
        letters::table
            .filter(letters::application_id.eq(Some(application_id)))
            .order(letters::id.asc())
            .select(LetterRow::as_select())
            .load(conn)
    }
}
