//! Registrants (登録者), rooms and room membership. A registrant is recorded by an approved
//! form 7; their one patient room (登録者支援の部屋) is opened by a form 8 and closed by a form 9;
//! inter-professional rooms (職種連携の部屋) are opened by the city. Membership is a history: a
//! row per period, the current members being the rows without `removed_at`.
//!
//! `registrants` holds the registrant records; `members` the membership (who is a current
//! member, joining, leaving, and `Room::membership`, the rule for seeing a room). Here: a room,
//! finding, opening and closing one, and an office's list of rooms.

mod members;
mod register;
mod registrants;
mod schedule;

pub use members::Member;
pub use register::TeamPeriod;
pub use registrants::{Registrant, RegistrantData};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{room_members, rooms};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomKind {
    /// 登録者支援の部屋
    Patient,
    /// 職種連携の部屋
    InterProfessional,
}

impl RoomKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoomKind::Patient => "patient",
            RoomKind::InterProfessional => "interprofessional",
        }
    }
}

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = rooms)]
pub struct Room {
    pub id: i64,
    pub kind: String,
    pub registrant_id: Option<i64>,
    pub name: String,
    pub purpose: String,
    pub office: String,
    pub status: String,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub purge_after: Option<NaiveDate>,
    pub opened_by_application: Option<i64>,
    pub closed_by_application: Option<i64>,
    /// 閉鎖予定日: a form 9 whose 中止日 is still to come closes the room on that day.
    pub close_on: Option<NaiveDate>,
}

// A patient room is named after its patient: the name stays out of logs.
crate::redacted_debug!(Room, id, kind, status, registrant_id);

impl Room {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }

    /// A neutral label for mails and lists that must not carry the patient's name.
    pub fn label(&self) -> String {
        format!("R-{:06}", self.id)
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Room>> {
        rooms::table
            .find(id)
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    /// A room if `office` administers it: the same rule as `list_for_office`.
    pub fn find_for_office(
        conn: &mut DbConnection,
        id: i64,
        office: &str,
    ) -> QueryResult<Option<Room>> {
        rooms::table
            .find(id)
            .filter(rooms::office.eq(office))
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    /// The registrant's patient room: the newest one that has not been purged (a purged room
    /// keeps only its label; a registrant back after the retention gets a new room).
    pub fn of_registrant(conn: &mut DbConnection, registrant_id: i64) -> QueryResult<Option<Room>> {
        rooms::table
            .filter(rooms::registrant_id.eq(registrant_id))
            .filter(rooms::status.ne("purged"))
            .order(rooms::id.desc())
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn open(
        conn: &mut DbConnection,
        kind: RoomKind,
        registrant_id: Option<i64>,
        name: &str,
        purpose: &str,
        office: &str,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(rooms::table)
            .values((
                rooms::kind.eq(kind.as_str()),
                rooms::registrant_id.eq(registrant_id),
                rooms::name.eq(name),
                rooms::purpose.eq(purpose),
                rooms::office.eq(office),
                rooms::status.eq("open"),
                rooms::opened_at.eq(now),
                rooms::opened_by_application.eq(application_id),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// Closes an open room: read-only from now on, purged after `purge_after`. Returns whether
    /// it was open.
    pub fn close(
        conn: &mut DbConnection,
        id: i64,
        purge_after: Option<NaiveDate>,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(rooms::table.find(id).filter(rooms::status.eq("open")))
            .set((
                rooms::status.eq("closed"),
                rooms::closed_at.eq(Some(now)),
                rooms::purge_after.eq(purge_after),
                rooms::closed_by_application.eq(application_id),
                rooms::close_on.eq(None::<NaiveDate>),
            ))
            .execute(conn)?;
        Ok(n == 1)
    }

    /// Renames an open room. Returns whether it was open.
    pub fn rename(conn: &mut DbConnection, id: i64, name: &str) -> QueryResult<bool> {
        let n = diesel::update(rooms::table.find(id).filter(rooms::status.eq("open")))
            .set(rooms::name.eq(name))
            .execute(conn)?;
        Ok(n == 1)
    }

    /// The rooms of an office with their current member counts, newest first: those with
    /// `status` (any when `None`) whose name contains `query` or whose label or number it is;
    /// keyset paging after room `after`.
    pub fn list_for_office(
        conn: &mut DbConnection,
        office: &str,
        (status, query): (Option<&str>, &str),
        (after, limit): (Option<i64>, i64),
    ) -> QueryResult<Vec<(Room, i64)>> {
        let mut q = rooms::table
            .filter(rooms::office.eq(office))
            .order(rooms::id.desc())
            .limit(limit)
            .select(Room::as_select())
            .into_boxed();
        if let Some(status) = status {
            q = q.filter(rooms::status.eq(status));
        }
        let query = query.trim();
        if !query.is_empty() {
            let pattern = format!("%{}%", crate::models::users::escape_like(query));
            let number = query
                .trim_start_matches(['R', 'r'])
                .trim_start_matches('-')
                .parse::<i64>()
                .unwrap_or(0);
            q = q.filter(
                rooms::name
                    .like(pattern)
                    .escape('\\')
                    .or(rooms::id.eq(number)),
            );
        }
        if let Some(after) = after {
            q = q.filter(rooms::id.lt(after));
        }
        let rooms: Vec<Room> = q.load(conn)?;
        let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
        let counts: Vec<(i64, i64)> = room_members::table
            .filter(room_members::room_id.eq_any(&ids))
            .filter(room_members::removed_at.is_null())
            .group_by(room_members::room_id)
            .select((room_members::room_id, diesel::dsl::count_star()))
            .load(conn)?;
        let counts: std::collections::HashMap<i64, i64> = counts.into_iter().collect();
        Ok(rooms
            .into_iter()
            .map(|r| {
                let n = counts.get(&r.id).copied().unwrap_or(0);
                (r, n)
            })
            .collect())
    }
}
