//! An office's queue of applications (filtered, due date first), how many are in each status,
//! and the other half of a form 7 + form 8 pair.

use diesel::prelude::*;

use super::{Application, Form, Office, QueueFilter, Status};
use crate::db::DbConnection;
use crate::schema::applications;

impl Application {
    /// An office's queue: due date first (none last), then receipt order.
    pub fn queue(
        conn: &mut DbConnection,
        office: Office,
        filter: &QueueFilter,
        limit: i64,
    ) -> QueryResult<Vec<Application>> {
        let mut q = applications::table
            .filter(applications::office.eq(office.as_str()))
            .select(Application::as_select())
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
        q.order((
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
