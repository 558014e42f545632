//! 利用者間メール: the inbox and sent box, one message, the composer, and the choice of a form
//! to submit by in-system mail.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::applications::document_input;
use crate::form::{Errors, Field, csrf, field, textarea, with_summary};

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
    /// The next 100 older messages (keyset paging).
    pub more_href: Option<String>,
}

fn tabs(lang: &str, sent: bool) -> Markup {
    html! {
        nav.tabs aria-label=(t!("mail.folders", locale = lang)) {
            ul {
                li { a href=(paths::MAIL) aria-current=[(!sent).then_some("page")] { (t!("mail.inbox", locale = lang)) } }
                li { a href=(paths::MAIL_SENT) aria-current=[sent.then_some("page")] { (t!("mail.sent", locale = lang)) } }
            }
        }
    }
}

pub fn list(v: &ListView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| t!(k, locale = lang).to_string();
    let headers: Vec<String> = [
        "mail.state",
        if v.sent { "mail.to" } else { "mail.from" },
        "mail.subject",
        "mail.at",
        "mail.files",
    ]
    .iter()
    .map(|k| tt(k))
    .collect();
    let more = tt("mail.more");
    html! {
        p.actions {
            a.button.button--primary href=(paths::MAIL_NEW) { (t!("mail.compose", locale = lang)) }
            @if v.can_submit_forms {
                " " a.button.button--secondary href=(paths::SUBMISSIONS) { (t!("mail.submit_form", locale = lang)) }
            }
        }
        (tabs(lang, v.sent))
        @if !v.sent {
            p { (t!("mail.unread_count", locale = lang, count = v.unread)) }
        }
        @if v.rows.is_empty() {
            p.empty-state { (t!("mail.empty", locale = lang)) }
        } @else {
            (crate::ui::paged_table((&tt(if v.sent { "mail.sent" } else { "mail.inbox" }), true), &headers,
                v.rows.iter().map(|r| {
                    let cells = vec![
                        html! { @if r.unread { strong.badge { (tt("mail.unread")) } } @else { (tt("mail.read")) } },
                        html! { (r.who) },
                        html! { a href=(r.href) { @if r.unread { strong { (r.subject) } } @else { (r.subject) } } },
                        html! { (r.at) },
                        html! { @if r.files > 0 { (r.files) } },
                    ];
                    (r.unread.then_some("row--unread"), cells)
                }),
                "messages", v.more_href.as_deref().map(|h| (h, &*more))))
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
            a href=(paths::MAIL) { (t!("mail.back", locale = lang)) }
        }
    }
}

/// A person one may write to, as the picker lists them.
pub struct Choice {
    pub id: i64,
    pub name: String,
    /// 所属・職種
    pub meta: String,
}

pub struct ComposeView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub values: &'a dyn Fn(&str) -> String,
    pub errors: &'a Errors,
    /// Files chosen before the form came back: (id, "name (size)").
    pub kept: &'a [(i64, String)],
    pub recipients: RecipientsView<'a>,
    /// The offices one may write to, (code, label) as the configuration names them:
    /// 「S管理者（市）」, 「管理者（医師会）」 and any area office.
    pub offices: Vec<(String, String)>,
}

/// The picker's results: who matched the search, and who is chosen.
pub struct RecipientsView<'a> {
    pub lang: &'a str,
    pub query: &'a str,
    pub searched: bool,
    pub found: Vec<Choice>,
    pub chosen: Option<Choice>,
}

/// The people to choose from (radio buttons, the chosen one first): what htmx puts under the
/// search field, and what the form shows after 「探す」 without script.
pub fn recipient_options(v: &RecipientsView<'_>) -> Markup {
    let lang = v.lang;
    let chosen = v.chosen.as_ref().map(|c| c.id);
    html! {
        @if v.searched && v.found.is_empty() {
            p.empty-state { (t!("mail.no_recipient", locale = lang)) }
        }
        @if v.chosen.is_some() || !v.found.is_empty() {
            ul.recipients {
                @for c in v.chosen.iter().chain(v.found.iter().filter(|c| Some(c.id) != chosen)) {
                    li {
                        label.radio {
                            input type="radio" name="to_user" value=(c.id) checked[Some(c.id) == chosen];
                            span { strong { (c.name) } br; span.small { (c.meta) } }
                        }
                    }
                }
            }
        }
    }
}

/// The search as a page of its own (no script): each result starts a message to that person.
pub fn recipients_page(v: &RecipientsView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        form.search-form method="get" action=(paths::MAIL_RECIPIENTS) role="search" {
            label for="q" { (t!("mail.find_recipient_label", locale = lang)) }
            input #q type="search" name="q" value=(v.query) maxlength="64";
            button.button.button--secondary type="submit" { (t!("mail.find", locale = lang)) }
        }
        @if v.searched && v.found.is_empty() { p.empty-state { (t!("mail.no_recipient", locale = lang)) } }
        @if !v.found.is_empty() {
            ul.link-list {
                @for c in &v.found {
                    li { a href={ (paths::MAIL_NEW) "?to=" (c.id) } { (c.name) } br; span.small { (c.meta) } }
                }
            }
        }
    }
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
    let user_error = v.errors.for_field("to_search");
    html! {
        p.notice { (tt("mail.not_for_forms")) " " a href=(paths::SUBMISSIONS) { (tt("mail.submit_form")) } }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(paths::MAIL) enctype="multipart/form-data" novalidate {
            (csrf(v.csrf))
            input type="hidden" name="reply_to" value=(val("reply_to"));
            fieldset.fieldset {
                legend { (tt("mail.to")) }
                ({ v.errors.label("to_kind", &tt("mail.to")); v.errors.label("to_search", &tt("mail.to_user")); html! {} })
                div.radio-group.radio-group--inline #to_kind {
                    label { input type="radio" name="to_kind" value="user" checked[kind == "user"]; span { (tt("mail.to_user")) } }
                    @for (code, label) in &v.offices {
                        label { input type="radio" name="to_kind" value=(code) checked[kind == code.as_str()]; span { (label) } }
                    }
                }
                @if let Some(e) = to_error { p.field__error id="to_kind-error" { (e) } }
                div class={ "field" @if user_error.is_some() { " field--error" } } {
                    label.field__label for="to_search" { (tt("mail.find_recipient_label")) }
                    p.field__support #to_search-support { (tt("mail.find_recipient_support")) }
                    div.search-form {
                        input.field__input #to_search type="search" name="to_search" value=(val("to_search")) maxlength="64"
                            autocomplete="off" aria-controls="recipient-results"
                            aria-describedby={ "to_search-support" @if user_error.is_some() { " to_search-error" } }
                            aria-invalid=[user_error.map(|_| "true")]
                            hx-get=(paths::MAIL_RECIPIENTS) hx-trigger="input changed delay:300ms, search" hx-target="#recipient-results" hx-swap="innerHTML";
                        button.button.button--secondary type="submit" name="op" value="find" { (tt("mail.find")) }
                    }
                    @if let Some(e) = user_error { p.field__error #to_search-error { (e) } }
                    div #recipient-results aria-live="polite" { (recipient_options(&v.recipients)) }
                }
            }
            (field(lang, &Field::text("subject", tt("mail.subject"), &val("subject")).required().maxlength(100), v.errors))
            (textarea(lang, "body", &tt("mail.body"), &val("body"), true, 10000, v.errors))
            (crate::applications::kept_files(lang, "attachment", v.kept))
            (document_input(lang, "attachment", &tt("mail.attachments"), v.errors))
            button.button.button--primary type="submit" { (tt("mail.send")) }
        }
        }))
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
                (crate::ui::stacked_table(&t!("submit.mine", locale = lang), true,
                    &[t!("applications.receipt", locale = lang).into(), t!("applications.form", locale = lang).into(),
                      t!("applications.received", locale = lang).into(), t!("applications.status", locale = lang).into()],
                    crate::ui::text_rows(mine)))
            }
        }
    }
}
