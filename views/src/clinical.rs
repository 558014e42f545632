//! The versioned documents of a room — 療養のポイント and 患者情報: the current text, the form
//! that writes a new version, and the history (every version, who wrote it and when, and which
//! parts it changed).

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf, with_summary};

/// A document as labelled sections of (label, value) lines; a value may have several lines.
pub struct Shown {
    pub sections: Vec<(String, Vec<(String, String)>)>,
}

pub fn shown(s: &Shown) -> Markup {
    html! {
        @for (title, lines) in &s.sections {
            @if !title.is_empty() { h3 { (title) } }
            @if lines.is_empty() {
                p.empty-state { "—" }
            } @else {
                dl.definition {
                    @for (label, value) in lines {
                        dt { (label) }
                        dd.preserve-lines { @if value.is_empty() { "—" } @else { (value) } }
                    }
                }
            }
        }
    }
}

pub struct HistoryEntry {
    pub at: String,
    pub by: String,
    /// Which parts this version changed ("住所、電話番号"); empty for the first.
    pub changed: String,
    pub doc: Shown,
}

pub struct DocumentView<'a> {
    pub lang: &'a str,
    pub title: String,
    pub lead: String,
    pub current: Option<(String, String, Shown)>,
    pub edit_href: Option<String>,
    pub history: Vec<HistoryEntry>,
    /// Shown above the document (the care team of 患者情報).
    pub extra: Option<Markup>,
}

pub fn document(v: &DocumentView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.support { (v.lead) }
        @if let Some(h) = &v.edit_href {
            p { a.button href=(h) { (t!("clinical.edit", locale = lang)) } }
        }
        section.card aria-labelledby="doc-title" {
            h2 #doc-title { (v.title) }
            @match &v.current {
                Some((at, by, doc)) => {
                    // Not saved by anyone yet: `by` says where the text comes from.
                    @if at.is_empty() {
                        p.small { (by) }
                    } @else {
                        p.small { (t!("clinical.updated", locale = lang, at = at, by = by)) }
                    }
                    (shown(doc))
                }
                None => { p.empty-state { (t!("clinical.none_yet", locale = lang)) } }
            }
        }
        @if let Some(extra) = &v.extra { (extra) }
        @if v.history.len() > 1 {
            section aria-labelledby="history-title" {
                h2 #history-title { (t!("clinical.history", locale = lang)) }
                ol.history {
                    @for h in &v.history {
                        li {
                            details {
                                summary {
                                    (h.at) " " (h.by)
                                    @if !h.changed.is_empty() { " — " (t!("clinical.changed", locale = lang, what = h.changed)) }
                                }
                                (shown(&h.doc))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The edit form of a document: the fields come as markup; the form carries the version it
/// was opened on (`base`) and the CSRF token.
pub struct EditView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub base: Option<i64>,
    pub errors: &'a Errors,
    pub fields: Markup,
}

pub fn edit(v: &EditView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (with_summary(lang, v.errors, html! {
        form method="post" action=(v.action) novalidate {
            (csrf(v.csrf))
            input type="hidden" name="base" value=(v.base.map(|b| b.to_string()).unwrap_or_default());
            (v.fields)
            div.actions {
                button.button.button--primary type="submit" { (t!("clinical.save", locale = lang)) }
                " "
                a href=(v.back) { (t!("clinical.cancel", locale = lang)) }
            }
        }
        }))
    }
}

/// A form's current values by field name (what was typed, or the document's).
pub type Values<'a> = &'a dyn Fn(&str) -> String;

fn small_input(name: &str, label: &str, value: &str, inputmode: &str, errors: &Errors) -> Markup {
    let error = errors.for_field(name);
    html! {
        label.visually-hidden for=(name) { (label) }
        @if let Some(e) = error { p.field__error id={ (name) "-error" } { (e) } }
        input.field__input.field__input--short id=(name) name=(name) type="text" value=(value)
            inputmode=(inputmode) autocomplete="off" maxlength="6"
            aria-invalid=[error.map(|_| "true")]
            aria-describedby=[error.map(|_| format!("{name}-error"))];
    }
}

pub struct RangeRow {
    pub code: &'static str,
    pub label: String,
    pub unit: String,
    pub inputmode: &'static str,
}

/// 療養のポイント: what to watch, when to report, ranges per measure, and whom to tell.
pub fn care_points_fields(
    lang: &str,
    values: Values<'_>,
    errors: &Errors,
    ranges: &[RangeRow],
    members: &[(i64, String)],
    recipients: &[i64],
) -> Markup {
    use crate::form::textarea;
    html! {
        (textarea(lang, "observation", &t!("care_points.observation", locale = lang), &values("observation"), false, 2000, errors))
        (textarea(lang, "report_when", &t!("care_points.report_when", locale = lang), &values("report_when"), false, 1000, errors))
        fieldset.fieldset {
            legend { (t!("care_points.ranges", locale = lang)) }
            p.support { (t!("care_points.ranges_help", locale = lang)) }
            div.table-scroll {
                table.table.table--stack {
                    thead { tr {
                        th scope="col" { (t!("care_points.measure", locale = lang)) }
                        th scope="col" { (t!("care_points.low", locale = lang)) }
                        th scope="col" { (t!("care_points.high", locale = lang)) }
                    } }
                    tbody { @for r in ranges {
                        @let low = format!("{}_low", r.code);
                        @let high = format!("{}_high", r.code);
                        tr {
                            th scope="row" { (r.label) "（" (r.unit) "）" }
                            td data-label=(t!("care_points.low", locale = lang)) { (small_input(&low, &format!("{} {}", r.label, t!("care_points.low", locale = lang)), &values(&low), r.inputmode, errors)) }
                            td data-label=(t!("care_points.high", locale = lang)) { (small_input(&high, &format!("{} {}", r.label, t!("care_points.high", locale = lang)), &values(&high), r.inputmode, errors)) }
                        }
                    } }
                }
            }
        }
        fieldset.fieldset id="recipient" {
            legend { (t!("care_points.recipients", locale = lang)) }
            p.support { (t!("care_points.recipients_help", locale = lang)) }
            @if let Some(e) = errors.for_field("recipient") { p.field__error { (e) } }
            @for (id, name) in members {
                label.checkbox {
                    input type="checkbox" name="recipient" value=(id) checked[recipients.contains(id)];
                    span { (name) }
                }
            }
        }
    }
}

/// 患者情報: basic data, medical notes, family and key persons, services in use.
pub fn patient_fields(
    lang: &str,
    values: Values<'_>,
    errors: &Errors,
    options: &PatientOptions,
) -> Markup {
    use crate::form::{Field, checkbox, field, select, textarea};
    let text = |name: &'static str, key: &str, value: String| {
        (name, t!(key, locale = lang).to_string(), value)
    };
    let basic = [
        text("name", "patient.name", values("name")),
        text("kana", "patient.kana", values("kana")),
    ];
    html! {
        fieldset.fieldset {
            legend { (t!("patient.basic", locale = lang)) }
            @for (name, label, value) in &basic {
                @let f = Field::text(name, label.clone(), value).maxlength(100);
                @if *name == "name" { (field(lang, &f.required(), errors)) } @else { (field(lang, &f, errors)) }
            }
            (field(lang, &Field::text("birth_date", t!("patient.birth_date", locale = lang).into(), &values("birth_date"))
                .support(options.birth_help.clone()).maxlength(20), errors))
            (select(lang, "sex", &t!("patient.sex", locale = lang), &options.sexes, &values("sex"), false, errors))
            (field(lang, &Field::text("postcode", t!("patient.postcode", locale = lang).into(), &values("postcode")).maxlength(10).inputmode("numeric"), errors))
            (field(lang, &Field::text("address", t!("patient.address", locale = lang).into(), &values("address")).maxlength(200), errors))
            (field(lang, &Field::text("phone", t!("patient.phone", locale = lang).into(), &values("phone")).maxlength(20).inputmode("tel"), errors))
            (select(lang, "care_level", &t!("patient.care_level", locale = lang), &options.care_levels, &values("care_level"), false, errors))
            (textarea(lang, "medical_notes", &t!("patient.medical_notes", locale = lang), &values("medical_notes"), false, 2000, errors))
        }
        fieldset.fieldset {
            legend { (t!("patient.family", locale = lang)) }
            p.support { (t!("patient.family_help", locale = lang)) }
            @for i in 1..=options.family_rows {
                @let f = |n: &str| format!("family_{i}_{n}");
                div.row-group {
                    p.row-group__title { (t!("patient.person_n", locale = lang, n = i)) }
                    (field(lang, &Field::text(&f("name"), t!("patient.person_name", locale = lang).into(), &values(&f("name"))).maxlength(50), errors))
                    (field(lang, &Field::text(&f("relationship"), t!("patient.relationship", locale = lang).into(), &values(&f("relationship"))).maxlength(30), errors))
                    (field(lang, &Field::text(&f("phone"), t!("patient.phone", locale = lang).into(), &values(&f("phone"))).maxlength(20).inputmode("tel"), errors))
                    (checkbox(&f("key_person"), &t!("patient.key_person", locale = lang), !values(&f("key_person")).is_empty(), errors))
                    (checkbox(&f("lives_with"), &t!("patient.lives_with", locale = lang), !values(&f("lives_with")).is_empty(), errors))
                    (field(lang, &Field::text(&f("note"), t!("patient.person_note", locale = lang).into(), &values(&f("note"))).maxlength(200), errors))
                }
            }
        }
        fieldset.fieldset {
            legend { (t!("patient.services", locale = lang)) }
            @for i in 1..=options.service_rows {
                @let f = |n: &str| format!("service_{i}_{n}");
                div.row-group {
                    p.row-group__title { (t!("patient.service_n", locale = lang, n = i)) }
                    (field(lang, &Field::text(&f("name"), t!("patient.service_name", locale = lang).into(), &values(&f("name"))).maxlength(50), errors))
                    (field(lang, &Field::text(&f("provider"), t!("patient.provider", locale = lang).into(), &values(&f("provider"))).maxlength(100), errors))
                    (field(lang, &Field::text(&f("frequency"), t!("patient.frequency", locale = lang).into(), &values(&f("frequency"))).maxlength(50), errors))
                }
            }
        }
    }
}

pub struct PatientOptions {
    pub birth_help: String,
    pub sexes: Vec<(String, String)>,
    pub care_levels: Vec<(String, String)>,
    pub family_rows: usize,
    pub service_rows: usize,
}

/// The care team on the 患者情報 page: the room's members with their roles.
pub fn care_team(lang: &str, rule: &str, rows: &[Vec<String>]) -> Markup {
    html! {
        section.card aria-labelledby="team-title" {
            h2 #team-title { (t!("patient.care_team", locale = lang)) }
            p.support { (t!("patient.care_team_help", locale = lang)) }
            (crate::rooms::members(lang, rule, rows))
        }
    }
}

/// The small form that withdraws a mistyped record (its writer only), with a reason.
pub fn withdraw_form(lang: &str, token: &str, action: &str, id: i64, summary: &str) -> Markup {
    html! {
        details.withdraw {
            summary { (summary) }
            form method="post" action=(action) novalidate {
                (csrf(token))
                label for={ "reason-" (id) } { (t!("vitals.withdraw_reason", locale = lang)) }
                input.field__input id={ "reason-" (id) } name="reason" type="text" maxlength="200" required;
                button.button type="submit" { (t!("vitals.withdraw_confirm", locale = lang)) }
            }
        }
    }
}
