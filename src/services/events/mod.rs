//! カレンダー (domain.md §4): events of a room — visits, services and meetings — with time, place,
//! participants and, where the room has Web会議連携, a meeting URL; invitation mails with an .ics
//! file on create, change and cancel; and finding a date for a meeting: the organiser proposes
//! candidates, members answer ○/△/×, the organiser fixes one and the event and its invitations
//! follow. Each write checks membership, the feature and an open room in its transaction.
//!
//! `forms` reads the event and poll forms; `event` creates, changes and cancels an event;
//! `polls` opens, answers and fixes a date poll. Here: the kinds and answers, the room check
//! every write makes, and the invitations (an event stored and its participants mailed).

mod event;
mod forms;
mod polls;

pub use event::{cancel_event, create_event, update_event};
pub use forms::{normalised_url, read_event, read_poll};
pub use polls::{answer_poll, create_poll, fix_poll};

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;

use crate::config::Settings;
use crate::db::DbConnection;
use crate::models::User;
use crate::models::events::{Event, EventData};
use crate::models::features::{Feature, Features, room_with};
use crate::models::outbox::Outbox;
use crate::models::rooms::Room;
use crate::services::clinical::WriteError;
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

/// The room, when the user may plan in its calendar (an event, a poll, a decision): the
/// clinical writes' rule with the カレンダー's right.
fn writable(
    conn: &mut DbConnection,
    room_id: i64,
    user_id: i64,
) -> Result<(Room, Features), WriteError> {
    crate::services::clinical::writable(conn, room_id, user_id, Feature::Calendar)
}

/// The room, when the user may answer in it (a poll's 出欠): any current member of an open
/// room with the カレンダー on — answering for oneself is not planning, so a 閲覧のみ right
/// does not stop it.
fn answerable(
    conn: &mut DbConnection,
    room_id: i64,
    user_id: i64,
) -> Result<(Room, Features), WriteError> {
    let (room, f) = room_with(conn, RoomId(room_id), UserId(user_id), Feature::Calendar)?
        .ok_or(WriteError::NotFound)?;
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
