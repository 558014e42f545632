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
use crate::models::features::Features;
use crate::models::rooms::Room;
use crate::services::timeline::{RoomEvent, tell_member};

/// Adds `user` to `room` with `team_role` (or changes the role of a current member); a member
/// new to the room is told and gets the 閲覧・入力権限 of their profession (`rooms.read_only`;
/// a role change keeps the rights the office set). Audited as `room.member_add` either way.
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
    let defaults = notify.map(|s| s.rooms.clone()).unwrap_or_default();
    let read_only = defaults.read_only_for(&user.profession);
    if Room::add_member(
        conn,
        room.id,
        user.id,
        team_role,
        application_id,
        read_only,
        now,
    )? {
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

/// Sets the 閲覧・入力権限 of current members of `room`: for each (member, features they may
/// write), the features of `shown` not ticked become 閲覧のみ; features not on the form (switched
/// off in the room) keep what they had. Returns the members whose rights changed; each change
/// is audited as `room.rights` with the member's login ID and the features now read-only.
pub fn set_rights(
    conn: &mut DbConnection,
    room: &Room,
    shown: Features,
    wanted: &[(i64, Features)],
    actor: &Actor,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let members = Room::members(conn, room.id)?;
    let mut changed = 0;
    for (user_id, write) in wanted {
        let Some(m) = members.iter().find(|m| m.user_id == *user_id) else {
            continue;
        };
        let read_only = Features::from_list(
            &crate::models::features::Feature::WITH_RIGHTS
                .into_iter()
                .filter(|f| {
                    if shown.has(*f) {
                        !write.has(*f)
                    } else {
                        m.read_only.has(*f)
                    }
                })
                .collect::<Vec<_>>(),
        );
        if read_only == m.read_only {
            continue;
        }
        Room::set_read_only(conn, room.id, m.user_id, read_only)?;
        let codes: Vec<&str> = crate::models::features::Feature::WITH_RIGHTS
            .into_iter()
            .filter(|f| read_only.has(*f))
            .map(|f| f.code())
            .collect();
        let detail = format!("{} read_only={}", m.login_id, codes.join(","));
        audit_room(conn, actor, "room.rights", room.id, detail, now)?;
        changed += 1;
    }
    Ok(changed)
}
