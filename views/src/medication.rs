//! The おくすり情報 tab: what the patient takes now, the prescriptions newest first, and the form
//! for a new one (several lines of drug, dose, directions and days).

use maud::{Markup, html};
use rust_i18n::t;

use crate::clinical::Values;
use crate::form::{Errors, Field, csrf, error_summary, field, textarea};

pub struct CurrentLine {
    pub drug: String,
    pub dose: String,
    pub directions: String,
    pub until: String,
    pub source: String,
}

pub struct LineView {
    pub drug: String,
    pub dose: String,
    pub directions: String,
    pub days: i32,
}

pub struct RxView {
    pub id: i64,
    pub on: String,
    pub institution: String,
    pub prescriber: String,
    pub notes: String,
    pub entered: String,
    pub lines: Vec<LineView>,
    pub withdrawn: Option<String>,
    pub withdraw_action: Option<String>,
}

pub struct RxForm<'a> {
    pub action: String,
    pub key: String,
    pub values: Values<'a>,
    pub errors: &'a Errors,
    pub rows: usize,
}

pub struct MedicationView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub form: Option<RxForm<'a>>,
    pub current: Vec<CurrentLine>,
    pub history: Vec<RxView>,
}

fn rx_form(lang: &str, token: &str, f: &RxForm<'_>) -> Markup {
    let v = f.values;
    html! {
        details.card open[!f.errors.is_empty()] {
            summary { h2.inline-heading { (t!("medication.new", locale = lang)) } }
            (error_summary(lang, f.errors))
            form method="post" action=(f.action) {
                (csrf(token))
                input type="hidden" name="key" value=(f.key);
                (field(lang, &Field::text("prescribed_on", t!("medication.prescribed_on", locale = lang).into(), &v("prescribed_on"))
                    .required().support(t!("vitals.date_help", locale = lang).into()).maxlength(20), f.errors))
                (field(lang, &Field::text("institution", t!("medication.institution", locale = lang).into(), &v("institution")).required().maxlength(100), f.errors))
                (field(lang, &Field::text("prescriber", t!("medication.prescriber", locale = lang).into(), &v("prescriber")).maxlength(50), f.errors))
                fieldset.fieldset {
                    legend { (t!("medication.lines", locale = lang)) }
                    p.support { (t!("medication.lines_help", locale = lang)) }
                    @for i in 1..=f.rows {
                        @let n = |x: &str| format!("line_{i}_{x}");
                        div.row-group {
                            p.row-group__title { (t!("medication.line_n", locale = lang, n = i)) }
                            (field(lang, &Field::text(&n("drug"), t!("medication.drug", locale = lang).into(), &v(&n("drug"))).maxlength(100), f.errors))
                            div.field-row {
                                (field(lang, &Field::text(&n("dose"), t!("medication.dose", locale = lang).into(), &v(&n("dose"))).maxlength(50), f.errors))
                                (field(lang, &Field::text(&n("directions"), t!("medication.directions", locale = lang).into(), &v(&n("directions"))).maxlength(100), f.errors))
                                (field(lang, &Field::text(&n("days"), t!("medication.days", locale = lang).into(), &v(&n("days"))).inputmode("numeric").maxlength(3), f.errors))
                            }
                        }
                    }
                }
                (textarea(lang, "notes", &t!("medication.notes", locale = lang), &v("notes"), false, 1000, f.errors))
                button.button.button--primary type="submit" { (t!("medication.save", locale = lang)) }
            }
        }
    }
}

pub fn page(v: &MedicationView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        section.card aria-labelledby="current-title" {
            h2 #current-title { (t!("medication.current", locale = lang)) }
            @if v.current.is_empty() {
                p.empty-state { (t!("medication.none_current", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table {
                        thead { tr {
                            th scope="col" { (t!("medication.drug", locale = lang)) }
                            th scope="col" { (t!("medication.dose", locale = lang)) }
                            th scope="col" { (t!("medication.directions", locale = lang)) }
                            th scope="col" { (t!("medication.until", locale = lang)) }
                            th scope="col" { (t!("medication.source", locale = lang)) }
                        } }
                        tbody { @for l in &v.current { tr {
                            th scope="row" { (l.drug) } td { (l.dose) } td { (l.directions) } td { (l.until) } td { (l.source) }
                        } } }
                    }
                }
            }
        }
        @if let Some(f) = &v.form { (rx_form(lang, v.csrf, f)) }
        section aria-labelledby="rx-history-title" {
            h2 #rx-history-title { (t!("medication.history", locale = lang)) }
            @if v.history.is_empty() { p.empty-state { (t!("medication.none", locale = lang)) } }
            @for rx in &v.history {
                article.card id={ "rx-" (rx.id) } class={ @if rx.withdrawn.is_some() { "row--withdrawn" } } {
                    h3 { (rx.on) " " (rx.institution) @if !rx.prescriber.is_empty() { "（" (rx.prescriber) "）" } }
                    p.small { (rx.entered) }
                    @if let Some(w) = &rx.withdrawn { p { strong { (t!("vitals.withdrawn", locale = lang)) } " " (w) } }
                    div.table-scroll {
                        table.table {
                            thead { tr {
                                th scope="col" { (t!("medication.drug", locale = lang)) }
                                th scope="col" { (t!("medication.dose", locale = lang)) }
                                th scope="col" { (t!("medication.directions", locale = lang)) }
                                th scope="col" { (t!("medication.days", locale = lang)) }
                            } }
                            tbody { @for l in &rx.lines { tr {
                                th scope="row" { (l.drug) } td { (l.dose) } td { (l.directions) } td { (l.days) }
                            } } }
                        }
                    }
                    @if !rx.notes.is_empty() { p.preserve-lines { (rx.notes) } }
                    @if let Some(action) = &rx.withdraw_action {
                        (crate::clinical::withdraw_form(lang, v.csrf, action, rx.id, &t!("medication.withdraw", locale = lang)))
                    }
                }
            }
        }
    }
}
