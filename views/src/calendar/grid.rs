//! The calendar itself: a month as weeks of seven days (Sunday first), one week, or a list of
//! the days with events; Sundays, Saturdays, holidays and today marked; the links to the layouts
//! and the periods before and after (htmx swaps the calendar in place); the buttons for a new
//! event or poll and the open polls.

use super::*;

pub struct EventItem {
    pub href: String,
    /// "09:00–10:00"
    pub time: String,
    pub label: String,
    /// The room's name, on "my calendar".
    pub room: Option<String>,
    pub cancelled: bool,
    /// The viewer takes part.
    pub mine: bool,
}

pub struct Day {
    /// "11/24（火）"
    pub label: String,
    pub in_period: bool,
    pub today: bool,
    /// 0 = Sunday … 6 = Saturday: Sundays and holidays are marked red, Saturdays blue.
    pub weekday: u32,
    /// The national holiday's name.
    pub holiday: Option<String>,
    pub events: Vec<EventItem>,
}

impl Day {
    fn class(&self) -> String {
        let mut c = String::from("day");
        if !self.in_period {
            c.push_str(" day--outside");
        }
        if self.today {
            c.push_str(" day--today");
        }
        if self.events.is_empty() {
            c.push_str(" day--empty");
        }
        match self.weekday {
            0 => c.push_str(" day--sunday"),
            6 => c.push_str(" day--saturday"),
            _ => {}
        }
        if self.holiday.is_some() {
            c.push_str(" day--holiday");
        }
        c
    }
}

pub enum Layout {
    /// Weeks of seven days, Sunday first.
    Month(Vec<Vec<Day>>),
    Week(Vec<Day>),
    /// Only the days with events.
    List(Vec<Day>),
}

pub struct CalendarView<'a> {
    pub lang: &'a str,
    pub period: String,
    /// (href, label) of the earlier period, today and the later period
    pub nav: [(String, String); 3],
    /// (href, label, current): month, week, list
    pub layouts: Vec<(String, String, bool)>,
    pub layout: Layout,
    pub new_event: Option<String>,
    pub new_poll: Option<String>,
    /// (href, title, answered by me)
    pub polls: Vec<(String, String, bool)>,
}

fn link(href: &str, label: &str, current: bool) -> Markup {
    // htmx swaps the calendar in place; without JavaScript the link loads the page.
    html! {
        a href=(href) hx-get=(href) hx-target="#calendar" hx-select="#calendar" hx-swap="outerHTML"
            hx-push-url="true" aria-current=[current.then_some("page")] { (label) }
    }
}

fn item(lang: &str, e: &EventItem) -> Markup {
    html! {
        li class={ "event" @if e.cancelled { " event--cancelled" } @if e.mine { " event--mine" } } {
            a href=(e.href) {
                span.event__time { (e.time) } " " (e.label)
                @if let Some(r) = &e.room { " " span.small { "（" (r) "）" } }
                @if e.cancelled { " " strong { (t!("calendar.cancelled", locale = lang)) } }
            }
        }
    }
}

fn day_cell(lang: &str, d: &Day) -> Markup {
    html! {
        p.day__label {
            (d.label)
            @if d.today { " " span.badge { (t!("calendar.today", locale = lang)) } }
            @if let Some(h) = &d.holiday { span.day__holiday { (h) } }
        }
        @if !d.events.is_empty() { ul.events { @for e in &d.events { (item(lang, e)) } } }
    }
}

pub fn calendar(v: &CalendarView<'_>) -> Markup {
    let lang = v.lang;
    let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    html! {
        @if v.new_event.is_some() || v.new_poll.is_some() {
            p.actions {
                @if let Some(h) = &v.new_event { a.button.button--primary href=(h) { (t!("calendar.new_event", locale = lang)) } " " }
                @if let Some(h) = &v.new_poll { a.button href=(h) { (t!("calendar.new_poll", locale = lang)) } }
            }
        }
        @if !v.polls.is_empty() {
            section.card aria-labelledby="polls-title" {
                h2 #polls-title { (t!("calendar.open_polls", locale = lang)) }
                ul { @for (href, title, answered) in &v.polls {
                    li { a href=(href) { (title) } " " @if !answered { strong.badge.badge--danger { (t!("calendar.not_answered", locale = lang)) } } }
                } }
            }
        }
        div #calendar {
            nav.period aria-label=(t!("calendar.layout", locale = lang)) {
                ul { @for (href, label, current) in &v.layouts { li { (link(href, label, *current)) } } }
            }
            div.calendar-nav {
                (link(&v.nav[0].0, &v.nav[0].1, false))
                " " strong.calendar-nav__period { (v.period) } " "
                (link(&v.nav[2].0, &v.nav[2].1, false))
                " " (link(&v.nav[1].0, &v.nav[1].1, false))
            }
            @match &v.layout {
                Layout::Month(weeks) => {
                    div.table-scroll {
                        table.table.month {
                            caption.visually-hidden { (v.period) }
                            thead { tr { @for w in weekdays {
                                th scope="col" class=[match w { "sun" => Some("weekday--sunday"), "sat" => Some("weekday--saturday"), _ => None }] {
                                    (t!(format!("calendar.weekdays.{w}"), locale = lang))
                                }
                            } } }
                            tbody { @for week in weeks { tr { @for d in week {
                                td class=(d.class()) { (day_cell(lang, d)) }
                            } } } }
                        }
                    }
                }
                Layout::Week(days) => {
                    ol.week { @for d in days { li class=(d.class()) { (day_cell(lang, d)) } } }
                }
                Layout::List(days) => {
                    @if days.is_empty() { p.empty-state { (t!("calendar.none", locale = lang)) } }
                    ol.week { @for d in days { li class=(d.class()) { (day_cell(lang, d)) } } }
                }
            }
        }
    }
}
