//! The usage statistics of one 年度 (April to March, the city's fiscal year), in one read: per
//! month the organisations by kind and the professionals' accounts by profession at the month's
//! end, the people who used renkei in the month, rooms opened and closed, posts, vitals, mails
//! between users and notification mails sent; and per organisation its accounts, users and
//! posts over the year. Counts only: no personal data, so both offices may read them.
//!
//! Months are Japan months (`domain::jst`). Posts, vitals, messages and mails are counted by range
//! over the indexes of the time they were written (migration 000014), so a year of a million
//! posts is read from indexes; organisations and accounts are few and are counted here.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::{DbConnection, read_tx};
use crate::domain::jst;
use crate::models::Role;
use crate::models::rooms::RoomKind;
use crate::schema::{
    mail_deliveries, messages, organisations, posts, rooms, sessions, users, vitals,
};

/// The organisation kinds of the two offices: they are not counted as users of renkei.
const OFFICE_KINDS: &[&str] = &["city_office", "association_office"];

/// The 年度 that `day` falls in (2026年度 runs from 2026-04-01 to 2027-03-31).
pub fn fiscal_year_of(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// The first day of 年度 `year`.
pub fn fiscal_year_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 4, 1)
}

/// One month's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthFigures {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Organisations registered by the month's end, by kind code (kinds with none left out).
    pub organisations: Vec<(String, i64)>,
    /// Professionals' accounts issued and not stopped by the month's end, by profession code.
    pub accounts: Vec<(String, i64)>,
    /// Accounts that were signed in at some time in the month.
    pub active_users: i64,
    pub patient_rooms_opened: i64,
    pub patient_rooms_closed: i64,
    pub topic_rooms_opened: i64,
    pub topic_rooms_closed: i64,
    /// Posts and replies in the 連絡帳.
    pub posts: i64,
    /// Vitals entered (withdrawn ones included: they were work done).
    pub vitals: i64,
    /// 利用者間メール sent.
    pub messages: i64,
    /// Notification mails delivered by the worker.
    pub mails: i64,
}

impl MonthFigures {
    pub fn organisations_total(&self) -> i64 {
        self.organisations.iter().map(|(_, n)| n).sum()
    }
    pub fn accounts_total(&self) -> i64 {
        self.accounts.iter().map(|(_, n)| n).sum()
    }
}

/// One organisation's activity over the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationActivity {
    pub id: i64,
    pub name: String,
    pub kind: String,
    /// Accounts issued and not stopped at the end of the period.
    pub accounts: i64,
    /// Its accounts that were signed in during the period.
    pub active_users: i64,
    pub posts: i64,
}

/// The statistics of one 年度, up to the current month when it is this year.
#[derive(Debug, Clone)]
pub struct Statistics {
    pub year: i32,
    pub months: Vec<MonthFigures>,
    /// Most posts first, then by name.
    pub organisations: Vec<OrganisationActivity>,
}

struct Org {
    id: i64,
    name: String,
    kind: String,
    created_at: NaiveDateTime,
}

struct Account {
    id: i64,
    organisation_id: i64,
    profession: String,
    created_at: NaiveDateTime,
    stopped_at: Option<NaiveDateTime>,
}

impl Account {
    fn held_at(&self, end: NaiveDateTime) -> bool {
        self.created_at < end && self.stopped_at.is_none_or(|s| s >= end)
    }
}

/// A half-open range of stored (UTC) times: [from, to).
type Span = (NaiveDateTime, NaiveDateTime);

impl Statistics {
    /// The 年度 renkei began in (its first organisation's), if any.
    pub fn first_year(conn: &mut DbConnection) -> QueryResult<Option<i32>> {
        let first: Option<NaiveDateTime> = organisations::table
            .select(diesel::dsl::min(organisations::created_at))
            .first(conn)?;
        Ok(first.map(|t| fiscal_year_of(jst::date_of(t))))
    }

    /// The figures of 年度 `year` as of `today` (months after today's are left out), with the
    /// activity per organisation when `per_organisation` (it reads every post of the year by
    /// author: the monthly CSV does without).
    pub fn load(
        conn: &mut DbConnection,
        year: i32,
        today: NaiveDate,
        per_organisation: bool,
    ) -> QueryResult<Statistics> {
        let Some(start) = fiscal_year_start(year) else {
            return Ok(Statistics {
                year,
                months: Vec::new(),
                organisations: Vec::new(),
            });
        };
        let months: Vec<NaiveDate> = (0..12)
            .filter_map(|i| start.checked_add_months(Months::new(i)))
            .filter(|m| *m <= today)
            .collect();
        read_tx(conn, |conn| {
            let orgs = load_organisations(conn)?;
            let accounts = load_accounts(conn, &orgs)?;
            let mut figures = Vec::with_capacity(months.len());
            for &month in &months {
                figures.push(month_figures(conn, month, &orgs, &accounts)?);
            }
            let organisations = match (months.first(), months.last()) {
                (Some(&first), Some(&last)) if per_organisation => organisation_activity(
                    conn,
                    (span_of(first).0, span_of(last).1),
                    &orgs,
                    &accounts,
                )?,
                _ => Vec::new(),
            };
            Ok(Statistics {
                year,
                months: figures,
                organisations,
            })
        })
    }
}

/// The stored times of a Japan month.
fn span_of(month: NaiveDate) -> Span {
    let next = month
        .checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    (jst::start_of(month), jst::start_of(next))
}

fn load_organisations(conn: &mut DbConnection) -> QueryResult<Vec<Org>> {
    let rows: Vec<(i64, String, String, NaiveDateTime)> = organisations::table
        .filter(organisations::kind.ne_all(OFFICE_KINDS))
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            organisations::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind, created_at)| Org {
            id,
            name,
            kind,
            created_at,
        })
        .collect())
}

fn load_accounts(conn: &mut DbConnection, orgs: &[Org]) -> QueryResult<Vec<Account>> {
    let counted: HashSet<i64> = orgs.iter().map(|o| o.id).collect();
    let rows: Vec<(i64, i64, String, NaiveDateTime, Option<NaiveDateTime>)> = users::table
        .filter(users::role.eq(Role::Professional.as_str()))
        .select((
            users::id,
            users::organisation_id,
            users::profession,
            users::created_at,
            users::stopped_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| counted.contains(&r.1))
        .map(
            |(id, organisation_id, profession, created_at, stopped_at)| Account {
                id,
                organisation_id,
                profession,
                created_at,
                stopped_at,
            },
        )
        .collect())
}

/// `(code, count)` sorted by code, from codes.
fn tally<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<(String, i64)> {
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for c in codes {
        *counts.entry(c).or_default() += 1;
    }
    let mut out: Vec<(String, i64)> = counts
        .into_iter()
        .map(|(c, n)| (c.to_string(), n))
        .collect();
    out.sort();
    out
}

/// The accounts signed in at some time in `span` (a session begun before its end and seen
/// after its start).
fn signed_in(conn: &mut DbConnection, (from, to): Span) -> QueryResult<HashSet<i64>> {
    let ids: Vec<i64> = sessions::table
        .filter(sessions::stage.eq(crate::models::sessions::Stage::Full.as_str()))
        .filter(sessions::last_seen_at.ge(from))
        .filter(sessions::created_at.lt(to))
        .select(sessions::user_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().collect())
}

fn month_figures(
    conn: &mut DbConnection,
    month: NaiveDate,
    orgs: &[Org],
    accounts: &[Account],
) -> QueryResult<MonthFigures> {
    let (from, to) = span_of(month);
    let counted: HashSet<i64> = accounts.iter().map(|a| a.id).collect();
    let active_users = signed_in(conn, (from, to))?
        .iter()
        .filter(|id| counted.contains(id))
        .count() as i64;
    let opened = |conn: &mut DbConnection, kind: RoomKind| -> QueryResult<i64> {
        rooms::table
            .filter(rooms::kind.eq(kind.as_str()))
            .filter(rooms::opened_at.ge(from))
            .filter(rooms::opened_at.lt(to))
            .count()
            .get_result(conn)
    };
    let closed = |conn: &mut DbConnection, kind: RoomKind| -> QueryResult<i64> {
        rooms::table
            .filter(rooms::kind.eq(kind.as_str()))
            .filter(rooms::closed_at.ge(from))
            .filter(rooms::closed_at.lt(to))
            .count()
            .get_result(conn)
    };
    Ok(MonthFigures {
        month,
        organisations: tally(
            orgs.iter()
                .filter(|o| o.created_at < to)
                .map(|o| o.kind.as_str()),
        ),
        accounts: tally(
            accounts
                .iter()
                .filter(|a| a.held_at(to))
                .map(|a| a.profession.as_str()),
        ),
        active_users,
        patient_rooms_opened: opened(conn, RoomKind::Patient)?,
        patient_rooms_closed: closed(conn, RoomKind::Patient)?,
        topic_rooms_opened: opened(conn, RoomKind::InterProfessional)?,
        topic_rooms_closed: closed(conn, RoomKind::InterProfessional)?,
        posts: posts::table
            .filter(posts::created_at.ge(from))
            .filter(posts::created_at.lt(to))
            .select(count_star())
            .get_result(conn)?,
        vitals: vitals::table
            .filter(vitals::entered_at.ge(from))
            .filter(vitals::entered_at.lt(to))
            .select(count_star())
            .get_result(conn)?,
        messages: messages::table
            .filter(messages::sent_at.ge(from))
            .filter(messages::sent_at.lt(to))
            .select(count_star())
            .get_result(conn)?,
        mails: mail_deliveries::table
            .filter(mail_deliveries::delivered_at.ge(from))
            .filter(mail_deliveries::delivered_at.lt(to))
            .select(count_star())
            .get_result(conn)?,
    })
}

fn organisation_activity(
    conn: &mut DbConnection,
    (from, to): Span,
    orgs: &[Org],
    accounts: &[Account],
) -> QueryResult<Vec<OrganisationActivity>> {
    let org_of: HashMap<i64, i64> = accounts.iter().map(|a| (a.id, a.organisation_id)).collect();
    // Grouped by author over the (author_id, created_at) index: one pass, no sort.
    let by_author: Vec<(i64, i64)> = posts::table
        .filter(posts::created_at.ge(from))
        .filter(posts::created_at.lt(to))
        .group_by(posts::author_id)
        .select((posts::author_id, count_star()))
        .load(conn)?;
    let mut posts_of: HashMap<i64, i64> = HashMap::new();
    for (author, n) in by_author {
        if let Some(org) = org_of.get(&author) {
            *posts_of.entry(*org).or_default() += n;
        }
    }
    let mut users_of: HashMap<i64, i64> = HashMap::new();
    for id in signed_in(conn, (from, to))? {
        if let Some(org) = org_of.get(&id) {
            *users_of.entry(*org).or_default() += 1;
        }
    }
    let mut accounts_of: HashMap<i64, i64> = HashMap::new();
    for a in accounts.iter().filter(|a| a.held_at(to)) {
        *accounts_of.entry(a.organisation_id).or_default() += 1;
    }
    let mut out: Vec<OrganisationActivity> = orgs
        .iter()
        .filter(|o| o.created_at < to)
        .map(|o| OrganisationActivity {
            id: o.id,
            name: o.name.clone(),
            kind: o.kind.clone(),
            accounts: accounts_of.get(&o.id).copied().unwrap_or(0),
            active_users: users_of.get(&o.id).copied().unwrap_or(0),
            posts: posts_of.get(&o.id).copied().unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fiscal_year_begins_in_april() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(fiscal_year_of(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year_of(d(2027, 4, 1)), 2027);
        assert_eq!(fiscal_year_start(2026), Some(d(2026, 4, 1)));
    }
}
