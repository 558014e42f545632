//! Every notification mail, built in one place: its outbox key (what makes a retried write send it
//! once), its subject and body from `locales/` in the reader's language, and its link on the
//! public address. Mails carry no patient data: a room is its neutral label (R-000123), a
//! message or a post is a link, an application is its receipt number.
//!
//! The services that write decide *whether* a mail goes (in their transaction, with the outbox
//! row); this module decides *what* it says. The event → `.ics` mapping is here too, once, for
//! the invitation mails and the download of an event alike (calendar programs match events by
//! their UID: two mappings that drift would duplicate an event).

use chrono::{NaiveDate, NaiveDateTime};
use renkei_jobs::ics::Invitation;
use renkei_jobs::{Job, JobEnvelope, MailMessage};
use renkei_views::paths;
use rust_i18n::t;

use crate::config::{Municipality, Settings};
use crate::models::User;
use crate::models::applications::{Application, Form, Office};
use crate::models::events::Event;
use crate::models::rooms::Room;
use crate::services::events::kind_label;
use crate::services::timeline::RoomEvent;

/// A page of the service on its public address: `https://renkei.example/rooms/12`.
pub fn link(settings: &Settings, path: &str) -> String {
    format!("{}{path}", settings.http.public_url.trim_end_matches('/'))
}

/// The host of the public address, for the UIDs of calendar events.
fn host(settings: &Settings) -> String {
    url::Url::parse(&settings.http.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "renkei".into())
}

fn mail(key: String, to: &str, subject: String, body: String) -> JobEnvelope {
    JobEnvelope {
        key,
        job: Job::Mail(MailMessage {
            calendar: None,
            to: to.to_string(),
            subject,
            body,
        }),
    }
}

fn micros(now: NaiveDateTime) -> i64 {
    now.and_utc().timestamp_micros()
}

/// 利用者間メール arrived: no subject, no content, no names — a link.
pub fn message_arrived(settings: &Settings, to: &User, message_id: i64) -> JobEnvelope {
    let lang = to.language();
    mail(
        format!("mail:message:{message_id}:{}", to.id),
        &to.email,
        t!(
            "mail.arrived.subject",
            locale = lang,
            title = settings.municipality.system_title
        )
        .into(),
        t!(
            "mail.arrived.body",
            locale = lang,
            url = link(settings, &paths::message(message_id))
        )
        .into(),
    )
}

/// Someone failed to log in to this account `failures` times within the hour: said once an
/// hour, without the address or the time of day.
pub fn login_failures(user: &User, failures: i64, now: NaiveDateTime) -> JobEnvelope {
    let lang = user.language();
    let hour = now.and_utc().timestamp() / 3600;
    mail(
        format!("mail:login-failures:{}:{hour}", user.id),
        &user.email,
        t!("mail.login_failures.subject", locale = lang).into(),
        t!("mail.login_failures.body", locale = lang, count = failures).into(),
    )
}

/// The password was changed: nothing beyond the address it goes to.
pub fn password_changed(user: &User, now: NaiveDateTime) -> JobEnvelope {
    let lang = user.language();
    mail(
        format!("mail:password-changed:{}:{}", user.id, micros(now)),
        &user.email,
        t!("mail.password_changed.subject", locale = lang).into(),
        t!("mail.password_changed.body", locale = lang).into(),
    )
}

/// Something was written in a member's room: the room's neutral label and a link.
pub fn post_written(
    settings: &Settings,
    room: &Room,
    post_id: i64,
    to: &User,
    address: &str,
) -> JobEnvelope {
    let lang = to.language();
    mail(
        format!("mail:post:{post_id}:{}", to.id),
        address,
        t!(
            "rooms.mail.subject",
            locale = lang,
            title = settings.municipality.system_title,
            room = room.label()
        )
        .into(),
        t!(
            "rooms.mail.body",
            locale = lang,
            room = room.label(),
            url = link(settings, &paths::room(room.id))
        )
        .into(),
    )
}

/// The daily digest: per room (neutral label) how many posts others wrote — no content, no
/// names. One a day (`day` is the Japan date).
pub fn digest(
    settings: &Settings,
    to: &User,
    address: &str,
    counts: &[(i64, i64)],
    day: NaiveDate,
) -> JobEnvelope {
    let lang = to.language();
    let lines: Vec<String> = counts
        .iter()
        .map(|(room, n)| {
            t!(
                "rooms.digest.line",
                locale = lang,
                room = format!("R-{room:06}"),
                count = n
            )
            .into()
        })
        .collect();
    mail(
        format!("mail:digest:{}:{day}", to.id),
        address,
        t!(
            "rooms.digest.subject",
            locale = lang,
            title = settings.municipality.system_title
        )
        .into(),
        t!(
            "rooms.digest.body",
            locale = lang,
            lines = lines.join("\n"),
            url = link(settings, paths::ROOMS)
        )
        .into(),
    )
}

/// What happened to a member's room or membership: the neutral label and a link.
pub fn room_event(
    settings: &Settings,
    room: &Room,
    event: RoomEvent,
    to: &User,
    address: &str,
    now: NaiveDateTime,
) -> JobEnvelope {
    let lang = to.language();
    let what = match event {
        RoomEvent::Added => "added",
        RoomEvent::Removed => "removed",
        RoomEvent::Closed => "closed",
        RoomEvent::VitalAlert => "vital_alert",
        RoomEvent::PollOpened(_) => "poll_opened",
    };
    let path = match event {
        RoomEvent::Removed => paths::ROOMS.to_string(),
        RoomEvent::PollOpened(poll) => paths::poll(room.id, poll),
        RoomEvent::VitalAlert => paths::room_vitals(room.id),
        _ => paths::room(room.id),
    };
    mail(
        format!("mail:room-{what}:{}:{}:{}", room.id, to.id, micros(now)),
        address,
        t!(
            format!("rooms.event_mail.{what}_subject"),
            locale = lang,
            title = settings.municipality.system_title,
            room = room.label()
        )
        .into(),
        t!(
            "rooms.event_mail.body",
            locale = lang,
            what = t!(
                format!("rooms.event_mail.{what}"),
                locale = lang,
                room = room.label()
            ),
            url = link(settings, &path)
        )
        .into(),
    )
}

/// A submitter's application needs a correction: the receipt number, the form and whom to call.
/// Never the reason or any name (ordinary mail carries no personal data). In Japanese: the
/// submitter has no account and chose no language.
pub fn correction_needed(
    app: &Application,
    to: &str,
    m: &Municipality,
    now: NaiveDateTime,
) -> JobEnvelope {
    let office = if app.office == Office::City.as_str() {
        &m.city_office
    } else {
        &m.association_office
    };
    let form: String = t!(format!("applications.forms.{}", app.form), locale = "ja").into();
    mail(
        format!("mail:correction:{}:{}", app.id, micros(now)),
        to,
        t!(
            "applications.correction_mail.subject",
            locale = "ja",
            title = m.system_title,
            receipt = app.receipt_number
        )
        .into(),
        t!(
            "applications.correction_mail.body",
            locale = "ja",
            form = form,
            receipt = app.receipt_number,
            office = office.name,
            phone = office.phone
        )
        .into(),
    )
}

/// The receipt of an 電子申請: the number, the form and whom to call. No names, no contents.
pub fn receipt(
    settings: &Settings,
    lang: &str,
    form: Form,
    receipt: &str,
    to: &str,
) -> JobEnvelope {
    let m = &settings.municipality;
    mail(
        format!("mail:receipt:{receipt}"),
        to,
        t!(
            "apply.mail.subject",
            locale = lang,
            title = m.system_title,
            receipt = receipt
        )
        .into(),
        t!(
            "apply.mail.body",
            locale = lang,
            form = t!(
                format!("applications.forms.{}", form.as_str()),
                locale = lang
            ),
            receipt = receipt,
            days = settings.applications.due_open_days,
            office = m.city_office.name,
            phone = m.city_office.phone
        )
        .into(),
    )
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
