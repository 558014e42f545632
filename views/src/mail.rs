//! 利用者間メール: the inbox and sent box, one message, the composer, and the choice of a form
//! to submit by in-system mail.

use maud::{Markup, html};
use rust_i18n::t;

use crate::applications::file_input;
use crate::form::{Errors, Field, csrf, error_summary, field, textarea};

pub struct Row {
    pub href: String,
    pub unread: bool,
    /// The sender (inbox) or the addressee (sent).
    pub who: String,
    pub subject: String,
    pub at: String,
    pub files: i64,
}

pub struct ListView<'a> {
    pub lang: &'a str,
    pub sent: bool,
    pub rows: Vec<Row>,
    pub unread: i64,
    pub can_submit_forms: bool,
}

fn tabs(lang: &str, sent: bool) -> Markup {
    html! {
        nav.tabs aria-label=(t!("mail.folders", locale = lang)) {
            ul {
                li { a href="/mail" aria-current=[(!sent).then_some("page")] { (t!("mail.inbox", locale = lang)) } }
                li { a href="/mail/sent" aria-current=[sent.then_some("page")] { (t!("mail.sent", locale = lang)) } }
            }
        }
    }
}

pub fn list(v: &ListView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.actions {
            a.button.button--primary href="/mail/new" { (t!("mail.compose", locale = lang)) }
            @if v.can_submit_forms {
                " " a.button.button--secondary href="/submissions" { (t!("mail.submit_form", locale = lang)) }
            }
        }
        (tabs(lang, v.sent))
        @if !v.sent {
            p { (t!("mail.unread_count", locale = lang, count = v.unread)) }
        }
        @if v.rows.is_empty() {
            p.empty-state { (t!("mail.empty", locale = lang)) }
        } @else {
            div.table-scroll {
                table.table {
                    caption.visually-hidden { (t!(if v.sent { "mail.sent" } else { "mail.inbox" }, locale = lang)) }
                    thead { tr {
                        th scope="col" { (t!("mail.state", locale = lang)) }
                        th scope="col" { (t!(if v.sent { "mail.to" } else { "mail.from" }, locale = lang)) }
                        th scope="col" { (t!("mail.subject", locale = lang)) }
                        th scope="col" { (t!("mail.at", locale = lang)) }
                        th scope="col" { (t!("mail.files", locale = lang)) }
                    } }
                    tbody {
                        @for r in &v.rows {
                            tr class={ @if r.unread { "row--unread" } } {
                                td { @if r.unread { strong.badge { (t!("mail.unread", locale = lang)) } } @else { (t!("mail.read", locale = lang)) } }
                                td { (r.who) }
                                td { a href=(r.href) { @if r.unread { strong { (r.subject) } } @else { (r.subject) } } }
                                td { (r.at) }
                                td { @if r.files > 0 { (r.files) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct MessageView<'a> {
    pub lang: &'a str,
    pub from: String,
    pub to: String,
    pub at: String,
    pub subject: String,
    pub body: String,
    pub read: Option<String>,
    pub files: Vec<(String, String)>,
    pub reply_href: Option<String>,
    /// For a clerk of the office: the application the message filed.
    pub application: Option<(String, String)>,
}

pub fn message(v: &MessageView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        dl.definition {
            dt { (t!("mail.from", locale = lang)) } dd { (v.from) }
            dt { (t!("mail.to", locale = lang)) } dd { (v.to) }
            dt { (t!("mail.at", locale = lang)) } dd { (v.at) }
            dt { (t!("mail.state", locale = lang)) } dd {
                @if let Some(r) = &v.read { (t!("mail.read_at", locale = lang, at = r)) } @else { (t!("mail.unread", locale = lang)) }
            }
        }
        @if let Some((href, label)) = &v.application {
            aside.notice { p { a href=(href) { (label) } } }
        }
        section.card aria-labelledby="body-title" {
            h2 #body-title { (v.subject) }
            div.message-body { (v.body) }
        }
        @if !v.files.is_empty() {
            section.card aria-labelledby="mail-files-title" {
                h2 #mail-files-title { (t!("mail.files", locale = lang)) }
                ul { @for (href, label) in &v.files { li { a href=(href) download { (label) } } } }
            }
        }
        p.actions {
            @if let Some(href) = &v.reply_href { a.button.button--primary href=(href) { (t!("mail.reply", locale = lang)) } " " }
            a href="/mail" { (t!("mail.back", locale = lang)) }
        }
    }
}

pub struct ComposeView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub values: &'a dyn Fn(&str) -> String,
    pub errors: &'a Errors,
}

pub fn compose(v: &ComposeView<'_>) -> Markup {
    let lang = v.lang;
    let val = v.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let kind = val("to_kind");
    let kind = if kind.is_empty() {
        "user".to_string()
    } else {
        kind
    };
    let to_error = v.errors.for_field("to_kind");
    html! {
        (error_summary(lang, v.errors))
        p.notice { (tt("mail.not_for_forms")) " " a href="/submissions" { (tt("mail.submit_form")) } }
        form method="post" action="/mail" enctype="multipart/form-data" novalidate {
            (csrf(v.csrf))
            input type="hidden" name="reply_to" value=(val("reply_to"));
            fieldset.fieldset {
                legend { (tt("mail.to")) }
                @if let Some(e) = to_error { p.field__error id="to_kind-error" { (e) } }
                div.radio-group #to_kind {
                    label { input type="radio" name="to_kind" value="user" checked[kind == "user"]; " " (tt("mail.to_user")) }
                    label { input type="radio" name="to_kind" value="city" checked[kind == "city"]; " " (tt("mail.to_city")) }
                    label { input type="radio" name="to_kind" value="association" checked[kind == "association"]; " " (tt("mail.to_association")) }
                }
                (field(lang, &Field::text("to_login", tt("mail.to_login"), &val("to_login")).maxlength(64).support(tt("mail.to_login_support")), v.errors))
            }
            (field(lang, &Field::text("subject", tt("mail.subject"), &val("subject")).required().maxlength(100), v.errors))
            (textarea(lang, "body", &tt("mail.body"), &val("body"), true, 10000, v.errors))
            (file_input(lang, "attachment", &tt("mail.attachments"), v.errors))
            button.button.button--primary type="submit" { (tt("mail.send")) }
        }
    }
}

/// The procedures a professional can send, and what they sent with its status.
pub fn submissions(lang: &str, forms: &[(String, String, String)], mine: &[Vec<String>]) -> Markup {
    html! {
        p { (t!("submit.lead", locale = lang)) }
        ul.link-list {
            @for (href, label, note) in forms {
                li { a href=(href) { (label) } br; span.small { (note) } }
            }
        }
        section.card aria-labelledby="mine-title" {
            h2 #mine-title { (t!("submit.mine", locale = lang)) }
            @if mine.is_empty() {
                p.empty-state { (t!("submit.none", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table {
                        caption.visually-hidden { (t!("submit.mine", locale = lang)) }
                        thead { tr {
                            th scope="col" { (t!("applications.receipt", locale = lang)) }
                            th scope="col" { (t!("applications.form", locale = lang)) }
                            th scope="col" { (t!("applications.received", locale = lang)) }
                            th scope="col" { (t!("applications.status", locale = lang)) }
                        } }
                        tbody { @for r in mine { tr { @for c in r { td { (c) } } } } }
                    }
                }
            }
        }
    }
}
