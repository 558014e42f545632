//! The calendar as it is shown: the period a month, week or list covers, its days with their
//! events, the navigation, and the labels of an event and its time.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use renkei_views::calendar::{CalendarView, Day, EventItem, Layout, PollView};
use rust_i18n::t;

use crate::domain::calendar::BusinessCalendar;
use crate::domain::jst::from_utc;
use crate::http::paths;
use crate::models::events::Event;
use crate::models::features::Feature;
use crate::models::views::calendar::CalendarPage;
use crate::models::views::poll::PollPage;
use crate::services::events::kind_label;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Month,
    Week,
    List,
}

impl Shape {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Shape::Month => "month",
            Shape::Week => "week",
            Shape::List => "list",
        }
    }
}

const LIST_DAYS: u64 = 60;

fn sunday_on_or_before(d: NaiveDate) -> NaiveDate {
    d - Days::new(u64::from(d.weekday().num_days_from_sunday()))
}

/// The days shown, the period's first day (for navigation), the earlier and the later period.
pub(crate) fn period(
    shape: Shape,
    date: NaiveDate,
) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate) {
    match shape {
        Shape::Month => {
            let first = date.with_day(1).unwrap_or(date);
            let last = first + Months::new(1) - Days::new(1);
            let start = sunday_on_or_before(first);
            let end = sunday_on_or_before(last) + Days::new(6);
            (start, end, first - Months::new(1), first + Months::new(1))
        }
        Shape::Week => {
            let start = sunday_on_or_before(date);
            (
                start,
                start + Days::new(6),
                start - Days::new(7),
                start + Days::new(7),
            )
        }
        Shape::List => (
            date,
            date + Days::new(LIST_DAYS - 1),
            date - Days::new(LIST_DAYS),
            date + Days::new(LIST_DAYS),
        ),
    }
}

pub(crate) fn day_label(lang: &str, d: NaiveDate) -> String {
    renkei_views::time::day(lang, d)
}

/// "2026/11/24（火） 14:00–15:00"
pub(crate) fn when_label(lang: &str, e_start: NaiveDateTime, e_end: NaiveDateTime) -> String {
    let (s, e) = (from_utc(e_start), from_utc(e_end));
    format!(
        "{} {}–{}",
        renkei_views::time::date(lang, s.date()),
        renkei_views::time::clock(s),
        renkei_views::time::clock(e)
    )
}

pub(crate) fn event_label(lang: &str, e: &Event) -> String {
    if e.title.is_empty() {
        kind_label(lang, &e.kind)
    } else {
        format!("{}：{}", kind_label(lang, &e.kind), e.title)
    }
}

/// What a calendar page is of: the period asked for and where its links point.
pub(crate) struct Period {
    pub shape: Shape,
    /// The date asked for (the month's or week's anchor).
    pub date: NaiveDate,
    pub today: NaiveDate,
    /// The room of a room's calendar; `None` for mine.
    pub room: Option<i64>,
}

impl Period {
    /// The first and last day shown.
    pub(crate) fn days(&self) -> (NaiveDate, NaiveDate) {
        let (start, end, ..) = period(self.shape, self.date);
        (start, end)
    }

    fn href(&self, shape: Shape, d: NaiveDate) -> String {
        let base = match self.room {
            Some(id) => paths::room_calendar(id),
            None => paths::CALENDAR.to_string(),
        };
        format!("{base}?view={}&date={}", shape.code(), d.format("%Y-%m-%d"))
    }
}

/// A calendar page: the days of the period with their events, the navigation, the room's open
/// polls and (in an open room) the links to add an event or a poll.
pub(crate) fn calendar_view<'a>(
    lang: &'a str,
    page: &CalendarPage,
    p: &Period,
    holidays: &BusinessCalendar,
) -> CalendarView<'a> {
    let (start, end, earlier, later) = period(p.shape, p.date);
    let day = |d: NaiveDate| Day {
        label: day_label(lang, d),
        in_period: p.shape != Shape::Month || d.month() == p.date.month(),
        today: d == p.today,
        weekday: d.weekday().num_days_from_sunday(),
        holiday: holidays.holiday_name(d).map(|name| {
            if lang == "ja" {
                name.to_string()
            } else {
                t!("calendar.holiday", locale = lang).into()
            }
        }),
        events: page
            .events
            .iter()
            .filter(|e| from_utc(e.starts_at).date() == d)
            .map(|e| EventItem {
                href: paths::event(e.room_id, e.id),
                time: format!(
                    "{}–{}",
                    from_utc(e.starts_at).format("%H:%M"),
                    from_utc(e.ends_at).format("%H:%M")
                ),
                label: event_label(lang, e),
                room: p.room.is_none().then(|| page.room_name(e.room_id)),
                cancelled: e.is_cancelled(),
                mine: page.mine.contains(&e.id),
            })
            .collect(),
    };
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= end).collect();
    let layout = match p.shape {
        Shape::Month => Layout::Month(
            days.chunks(7)
                .map(|w| w.iter().map(|d| day(*d)).collect())
                .collect(),
        ),
        Shape::Week => Layout::Week(days.iter().map(|d| day(*d)).collect()),
        Shape::List => Layout::List(
            days.iter()
                .map(|d| day(*d))
                .filter(|d| !d.events.is_empty())
                .collect(),
        ),
    };
    let period_label = match p.shape {
        Shape::Month => t!(
            "calendar.month_label",
            locale = lang,
            year = p.date.year(),
            month = p.date.month()
        )
        .to_string(),
        _ => format!(
            "{} – {}",
            renkei_views::time::date(lang, start),
            renkei_views::time::date(lang, end)
        ),
    };
    let open_room = p
        .room
        .filter(|_| page.rooms.first().is_some_and(|r| r.is_open()))
        .filter(|_| !page.read_only.has(Feature::Calendar));
    let nav = |d: NaiveDate, key: &str| (p.href(p.shape, d), t!(key, locale = lang).into());
    CalendarView {
        lang,
        period: period_label,
        nav: [
            nav(earlier, "calendar.earlier"),
            nav(p.today, "calendar.today"),
            nav(later, "calendar.later"),
        ],
        layouts: [Shape::Month, Shape::Week, Shape::List]
            .iter()
            .map(|s| {
                (
                    p.href(*s, p.date),
                    t!(format!("calendar.layouts.{}", s.code()), locale = lang).into(),
                    *s == p.shape,
                )
            })
            .collect(),
        layout,
        new_event: open_room.map(|id| {
            format!(
                "{}?date={}",
                paths::event_new(id),
                p.date.format("%Y-%m-%d")
            )
        }),
        new_poll: open_room.map(paths::poll_new),
        polls: page
            .polls
            .iter()
            .map(|(poll, answered)| {
                (
                    paths::poll(poll.room_id, poll.id),
                    if poll.title.is_empty() {
                        kind_label(lang, &poll.kind)
                    } else {
                        format!("{}：{}", kind_label(lang, &poll.kind), poll.title)
                    },
                    *answered,
                )
            })
            .collect(),
    }
}

/// An answer as the poll's table marks it.
fn mark(answer: &str) -> &'static str {
    match answer {
        "yes" => "○",
        "maybe" => "△",
        "no" => "×",
        _ => "–",
    }
}

/// A date poll: each option with every member's mark and the counts, the viewer's answers, and
/// (while open) the answer form and — for its organiser — the decision.
pub(crate) fn poll_view<'a>(
    lang: &'a str,
    csrf: &'a str,
    page: &PollPage,
    viewer: i64,
) -> PollView<'a> {
    let (room_id, poll) = (page.room.id, &page.poll);
    let open = page.room.is_open() && poll.fixed_at.is_none();
    PollView {
        lang,
        csrf,
        kind: kind_label(lang, &poll.kind),
        title: poll.title.clone(),
        organiser: page.organiser.clone(),
        notes: poll.notes.clone(),
        options: page
            .options
            .iter()
            .map(|o| {
                (
                    o.id,
                    when_label(lang, o.starts_at, o.ends_at),
                    page.members
                        .iter()
                        .map(|m| mark(page.answer(o.id, m.user_id)))
                        .collect(),
                    page.count(o.id, "yes"),
                    page.count(o.id, "maybe"),
                )
            })
            .collect(),
        members: page
            .members
            .iter()
            .map(|m| m.display_name.clone())
            .collect(),
        mine: page
            .options
            .iter()
            .map(|o| page.answer(o.id, viewer).to_string())
            .collect(),
        answer_action: open.then(|| paths::poll_answers(room_id, poll.id)),
        decide_action: (open
            && poll.organiser_id == viewer
            && !page.read_only.has(Feature::Calendar))
        .then(|| paths::poll_decision(room_id, poll.id)),
        fixed: poll.event_id.map(|e| paths::event(room_id, e)),
        back: paths::room_calendar(room_id),
    }
}
