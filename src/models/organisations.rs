//! 利用団体 and the two administrator offices, which are organisations too.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::organisations;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub kind: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub created_at: NaiveDateTime,
    pub fax: String,
    /// 代表者
    pub representative: String,
    /// システム管理担当者 (who may have no account): name, title, phone, mail.
    pub manager_name: String,
    pub manager_title: String,
    pub manager_phone: String,
    pub manager_email: String,
    /// The 様式第4号 that registered it.
    pub application_id: Option<i64>,
}

/// What a 様式第4号 records about an organisation beyond its address.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = organisations)]
pub struct Contacts<'a> {
    pub fax: &'a str,
    pub representative: &'a str,
    pub manager_name: &'a str,
    pub manager_title: &'a str,
    pub manager_phone: &'a str,
    pub manager_email: &'a str,
    pub application_id: Option<i64>,
}

/// The kinds of organisation the forms know.
pub const KINDS: &[&str] = &[
    "city_office",
    "association_office",
    "clinic",
    "hospital",
    "dental_clinic",
    "visiting_nurse_station",
    "pharmacy",
    "care_management_office",
    "home_help_office",
    "visiting_rehabilitation",
    "day_service",
    "short_stay",
    "community_support_center",
    "welfare_equipment",
    "care_facility",
    "disability_welfare",
    "other",
];

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub kana: &'a str,
    pub kind: &'a str,
    pub postcode: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub created_at: NaiveDateTime,
}

impl Organisation {
    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Organisation>> {
        organisations::table
            .find(id)
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }

    /// The name of organisation `id`.
    pub fn name_of(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
        organisations::table
            .find(id)
            .select(organisations::name)
            .first(conn)
    }

    /// The organisation name of each of `users`, as (user id, name).
    pub fn of_users(conn: &mut DbConnection, users: &[i64]) -> QueryResult<Vec<(i64, String)>> {
        crate::schema::users::table
            .inner_join(organisations::table)
            .filter(crate::schema::users::id.eq_any(users))
            .select((crate::schema::users::id, organisations::name))
            .load(conn)
    }

    pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<Organisation>> {
        organisations::table
            .filter(organisations::name.eq(name))
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }

    /// Inserts the organisation unless one of that name exists; returns its id either way.
    pub fn ensure(conn: &mut DbConnection, new: &NewOrganisation<'_>) -> QueryResult<i64> {
        if let Some(o) = Self::find_by_name(conn, new.name)? {
            return Ok(o.id);
        }
        diesel::insert_into(organisations::table)
            .values(new)
            .execute(conn)?;
        organisations::table
            .filter(organisations::name.eq(new.name))
            .select(organisations::id)
            .first(conn)
    }

    /// Records what a form 4 says beyond the address (at the approval that registers it).
    pub fn set_contacts(conn: &mut DbConnection, id: i64, c: &Contacts<'_>) -> QueryResult<()> {
        diesel::update(organisations::table.find(id))
            .set(c)
            .execute(conn)?;
        Ok(())
    }

    /// The 利用団体台帳: the organisations (not the two offices) whose name or reading contains
    /// `query`, by reading then id; keyset paging after organisation `after`.
    pub fn register(
        conn: &mut DbConnection,
        query: &str,
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<Organisation>> {
        let mut q = organisations::table
            .filter(organisations::kind.ne_all(["city_office", "association_office"]))
            .select(Organisation::as_select())
            .order((organisations::kana.asc(), organisations::id.asc()))
            .limit(limit)
            .into_boxed();
        let query = query.trim();
        if !query.is_empty() {
            let pattern = format!("%{}%", crate::models::users::escape_like(query));
            q = q.filter(
                organisations::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(organisations::kana.like(pattern).escape('\\')),
            );
        }
        if let Some(after) = after
            && let Some(kana) = organisations::table
                .find(after)
                .select(organisations::kana)
                .first::<String>(conn)
                .optional()?
        {
            q = q.filter(
                organisations::kana.gt(kana.clone()).or(organisations::kana
                    .eq(kana)
                    .and(organisations::id.gt(after))),
            );
        }
        q.load(conn)
    }

    /// How many accounts each of `ids` has in each status: (organisation, status, count).
    pub fn staff_counts(
        conn: &mut DbConnection,
        ids: &[i64],
    ) -> QueryResult<Vec<(i64, String, i64)>> {
        use crate::schema::users;
        users::table
            .filter(users::organisation_id.eq_any(ids))
            .group_by((users::organisation_id, users::status))
            .select((
                users::organisation_id,
                users::status,
                diesel::dsl::count_star(),
            ))
            .load(conn)
    }
}
