//! Applications: each paper-equivalent procedure, in the queue of the office it goes to, with
//! its status, due date in 開庁日 and the history of every step (who, when, why).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::models::Role;
use crate::schema::{application_events, applications, public_submissions, receipt_counters};

/// The two administrator offices, each with its own queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    /// S管理者
    City,
    /// 管理者
    Association,
}

impl Office {
    pub fn as_str(self) -> &'static str {
        match self {
            Office::City => "city",
            Office::Association => "association",
        }
    }
    pub fn parse(s: &str) -> Option<Office> {
        match s {
            "city" => Some(Office::City),
            "association" => Some(Office::Association),
            _ => None,
        }
    }
    /// The office a clerk works for; professionals have none.
    pub fn of_role(role: Role) -> Option<Office> {
        match role {
            Role::CityAdmin => Some(Office::City),
            Role::AssociationAdmin => Some(Office::Association),
            Role::Professional => None,
        }
    }
    fn prefix(self) -> &'static str {
        match self {
            Office::City => "S",
            Office::Association => "A",
        }
    }
}

/// The procedures of domain.md §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Form4,
    Form5,
    Form6,
    Form7,
    Form8,
    Form9,
    RoomOpen,
    RoomMembership,
    RoomClose,
}

pub const ALL_FORMS: &[Form] = &[
    Form::Form4,
    Form::Form5,
    Form::Form6,
    Form::Form7,
    Form::Form8,
    Form::Form9,
    Form::RoomOpen,
    Form::RoomMembership,
    Form::RoomClose,
];

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Form4 => "form4",
            Form::Form5 => "form5",
            Form::Form6 => "form6",
            Form::Form7 => "form7",
            Form::Form8 => "form8",
            Form::Form9 => "form9",
            Form::RoomOpen => "room_open",
            Form::RoomMembership => "room_membership",
            Form::RoomClose => "room_close",
        }
    }
    pub fn parse(s: &str) -> Option<Form> {
        ALL_FORMS.iter().copied().find(|f| f.as_str() == s)
    }
    /// The office whose queue the form goes to.
    pub fn office(self) -> Office {
        match self {
            Form::Form7 | Form::Form8 | Form::Form9 => Office::Association,
            _ => Office::City,
        }
    }
    /// The channels the form may arrive by (domain.md §2); no other is accepted.
    pub fn channels(self) -> &'static [Channel] {
        use Channel::*;
        match self {
            Form::Form4 | Form::Form6 => &[Counter, Post, Online],
            Form::Form5 | Form::Form7 | Form::Form8 | Form::Form9 => &[Counter, Post, SystemMail],
            Form::RoomOpen | Form::RoomMembership => &[Online],
            Form::RoomClose => &[SystemMail],
        }
    }
}

/// How an application arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// 持参: handed in at the counter.
    Counter,
    /// 郵送
    Post,
    /// 電子申請
    Online,
    /// 利用者間メール
    SystemMail,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Post => "post",
            Channel::Online => "online",
            Channel::SystemMail => "system_mail",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        [
            Channel::Counter,
            Channel::Post,
            Channel::Online,
            Channel::SystemMail,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
    /// Paper channels, keyed in by a clerk.
    pub fn is_paper(self) -> bool {
        matches!(self, Channel::Counter | Channel::Post)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 受付
    Received,
    /// 審査中
    InReview,
    /// 補正依頼中: returned to the submitter for correction; the due-date clock stops.
    CorrectionRequested,
    /// 承認: the effect is applied.
    Approved,
    /// 完了
    Completed,
    /// 却下
    Rejected,
    /// 返戻: sent to the wrong office, returned with the right one named.
    Returned,
}

pub const ALL_STATUSES: &[Status] = &[
    Status::Received,
    Status::InReview,
    Status::CorrectionRequested,
    Status::Approved,
    Status::Completed,
    Status::Rejected,
    Status::Returned,
];

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::CorrectionRequested => "correction_requested",
            Status::Approved => "approved",
            Status::Completed => "completed",
            Status::Rejected => "rejected",
            Status::Returned => "returned",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        ALL_STATUSES.iter().copied().find(|x| x.as_str() == s)
    }
    /// Still waiting for the office (counts towards the due date).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::InReview)
    }
}

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
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status().is_open() && self.due_on.is_some_and(|d| d < today)
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
            q = q
                .filter(
                    applications::status
                        .eq_any([Status::Received.as_str(), Status::InReview.as_str()]),
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
