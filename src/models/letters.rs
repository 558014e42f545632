//! アカウント発行通知 letters: queued when a form 4 is approved (one per new account), put into a
//! print batch by a clerk, rendered by the worker (which issues each 認証コード at that moment),
//! printed, and marked mailed — when the PDF, the only place the codes ever were, is deleted.

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{letter_batches, letters, organisations, users};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterStatus {
    /// Waiting to be put into a print batch.
    Queued,
    /// In a batch (being rendered, or rendered and waiting to be posted).
    Printed,
    /// Posted; the PDF is gone.
    Mailed,
    /// Replaced by a reissue.
    Void,
}

impl LetterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterStatus::Queued => "queued",
            LetterStatus::Printed => "printed",
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
    pub batch_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub rendered_at: Option<NaiveDateTime>,
    pub mailed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = letter_batches)]
pub struct BatchRow {
    pub id: i64,
    pub status: String,
    pub letter_count: i32,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub rendered_at: Option<NaiveDateTime>,
    pub mailed_at: Option<NaiveDateTime>,
}

/// A queued letter with what the clerk needs to recognise it.
#[derive(Debug, Clone)]
pub struct QueuedLetter {
    pub letter: LetterRow,
    pub recipient: String,
    pub login_id: String,
    pub organisation: String,
    /// The due date of the application that made it (none for a reissued notice).
    pub due_on: Option<chrono::NaiveDate>,
}

pub struct Letter;

impl Letter {
    /// Queues a reissued letter for an account whose notice was lost or expired: earlier letters
    /// still waiting are void.
    pub fn queue_reissue(
        conn: &mut DbConnection,
        user_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(
            letters::table
                .filter(letters::user_id.eq(user_id))
                .filter(letters::status.eq(LetterStatus::Queued.as_str())),
        )
        .set(letters::status.eq(LetterStatus::Void.as_str()))
        .execute(conn)?;
        let previous: i64 = letters::table
            .filter(letters::user_id.eq(user_id))
            .count()
            .get_result(conn)?;
        let notice_number = format!("N-{}-R{user_id:06}-{:02}", now.year(), previous + 1);
        diesel::insert_into(letters::table)
            .values((
                letters::application_id.eq(None::<i64>),
                letters::user_id.eq(user_id),
                letters::notice_number.eq(notice_number),
                letters::status.eq(LetterStatus::Queued.as_str()),
                letters::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

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

    /// Letters waiting to be printed, oldest first.
    pub fn queued(conn: &mut DbConnection) -> QueryResult<Vec<QueuedLetter>> {
        let rows: Vec<(LetterRow, String, String, String)> = letters::table
            .inner_join(users::table.inner_join(organisations::table))
            .filter(letters::status.eq(LetterStatus::Queued.as_str()))
            .order(letters::id.asc())
            .select((
                LetterRow::as_select(),
                users::display_name,
                users::login_id,
                organisations::name,
            ))
            .load(conn)?;
        let ids: Vec<i64> = rows.iter().filter_map(|r| r.0.application_id).collect();
        let due: Vec<(i64, Option<chrono::NaiveDate>)> = crate::schema::applications::table
            .filter(crate::schema::applications::id.eq_any(&ids))
            .select((
                crate::schema::applications::id,
                crate::schema::applications::due_on,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(letter, recipient, login_id, organisation)| QueuedLetter {
                due_on: letter
                    .application_id
                    .and_then(|a| due.iter().find(|(id, _)| *id == a).and_then(|d| d.1)),
                letter,
                recipient,
                login_id,
                organisation,
            })
            .collect())
    }

    pub fn batches(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<BatchRow>> {
        letter_batches::table
            .order(letter_batches::id.desc())
            .limit(limit)
            .select(BatchRow::as_select())
            .load(conn)
    }

    pub fn batch(conn: &mut DbConnection, id: i64) -> QueryResult<Option<BatchRow>> {
        letter_batches::table
            .find(id)
            .select(BatchRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn batch_pdf(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Vec<u8>>> {
        letter_batches::table
            .find(id)
            .select(letter_batches::pdf)
            .first::<Option<Vec<u8>>>(conn)
            .optional()
            .map(Option::flatten)
    }

    pub fn in_batch(conn: &mut DbConnection, batch_id: i64) -> QueryResult<Vec<LetterRow>> {
        letters::table
            .filter(letters::batch_id.eq(Some(batch_id)))
            .order(letters::id.asc())
            .select(LetterRow::as_select())
            .load(conn)
    }

    /// Opens a batch for the given queued letters (others are ignored); returns its id and the
    /// letters taken.
    pub fn open_batch(
        conn: &mut DbConnection,
        ids: &[i64],
        created_by: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<(i64, Vec<LetterRow>)> {
        let taken: Vec<LetterRow> = letters::table
            .filter(letters::id.eq_any(ids))
            .filter(letters::status.eq(LetterStatus::Queued.as_str()))
            .order(letters::id.asc())
            .select(LetterRow::as_select())
            .load(conn)?;
        diesel::insert_into(letter_batches::table)
            .values((
                letter_batches::status.eq("rendering"),
                letter_batches::letter_count.eq(taken.len() as i32),
                letter_batches::created_by.eq(created_by),
                letter_batches::created_at.eq(now),
            ))
            .execute(conn)?;
        let batch_id = crate::db::last_insert_id(conn)?;
        let taken_ids: Vec<i64> = taken.iter().map(|l| l.id).collect();
        diesel::update(letters::table.filter(letters::id.eq_any(&taken_ids)))
            .set((
                letters::status.eq(LetterStatus::Printed.as_str()),
                letters::batch_id.eq(Some(batch_id)),
            ))
            .execute(conn)?;
        Ok((batch_id, taken))
    }

    /// Stores the rendered batch. Returns false if it was already rendered (a retried job).
    pub fn store_batch(
        conn: &mut DbConnection,
        batch_id: i64,
        pdf: &[u8],
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            letter_batches::table
                .find(batch_id)
                .filter(letter_batches::status.eq("rendering")),
        )
        .set((
            letter_batches::status.eq("ready"),
            letter_batches::pdf.eq(Some(pdf)),
            letter_batches::rendered_at.eq(Some(now)),
        ))
        .execute(conn)?;
        diesel::update(letters::table.filter(letters::batch_id.eq(Some(batch_id))))
            .set(letters::rendered_at.eq(Some(now)))
            .execute(conn)?;
        Ok(n == 1)
    }

    /// The batch was posted: its letters are mailed and its PDF (with the codes) is deleted.
    /// Returns the applications concerned, or None when the batch was not ready.
    pub fn mark_mailed(
        conn: &mut DbConnection,
        batch_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<Option<Vec<i64>>> {
        let n = diesel::update(
            letter_batches::table
                .find(batch_id)
                .filter(letter_batches::status.eq("ready")),
        )
        .set((
            letter_batches::status.eq("mailed"),
            letter_batches::pdf.eq(None::<Vec<u8>>),
            letter_batches::mailed_at.eq(Some(now)),
        ))
        .execute(conn)?;
        if n != 1 {
            return Ok(None);
        }
        diesel::update(letters::table.filter(letters::batch_id.eq(Some(batch_id))))
            .set((
                letters::status.eq(LetterStatus::Mailed.as_str()),
                letters::mailed_at.eq(Some(now)),
            ))
            .execute(conn)?;
        let apps: Vec<Option<i64>> = letters::table
            .filter(letters::batch_id.eq(Some(batch_id)))
            .select(letters::application_id)
            .distinct()
            .load(conn)?;
        Ok(Some(apps.into_iter().flatten().collect()))
    }

    /// Whether every letter of an application has been mailed.
    pub fn all_mailed(conn: &mut DbConnection, application_id: i64) -> QueryResult<bool> {
        let open: i64 = letters::table
            .filter(letters::application_id.eq(Some(application_id)))
            .filter(letters::status.ne(LetterStatus::Mailed.as_str()))
            .filter(letters::status.ne(LetterStatus::Void.as_str()))
            .count()
            .get_result(conn)?;
        Ok(open == 0)
    }
}
