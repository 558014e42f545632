//! One event of a room: creating it (once per idempotency key), and changing or cancelling it
//! (its organiser only); the participants, and those taken off the list, get the invitation or
//! the cancellation.

use chrono::NaiveDateTime;

use super::{Change, invite, open_event, writable};
use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::events::{Event, EventData};
use crate::services::clinical::{WriteError, once};

/// Creates an event and invites its participants; the earlier one for a repeated key.
#[allow(clippy::too_many_arguments)]
pub fn create_event(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    data: &EventData,
    key: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    once(
        conn,
        |c| Ok(Event::by_key(c, key)?.map(|x| (x.room_id, x.organiser_id, x.id))),
        room_id,
        user_id,
        |conn| {
            let (room, features) = writable(conn, room_id, user_id)?;
            let id = open_event(
                conn, settings, &room, features, data, user_id, None, key, now,
            )?;
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "event.create", "success").target("event", id),
                now,
            )?;
            Ok(id)
        },
    )
}

/// Changes an event (its organiser only); everyone invited before or now is told.
#[allow(clippy::too_many_arguments)]
pub fn update_event(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    event_id: i64,
    data: &EventData,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), WriteError> {
    write_tx(conn, |conn| {
        let (room, features) = writable(conn, room_id, user_id)?;
        let before = Event::find_in_room(conn, room_id, event_id)?
            .filter(|e| e.organiser_id == user_id && !e.is_cancelled())
            .ok_or(WriteError::NotFound)?;
        let old: Vec<i64> = Event::participants(conn, &[event_id])?
            .into_iter()
            .map(|(_, u)| u)
            .collect();
        Event::update(conn, event_id, data, now)?;
        let event = Event::find_in_room(conn, room_id, event_id)?.ok_or(WriteError::NotFound)?;
        invite(
            conn,
            settings,
            &room,
            features,
            &event,
            &data.participants,
            Change::Changed,
            now,
        )?;
        // Those taken off the list get the cancellation.
        let dropped: Vec<i64> = old
            .into_iter()
            .filter(|u| !data.participants.contains(u))
            .collect();
        invite(
            conn,
            settings,
            &room,
            features,
            &event,
            &dropped,
            Change::Cancelled,
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "event.update", "success")
                .target("event", event_id)
                .detail(format!("sequence {}", before.sequence + 1)),
            now,
        )?;
        Ok(())
    })
}

/// Cancels an event (its organiser only): it stays, marked cancelled, and the participants get
/// the cancellation.
pub fn cancel_event(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    event_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), WriteError> {
    write_tx(conn, |conn| {
        let (room, features) = writable(conn, room_id, user_id)?;
        Event::find_in_room(conn, room_id, event_id)?
            .filter(|e| e.organiser_id == user_id)
            .ok_or(WriteError::NotFound)?;
        if Event::cancel(conn, event_id, now)? {
            let event =
                Event::find_in_room(conn, room_id, event_id)?.ok_or(WriteError::NotFound)?;
            let participants: Vec<i64> = Event::participants(conn, &[event_id])?
                .into_iter()
                .map(|(_, u)| u)
                .collect();
            invite(
                conn,
                settings,
                &room,
                features,
                &event,
                &participants,
                Change::Cancelled,
                now,
            )?;
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "event.cancel", "success").target("event", event_id),
                now,
            )?;
        }
        Ok(())
    })
}
