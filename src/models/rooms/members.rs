//! Room membership as a history: the current members with their accounts, adding a member or
//! changing their role, ending one membership or all of an account's, and the rule for "may see
//! this room" (`Room::membership`, `Room::of_member`) with the member's team roles, and each
//! member's 閲覧・入力権限 (the features they may only read).

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Room;
use crate::db::DbConnection;
use crate::models::User;
use crate::models::features::Features;
use crate::schema::{room_members, rooms, users};

/// A current member with the account behind it.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: i64,
    pub login_id: String,
    pub display_name: String,
    pub profession: String,
    pub team_role: String,
    pub added_at: NaiveDateTime,
    /// The features this member may only read (閲覧・入力権限).
    pub read_only: Features,
}

impl Member {
    /// The members who satisfy FAQ 5.6: a patient room always has a doctor or a visiting nurse.
    pub fn is_doctor_or_nurse(&self) -> bool {
        matches!(self.profession.as_str(), "doctor" | "visiting_nurse")
    }
}

impl Room {
    /// The current members, by the order they joined.
    pub fn members(conn: &mut DbConnection, room_id: i64) -> QueryResult<Vec<Member>> {
        let rows: Vec<(String, NaiveDateTime, i32, User)> = room_members::table
            .inner_join(users::table)
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::removed_at.is_null())
            .order(room_members::id.asc())
            .select((
                room_members::team_role,
                room_members::added_at,
                room_members::read_only,
                User::as_select(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team_role, added_at, read_only, u)| Member {
                user_id: u.id,
                login_id: u.login_id,
                display_name: u.display_name,
                profession: u.profession,
                team_role,
                added_at,
                read_only: Features::from_bits(read_only),
            })
            .collect())
    }

    /// Adds a member, or changes the role of one who already is; returns whether the account
    /// is new to the room.
    pub fn add_member(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        team_role: &str,
        application_id: Option<i64>,
        read_only: Features,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let current = room_members::table
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null());
        let n = diesel::update(current)
            .set(room_members::team_role.eq(team_role))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(room_members::table)
                .values((
                    room_members::room_id.eq(room_id),
                    room_members::user_id.eq(user_id),
                    room_members::team_role.eq(team_role),
                    room_members::added_at.eq(now),
                    room_members::added_by_application.eq(application_id),
                    room_members::read_only.eq(read_only.bits()),
                ))
                .execute(conn)?;
        }
        Ok(n == 0)
    }

    /// Ends a current membership; returns whether there was one.
    pub fn remove_member(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        reason: &str,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            room_members::table
                .filter(room_members::room_id.eq(room_id))
                .filter(room_members::user_id.eq(user_id))
                .filter(room_members::removed_at.is_null()),
        )
        .set((
            room_members::removed_at.eq(Some(now)),
            room_members::removed_reason.eq(reason),
            room_members::removed_by_application.eq(application_id),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// Ends every membership of an account (a stopped account); returns how many.
    pub fn end_memberships_of(
        conn: &mut DbConnection,
        user_id: i64,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            room_members::table
                .filter(room_members::user_id.eq(user_id))
                .filter(room_members::removed_at.is_null()),
        )
        .set((
            room_members::removed_at.eq(Some(now)),
            room_members::removed_reason.eq(reason),
        ))
        .execute(conn)
    }

    /// The room, if `reader` is a current member of it (and it has not been purged after its
    /// retention): the one rule for "may see this room's content", used by every room page,
    /// post, file and list.
    pub fn membership(
        conn: &mut DbConnection,
        RoomId(room_id): RoomId,
        UserId(user_id): UserId,
    ) -> QueryResult<Option<Room>> {
        rooms::table
            .inner_join(room_members::table)
            .filter(rooms::id.eq(room_id))
            .filter(rooms::status.ne("purged"))
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    /// The room and the features the member may only read (閲覧・入力権限), for a current member.
    pub fn membership_rights(
        conn: &mut DbConnection,
        RoomId(room_id): RoomId,
        UserId(user_id): UserId,
    ) -> QueryResult<Option<(Room, Features)>> {
        let found: Option<(Room, i32)> = rooms::table
            .inner_join(room_members::table)
            .filter(rooms::id.eq(room_id))
            .filter(rooms::status.ne("purged"))
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .select((Room::as_select(), room_members::read_only))
            .first(conn)
            .optional()?;
        Ok(found.map(|(room, bits)| (room, Features::from_bits(bits))))
    }

    /// Sets what a current member may only read; returns whether there was such a member.
    pub fn set_read_only(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        read_only: Features,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            room_members::table
                .filter(room_members::room_id.eq(room_id))
                .filter(room_members::user_id.eq(user_id))
                .filter(room_members::removed_at.is_null()),
        )
        .set(room_members::read_only.eq(read_only.bits()))
        .execute(conn)?;
        Ok(n > 0)
    }

    /// The account's team role in each room it is a current member of: (room, role).
    pub fn roles_of(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<(i64, String)>> {
        room_members::table
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .select((room_members::room_id, room_members::team_role))
            .load(conn)
    }

    /// The rooms an account is a current member of (the one rule for "may see this room").
    pub fn of_member(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<Room>> {
        rooms::table
            .inner_join(room_members::table)
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .filter(rooms::status.ne("purged"))
            .order(rooms::id.desc())
            .select(Room::as_select())
            .load(conn)
    }
}
