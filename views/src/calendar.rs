//! カレンダー: a room's (or all my rooms') events by month, week or as a list — navigable with
//! plain links, and in place with htmx where JavaScript runs — an event's page, the event form,
//! and finding a date (candidates answered ○/△/×).

use maud::{Markup, html};
use rust_i18n::t;

use crate::clinical::Values;
use crate::form::{Errors, Field, csrf, field, select, textarea, with_summary};

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

pub struct EventView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub kind: String,
    pub title: String,
    pub when: String,
    pub place: String,
    pub meeting_url: String,
    pub notes: String,
    pub organiser: String,
    pub participants: Vec<String>,
    pub cancelled: Option<String>,
    pub ics_href: String,
    pub edit_href: Option<String>,
    /// The confirmation page of cancelling (the organiser's, while the room is open).
    pub cancel_href: Option<String>,
    pub back: String,
}

pub fn event(v: &EventView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if let Some(c) = &v.cancelled {
            div.notice.notice--error role="status" { p { (t!("calendar.cancelled_at", locale = lang, at = c)) } }
        }
        dl.definition {
            dt { (t!("calendar.kind", locale = lang)) } dd { (v.kind) }
            @if !v.title.is_empty() { dt { (t!("calendar.title", locale = lang)) } dd { (v.title) } }
            dt { (t!("calendar.when", locale = lang)) } dd { (v.when) }
            @if !v.place.is_empty() { dt { (t!("calendar.place", locale = lang)) } dd { (v.place) } }
            @if !v.meeting_url.is_empty() {
                dt { (t!("calendar.meeting_url", locale = lang)) }
                dd { a href=(v.meeting_url) rel="noopener noreferrer" target="_blank" { (v.meeting_url) } }
            }
            dt { (t!("calendar.organiser", locale = lang)) } dd { (v.organiser) }
            dt { (t!("calendar.participants", locale = lang)) } dd { (v.participants.join("、")) }
            @if !v.notes.is_empty() { dt { (t!("calendar.notes", locale = lang)) } dd.preserve-lines { (v.notes) } }
        }
        div.actions {
            a.button.button--secondary href=(v.ics_href) download { (t!("calendar.ics", locale = lang)) }
            @if let Some(h) = &v.edit_href { a.button.button--secondary href=(h) { (t!("calendar.edit", locale = lang)) } }
            @if let Some(h) = &v.cancel_href { a.button.button--text href=(h) { (t!("calendar.cancel", locale = lang)) } }
        }
        p { a href=(v.back) { (t!("calendar.back", locale = lang)) } }
    }
}

/// Fields shared by the event and the poll forms: kind, title, place, meeting URL, notes.
fn meeting_fields(
    lang: &str,
    values: Values<'_>,
    errors: &Errors,
    kinds: &[(String, String)],
    web_meeting: bool,
) -> Markup {
    html! {
        (select(lang, "kind", &t!("calendar.kind", locale = lang), kinds, &values("kind"), true, errors))
        (field(lang, &Field::text("title", t!("calendar.title", locale = lang).into(), &values("title"))
            .support(t!("calendar.title_help", locale = lang).into()).maxlength(100), errors))
        (field(lang, &Field::text("place", t!("calendar.place", locale = lang).into(), &values("place"))
            .support(t!("calendar.place_help", locale = lang).into()).maxlength(100), errors))
        @if web_meeting {
            (field(lang, &Field::text("meeting_url", t!("calendar.meeting_url", locale = lang).into(), &values("meeting_url"))
                .kind("url").support(t!("calendar.meeting_url_help", locale = lang).into()).maxlength(500), errors))
        }
        (textarea(lang, "notes", &t!("calendar.notes", locale = lang), &values("notes"), false, 1000, errors))
    }
}

pub struct EventForm<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub key: String,
    pub values: Values<'a>,
    pub errors: &'a Errors,
    pub kinds: Vec<(String, String)>,
    pub web_meeting: bool,
    /// (user id, name, checked)
    pub members: Vec<(i64, String, bool)>,
}

pub fn event_form(f: &EventForm<'_>) -> Markup {
    let lang = f.lang;
    let v = f.values;
    html! {
        (with_summary(lang, f.errors, html! {
        form method="post" action=(f.action) novalidate {
            (csrf(f.csrf))
            input type="hidden" name="key" value=(f.key);
            (meeting_fields(lang, v, f.errors, &f.kinds, f.web_meeting))
            // Native pickers on a phone; a browser without them shows text fields, and the
            // server reads 2026-12-17, 12/17, 令和8年12月17日, 14:00 and 14時 alike.
            (field(lang, &Field::text("date", t!("calendar.date", locale = lang).into(), &v("date"))
                .kind("date").required().maxlength(20), f.errors))
            div.field-row {
                (field(lang, &Field::text("start", t!("calendar.start", locale = lang).into(), &v("start"))
                    .kind("time").required().maxlength(5), f.errors))
                (field(lang, &Field::text("end", t!("calendar.end", locale = lang).into(), &v("end"))
                    .kind("time").required().maxlength(5), f.errors))
            }
            fieldset.fieldset id="participant" tabindex="-1" {
                legend { (t!("calendar.participants", locale = lang)) }
                ({ f.errors.label("participant", &t!("calendar.participants", locale = lang)); html! {} })
                @for (id, name, checked) in &f.members {
                    label.checkbox { input type="checkbox" name="participant" value=(id) checked[*checked]; span { (name) } }
                }
                @if let Some(e) = f.errors.for_field("participant") { p.field__error { (e) } }
            }
            div.actions {
                button.button.button--primary type="submit" { (t!("calendar.save", locale = lang)) }
                " " a href=(f.back) { (t!("clinical.cancel", locale = lang)) }
            }
        }
        }))
    }
}

pub struct PollForm<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub key: String,
    pub values: Values<'a>,
    pub errors: &'a Errors,
    pub kinds: Vec<(String, String)>,
    pub web_meeting: bool,
    pub rows: usize,
}

pub fn poll_form(f: &PollForm<'_>) -> Markup {
    let lang = f.lang;
    let v = f.values;
    html! {
        p.support { (t!("calendar.poll_lead", locale = lang)) }
        (with_summary(lang, f.errors, html! {
        form method="post" action=(f.action) novalidate {
            (csrf(f.csrf))
            input type="hidden" name="key" value=(f.key);
            (meeting_fields(lang, v, f.errors, &f.kinds, f.web_meeting))
            fieldset.fieldset {
                legend { (t!("calendar.candidates", locale = lang)) }
                @for i in 1..=f.rows {
                    @let n = |x: &str| format!("option_{i}_{x}");
                    div.row-group {
                        p.row-group__title { (t!("calendar.candidate_n", locale = lang, n = i)) }
                        @let row = t!("calendar.candidate_n", locale = lang, n = i).to_string();
                        div.field-row {
                            (f.errors.in_scope(&row, || html! {
                                (field(lang, &Field::text(&n("date"), t!("calendar.date", locale = lang).into(), &v(&n("date"))).kind("date").maxlength(20), f.errors))
                                (field(lang, &Field::text(&n("start"), t!("calendar.start", locale = lang).into(), &v(&n("start"))).kind("time").maxlength(5), f.errors))
                                (field(lang, &Field::text(&n("end"), t!("calendar.end", locale = lang).into(), &v(&n("end"))).kind("time").maxlength(5), f.errors))
                            }))
                        }
                    }
                }
            }
            div.actions {
                button.button.button--primary type="submit" { (t!("calendar.poll_save", locale = lang)) }
                " " a href=(f.back) { (t!("clinical.cancel", locale = lang)) }
            }
        }
        }))
    }
}

pub struct PollView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub notes: String,
    /// (option id, "11/24（火）14:00–15:00", [answer mark per member], ○ count, △ count)
    pub options: Vec<(i64, String, Vec<&'static str>, usize, usize)>,
    pub members: Vec<String>,
    /// My answers per option ("yes" | "maybe" | "no" | "").
    pub mine: Vec<String>,
    pub answer_action: Option<String>,
    pub decide_action: Option<String>,
    pub fixed: Option<String>,
    pub back: String,
}

pub fn poll(v: &PollView<'_>) -> Markup {
    let lang = v.lang;
    let marks = [("yes", "○"), ("maybe", "△"), ("no", "×")];
    html! {
        dl.definition {
            dt { (t!("calendar.kind", locale = lang)) } dd { (v.kind) }
            @if !v.title.is_empty() { dt { (t!("calendar.title", locale = lang)) } dd { (v.title) } }
            dt { (t!("calendar.organiser", locale = lang)) } dd { (v.organiser) }
            @if !v.notes.is_empty() { dt { (t!("calendar.notes", locale = lang)) } dd.preserve-lines { (v.notes) } }
        }
        @if let Some(href) = &v.fixed {
            div.notice role="status" { p { (t!("calendar.poll_fixed", locale = lang)) " " a href=(href) { (t!("calendar.open_event", locale = lang)) } } }
        }
        // On a phone each candidate is a block of "name: ○" lines (data-label), not a table
        // whose member columns squeeze the names into one character a line.
        div.table-scroll {
            table.table.table--stack {
                caption { (t!("calendar.answers", locale = lang)) " " span.small { (t!("calendar.answer_legend", locale = lang)) } }
                thead { tr {
                    th scope="col" { (t!("calendar.candidates", locale = lang)) }
                    @for m in &v.members { th scope="col" { (m) } }
                    th scope="col" { (t!("calendar.yes_maybe", locale = lang)) }
                    @if v.decide_action.is_some() { th scope="col" { span.visually-hidden { (t!("calendar.decide", locale = lang)) } } }
                } }
                tbody { @for (id, label, answers, yes, maybe) in &v.options { tr {
                    th scope="row" { strong { (label) } }
                    @for (i, a) in answers.iter().enumerate() { td.answer-mark data-label=[v.members.get(i)] { (a) } }
                    td data-label=(t!("calendar.yes_maybe", locale = lang)) { (yes) " / " (maybe) }
                    @if let Some(action) = &v.decide_action {
                        td { form method="post" action=(action) {
                            (csrf(v.csrf))
                            input type="hidden" name="option" value=(id);
                            button.button.button--secondary.button--small type="submit" { (t!("calendar.decide", locale = lang)) span.visually-hidden { " " (label) } }
                        } }
                    }
                } } }
            }
        }
        @if let Some(action) = &v.answer_action {
            section.card aria-labelledby="my-answers" {
                h2 #my-answers { (t!("calendar.my_answers", locale = lang)) }
                form method="post" action=(action) novalidate {
                    (csrf(v.csrf))
                    @for (i, (id, label, ..)) in v.options.iter().enumerate() {
                        fieldset.fieldset.poll-answer {
                            legend { (label) }
                            div.radio-group--inline {
                                @for (value, mark) in marks {
                                    label.radio {
                                        input type="radio" name={ "option_" (id) } value=(value)
                                            checked[v.mine.get(i).is_some_and(|m| m == value)];
                                        span { (t!(format!("calendar.answer.{value}"), locale = lang)) "（" (mark) "）" }
                                    }
                                }
                            }
                        }
                    }
                    button.button.button--primary type="submit" { (t!("calendar.send_answers", locale = lang)) }
                }
            }
        }
        p { a href=(v.back) { (t!("calendar.back", locale = lang)) } }
    }
}
