//! Forms 7, 8 and 9: a registrant recorded with their consent, their patient room opened and its
//! care team changed (never without a doctor or a visiting nurse), and the registrant
//! discontinued with the room closed.

use super::*;

/// The one registrant a form names; none or several is a refusal the clerk can act on.
fn registrant_of(conn: &mut DbConnection, r: &RegistrantRef) -> Result<Registrant, StepError> {
    let mut found = Registrant::find_by_identity(conn, &r.kana, r.birth_date)?;
    match found.len() {
        0 => Err(refuse("registrations.error.no_registrant")),
        1 => Ok(found.remove(0)),
        _ => Err(refuse("registrations.error.ambiguous_registrant")),
    }
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
