//! カレンダー (domain.md §4): events of a room — visits, services and meetings — with time, place,
//! participants and, where the room has Web会議連携, a meeting URL; invitation mails with an .ics
//! file on create, change and cancel; and finding a date for a meeting: the organiser proposes
//! candidates, members answer ○/△/×, the organiser fixes one and the event and its invitations
//! follow. Each write checks membership, the feature and an open room in its transaction.

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::domain::dates::Toward;
use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::vitals::parse_time;
use crate::models::User;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::events::{Event, EventData, Poll, PollData};
use crate::models::features::{Feature, Features, room_with};
use crate::models::outbox::Outbox;
use crate::models::rooms::{Member, Room};
use crate::services::clinical::{WriteError, once, unique_violation};
use crate::services::mails;
use crate::services::timeline::NotificationChoice;

pub const KINDS: &[&str] = &[
    "home_visit",
    "nurse_visit",
    "medication_guidance",
    "service",
    "care_conference",
    "discharge_conference",
    "other",
];
pub const ANSWERS: &[&str] = &["yes", "maybe", "no"];
/// Candidate rows a poll form offers.
pub const POLL_ROWS: usize = 5;

/// Japan time typed on a form → UTC.
fn utc(d: NaiveDate, t: chrono::NaiveTime) -> NaiveDateTime {
    crate::domain::jst::at(d, t)
}

fn time_field(raw: &Raw, check: &mut Check, field: &str) -> Option<chrono::NaiveTime> {
    let typed = raw.get(field).trim();
    if typed.is_empty() {
        check.problem(field, "form.error.required", "");
        return None;
    }
    let t = parse_time(typed);
    if t.is_none() {
        check.problem(field, "vitals.error.time", "");
    }
    t
}

/// An http(s) address or nothing. What is stored — and mailed — is the address as parsed
/// and written back by the URL parser, never the typed text: a line break or a space inside
/// is refused (the parser would quietly drop or encode it, and the text after it would reach
/// every invitation).
fn meeting_url(raw: &Raw, check: &mut Check) -> String {
    let typed = raw.get("meeting_url").trim().to_string();
    if typed.is_empty() {
        return typed;
    }
    match normalised_url(&typed) {
        Some(u) => u,
        None => {
            check.problem("meeting_url", "calendar.error.url", "");
            typed
        }
    }
}

/// An http(s) URL with a host, in its normalised form; `None` for anything else.
pub fn normalised_url(typed: &str) -> Option<String> {
    if typed.chars().any(|c| c.is_whitespace() || c.is_control()) || typed.chars().count() > 500 {
        return None;
    }
    let u = url::Url::parse(typed).ok()?;
    (matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.password().is_none())
        .then(|| u.to_string())
}

/// Reads an event form: kind, title, date, start and end (the end after the start), place,
/// meeting URL (http or https; only where the room has Web会議連携), notes and participants
/// among the room's members (at least one).
pub fn read_event(
    raw: &Raw,
    check: &mut Check,
    members: &[Member],
    web_meeting: bool,
    today: NaiveDate,
) -> Option<EventData> {
    let kind = check.choice(raw, "kind", KINDS);
    let title = check.text(raw, "title", false, 100);
    let date = check.date_near(raw, "date", true, today, Toward::Future);
    let start = time_field(raw, check, "start");
    let end = time_field(raw, check, "end");
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        check.problem("end", "calendar.error.end_before_start", "");
    }
    let place = check.text(raw, "place", false, 100);
    let url = if web_meeting {
        meeting_url(raw, check)
    } else {
        String::new()
    };
    let notes = check.text_multiline(raw, "notes", false, 1000);
    let mut participants = Vec::new();
    for (k, v) in &raw.0 {
        if k == "participant" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| members.iter().any(|m| m.user_id == *id))
            {
                Some(id) if !participants.contains(&id) => participants.push(id),
                Some(_) => {}
                None => check.problem("participant", "calendar.error.participant", ""),
            }
        }
    }
    if participants.is_empty() {
        check.problem("participant", "calendar.error.no_participant", "");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(EventData {
        kind,
        title,
        starts_at: utc(date?, start?),
        ends_at: utc(date?, end?),
        place,
        meeting_url: url,
        notes,
        participants,
    })
}

/// Reads a poll form: the meeting, and candidate rows (date, start, end), at least one.
pub fn read_poll(
    raw: &Raw,
    check: &mut Check,
    web_meeting: bool,
    today: NaiveDate,
) -> Option<PollData> {
    let kind = check.choice(raw, "kind", KINDS);
    let title = check.text(raw, "title", false, 100);
    let place = check.text(raw, "place", false, 100);
    let url = if web_meeting {
        meeting_url(raw, check)
    } else {
        String::new()
    };
    let notes = check.text_multiline(raw, "notes", false, 1000);
    let mut options = Vec::new();
    for i in 1..=rows_in(raw, "option_").min(20) {
        let f = |n: &str| format!("option_{i}_{n}");
        if ["date", "start", "end"]
            .iter()
            .all(|n| raw.get(&f(n)).trim().is_empty())
        {
            continue;
        }
        let date = check.date_near(raw, &f("date"), true, today, Toward::Future);
        let start = time_field(raw, check, &f("start"));
        let end = time_field(raw, check, &f("end"));
        if let (Some(s), Some(e)) = (start, end)
            && e <= s
        {
            check.problem(&f("end"), "calendar.error.end_before_start", "");
        }
        if let (Some(d), Some(s), Some(e)) = (date, start, end) {
            options.push((utc(d, s), utc(d, e)));
        }
    }
    if options.is_empty() && check.problems.is_empty() {
        check.problem("option_1_date", "calendar.error.no_option", "");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(PollData {
        kind,
        title,
        place,
        meeting_url: url,
        notes,
        options,
    })
}

fn writable(
    conn: &mut DbConnection,
    room_id: i64,
    user_id: i64,
) -> Result<(Room, Features), WriteError> {
    let (room, f) =
        room_with(conn, room_id, user_id, Feature::Calendar)?.ok_or(WriteError::NotFound)?;
    if !room.is_open() {
        return Err(WriteError::Closed);
    }
    Ok((room, f))
}

pub fn kind_label(lang: &str, kind: &str) -> String {
    rust_i18n::t!(format!("calendar.kinds.{kind}"), locale = lang).into()
}

pub use crate::services::mails::Change;

/// One invitation mail (with its .ics) per participant who has an address, the organiser
/// excepted; the room's neutral label, the kind of event, the time and the links only.
#[allow(clippy::too_many_arguments)]
fn invite(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    room: &Room,
    features: Features,
    event: &Event,
    participants: &[i64],
    change: Change,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let Some(settings) = settings else {
        return Ok(());
    };
    // The meeting URL only where the room has Web会議連携 now (as its pages show it).
    // Stored addresses are checked again: one saved before the check was strict goes out
    // normalised, or not at all.
    let meeting_url = if features.has(Feature::WebMeeting) {
        normalised_url(&event.meeting_url).unwrap_or_default()
    } else {
        String::new()
    };
    let meeting_url = meeting_url.as_str();
    for uid in participants.iter().filter(|u| **u != event.organiser_id) {
        let Some(user) = User::find(conn, *uid)? else {
            continue;
        };
        let address = NotificationChoice::of(conn, &user)?
            .address(&user)
            .to_string();
        if address.is_empty() {
            continue;
        }
        Outbox::push(
            conn,
            &mails::invitation(
                settings,
                room,
                event,
                change,
                &user,
                &address,
                meeting_url,
                now,
            ),
            now,
        )?;
    }
    Ok(())
}

/// Stores a new event and sends its participants the invitation: what creating one and fixing a
/// poll both do.
#[allow(clippy::too_many_arguments)]
fn open_event(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    room: &Room,
    features: Features,
    data: &EventData,
    organiser: i64,
    poll_id: Option<i64>,
    key: &str,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    let id = Event::insert(conn, room.id, data, organiser, poll_id, key, now)?;
    let event = Event::find_in_room(conn, room.id, id)?.ok_or(WriteError::NotFound)?;
    invite(
        conn,
        settings,
        room,
        features,
        &event,
        &data.participants,
        Change::Created,
        now,
    )?;
    Ok(id)
}

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
        writable(conn, room_id, user_id)?;
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
