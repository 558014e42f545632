//! The components every page uses (their rules are in assets/app.css): the table that stacks
//! into "label: value" blocks on a phone, and the confirmation step before an action that cannot
//! be undone. Cards, tabs, badges, chips, notices, buttons, check boxes and definition lists are
//! plain markup with their class; forms are in `form.rs`.
//!
//! Dates and times are written one way everywhere (see `time.rs`).

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf, textarea, with_summary};

/// A table whose rows become blocks on a narrow screen: each cell carries its column's name.
/// `caption` is read out and shown; `hidden_caption` is read out only.
pub fn stacked_table(
    caption: &str,
    hidden_caption: bool,
    headers: &[String],
    rows: impl IntoIterator<Item = (Option<&'static str>, Vec<Markup>)>,
) -> Markup {
    html! {
        div.table-scroll {
            table.table.table--stack {
                @if hidden_caption { caption.visually-hidden { (caption) } } @else { caption { (caption) } }
                thead { tr { @for h in headers { th scope="col" { (h) } } } }
                tbody {
                    @for (class, cells) in rows {
                        tr class=[class] {
                            @for (i, c) in cells.into_iter().enumerate() {
                                td data-label=[headers.get(i)] { (c) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A [`stacked_table`] that pages: its body is `#{list}-rows`, and below it the link to the next
/// page (`#{list}-more`). Without JavaScript the link opens the next page; with htmx it appends
/// that page's rows to this table and replaces itself with the next page's link.
pub fn paged_table(
    (caption, hidden_caption): (&str, bool),
    headers: &[String],
    rows: impl IntoIterator<Item = (Option<&'static str>, Vec<Markup>)>,
    list: &str,
    more: Option<(&str, &str)>,
) -> Markup {
    let body = format!("{list}-rows");
    let more_id = format!("{list}-more");
    html! {
        div.table-scroll {
            table.table.table--stack {
                @if hidden_caption { caption.visually-hidden { (caption) } } @else { caption { (caption) } }
                thead { tr { @for h in headers { th scope="col" { (h) } } } }
                tbody id=(body) {
                    @for (class, cells) in rows {
                        tr class=[class] {
                            @for (i, c) in cells.into_iter().enumerate() {
                                td data-label=[headers.get(i)] { (c) }
                            }
                        }
                    }
                }
            }
        }
        div.pager id=(more_id) {
            @if let Some((href, label)) = more {
                a.button.button--secondary href=(href)
                    hx-get=(href) hx-select={ "#" (body) " > tr" } hx-target={ "#" (body) }
                    hx-swap="beforeend" hx-select-oob={ "#" (more_id) } { (label) }
            }
        }
    }
}

/// Plain text rows for [`stacked_table`].
pub fn text_rows(rows: &[Vec<String>]) -> Vec<(Option<&'static str>, Vec<Markup>)> {
    rows.iter()
        .map(|r| (None, r.iter().map(|c| html! { (c) }).collect()))
        .collect()
}

/// The step before an action that cannot be undone (approving, rejecting, cancelling a meeting,
/// stopping an account, marking letters mailed): what will happen, a reason where one is
/// needed, the action as the one button, and the way back. A real form: no script needed.
pub struct Confirm<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    /// What happens, in a sentence or two.
    pub lead: String,
    /// What it is about: (label, value).
    pub facts: Vec<(String, String)>,
    /// (field name, label, typed value, longest) of a required one-line field before the
    /// reason (a room's new name).
    pub input: Option<(String, String, String, usize)>,
    /// (field name, label, typed value) of a required reason.
    pub reason: Option<(String, String, String)>,
    /// The longest reason the action takes (in characters).
    pub reason_max: usize,
    pub errors: &'a Errors,
    /// Why the action was refused (not a field's problem: 担当者に医師がいない, say).
    pub refusal: Option<String>,
    pub button: String,
    pub danger: bool,
    pub back: String,
    /// Hidden fields the action needs.
    pub hidden: Vec<(String, String)>,
}

pub fn confirm(v: &Confirm<'_>) -> Markup {
    let lang = v.lang;
    html! {
        div.confirm {
            @if let Some(r) = &v.refusal {
                div.notice.notice--error role="alert" tabindex="-1" autofocus { p { strong { (r) } } }
            }
            div.notice.notice--warning { p { (v.lead) } }
            @if !v.facts.is_empty() {
                dl.definition { @for (k, val) in &v.facts { dt { (k) } dd.preserve-lines { (val) } } }
            }
            (with_summary(lang, v.errors, html! {
                form.confirm method="post" action=(v.action) novalidate {
                    (csrf(v.csrf))
                    @for (k, val) in &v.hidden { input type="hidden" name=(k) value=(val); }
                    @if let Some((name, label, value, max)) = &v.input {
                        (crate::form::field(lang, &crate::form::Field::text(name, label.clone(), value).required().maxlength(*max), v.errors))
                    }
                    @if let Some((name, label, value)) = &v.reason {
                        (textarea(lang, name, label, value, true, v.reason_max, v.errors))
                    }
                    div.actions {
                        button type="submit" class={ "button " @if v.danger { "button--danger" } @else { "button--primary" } } { (v.button) }
                        a.button.button--text href=(v.back) { (t!("form.cancel_back", locale = lang)) }
                    }
                }
            }))
        }
    }
}
