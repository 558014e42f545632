//! カレンダー: a room's (or all my rooms') events by month, week or as a list — navigable with
//! plain links, and in place with htmx where JavaScript runs — an event's page, the event form,
//! and finding a date (candidates answered ○/△/×). One part per file: `grid` (the calendar
//! itself), `event` (an event's page and form) and `poll` (finding a date); the fields the event
//! and the poll forms share are here.

mod event;
mod grid;
mod poll;

use maud::{Markup, html};
use rust_i18n::t;

use crate::clinical::Values;
use crate::form::{Errors, Field, csrf, field, select, textarea, with_summary};

pub use event::{EventForm, EventView, event, event_form};
pub use grid::{CalendarView, Day, EventItem, Layout, calendar};
pub use poll::{PollForm, PollView, poll, poll_form};

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
