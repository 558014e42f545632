//! The 登録者台帳 (the 管理者's register of registrants): every registrant with their consent and
//! status, found by name, reading or birth date — those without a room too — with their rooms
//! and each room's care-team history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{Registrant, Room};
use crate::db::DbConnection;
use crate::models::users::escape_like;
use crate::schema::{registrants, room_members, rooms, users};

/// A period of one person in a room's care team.
pub struct TeamPeriod {
    pub name: String,
    pub login_id: String,
    pub profession: String,
    pub team_role: String,
    pub added_at: NaiveDateTime,
    pub removed_at: Option<NaiveDateTime>,
}

impl Registrant {
    /// `office`'s registrants whose name or reading contains `query` (spaces ignored in the
    /// reading), or
    /// who were born on `born`; by reading then id, keyset paging after registrant `after`.
    pub fn register(
        conn: &mut DbConnection,
        office: &str,
        (query, born): (&str, Option<NaiveDate>),
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<Registrant>> {
        let mut q = registrants::table
            .filter(registrants::office.eq(office.to_string()))
            .select(Registrant::as_select())
            .order((registrants::kana.asc(), registrants::id.asc()))
            .limit(limit)
            .into_boxed();
        if let Some(born) = born {
            q = q.filter(registrants::birth_date.eq(born));
        } else if !query.trim().is_empty() {
            let pattern = format!("%{}%", escape_like(query.trim()));
            q = q.filter(
                registrants::name
                    .like(pattern.clone())
                    .escape('\\')
                    .or(registrants::kana.like(pattern).escape('\\')),
            );
        }
        if let Some(after) = after
            && let Some(kana) = registrants::table
                .find(after)
                .filter(registrants::office.eq(office.to_string()))
                .select(registrants::kana)
                .first::<String>(conn)
                .optional()?
        {
            q = q.filter(
                registrants::kana
                    .gt(kana.clone())
                    .or(registrants::kana.eq(kana).and(registrants::id.gt(after))),
            );
        }
        q.load(conn)
    }
}

impl Room {
    /// The patient rooms of `registrants` (every one, purged ones too), oldest first.
    pub fn of_registrants(conn: &mut DbConnection, registrants: &[i64]) -> QueryResult<Vec<Room>> {
        rooms::table
            .filter(rooms::registrant_id.eq_any(registrants))
            .order(rooms::id.asc())
            .select(Room::as_select())
            .load(conn)
    }

    /// Everyone who was ever in the room's team, with when they joined and left.
    pub fn team_history(conn: &mut DbConnection, room_id: i64) -> QueryResult<Vec<TeamPeriod>> {
        let rows: Vec<(
            String,
            String,
            String,
            String,
            NaiveDateTime,
            Option<NaiveDateTime>,
        )> = room_members::table
            .inner_join(users::table)
            .filter(room_members::room_id.eq(room_id))
            .order((room_members::added_at.asc(), room_members::id.asc()))
            .select((
                users::display_name,
                users::login_id,
                users::profession,
                room_members::team_role,
                room_members::added_at,
                room_members::removed_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(
                |(name, login_id, profession, team_role, added_at, removed_at)| TeamPeriod {
                    name,
                    login_id,
                    profession,
                    team_role,
                    added_at,
                    removed_at,
                },
            )
            .collect())
    }
}
