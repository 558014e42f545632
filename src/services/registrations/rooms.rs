//! The 職種連携の部屋 applications: a room opened with the applicant and the listed members,
//! people joining or leaving one, and a room closed.

use super::*;

/// The active account a room application names (the name guards a mistyped ID): a
/// professional, or a clerk — the guide's 職種連携の部屋 are for 「S管理者、管理者、利用者間の連携」
/// and its 研修会・周知の部屋 has the clerks among its members. (Patient rooms never take a
/// clerk: form 8 names professionals only.)
fn person(conn: &mut DbConnection, p: &PersonRow) -> Result<User, StepError> {
    User::find_by_login(conn, &p.login_id)?
        .filter(|u| u.status() != UserStatus::Stopped && same_name(&u.display_name, &p.name))
        .ok_or_else(|| StepError::Refused(Refusal::UnknownAccount(p.login_id.clone())))
}

/// An open inter-professional room.
fn inter_room(conn: &mut DbConnection, id: i64) -> Result<Room, StepError> {
    match Room::find(conn, id)? {
        Some(r) if r.kind == RoomKind::InterProfessional.as_str() && r.is_open() => Ok(r),
        Some(r) if r.kind == RoomKind::InterProfessional.as_str() => {
            Err(refuse("registrations.error.room_closed"))
        }
        _ => Err(refuse("registrations.error.no_room")),
    }
}

/// 職種連携の部屋 開設申請: the room is created with the applicant and the listed members.
pub fn approve_room_open(
    conn: &mut DbConnection,
    app: &Application,
    form: &RoomOpenForm,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let room_id = Room::open(
        conn,
        RoomKind::InterProfessional,
        None,
        &form.room_name,
        &form.purpose,
        Office::City.as_str(),
        Some(app.id),
        now,
    )?;
    audit_room(conn, actor, "room.open", room_id, String::new(), now)?;
    let mut members = Vec::new();
    if let Some(applicant) = app.created_by
        && let Some(u) = User::find(conn, applicant)?
        && !u.is_clerk()
        && u.status() != UserStatus::Stopped
    {
        members.push(u);
    }
    for p in &form.members {
        members.push(person(conn, p)?);
    }
    let room = Room::find(conn, room_id)?.ok_or(refuse("registrations.error.no_room"))?;
    for u in members {
        memberships::add(conn, &room, &u, "", Some(app.id), actor, notify, now)?;
    }
    Ok(())
}

/// 職種連携の部屋 参加・退出申請: the listed people join or leave.
pub fn approve_room_membership(
    conn: &mut DbConnection,
    app: &Application,
    form: &RoomMembershipForm,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let room = inter_room(conn, form.room_id)?;
    for p in &form.members {
        let u = person(conn, p)?;
        if form.choice == "join" {
            memberships::add(conn, &room, &u, "", Some(app.id), actor, notify, now)?;
        } else if !memberships::remove(conn, &room, &u, "leave", Some(app.id), actor, notify, now)?
        {
            return Err(refuse("registrations.error.not_a_member"));
        }
    }
    Ok(())
}

/// 職種連携の部屋 閉鎖: the room closes (read-only).
pub fn approve_room_close(
    conn: &mut DbConnection,
    app: &Application,
    form: &RoomCloseForm,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let room = inter_room(conn, form.room_id)?;
    crate::services::topic_rooms::close(
        conn,
        &room,
        Some(app.id),
        String::new(),
        (actor, notify),
        now,
    )?
    .map_err(|why| refuse(why.message_key()))
}
