//! What the S管理者 does to a 職種連携の部屋 as its administrator (000 §7): close it (on a member's
//! 閉鎖申請, or directly when it has gone stale) and rename it (部屋名称の変更). The members are
//! told through `mails` (the room's neutral label, never its content), and each is audited with
//! the reason. A patient room is never closed or renamed here: it closes by 様式第9号 and is
//! named after its patient.

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::config::Settings;
use crate::db::DbConnection;
use crate::models::audit::Actor;
use crate::models::rooms::{Room, RoomKind};
use crate::services::memberships::audit_room;
use crate::services::timeline::{RoomEvent, tell_member};

/// Why a change to a room was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomChangeRefused {
    /// Only inter-professional rooms are changed here.
    NotTopicRoom,
    /// The room is already closed.
    Closed,
}

impl RoomChangeRefused {
    pub fn message_key(self) -> &'static str {
        match self {
            RoomChangeRefused::NotTopicRoom => "rooms.error.not_topic_room",
            RoomChangeRefused::Closed => "rooms.error.closed",
        }
    }
}

/// Whether `room` is an open inter-professional room (the only kind changed here).
pub fn changeable(room: &Room) -> Result<(), RoomChangeRefused> {
    if room.kind != RoomKind::InterProfessional.as_str() {
        Err(RoomChangeRefused::NotTopicRoom)
    } else if !room.is_open() {
        Err(RoomChangeRefused::Closed)
    } else {
        Ok(())
    }
}

/// Closes the room (read-only from now on), tells every current member and audits
/// `room.close` with `detail` (the reason, or nothing for an approved 閉鎖申請, which holds it).
pub fn close(
    conn: &mut DbConnection,
    room: &Room,
    application_id: Option<i64>,
    detail: String,
    (actor, notify): (&Actor, Option<&Settings>),
    now: NaiveDateTime,
) -> QueryResult<Result<(), RoomChangeRefused>> {
    if let Err(why) = changeable(room) {
        return Ok(Err(why));
    }
    if !Room::close(conn, room.id, None, application_id, now)? {
        return Ok(Err(RoomChangeRefused::Closed));
    }
    for m in Room::members(conn, room.id)? {
        tell_member(conn, notify, m.user_id, room, RoomEvent::Closed, now)?;
    }
    audit_room(conn, actor, "room.close", room.id, detail, now)?;
    Ok(Ok(()))
}

/// Renames the room, tells every current member and audits `room.rename` with the old name,
/// the new one and the reason.
pub fn rename(
    conn: &mut DbConnection,
    room: &Room,
    (name, reason): (&str, &str),
    (actor, notify): (&Actor, Option<&Settings>),
    now: NaiveDateTime,
) -> QueryResult<Result<(), RoomChangeRefused>> {
    if let Err(why) = changeable(room) {
        return Ok(Err(why));
    }
    if !Room::rename(conn, room.id, name)? {
        return Ok(Err(RoomChangeRefused::Closed));
    }
    for m in Room::members(conn, room.id)? {
        tell_member(conn, notify, m.user_id, room, RoomEvent::Renamed, now)?;
    }
    let detail = format!("{} → {name}: {reason}", room.name);
    audit_room(conn, actor, "room.rename", room.id, detail, now)?;
    Ok(Ok(()))
}
