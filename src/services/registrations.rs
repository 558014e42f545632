//! The effects of approving forms 5, 7, 8 and 9, each run inside the approval's transaction
//! (a refusal rolls everything back): registration changes, registrants and their consent,
//! patient rooms and their care teams.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::DbConnection;
use crate::domain::forms::{
    Form5, Form7, Form8, Form9, PersonRow, RegistrantRef, RoomCloseForm, RoomMembershipForm,
    RoomOpenForm,
};
use crate::models::applications::{Application, Office};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::organisations::Organisation;
use crate::models::rooms::{Registrant, RegistrantData, Room, RoomKind};
use crate::models::{User, UserStatus};
use crate::schema::{organisations, users};
use crate::services::applications::{Refusal, StepError};
use crate::services::memberships::{self, audit_room};
use crate::services::timeline::{RoomEvent, tell_member};

fn refuse(key: &'static str) -> StepError {
    StepError::Refused(Refusal::Invalid(key))
}

/// The day a room closed today may be purged: `years` later (29 February → 28 February).
pub fn purge_date(closed_on: NaiveDate, years: u32) -> NaiveDate {
    let y = closed_on.year() + years as i32;
    closed_on
        .with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(closed_on)
}

/// The one registrant a form names; none or several is a refusal the clerk can act on.
fn registrant_of(conn: &mut DbConnection, r: &RegistrantRef) -> Result<Registrant, StepError> {
    let mut found = Registrant::find_by_identity(conn, &r.kana, r.birth_date)?;
    match found.len() {
        0 => Err(refuse("registrations.error.no_registrant")),
        1 => Ok(found.remove(0)),
        _ => Err(refuse("registrations.error.ambiguous_registrant")),
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    squash(a) == squash(b)
}

/// Form 5: the organisation's data, a user's data or the org manager change as written.
/// The values before the change are kept in the audit trail (old → new).
pub fn approve_form5(
    conn: &mut DbConnection,
    form: &Form5,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let org = Organisation::find_by_name(conn, &form.organisation_name)?
        .ok_or(refuse("applications.error.unknown_organisation"))?;
    let mut org_name = org.name.clone();
    for c in &form.changes {
        let (target_kind, target_id, field, old) = match c.target.as_str() {
            "organisation" => {
                let current = Organisation::find(conn, org.id)?
                    .ok_or(refuse("applications.error.unknown_organisation"))?;
                let old = match c.field.as_str() {
                    "name" => current.name,
                    "kana" => current.kana,
                    "postcode" => current.postcode,
                    "address" => current.address,
                    "phone" => current.phone,
                    _ => return Err(refuse("applications.error.payload")),
                };
                if c.field == "name"
                    && c.new_value != org_name
                    && Organisation::find_by_name(conn, &c.new_value)?.is_some()
                {
                    return Err(refuse("form5.error.name_taken"));
                }
                let target = organisations::table.find(org.id);
                match c.field.as_str() {
                    "name" => {
                        diesel::update(target)
                            .set(organisations::name.eq(&c.new_value))
                            .execute(conn)?;
                        org_name = c.new_value.clone();
                    }
                    "kana" => {
                        diesel::update(target)
                            .set(organisations::kana.eq(&c.new_value))
                            .execute(conn)?;
                    }
                    "postcode" => {
                        diesel::update(target)
                            .set(organisations::postcode.eq(&c.new_value))
                            .execute(conn)?;
                    }
                    "address" => {
                        diesel::update(target)
                            .set(organisations::address.eq(&c.new_value))
                            .execute(conn)?;
                    }
                    _ => {
                        diesel::update(target)
                            .set(organisations::phone.eq(&c.new_value))
                            .execute(conn)?;
                    }
                }
                ("organisation", org.id, c.field.clone(), old)
            }
            "manager" | "user" => {
                let user = User::find_by_login(conn, &c.login_id)?
                    .filter(|u| u.organisation_id == org.id)
                    .ok_or_else(|| {
                        StepError::Refused(Refusal::UnknownAccount(c.login_id.clone()))
                    })?;
                if user.status() == UserStatus::Stopped {
                    return Err(StepError::Refused(Refusal::UnknownAccount(
                        c.login_id.clone(),
                    )));
                }
                if c.target == "manager" {
                    // One システム管理担当者 per organisation: the new one replaces the old.
                    let old: Vec<String> = users::table
                        .filter(users::organisation_id.eq(org.id))
                        .filter(users::is_org_manager.eq(true))
                        .select(users::login_id)
                        .load(conn)?;
                    diesel::update(users::table.filter(users::organisation_id.eq(org.id)))
                        .set(users::is_org_manager.eq(false))
                        .execute(conn)?;
                    diesel::update(users::table.find(user.id))
                        .set(users::is_org_manager.eq(true))
                        .execute(conn)?;
                    ("user", user.id, "org_manager".to_string(), old.join(","))
                } else {
                    let target = users::table.find(user.id);
                    let old = match c.field.as_str() {
                        "name" => {
                            diesel::update(target)
                                .set(users::display_name.eq(&c.new_value))
                                .execute(conn)?;
                            user.display_name
                        }
                        "kana" => {
                            diesel::update(target)
                                .set(users::kana.eq(&c.new_value))
                                .execute(conn)?;
                            user.kana
                        }
                        "email" => {
                            diesel::update(target)
                                .set(users::email.eq(&c.new_value))
                                .execute(conn)?;
                            user.email
                        }
                        "profession" => {
                            diesel::update(target)
                                .set(users::profession.eq(&c.new_value))
                                .execute(conn)?;
                            user.profession
                        }
                        _ => return Err(refuse("applications.error.payload")),
                    };
                    ("user", user.id, c.field.clone(), old)
                }
            }
            _ => return Err(refuse("applications.error.payload")),
        };
        let new = if c.target == "manager" {
            c.login_id.as_str()
        } else {
            c.new_value.as_str()
        };
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "registration.change", "success")
                .target(target_kind, target_id)
                .detail(format!("{field}: {old} -> {new}")),
            now,
        )?;
    }
    Ok(())
}

/// Form 7: the registrant is recorded with their consent (a renewed consent updates the record).
pub fn approve_form7(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form7,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let r = &form.registrant;
    let data = RegistrantData {
        name: &r.name,
        kana: &r.kana,
        birth_date: r.birth_date,
        sex: &form.sex,
        postcode: &form.postcode,
        address: &form.address,
        phone: &form.phone,
        consent_on: form.consent_on,
        signer: &form.signer,
        proxy_name: &form.proxy_name,
        proxy_relationship: &form.proxy_relationship,
        digital_consent: form.digital_consent,
        consent_application_id: Some(app.id),
    };
    let existing = Registrant::find_by_identity(conn, &r.kana, r.birth_date)?;
    let id = match existing.as_slice() {
        [] => Registrant::insert(conn, &data, now)?,
        [one] => {
            Registrant::renew(conn, one.id, &data, now)?;
            one.id
        }
        _ => return Err(refuse("registrations.error.ambiguous_registrant")),
    };
    AuditRecord::append(
        conn,
        AuditEntry::new(actor, "registrant.consent", "success").target("registrant", id),
        now,
    )?;
    Ok(())
}

/// Form 8: the patient room is opened if the registrant has none, members are added and
/// removed as listed; a result without a doctor or a visiting nurse is refused (FAQ 5.6).
pub fn approve_form8(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form8,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let registrant = registrant_of(conn, &form.registrant)?;
    if !registrant.is_active() {
        return Err(refuse("registrations.error.registrant_discontinued"));
    }
    let room_id = match Room::of_registrant(conn, registrant.id)? {
        Some(room) if room.is_open() => room.id,
        Some(_) => return Err(refuse("registrations.error.room_closed")),
        None => {
            let id = Room::open(
                conn,
                RoomKind::Patient,
                Some(registrant.id),
                &registrant.name,
                "",
                Office::Association.as_str(),
                Some(app.id),
                now,
            )?;
            audit_room(conn, actor, "room.open", id, String::new(), now)?;
            id
        }
    };
    let room = Room::find(conn, room_id)?.ok_or(refuse("registrations.error.no_room"))?;
    for m in &form.members {
        let user = User::find_by_login(conn, &m.login_id)?
            .filter(|u| !u.is_clerk() && same_name(&u.display_name, &m.name))
            .ok_or_else(|| StepError::Refused(Refusal::UnknownAccount(m.login_id.clone())))?;
        if m.action == "add" {
            if user.status() == UserStatus::Stopped {
                return Err(StepError::Refused(Refusal::UnknownAccount(
                    m.login_id.clone(),
                )));
            }
            memberships::add(
                conn,
                &room,
                &user,
                &m.role,
                Some(app.id),
                actor,
                notify,
                now,
            )?;
        } else if !memberships::remove(
            conn,
            &room,
            &user,
            "form8",
            Some(app.id),
            actor,
            notify,
            now,
        )? {
            return Err(StepError::Refused(Refusal::Invalid(
                "registrations.error.not_a_member",
            )));
        }
    }
    if !Room::members(conn, room_id)?
        .iter()
        .any(|m| m.is_doctor_or_nurse())
    {
        return Err(refuse("registrations.error.no_doctor_or_nurse"));
    }
    Ok(())
}

/// Form 9: the patient room closes (read-only; purged after `purge_after`) and the registrant
/// is marked discontinued.
pub fn approve_form9(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form9,
    purge_after: NaiveDate,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let registrant = registrant_of(conn, &form.registrant)?;
    if !registrant.is_active() {
        return Err(refuse("registrations.error.registrant_discontinued"));
    }
    Registrant::discontinue(conn, registrant.id, form.discontinued_on, now)?;
    if let Some(room) = Room::of_registrant(conn, registrant.id)?
        && Room::close(conn, room.id, Some(purge_after), Some(app.id), now)?
    {
        for m in Room::members(conn, room.id)? {
            tell_member(conn, notify, m.user_id, &room, RoomEvent::Closed, now)?;
        }
        audit_room(
            conn,
            actor,
            "room.close",
            room.id,
            format!("purge after {purge_after}"),
            now,
        )?;
    }
    AuditRecord::append(
        conn,
        AuditEntry::new(actor, "registrant.discontinue", "success")
            .target("registrant", registrant.id)
            .detail(form.reason.clone()),
        now,
    )?;
    Ok(())
}

/// The active professional a room application names (the name guards a mistyped ID).
fn person(conn: &mut DbConnection, p: &PersonRow) -> Result<User, StepError> {
    User::find_by_login(conn, &p.login_id)?
        .filter(|u| {
            !u.is_clerk()
                && u.status() != UserStatus::Stopped
                && same_name(&u.display_name, &p.name)
        })
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
    Room::close(conn, room.id, None, Some(app.id), now)?;
    for m in Room::members(conn, room.id)? {
        tell_member(conn, notify, m.user_id, &room, RoomEvent::Closed, now)?;
    }
    audit_room(conn, actor, "room.close", room.id, String::new(), now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_date_is_years_later() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(purge_date(d(2026, 11, 21), 5), d(2031, 11, 21));
        assert_eq!(purge_date(d(2028, 2, 29), 5), d(2033, 2, 28));
    }
}
