//! Joining and leaving a room, the one way each is done: the membership row, the notice to the
//! member (the room's neutral label and a link, in `services::mails`) and the audit row, in the
//! caller's transaction. Forms 8 and the 職種連携 membership application, room opening and an
//! account's stop all go through here, so none of them forgets the notice or the audit row.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Settings;
use crate::db::DbConnection;
use crate::models::User;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::rooms::Room;
use crate::services::timeline::{RoomEvent, tell_member};

/// Adds `user` to `room` with `team_role` (or changes the role of a current member); a member
/// new to the room is told. Audited as `room.member_add` either way.
#[allow(clippy::too_many_arguments)]
pub fn add(
    conn: &mut DbConnection,
    room: &Room,
    user: &User,
    team_role: &str,
    application_id: Option<i64>,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if Room::add_member(conn, room.id, user.id, team_role, application_id, now)? {
        tell_member(conn, notify, user.id, room, RoomEvent::Added, now)?;
    }
    let detail = if team_role.is_empty() {
        user.login_id.clone()
    } else {
        format!("{} {team_role}", user.login_id)
    };
    audit_room(conn, actor, "room.member_add", room.id, detail, now)
}

/// Ends `user`'s current membership of `room` for `reason` (`form8`, `leave`,
/// `account_stopped`); the member is told and the end audited as `room.member_remove`.
/// Returns whether there was a membership to end (nothing is written when there was none).
#[allow(clippy::too_many_arguments)]
pub fn remove(
    conn: &mut DbConnection,
    room: &Room,
    user: &User,
    reason: &str,
    application_id: Option<i64>,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    if !Room::remove_member(conn, room.id, user.id, reason, application_id, now)? {
        return Ok(false);
    }
    tell_member(conn, notify, user.id, room, RoomEvent::Removed, now)?;
    audit_room(
        conn,
        actor,
        "room.member_remove",
        room.id,
        user.login_id.clone(),
        now,
    )?;
    Ok(true)
}

/// The audit row of something done to a room (`room.open`, `room.member_add`, …).
pub fn audit_room(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &'static str,
    room_id: i64,
    detail: String,
    now: NaiveDateTime,
) -> QueryResult<()> {
    AuditRecord::append(
        conn,
        AuditEntry::new(actor, action, "success")
            .target("room", room_id)
            .detail(detail),
        now,
    )?;
    Ok(())
}
