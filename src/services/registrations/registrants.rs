//! Forms 7 and 8: a registrant recorded with their consent, their patient room opened (or, back
//! after a hospital stay, reopened with its history) and its care team changed (never without a
//! doctor or a visiting nurse). Form 9 is in `discontinuation`.

use super::*;

/// The one registrant a form names; none or several is a refusal the clerk can act on.
/// Registrants are the application's office's: another 管理者 office's are not found.
pub(super) fn registrant_of(
    conn: &mut DbConnection,
    app: &Application,
    r: &RegistrantRef,
) -> Result<Registrant, StepError> {
    let mut found = Registrant::find_by_identity(conn, &app.office, &r.kana, r.birth_date)?;
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
        office: &app.office,
    };
    let existing = Registrant::find_by_identity(conn, &app.office, &r.kana, r.birth_date)?;
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
    let registrant = registrant_of(conn, app, &form.registrant)?;
    if !registrant.is_active() {
        return Err(refuse("registrations.error.registrant_discontinued"));
    }
    let room_id = match Room::of_registrant(conn, registrant.id)? {
        Some(room) if room.is_open() => room.id,
        // Back home within the retention period: the same room reopens with its history, so
        // the team reads what happened before the stay (a purged room is not found here, and
        // a new one is opened).
        Some(room) => {
            Room::reopen(conn, room.id)?;
            audit_room(conn, actor, "room.reopen", room.id, String::new(), now)?;
            room.id
        }
        None => {
            let id = Room::open(
                conn,
                RoomKind::Patient,
                Some(registrant.id),
                &registrant.name,
                "",
                &registrant.office,
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
