//! An office's queue of applications (filtered, due date first), how many are in each status,
//! and the other half of a form 7 + form 8 pair.

use diesel::prelude::*;

use super::{Application, Form, Office, QueueFilter, Status};
use crate::db::DbConnection;
use crate::schema::applications;

type Db = <DbConnection as diesel::Connection>::Backend;

/// The office's applications that pass the filter (the queue and its counts share it).
fn filtered<'a>(office: Office, filter: &QueueFilter) -> applications::BoxedQuery<'a, Db> {
    let mut q = applications::table
        .filter(applications::office.eq(office.as_str()))
        .into_boxed();
    if let Some(f) = filter.form {
        q = q.filter(applications::form.eq(f.as_str()));
    }
    if let Some(s) = filter.status {
        q = q.filter(applications::status.eq(s.as_str()));
    }
    if let Some(c) = filter.channel {
        q = q.filter(applications::channel.eq(c.as_str()));
    }
    if let Some(today) = filter.overdue_on {
        // The same rule as `Application::is_due`: open, or an approved form 4 whose
        // notices are not mailed yet.
        let letters_waiting = applications::status
            .eq(Status::Approved.as_str())
            .and(applications::form.eq(Form::Form4.as_str()));
        q = q
            .filter(
                applications::status
                    .eq_any([Status::Received.as_str(), Status::InReview.as_str()])
                    .or(letters_waiting),
            )
            .filter(applications::due_on.lt(today));
    }
    q
}

impl Application {
    /// How many of the office's applications pass the filter (the home page's 期限超過).
    pub fn count(
        conn: &mut DbConnection,
        office: Office,
        filter: &QueueFilter,
    ) -> QueryResult<i64> {
        filtered(office, filter).count().get_result(conn)
    }

    /// An office's queue: due date first (none last), then receipt order.
    ///
    /// Keyset paging: `after` is the last application of the page before; its due date and id
    /// continue the order, so the 5,000th row costs what the first does.
    pub fn queue(
        conn: &mut DbConnection,
        office: Office,
        filter: &QueueFilter,
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<Application>> {
        let mut q = filtered(office, filter);
        if let Some(after) = after {
            let key: Option<Option<chrono::NaiveDate>> = applications::table
                .filter(applications::id.eq(after))
                .filter(applications::office.eq(office.as_str()))
                .select(applications::due_on)
                .first(conn)
                .optional()?;
            let due = applications::due_on.assume_not_null();
            q = match key {
                // Rows with the same date after this one, later dates, then those without one.
                Some(Some(d)) => q.filter(
                    due.eq(d)
                        .and(applications::id.gt(after))
                        .or(due.gt(d))
                        .or(applications::due_on.is_null()),
                ),
                Some(None) => q
                    .filter(applications::due_on.is_null())
                    .filter(applications::id.gt(after)),
                // Not this office's: the first page.
                None => q,
            };
        }
        q.select(Application::as_select())
            .order((
                applications::due_on.is_null().asc(),
                applications::due_on.asc(),
                applications::id.asc(),
            ))
            .limit(limit)
            .load(conn)
    }

    /// How many applications of an office are in each status.
    pub fn counts(conn: &mut DbConnection, office: Office) -> QueryResult<Vec<(String, i64)>> {
        use diesel::dsl::count_star;
        applications::table
            .filter(applications::office.eq(office.as_str()))
            .group_by(applications::status)
            .select((applications::status, count_star()))
            .load(conn)
    }

    /// Which of these pair keys have both halves (a form 7 and a form 8) in the office, so a
    /// page can mark its paired rows even when the other half is on another page.
    pub fn paired_keys(
        conn: &mut DbConnection,
        office: Office,
        keys: &[String],
    ) -> QueryResult<Vec<String>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(Option<String>, String)> = applications::table
            .filter(applications::office.eq(office.as_str()))
            .filter(applications::pair_key.eq_any(keys))
            .select((applications::pair_key, applications::form))
            .distinct()
            .load(conn)?;
        // Both halves: the key comes with more than one form.
        let halves = |k: &String| {
            let forms = rows.iter().filter(|(pk, _)| pk.as_ref() == Some(k));
            forms
                .map(|(_, f)| f)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                > 1
        };
        Ok(keys.iter().filter(|k| halves(k)).cloned().collect())
    }

    /// The other half of a form 7 + form 8 pair (same registrant, same office), newest first.
    pub fn pair_of(conn: &mut DbConnection, app: &Application) -> QueryResult<Vec<Application>> {
        let Some(key) = &app.pair_key else {
            return Ok(Vec::new());
        };
        applications::table
            .filter(applications::office.eq(&app.office))
            .filter(applications::pair_key.eq(key))
            .filter(applications::form.ne(&app.form))
            .order(applications::id.desc())
            .limit(5)
            .select(Application::as_select())
            .load(conn)
    }
}
