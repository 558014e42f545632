//! Events: the one event → `.ics` mapping (the download and the invitations alike), and the
//! invitation mail to one participant when an event is created, changed or cancelled.

use super::*;

/// The host of the public address, for the UIDs of calendar events.
fn host(settings: &Settings) -> String {
    url::Url::parse(&settings.http.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "renkei".into())
}

/// An event as a calendar program stores it: the one mapping (UID `event-{id}@host`, the
/// sequence, the times, the summary of kind and neutral room label, the link). Published as a
/// download; an invitation mail sets its method, stamp, description and people.
pub fn calendar_event(settings: &Settings, room: &Room, event: &Event, lang: &str) -> Invitation {
    let url = link(settings, &paths::event(room.id, event.id));
    Invitation {
        method: if event.is_cancelled() {
            "CANCEL"
        } else {
            "PUBLISH"
        }
        .into(),
        uid: format!("event-{}@{}", event.id, host(settings)),
        sequence: u32::try_from(event.sequence).unwrap_or(0),
        starts: event.starts_at,
        ends: event.ends_at,
        stamp: event.updated_at,
        summary: format!("{}（{}）", kind_label(lang, &event.kind), room.label()),
        description: url.clone(),
        url,
        organizer: String::new(),
        attendee: String::new(),
    }
}

/// What an invitation mail says happened to the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Changed,
    Cancelled,
}

/// The invitation mail to one participant, with its `.ics`: the kind of event, the room's
/// neutral label, the time (Japan time) and the links only — the meeting URL where the room
/// has Web会議連携 (`meeting_url`, empty otherwise).
#[allow(clippy::too_many_arguments)]
pub fn invitation(
    settings: &Settings,
    room: &Room,
    event: &Event,
    change: Change,
    to: &User,
    address: &str,
    meeting_url: &str,
    now: NaiveDateTime,
) -> JobEnvelope {
    let lang = to.language();
    let what = match change {
        Change::Created => "created",
        Change::Changed => "changed",
        Change::Cancelled => "cancelled",
    };
    let kind = kind_label(lang, &event.kind);
    let mut ics = calendar_event(settings, room, event, lang);
    let mut description = t!(
        "calendar.mail.ics_description",
        locale = lang,
        url = ics.url
    )
    .to_string();
    if !meeting_url.is_empty() {
        description.push_str(&format!("\n{meeting_url}"));
    }
    ics.method = if change == Change::Cancelled {
        "CANCEL"
    } else {
        "REQUEST"
    }
    .into();
    ics.stamp = now;
    ics.description = description;
    ics.organizer = organizer(settings);
    ics.attendee = address.to_string();
    let when = crate::domain::jst::from_utc(event.starts_at)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let meeting = if meeting_url.is_empty() {
        String::new()
    } else {
        t!("calendar.mail.meeting", locale = lang, url = meeting_url).to_string()
    };
    JobEnvelope {
        key: format!(
            "mail:event-{what}:{}:{}:{}",
            event.id, event.sequence, to.id
        ),
        job: Job::Mail(MailMessage {
            to: address.to_string(),
            subject: t!(
                format!("calendar.mail.{what}_subject"),
                locale = lang,
                title = settings.municipality.system_title,
                kind = kind,
                room = room.label()
            )
            .into(),
            body: t!(
                format!("calendar.mail.{what}_body"),
                locale = lang,
                kind = kind,
                room = room.label(),
                when = when,
                meeting = meeting,
                url = ics.url
            )
            .into(),
            calendar: Some(ics),
        }),
    }
}

/// The sender's address alone (`"市川市" <renkei@…>` → `renkei@…`), the organiser of events.
fn organizer(settings: &Settings) -> String {
    settings
        .mail
        .from
        .rsplit_once('<')
        .map(|(_, a)| a.trim_end_matches('>').to_string())
        .unwrap_or_else(|| settings.mail.from.clone())
}
