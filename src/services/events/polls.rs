//! Finding a date: the organiser opens a poll of candidates (the other members are told), the
//! members answer ○/△/×, and the organiser fixes one — the event is created with everyone who did
//! not answer × and the invitations follow.

use chrono::NaiveDateTime;

use super::{answerable, open_event, writable};
use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::events::{EventData, Poll, PollData};
use crate::models::rooms::Room;
use crate::services::clinical::{WriteError, once, unique_violation};

/// Opens a date poll and asks the other members to answer (a mail with the room's neutral
/// label and the link); the earlier poll for a repeated key.
#[allow(clippy::too_many_arguments)]
pub fn create_poll(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    data: &PollData,
    key: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    once(
        conn,
        |c| Ok(Poll::by_key(c, key)?.map(|x| (x.room_id, x.organiser_id, x.id))),
        room_id,
        user_id,
        |conn| {
            let (room, _) = writable(conn, room_id, user_id)?;
            let id = Poll::insert(conn, room_id, data, user_id, key, now)?;
            for m in Room::members(conn, room_id)?
                .iter()
                .filter(|m| m.user_id != user_id)
            {
                crate::services::timeline::tell_member(
                    conn,
                    settings,
                    m.user_id,
                    &room,
                    crate::services::timeline::RoomEvent::PollOpened(id),
                    now,
                )?;
            }
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "poll.create", "success").target("poll", id),
                now,
            )?;
            Ok(id)
        },
    )
}

/// A member's ○/△/× for the candidates of an open poll.
pub fn answer_poll(
    conn: &mut DbConnection,
    user_id: i64,
    room_id: i64,
    poll_id: i64,
    answers: &[(i64, String)],
    now: NaiveDateTime,
) -> Result<(), WriteError> {
    let result = write_tx(conn, |conn| {
        answerable(conn, room_id, user_id)?;
        let poll = Poll::find_in_room(conn, room_id, poll_id)?.ok_or(WriteError::NotFound)?;
        if poll.fixed_at.is_some() {
            return Err(WriteError::Closed);
        }
        let options: Vec<i64> = Poll::options(conn, poll_id)?.iter().map(|o| o.id).collect();
        if answers.iter().any(|(o, _)| !options.contains(o)) {
            return Err(WriteError::NotFound);
        }
        Poll::answer(conn, user_id, answers, now)?;
        Ok(())
    });
    match result {
        // The same answers sent twice at once (PostgreSQL): the other request stored them.
        Err(e) if unique_violation(&e) => Ok(()),
        other => other,
    }
}

/// The organiser fixes one candidate: the event is created with every member who did not
/// answer × as a participant, and the invitations follow. Returns the event's id.
#[allow(clippy::too_many_arguments)]
pub fn fix_poll(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    poll_id: i64,
    option_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    let result = write_tx(conn, |conn| {
        let (room, features) = writable(conn, room_id, user_id)?;
        let poll = Poll::find_in_room(conn, room_id, poll_id)?
            .filter(|p| p.organiser_id == user_id)
            .ok_or(WriteError::NotFound)?;
        if let Some(event) = poll.event_id {
            return Ok(event);
        }
        let option = Poll::options(conn, poll_id)?
            .into_iter()
            .find(|o| o.id == option_id)
            .ok_or(WriteError::NotFound)?;
        let answers = Poll::answers(conn, &[option_id])?;
        let participants: Vec<i64> = Room::members(conn, room_id)?
            .into_iter()
            .map(|m| m.user_id)
            .filter(|u| *u == user_id || !answers.iter().any(|(_, who, a)| who == u && a == "no"))
            .collect();
        let data = EventData {
            kind: poll.kind.clone(),
            title: poll.title.clone(),
            starts_at: option.starts_at,
            ends_at: option.ends_at,
            place: poll.place.clone(),
            meeting_url: poll.meeting_url.clone(),
            notes: poll.notes.clone(),
            participants,
        };
        let key = format!("poll-{poll_id}");
        let id = open_event(
            conn,
            settings,
            &room,
            features,
            &data,
            user_id,
            Some(poll_id),
            &key,
            now,
        )?;
        Poll::fix(conn, poll_id, id, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "poll.fix", "success")
                .target("poll", poll_id)
                .detail(format!("event {id}")),
            now,
        )?;
        Ok(id)
    });
    match result {
        // Fixed twice at once (PostgreSQL): the other request made the event.
        Err(e) if unique_violation(&e) => Poll::find_in_room(conn, room_id, poll_id)?
            .and_then(|p| p.event_id)
            .ok_or(e),
        other => other,
    }
}
