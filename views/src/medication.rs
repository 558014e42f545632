//! The おくすり情報 tab: what the patient takes now, the prescriptions newest first, and the form
//! for a new one (several lines of drug, dose, directions and days).

use maud::{Markup, html};
use rust_i18n::t;

use crate::clinical::Values;
use crate::form::{Errors, Field, csrf, field, textarea};

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
    use crate::form::with_summary;
    let v = f.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
        details.card #rx-new open[!f.errors.is_empty()] {
            summary { h2.inline-heading { (tt("medication.new")) } }
            (with_summary(lang, f.errors, html! {
            form method="post" action=(f.action) novalidate {
                (csrf(token))
                input type="hidden" name="key" value=(f.key);
                (field(lang, &Field::text("prescribed_on", tt("medication.prescribed_on"), &v("prescribed_on"))
                    .required().support(tt("vitals.date_help")).maxlength(20), f.errors))
                (field(lang, &Field::text("institution", tt("medication.institution"), &v("institution")).required().maxlength(100), f.errors))
                (field(lang, &Field::text("prescriber", tt("medication.prescriber"), &v("prescriber")).maxlength(50), f.errors))
                fieldset.fieldset {
                    legend { (tt("medication.lines")) }
                    p.support { (tt("medication.lines_help")) }
                    @for i in 1..=f.rows {
                        @let n = |x: &str| format!("line_{i}_{x}");
                        @let row = t!("medication.line_n", locale = lang, n = i).to_string();
                        div.row-group {
                            p.row-group__title { (row) }
                            (f.errors.in_scope(&row, || html! {
                                (field(lang, &Field::text(&n("drug"), tt("medication.drug"), &v(&n("drug"))).maxlength(100), f.errors))
                                div.field-row {
                                    (field(lang, &Field::text(&n("dose"), tt("medication.dose"), &v(&n("dose"))).support(tt("medication.dose_help")).maxlength(50), f.errors))
                                    (field(lang, &Field::text(&n("directions"), tt("medication.directions"), &v(&n("directions"))).support(tt("medication.directions_help")).maxlength(100), f.errors))
                                    (field(lang, &Field::text(&n("days"), tt("medication.days"), &v(&n("days"))).support(tt("medication.days_help")).inputmode("numeric").maxlength(5), f.errors))
                                }
                            }))
                        }
                    }
                }
                (textarea(lang, "notes", &tt("medication.notes"), &v("notes"), false, 1000, f.errors))
                button.button.button--primary type="submit" { (tt("medication.save")) }
            }
            }))
        }
    }
}

pub fn page(v: &MedicationView<'_>) -> Markup {
    use crate::ui::stacked_table;
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
        section.card aria-labelledby="current-title" {
            h2 #current-title { (tt("medication.current")) }
            @if v.current.is_empty() {
                p.empty-state { (tt("medication.none_current")) }
            } @else {
                (stacked_table(&tt("medication.current"), true,
                    &[tt("medication.drug"), tt("medication.dose"), tt("medication.directions"), tt("medication.until"), tt("medication.source")],
                    v.current.iter().map(|l| (None, vec![
                        html! { strong { (l.drug) } }, html! { (l.dose) }, html! { (l.directions) }, html! { (l.until) }, html! { (l.source) },
                    ]))))
            }
        }
        @if let Some(f) = &v.form { (rx_form(lang, v.csrf, f)) }
        section aria-labelledby="rx-history-title" {
            h2 #rx-history-title { (tt("medication.history")) }
            @if v.history.is_empty() { p.empty-state { (tt("medication.none")) } }
            @for rx in &v.history {
                article.card id={ "rx-" (rx.id) } class={ @if rx.withdrawn.is_some() { "row--withdrawn" } } {
                    h3 { (rx.on) " " (rx.institution) @if !rx.prescriber.is_empty() { "（" (rx.prescriber) "）" } }
                    p.small { (rx.entered) }
                    @if let Some(w) = &rx.withdrawn { p.notice.notice--warning { strong { (tt("vitals.withdrawn")) } " " (w) } }
                    (stacked_table(&tt("medication.lines"), true,
                        &[tt("medication.drug"), tt("medication.dose"), tt("medication.directions"), tt("medication.days")],
                        rx.lines.iter().map(|l| (None, vec![
                            html! { strong { (l.drug) } }, html! { (l.dose) }, html! { (l.directions) },
                            html! { (t!("medication.days_value", locale = lang, n = l.days)) },
                        ]))))
                    @if !rx.notes.is_empty() { p.preserve-lines { (rx.notes) } }
                    @if let Some(action) = &rx.withdraw_action {
                        (crate::clinical::withdraw_form(lang, v.csrf, action, rx.id, &tt("medication.withdraw")))
                    }
                }
            }
        }
    }
}
