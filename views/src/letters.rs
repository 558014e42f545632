//! Printing アカウント発行通知: the letters waiting to be printed, the print batches, and one
//! batch with its PDF and the "mailed" step.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf, error_summary};

pub struct QueuedRow {
    pub id: i64,
    pub notice_number: String,
    pub recipient: String,
    pub login_id: String,
    pub organisation: String,
    pub queued: String,
    /// 発送期限: the application's due date (FAQ 1.4), or 3 開庁日 after a reissue.
    pub due: String,
    pub overdue: bool,
}

pub struct BatchRow {
    pub href: String,
    pub id: i64,
    pub count: i32,
    pub status: String,
    pub created: String,
}

pub struct LettersView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub queued: Vec<QueuedRow>,
    pub batches: Vec<BatchRow>,
    pub errors: &'a Errors,
}

pub fn letters(v: &LettersView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (error_summary(lang, v.errors))
        section.card aria-labelledby="queued-title" {
            h2 #queued-title { (t!("letters.queued_title", locale = lang)) }
            @if v.queued.is_empty() {
                p.empty-state { (t!("letters.queued_empty", locale = lang)) }
            } @else {
                form method="post" action=(paths::LETTER_BATCHES) novalidate {
                    (csrf(v.csrf))
                    fieldset.fieldset {
                        legend #letters-legend { (t!("letters.select_legend", locale = lang)) }
                        @if let Some(e) = v.errors.for_field("letter") { p.field__error #letter-error { (e) } }
                        div.table-scroll {
                            table.table.table--stack {
                                caption.visually-hidden { (t!("letters.queued_title", locale = lang)) }
                                thead { tr {
                                    th scope="col" { (t!("letters.select", locale = lang)) }
                                    th scope="col" { (t!("letters.notice_number", locale = lang)) }
                                    th scope="col" { (t!("account.name", locale = lang)) }
                                    th scope="col" { (t!("login.login_id", locale = lang)) }
                                    th scope="col" { (t!("account.organisation", locale = lang)) }
                                    th scope="col" { (t!("letters.queued_on", locale = lang)) }
                                    th scope="col" { (t!("letters.due", locale = lang)) }
                                } }
                                tbody { @for r in &v.queued { tr {
                                    td data-label=(t!("letters.select", locale = lang)) { input type="checkbox" name="letter" value=(r.id) id={ "letter-" (r.id) } checked aria-describedby="letters-legend"; }
                                    td data-label=(t!("letters.notice_number", locale = lang)) { label for={ "letter-" (r.id) } { (r.notice_number) } }
                                    td data-label=(t!("account.name", locale = lang)) { (r.recipient) } td data-label=(t!("login.login_id", locale = lang)) { (r.login_id) } td data-label=(t!("account.organisation", locale = lang)) { (r.organisation) } td data-label=(t!("letters.queued_on", locale = lang)) { (r.queued) }
                                    td data-label=(t!("letters.due", locale = lang)) {
                                        (r.due)
                                        @if r.overdue { " " strong.badge.badge--danger { (t!("letters.overdue", locale = lang)) } }
                                    }
                                } } }
                            }
                        }
                    }
                    button.button.button--primary type="submit" { (t!("letters.make_batch", locale = lang)) }
                }
            }
        }
        section.card aria-labelledby="batches-title" {
            h2 #batches-title { (t!("letters.batches_title", locale = lang)) }
            @if v.batches.is_empty() {
                p.empty-state { (t!("letters.batches_empty", locale = lang)) }
            } @else {
                ul { @for b in &v.batches {
                    li { a href=(b.href) { (t!("letters.batch_label", locale = lang, id = b.id, count = b.count)) } " — " (b.status) " — " (b.created) }
                } }
            }
        }
    }
}

pub struct BatchView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub id: i64,
    pub status: &'a str,
    pub status_label: String,
    pub count: i32,
    pub letters: Vec<(String, String)>,
}

/// One batch: while the worker renders it the page asks again by itself (htmx every 2 s; a
/// plain reload without script); when ready, the download is the one primary action and
/// 「郵送しました」 — which deletes the only copy of the codes — is a separate, confirmed step.
pub fn batch(v: &BatchView<'_>) -> Markup {
    let lang = v.lang;
    let href = paths::letter_batch(v.id);
    html! {
        @if v.status == "rendering" {
            div #batch hx-get=(href) hx-trigger="every 2s" hx-select="#batch" hx-target="#batch" hx-swap="outerHTML" {
                (batch_body(v, &href))
            }
        } @else {
            div #batch { (batch_body(v, &href)) }
        }
        p { a href=(paths::LETTERS) { (t!("letters.back", locale = lang)) } }
    }
}

fn batch_body(v: &BatchView<'_>, href: &str) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("letters.batch_status", locale = lang, count = v.count)) " " span.badge { (v.status_label) } }
        @match v.status {
            "rendering" => {
                div.notice.notice--info role="status" {
                    p { (t!("letters.rendering", locale = lang)) }
                    p { a href=(href) { (t!("letters.refresh", locale = lang)) } }
                }
            }
            "ready" => {
                ol.steps {
                    li { a.button.button--primary href=(paths::letter_batch_pdf(v.id)) download { (t!("letters.download", locale = lang)) } }
                    li { (t!("letters.print_hint", locale = lang)) }
                    li {
                        p { (t!("letters.mailed_when", locale = lang)) }
                        a.button.button--secondary href=(paths::letter_batch_mailed(v.id)) { (t!("letters.mark_mailed", locale = lang)) }
                    }
                }
            }
            _ => { p.notice.notice--success { (t!("letters.mailed_note", locale = lang)) } }
        }
        h2 { (t!("letters.in_batch", locale = lang)) }
        ul { @for (n, who) in &v.letters { li { (n) " — " (who) } } }
    }
}
