//! Accounts: one per person, never shared, never moved to another organisation.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{organisations, users};

/// What an account may administer. Professionals are everyone who is not a clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// S管理者: the city's clerks.
    CityAdmin,
    /// 管理者: the doctors' association's clerks.
    AssociationAdmin,
    /// 利用者.
    Professional,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CityAdmin => "city_admin",
            Role::AssociationAdmin => "association_admin",
            Role::Professional => "professional",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "city_admin" => Some(Role::CityAdmin),
            "association_admin" => Some(Role::AssociationAdmin),
            "professional" => Some(Role::Professional),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// Created, waiting for the first login with the 認証コード.
    Pending,
    Active,
    Stopped,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Pending => "pending",
            UserStatus::Active => "active",
            UserStatus::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> UserStatus {
        match s {
            "active" => UserStatus::Active,
            "pending" => UserStatus::Pending,
            _ => UserStatus::Stopped,
        }
    }
}

/// The professions of domain.md §1, by code; their labels live in `locales/`.
pub const PROFESSIONS: &[&str] = &[
    "doctor",
    "dentist",
    "pharmacist",
    "visiting_nurse",
    "care_manager",
    "physical_therapist",
    "occupational_therapist",
    "speech_therapist",
    "dietitian",
    "home_helper",
    "clerk",
    "other",
];

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub login_id: String,
    pub display_name: String,
    pub kana: String,
    pub organisation_id: i64,
    pub profession: String,
    pub role: String,
    pub is_org_manager: bool,
    pub email: String,
    pub locale: Option<String>,
    pub status: String,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub stopped_at: Option<NaiveDateTime>,
    /// 停止予定日: the 最終利用日 of an approved form 6 still to come; the account stops at the
    /// end of that day.
    pub stop_on: Option<NaiveDate>,
    /// The form 6 that scheduled `stop_on` (withdrawing it cancels the stop).
    pub stop_application_id: Option<i64>,
    /// The office a clerk works for (`city`, `association`, `association-{area}`); empty for
    /// everyone else.
    pub office: String,
}

// Secrets and contact details stay out of logs.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("role", &self.role)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl User {
    /// The language the account chose for pages and mails (Japanese unless English).
    pub fn language(&self) -> &str {
        self.locale.as_deref().unwrap_or("ja")
    }

    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Professional)
    }

    pub fn status(&self) -> UserStatus {
        UserStatus::parse(&self.status)
    }

    /// The status on Japan's date `today`: an account whose 最終利用日 has passed is stopped even
    /// before the worker has applied the stop (sign-in and sessions use this).
    pub fn status_on(&self, today: NaiveDate) -> UserStatus {
        match self.stop_on {
            Some(last) if last < today => UserStatus::Stopped,
            _ => self.status(),
        }
    }

    /// Schedules the account to stop at the end of `last_day`, by form 6 `application_id`
    /// (a later form 6 replaces the date: the newest approved one decides).
    pub fn schedule_stop(
        conn: &mut DbConnection,
        id: i64,
        last_day: NaiveDate,
        application_id: i64,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            users::table
                .find(id)
                .filter(users::status.ne(UserStatus::Stopped.as_str())),
        )
        .set((
            users::stop_on.eq(Some(last_day)),
            users::stop_application_id.eq(Some(application_id)),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// Cancels the stops `application_id` scheduled on accounts not yet stopped; how many.
    pub fn cancel_stops(conn: &mut DbConnection, application_id: i64) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::stop_application_id.eq(application_id))
                .filter(users::status.ne(UserStatus::Stopped.as_str())),
        )
        .set((
            users::stop_on.eq(None::<NaiveDate>),
            users::stop_application_id.eq(None::<i64>),
        ))
        .execute(conn)
    }

    /// The accounts `application_id` scheduled to stop, with whether each has stopped.
    pub fn scheduled_by(conn: &mut DbConnection, application_id: i64) -> QueryResult<Vec<User>> {
        users::table
            .filter(users::stop_application_id.eq(application_id))
            .select(User::as_select())
            .load(conn)
    }

    /// The accounts whose 最終利用日 has passed but which are not stopped yet.
    pub fn due_to_stop(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Vec<User>> {
        users::table
            .filter(users::stop_on.lt(today))
            .filter(users::status.ne(UserStatus::Stopped.as_str()))
            .select(User::as_select())
            .load(conn)
    }

    pub fn is_clerk(&self) -> bool {
        matches!(self.role(), Role::CityAdmin | Role::AssociationAdmin)
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<User>> {
        users::table
            .find(id)
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    pub fn find_by_login(conn: &mut DbConnection, login_id: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::login_id.eq(login_id))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    pub fn create(conn: &mut DbConnection, new: &NewUser<'_>) -> QueryResult<i64> {
        diesel::insert_into(users::table)
            .values(new)
            .execute(conn)?;
        users::table
            .filter(users::login_id.eq(new.login_id))
            .select(users::id)
            .first(conn)
    }

    pub fn set_password(
        conn: &mut DbConnection,
        id: i64,
        hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let _ = now;
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(Some(hash)),
                users::must_change_password.eq(false),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn activate(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
        diesel::update(users::table.find(id).filter(users::status.eq("pending")))
            .set(users::status.eq(UserStatus::Active.as_str()))
            .execute(conn)?;
        Ok(())
    }

    pub fn set_locale(conn: &mut DbConnection, id: i64, locale: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::locale.eq(Some(locale)))
            .execute(conn)?;
        Ok(())
    }

    /// Takes an active account back to 利用開始前 for a 再発行: no password, enrolment required.
    /// Returns false when it was not active.
    pub fn reset_credentials(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
        let n = diesel::update(
            users::table
                .find(id)
                .filter(users::status.eq(UserStatus::Active.as_str())),
        )
        .set((
            users::status.eq(UserStatus::Pending.as_str()),
            users::password_hash.eq(None::<String>),
            users::must_change_password.eq(true),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// Marks the account stopped. Returns false when it already was (nothing changes then).
    pub fn stop(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<bool> {
        let n = diesel::update(
            users::table
                .find(id)
                .filter(users::status.ne(UserStatus::Stopped.as_str())),
        )
        .set((
            users::status.eq(UserStatus::Stopped.as_str()),
            users::stopped_at.eq(Some(now)),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// One account with its organisation's name.
    pub fn with_organisation(
        conn: &mut DbConnection,
        id: i64,
    ) -> QueryResult<Option<(User, String)>> {
        users::table
            .inner_join(organisations::table)
            .filter(users::id.eq(id))
            .select((User::as_select(), organisations::name))
            .first(conn)
            .optional()
    }

    /// Accounts with their organisation's name: every account for the administrators' list,
    /// only active ones for the directory all users see.
    /// `professions` are the codes whose label (in either language) contains the query, so
    /// 「看護」 finds the 訪問看護師. Only the administrators' list (`only_active` false) also
    /// searches login IDs: the others never show them.
    ///
    /// Keyset paging: `after` is the last account of the page before (its organisation name,
    /// reading and id continue the order), so a page is as fast at row 10,000 as at row 1.
    pub fn list_with_organisation(
        conn: &mut DbConnection,
        query: &str,
        professions: &[String],
        only_active: bool,
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<(User, String)>> {
        let mut q = users::table
            .inner_join(organisations::table)
            .select((User::as_select(), organisations::name))
            .order((
                organisations::name.asc(),
                users::kana.asc(),
                users::id.asc(),
            ))
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            let key: Option<(String, String)> = users::table
                .inner_join(organisations::table)
                .filter(users::id.eq(after))
                .select((organisations::name, users::kana))
                .first(conn)
                .optional()?;
            if let Some((org, kana)) = key {
                q = q.filter(
                    organisations::name
                        .gt(org.clone())
                        .or(organisations::name
                            .eq(org.clone())
                            .and(users::kana.gt(kana.clone())))
                        .or(organisations::name
                            .eq(org)
                            .and(users::kana.eq(kana))
                            .and(users::id.gt(after))),
                );
            }
        }
        if only_active {
            q = q.filter(users::status.eq(UserStatus::Active.as_str()));
        }
        let query = query.trim();
        if !query.is_empty() {
            let pattern = format!("%{}%", escape_like(query));
            let named = users::display_name
                .like(pattern.clone())
                .escape('\\')
                .or(users::kana.like(pattern.clone()).escape('\\'))
                .or(organisations::name.like(pattern.clone()).escape('\\'))
                .or(users::profession.eq_any(professions.to_vec()));
            q = if only_active {
                q.filter(named)
            } else {
                q.filter(named.or(users::login_id.like(pattern).escape('\\')))
            };
        }
        q.load(conn)
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern. Control and format characters are dropped:
/// nothing stored holds them, and PostgreSQL refuses a NUL in any text.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::domain::text::clean_line(s).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[derive(Clone, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub login_id: &'a str,
    pub display_name: &'a str,
    pub kana: &'a str,
    pub organisation_id: i64,
    pub profession: &'a str,
    pub role: &'a str,
    pub is_org_manager: bool,
    pub email: &'a str,
    pub locale: Option<&'a str>,
    pub status: &'a str,
    pub password_hash: Option<&'a str>,
    pub must_change_password: bool,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    /// A clerk's office code (`Office::as_str`); empty for everyone else.
    pub office: &'a str,
}

/// Display names by id (the people a page names).
pub fn names_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)
}

/// The office of each clerk among `ids` (S管理者, 管理者): clerks post in a room as their office.
pub fn clerk_offices(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    users::table
        .filter(users::id.eq_any(ids))
        .filter(users::office.ne(""))
        .select((users::id, users::office))
        .load(conn)
}

/// Display names of a set of users, looked up by id (authors, who entered what).
#[derive(Debug, Default, Clone)]
pub struct Names(Vec<(i64, String)>);

impl Names {
    /// The names of `ids` (duplicates allowed).
    pub fn load(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Names> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        Ok(Names(names_of(conn, &ids)?))
    }

    /// The name of `id`; empty for an id not loaded.
    pub fn of(&self, id: i64) -> String {
        self.0
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }
}

/// How many accounts are active (for the city's home page).
pub fn count_active(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table
        .filter(users::status.eq(UserStatus::Active.as_str()))
        .count()
        .get_result(conn)
}
