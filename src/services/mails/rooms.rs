//! The mails of a member's rooms: something was written, the daily digest, and what happened to
//! the room or the membership (added, removed, closed, a vital outside its range, a date poll).

use super::*;

/// What a member needs to act on a post, said in its notification mail (seed 004:
/// 「…さんから投稿 [宛先] [重要度]」): who wrote it and from where, whether it is addressed to
/// the reader, whether a reply is asked of them, whether it is a reply. Staff names only —
/// never the patient's name, never the content.
#[derive(Debug, Clone)]
pub struct PostNotice<'a> {
    pub post_id: i64,
    /// 「田中 一郎」
    pub author: &'a str,
    /// 「田中内科クリニック」 (empty for none)
    pub organisation: &'a str,
    pub is_reply: bool,
    /// The post names its addressees and the reader is one of them.
    pub to_reader: bool,
    /// The post names its addressees and the reader is not one of them.
    pub to_others: bool,
    /// A reply is asked of the reader (by name, by their role in the room, or of everyone).
    pub reply_asked: bool,
}

/// Something was written in a member's room: the room's neutral label, who wrote it, whether
/// it is for the reader and asks them to reply, and a link.
pub fn post_written(
    settings: &Settings,
    room: &Room,
    notice: &PostNotice<'_>,
    to: &User,
    address: &str,
) -> JobEnvelope {
    let lang = to.language();
    let tt = |key: &str| -> String { t!(key, locale = lang).into() };
    let mut marks = Vec::new();
    if notice.to_reader {
        marks.push(tt("rooms.mail.to_you"));
    }
    if notice.reply_asked {
        marks.push(tt("rooms.mail.reply_asked"));
    }
    let marks = if marks.is_empty() {
        String::new()
    } else {
        t!(
            "rooms.mail.marks",
            locale = lang,
            marks = marks.join(tt("rooms.mail.mark_separator").as_str())
        )
        .into()
    };
    let to_line = if notice.to_reader {
        tt("rooms.mail.line_to_you")
    } else if notice.to_others {
        tt("rooms.mail.line_to_others")
    } else {
        tt("rooms.mail.line_to_all")
    };
    let reply_line = if notice.reply_asked {
        tt("rooms.mail.line_reply_asked")
    } else {
        tt("rooms.mail.line_no_reply")
    };
    let what = if notice.is_reply {
        tt("rooms.mail.what_reply")
    } else {
        tt("rooms.mail.what_post")
    };
    let signed: String = if notice.organisation.is_empty() {
        notice.author.to_string()
    } else {
        t!(
            "rooms.mail.author_of",
            locale = lang,
            name = notice.author,
            organisation = notice.organisation
        )
        .into()
    };
    mail(
        format!("mail:post:{}:{}", notice.post_id, to.id),
        address,
        t!(
            "rooms.mail.subject",
            locale = lang,
            title = settings.municipality.system_title,
            room = room.label(),
            author = notice.author,
            marks = marks
        )
        .into(),
        t!(
            "rooms.mail.body",
            locale = lang,
            what = what,
            room = room.label(),
            author = signed,
            to = to_line,
            reply = reply_line,
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
