//! Applications: each paper-equivalent procedure, in the queue of the office it goes to, with
//! its status, due date in 開庁日 and the history of every step (who, when, why).
//!
//! `codes` holds the codes stored in an application's columns (office, form, channel, status);
//! `queue` an office's queue, its counts and the other half of a form 7 + 8 pair; `online` the
//! count of 電子申請 per address. Here: the records, receipt numbers, finding one, its history
//! and its status moves.

mod codes;
mod online;
mod queue;
mod schedule;

pub use codes::{
    ALL_FORMS, ALL_STATUSES, ASSOCIATION, Channel, Form, Office, Status, is_association_code,
    register_area_code,
};
pub use online::{online_submissions_since, record_online_submission};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{application_events, applications, receipt_counters};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct Application {
    pub id: i64,
    pub receipt_number: String,
    pub form: String,
    pub office: String,
    pub channel: String,
    pub status: String,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub open_days_used: i32,
    pub paused_on: Option<NaiveDate>,
    pub organisation_name: String,
    pub summary: String,
    pub payload: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Forms 7 and 8 for the same registrant share this key and show as a pair.
    pub pair_key: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = application_events)]
pub struct ApplicationEvent {
    pub id: i64,
    pub application_id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub reason: String,
}

#[derive(Insertable)]
#[diesel(table_name = applications)]
pub struct NewApplication<'a> {
    pub receipt_number: &'a str,
    pub form: &'a str,
    pub office: &'a str,
    pub channel: &'a str,
    pub status: &'a str,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub open_days_used: i32,
    pub organisation_name: &'a str,
    pub summary: &'a str,
    pub payload: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub pair_key: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = application_events)]
pub struct NewEvent<'a> {
    pub application_id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub reason: &'a str,
}

/// The due-date clock of an application: when it is due (none while paused), the 開庁日
/// already used before a pause, and when it was last paused or resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueClock {
    pub due_on: Option<NaiveDate>,
    pub open_days_used: i32,
    pub paused_on: Option<NaiveDate>,
}

/// The queue's filters.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub form: Option<Form>,
    pub status: Option<Status>,
    pub channel: Option<Channel>,
    /// Only open applications whose due date has passed.
    pub overdue_on: Option<NaiveDate>,
}

impl Application {
    pub fn form(&self) -> Option<Form> {
        Form::parse(&self.form)
    }
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Received)
    }
    pub fn office(&self) -> Option<Office> {
        Office::parse(&self.office)
    }
    /// Whether the office still owes something by the due date: a decision while it is open,
    /// and for an approved form 4 the mailing of its アカウント発行通知 (FAQ 1.4: the notices go out
    /// about 3 開庁日 after receipt; the application completes when they are mailed).
    pub fn is_due(&self) -> bool {
        let status = self.status();
        status.is_open() || (status == Status::Approved && self.form() == Some(Form::Form4))
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_due() && self.due_on.is_some_and(|d| d < today)
    }

    /// The next receipt number of an office in a year (S-2026-0001). Call inside the
    /// transaction that inserts the application.
    pub fn next_receipt_number(
        conn: &mut DbConnection,
        office: Office,
        today: NaiveDate,
    ) -> QueryResult<String> {
        let year = today.year();
        let last: Option<i32> = receipt_counters::table
            .find((office.as_str(), year))
            .select(receipt_counters::last)
            .first(conn)
            .optional()?;
        let next = match last {
            Some(n) => {
                diesel::update(receipt_counters::table.find((office.as_str(), year)))
                    .set(receipt_counters::last.eq(n + 1))
                    .execute(conn)?;
                n + 1
            }
            None => {
                diesel::insert_into(receipt_counters::table)
                    .values((
                        receipt_counters::office.eq(office.as_str()),
                        receipt_counters::year.eq(year),
                        receipt_counters::last.eq(1),
                    ))
                    .execute(conn)?;
                1
            }
        };
        Ok(format!("{}-{year}-{next:04}", office.prefix()))
    }

    pub fn insert(conn: &mut DbConnection, new: &NewApplication<'_>) -> QueryResult<i64> {
        diesel::insert_into(applications::table)
            .values(new)
            .execute(conn)?;
        applications::table
            .filter(applications::receipt_number.eq(new.receipt_number))
            .select(applications::id)
            .first(conn)
    }

    /// One application, if `office` may see it: the same rule as the queue's.
    pub fn find_for(
        conn: &mut DbConnection,
        id: i64,
        office: Office,
    ) -> QueryResult<Option<Application>> {
        applications::table
            .find(id)
            .filter(applications::office.eq(office.as_str()))
            .select(Application::as_select())
            .first(conn)
            .optional()
    }

    /// One application regardless of office (for internal work such as printing letters).
    pub fn find_any(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Application>> {
        applications::table
            .find(id)
            .select(Application::as_select())
            .first(conn)
            .optional()
    }

    pub fn events(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<ApplicationEvent>> {
        application_events::table
            .filter(application_events::application_id.eq(id))
            .order(application_events::id.asc())
            .select(ApplicationEvent::as_select())
            .load(conn)
    }

    pub fn record_event(conn: &mut DbConnection, event: &NewEvent<'_>) -> QueryResult<()> {
        diesel::insert_into(application_events::table)
            .values(event)
            .execute(conn)?;
        Ok(())
    }

    /// Moves the application from `from` to `to` only if it is still in `from` (a second click,
    /// or another clerk, finds it moved and changes nothing). Returns whether it moved.
    pub fn transition(
        conn: &mut DbConnection,
        id: i64,
        from: Status,
        to: Status,
        clock: &DueClock,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            applications::table
                .find(id)
                .filter(applications::status.eq(from.as_str())),
        )
        .set((
            applications::status.eq(to.as_str()),
            applications::due_on.eq(clock.due_on),
            applications::open_days_used.eq(clock.open_days_used),
            applications::paused_on.eq(clock.paused_on),
            applications::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }
}
