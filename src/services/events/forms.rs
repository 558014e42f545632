//! Reading the calendar's forms: an event (kind, title, date, start and end, place, meeting URL,
//! notes, participants among the room's members) and a date poll (the meeting and its candidate
//! rows); times typed in Japan time become UTC, a meeting URL is kept only as normalised.

use chrono::{NaiveDate, NaiveDateTime};

use super::KINDS;
use crate::domain::dates::Toward;
use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::vitals::parse_time;
use crate::models::events::{EventData, PollData};
use crate::models::rooms::Member;

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
