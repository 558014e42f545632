//! The mails of a member's rooms: something was written, the daily digest, and what happened to
//! the room or the membership (added, removed, closed, a vital outside its range, a date poll).

use super::*;

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
        RoomEvent::Renamed => "renamed",
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
