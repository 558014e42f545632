//! Form 9, 登録者利用中止届出書: the registrant is discontinued and their patient room closes on
//! the 中止日 — at once when that day has come, otherwise the worker closes it on the day. The
//! five years of retention count from the 中止日. Withdrawing the form before the day cancels
//! the closing.

use super::registrants::registrant_of;
use super::*;

/// Form 9: the registrant is marked discontinued; their room closes on the 中止日 (read-only;
/// purged `retention_years` after that day).
pub fn approve_form9(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form9,
    retention_years: u32,
    actor: &Actor,
    notify: Option<&Settings>,
    (today, now): (NaiveDate, NaiveDateTime),
) -> Result<(), StepError> {
    let registrant = registrant_of(conn, app, &form.registrant)?;
    if !registrant.is_active() {
        return Err(refuse("registrations.error.registrant_discontinued"));
    }
    Registrant::discontinue(conn, registrant.id, form.discontinued_on, now)?;
    let purge_after = purge_date(form.discontinued_on, retention_years);
    if let Some(room) = Room::of_registrant(conn, registrant.id)?.filter(|r| r.is_open()) {
        if form.discontinued_on > today {
            Room::schedule_close(conn, room.id, form.discontinued_on, purge_after, app.id)?;
            let detail = format!("on {} purge after {purge_after}", form.discontinued_on);
            audit_room(conn, actor, "room.close.schedule", room.id, detail, now)?;
        } else if Room::close(conn, room.id, Some(purge_after), Some(app.id), now)? {
            closed(conn, &room, actor, notify, purge_after, now)?;
        }
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

/// A room has just closed: its members are told, and the closing is audited.
fn closed(
    conn: &mut DbConnection,
    room: &Room,
    actor: &Actor,
    notify: Option<&Settings>,
    purge_after: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    for m in Room::members(conn, room.id)? {
        tell_member(conn, notify, m.user_id, room, RoomEvent::Closed, now)?;
    }
    let detail = format!("purge after {purge_after}");
    audit_room(conn, actor, "room.close", room.id, detail, now)
}

/// The worker's part: closes the rooms whose 中止日 has come, each in its own transaction;
/// returns how many.
pub fn close_due_rooms(
    conn: &mut DbConnection,
    notify: Option<&Settings>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, diesel::result::Error> {
    let actor = Actor::system();
    let mut n = 0;
    for room in Room::due_to_close(conn, today)? {
        let done = crate::db::write_tx(conn, |conn| {
            if !Room::close_as_scheduled(conn, room.id, now)? {
                return Ok(false);
            }
            let purge_after = room.purge_after.unwrap_or(today);
            closed(conn, &room, &actor, notify, purge_after, now)?;
            Ok::<_, diesel::result::Error>(true)
        })?;
        n += usize::from(done);
    }
    Ok(n)
}

/// Withdrawing an approved form 9 before its 中止日: the closing is cancelled and the registrant
/// is active again. Refused once the room has closed (it can be reopened by a new form 8).
pub fn withdraw_form9(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form9,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    if !Room::cancel_close(conn, app.id)? {
        return Err(refuse("applications.error.withdraw_too_late"));
    }
    let registrant = registrant_of(conn, app, &form.registrant)?;
    Registrant::resume(conn, registrant.id, now)?;
    AuditRecord::append(
        conn,
        AuditEntry::new(actor, "registrant.discontinue.cancel", "success")
            .target("registrant", registrant.id),
        now,
    )?;
    Ok(())
}
