//! One event: its page (kind, title, time, place, meeting URL, organiser, participants, notes,
//! the `.ics` download, edit and cancel) and the form that creates or edits it.

use super::*;

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
