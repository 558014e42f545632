//! お知らせ: the list (what I received, unread first marked; what my office published, with how
//! many read it), the publishing form, and one notice — its text, attachment and the answer it
//! asks, and for the publishing office who has read it and who has not.

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, Field, csrf, field, textarea, with_summary};
use crate::paths;

/// A notice in a list.
pub struct NoticeRow {
    pub href: String,
    pub title: String,
    pub from: String,
    pub at: String,
    pub unread: bool,
    /// 「12 / 40 人が既読」 (the publisher's list).
    pub reads: Option<String>,
}

pub struct NoticeList<'a> {
    pub lang: &'a str,
    /// Where a clerk publishes one.
    pub new_href: Option<String>,
    pub received: Vec<NoticeRow>,
    /// A clerk's office's notices (None for others).
    pub published: Option<Vec<NoticeRow>>,
}

fn rows(lang: &str, rows: &[NoticeRow]) -> Markup {
    html! {
        ul.link-list {
            @for r in rows {
                li {
                    @if r.unread { span.badge { (t!("notices.unread", locale = lang)) } " " }
                    a href=(r.href) { (r.title) }
                    br;
                    span.small { (r.from) " ・ " (r.at) @if let Some(n) = &r.reads { " ・ " (n) } }
                }
            }
        }
    }
}

pub fn list(v: &NoticeList<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.support { (t!("notices.lead", locale = lang)) }
        @if let Some(href) = &v.new_href {
            p { a.button.button--primary href=(href) { (t!("notices.new", locale = lang)) } }
        }
        @if let Some(published) = &v.published {
            section.card aria-labelledby="published-title" {
                h2 #published-title { (t!("notices.published", locale = lang)) }
                @if published.is_empty() {
                    p.empty-state { (t!("notices.none_published", locale = lang)) }
                } @else { (rows(lang, published)) }
            }
        }
        @if v.published.is_none() || !v.received.is_empty() {
            section.card aria-labelledby="received-title" {
                h2 #received-title { (t!("notices.received", locale = lang)) }
                @if v.received.is_empty() {
                    p.empty-state { (t!("notices.none", locale = lang)) }
                } @else { (rows(lang, &v.received)) }
            }
        }
    }
}

/// The publishing form.
pub struct NoticeForm<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub key: String,
    pub values: &'a dyn Fn(&str) -> String,
    /// Ticked codes of a multi-choice field.
    pub ticked: &'a dyn Fn(&str, &str) -> bool,
    pub errors: &'a Errors,
    /// (code, label)
    pub kinds: Vec<(String, String)>,
    pub professions: Vec<(String, String)>,
    /// The office that publishes: 「S管理者（市）」.
    pub from: String,
}

fn radios(
    lang: &str,
    name: &str,
    legend: &str,
    options: &[(&str, String)],
    chosen: &str,
    errors: &Errors,
) -> Markup {
    errors.label(name, legend);
    let error = errors.for_field(name);
    html! {
        fieldset.fieldset #(name) tabindex="-1" {
            legend { (legend) span.field__required { (t!("form.required", locale = lang)) } }
            @for (code, label) in options {
                label.checkbox { input type="radio" name=(name) value=(code) checked[chosen == *code]; span { (label) } }
            }
            @if let Some(e) = error { p.field__error { (e) } }
        }
    }
}

fn ticks(
    name: &str,
    legend: &str,
    options: &[(String, String)],
    ticked: &dyn Fn(&str, &str) -> bool,
    errors: &Errors,
) -> Markup {
    errors.label(name, legend);
    let error = errors.for_field(name);
    html! {
        fieldset.fieldset #(name) tabindex="-1" {
            legend { (legend) }
            div.checkbox-row {
                @for (code, label) in options {
                    label.checkbox { input type="checkbox" name=(name) value=(code) checked[ticked(name, code)]; span { (label) } }
                }
            }
            @if let Some(e) = error { p.field__error { (e) } }
        }
    }
}

pub fn form(v: &NoticeForm<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let val = v.values;
    let audience = val("audience");
    let audience = if audience.is_empty() {
        "all".to_string()
    } else {
        audience
    };
    let response = val("response");
    let response = if response.is_empty() {
        "none".to_string()
    } else {
        response
    };
    html! {
        p.support { (t!("notices.form_lead", locale = lang, office = v.from)) }
        (with_summary(lang, v.errors, html! {
            form method="post" action=(paths::NOTICES) enctype="multipart/form-data" novalidate {
                (csrf(v.csrf))
                input type="hidden" name="key" value=(v.key);
                (field(lang, &Field::text("title", tt("notices.title_field"), &val("title")).required().maxlength(100), v.errors))
                (textarea(lang, "body", &tt("notices.body"), &val("body"), true, 5000, v.errors))
                (radios(lang, "audience", &tt("notices.audience"), &[
                    ("all", tt("notices.audiences.all")),
                    ("kinds", tt("notices.audiences.kinds")),
                    ("professions", tt("notices.audiences.professions")),
                ], &audience, v.errors))
                details.notice-audience open[audience == "kinds" || v.errors.for_field("kind").is_some()] {
                    summary { (tt("notices.choose_kinds")) }
                    (ticks("kind", &tt("notices.kinds"), &v.kinds, v.ticked, v.errors))
                }
                details.notice-audience open[audience == "professions" || v.errors.for_field("profession").is_some()] {
                    summary { (tt("notices.choose_professions")) }
                    (ticks("profession", &tt("notices.professions"), &v.professions, v.ticked, v.errors))
                }
                (radios(lang, "response", &tt("notices.response"), &[
                    ("none", tt("notices.responses.none")),
                    ("confirm", tt("notices.responses.confirm")),
                    ("attendance", tt("notices.responses.attendance")),
                ], &response, v.errors))
                (crate::applications::document_input(lang, "attachment", &tt("notices.attachment"), v.errors))
                p.support { (tt("notices.no_personal_data")) }
                div.actions {
                    button.button.button--primary type="submit" { (tt("notices.publish")) }
                    " " a href=(paths::NOTICES) { (tt("notices.back")) }
                }
            }
        }))
    }
}

/// The answer form of a notice that asks one.
pub struct AnswerForm {
    pub action: String,
    /// (code, label)
    pub options: Vec<(String, String)>,
    /// The reader's answer so far.
    pub current: String,
}

pub struct NoticePage<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub from: String,
    pub at: String,
    pub body: String,
    /// (href, label)
    pub file: Option<(String, String)>,
    pub answer: Option<AnswerForm>,
    /// The publisher's view: 「12 / 40 人が既読」, and each recipient (name, organisation, read,
    /// answer).
    pub reads: Option<String>,
    pub recipients: Vec<Vec<String>>,
}

pub fn page(v: &NoticePage<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.room-meta { (v.from) " ・ " (v.at) }
        section.card aria-labelledby="notice-body-title" {
            h2.visually-hidden #notice-body-title { (t!("notices.body", locale = lang)) }
            p.preserve-lines { (v.body) }
            @if let Some((href, label)) = &v.file {
                p { a.post__file href=(href) { (label) } }
            }
        }
        @if let Some(a) = &v.answer {
            section.card aria-labelledby="answer-title" {
                h2 #answer-title { (t!("notices.answer_title", locale = lang)) }
                @if !a.current.is_empty() {
                    p { (t!("notices.answered", locale = lang, answer = a.options.iter().find(|(c, _)| *c == a.current).map(|(_, l)| l.as_str()).unwrap_or(""))) }
                }
                form method="post" action=(a.action) {
                    (csrf(v.csrf))
                    p.actions {
                        @for (code, label) in &a.options {
                            button.button class={ @if *code == a.current { "button--primary" } @else { "button--secondary" } } type="submit" name="answer" value=(code) { (label) }
                            " "
                        }
                    }
                }
            }
        }
        @if let Some(reads) = &v.reads {
            section.card aria-labelledby="reads-title" {
                h2 #reads-title { (t!("notices.reads_title", locale = lang)) }
                p { strong { (reads) } }
                (crate::ui::stacked_table(&t!("notices.reads_title", locale = lang), true,
                    &[t!("form.name", locale = lang).into(), t!("notices.organisation", locale = lang).into(),
                      t!("notices.read_at", locale = lang).into(), t!("notices.answer", locale = lang).into()],
                    crate::ui::text_rows(&v.recipients)))
            }
        }
        p { a href=(paths::NOTICES) { (t!("notices.back", locale = lang)) } }
    }
}
