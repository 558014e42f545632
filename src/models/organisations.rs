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
}
