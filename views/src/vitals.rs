//! The バイタル tab: the entry form (several measures at once), graphs per measure over 7, 30
//! or 90 days with the reference range of 療養のポイント shaded, and the table.

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf, error_summary};

pub struct MeasureField {
    pub code: &'static str,
    pub label: String,
    pub unit: &'static str,
    /// "30.0〜43.0": what the field accepts.
    pub plausible: String,
    pub value: String,
    pub inputmode: &'static str,
}

pub struct EntryForm<'a> {
    pub action: String,
    pub key: String,
    pub date: String,
    pub time: String,
    pub fields: Vec<MeasureField>,
    pub note: String,
    pub errors: &'a Errors,
}

pub struct Cell {
    pub text: String,
    pub outside: bool,
}

pub struct VitalRow {
    pub id: i64,
    pub at: String,
    pub cells: Vec<Cell>,
    pub by: String,
    pub note: String,
    /// "when — reason" of a withdrawn entry
    pub withdrawn: Option<String>,
    /// Where its writer withdraws it.
    pub withdraw_action: Option<String>,
}

pub struct VitalsView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    /// (href, label, current)
    pub periods: Vec<(String, String, bool)>,
    pub form: Option<EntryForm<'a>>,
    pub ranges: Vec<String>,
    pub care_points_href: Option<String>,
    /// The graphs, drawn (SVG).
    pub graphs: Vec<Markup>,
    pub columns: Vec<String>,
    pub rows: Vec<VitalRow>,
    pub rows_cut: bool,
    pub period_label: String,
}

fn entry_form(lang: &str, token: &str, f: &EntryForm<'_>) -> Markup {
    let err = |name: &str| f.errors.for_field(name);
    html! {
        section.card aria-labelledby="vitals-entry-title" {
            h2 #vitals-entry-title { (t!("vitals.entry_title", locale = lang)) }
            (error_summary(lang, f.errors))
            form.vitals-form method="post" action=(f.action) data-offline="vitals" {
                (csrf(token))
                input type="hidden" name="key" value=(f.key);
                p.support { (t!("vitals.entry_help", locale = lang)) }
                div.field-row {
                    (crate::form::field(lang, &crate::form::Field::text("measured_on", t!("vitals.measured_on", locale = lang).into(), &f.date)
                        .required().support(t!("vitals.date_help", locale = lang).into()).maxlength(20), f.errors))
                    (crate::form::field(lang, &crate::form::Field::text("measured_time", t!("vitals.measured_time", locale = lang).into(), &f.time)
                        .required().support(t!("vitals.time_help", locale = lang).into()).inputmode("numeric").maxlength(5), f.errors))
                }
                div.vitals-grid {
                    @for m in &f.fields {
                        @let e = err(m.code);
                        div class={ "field" @if e.is_some() { " field--error" } } {
                            label.field__label for=(m.code) { (m.label) " (" (m.unit) ")" }
                            p.field__support id={ (m.code) "-support" } { (t!("vitals.plausible", locale = lang, range = m.plausible)) }
                            @if let Some(e) = e { p.field__error id={ (m.code) "-error" } { (e) } }
                            input.field__input.field__input--short id=(m.code) name=(m.code) type="text" value=(m.value)
                                inputmode=(m.inputmode) autocomplete="off" maxlength="6"
                                aria-invalid=[e.map(|_| "true")]
                                aria-describedby={ (m.code) "-support" @if e.is_some() { " " (m.code) "-error" } };
                        }
                    }
                }
                (crate::form::field(lang, &crate::form::Field::text("note", t!("vitals.note", locale = lang).into(), &f.note).maxlength(200), f.errors))
                p.offline-status hidden aria-live="polite" {}
                button.button.button--primary type="submit" { (t!("vitals.save", locale = lang)) }
            }
        }
    }
}

pub fn page(v: &VitalsView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if let Some(f) = &v.form { (entry_form(lang, v.csrf, f)) }
        section aria-labelledby="vitals-graphs-title" {
            h2 #vitals-graphs-title { (t!("vitals.graphs_title", locale = lang)) }
            nav.period aria-label=(t!("vitals.period", locale = lang)) {
                ul { @for (href, label, current) in &v.periods {
                    li { a href=(href) aria-current=[current.then_some("page")] { (label) } }
                } }
            }
            @if v.ranges.is_empty() {
                p.support {
                    (t!("vitals.no_ranges", locale = lang))
                    @if let Some(h) = &v.care_points_href { " " a href=(h) { (t!("vitals.set_ranges", locale = lang)) } }
                }
            } @else {
                p.support {
                    (t!("vitals.ranges", locale = lang)) " " (v.ranges.join("、"))
                    " ・ " span aria-hidden="true" { "▲" } " " (t!("vitals.outside_legend", locale = lang))
                }
            }
            @if v.graphs.is_empty() {
                p.empty-state { (t!("vitals.none_in_period", locale = lang, period = v.period_label)) }
            }
            div.graphs { @for g in &v.graphs { (g) } }
        }
        section aria-labelledby="vitals-table-title" {
            h2 #vitals-table-title { (t!("vitals.table_title", locale = lang)) }
            @if !v.rows.is_empty() {
                div.table-scroll {
                    table.table.table--vitals {
                        caption {
                            (t!("vitals.table_caption", locale = lang, period = v.period_label, count = v.rows.len()))
                            @if v.rows_cut { " " (t!("vitals.table_cut", locale = lang)) }
                        }
                        thead { tr {
                            th scope="col" { (t!("vitals.measured_at", locale = lang)) }
                            @for c in &v.columns { th scope="col" { (c) } }
                            th scope="col" { (t!("vitals.entered_by", locale = lang)) }
                            th scope="col" { (t!("vitals.note", locale = lang)) }
                        } }
                        tbody {
                            @for r in &v.rows {
                                tr id={ "vital-" (r.id) } class={ @if r.withdrawn.is_some() { "row--withdrawn" } } {
                                    th scope="row" { (r.at) }
                                    @for c in &r.cells {
                                        @if c.outside {
                                            td.cell--outside { span aria-hidden="true" { "▲" } (c.text) span.visually-hidden { (t!("vitals.outside", locale = lang)) } }
                                        } @else {
                                            td { (c.text) }
                                        }
                                    }
                                    td { (r.by) }
                                    td {
                                        (r.note)
                                        @if let Some(w) = &r.withdrawn {
                                            p.small { strong { (t!("vitals.withdrawn", locale = lang)) } " " (w) }
                                        }
                                        @if let Some(action) = &r.withdraw_action {
                                            (crate::clinical::withdraw_form(lang, v.csrf, action, r.id, &t!("vitals.withdraw", locale = lang)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            } @else {
                p.empty-state { (t!("vitals.none_in_period", locale = lang, period = v.period_label)) }
            }
        }
    }
}
