//! The バイタル tab: the entry form (several measures at once), graphs per measure over 7, 30
//! or 90 days with the reference range of 療養のポイント shaded, and the table.

use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf};

pub struct MeasureField {
    pub code: &'static str,
    pub label: String,
    /// The label within the blood-pressure pair (上 / 下).
    pub short: String,
    pub unit: String,
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
    /// The 血圧 group's name with its unit.
    pub bp_label: String,
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
    /// Where the whole table of the period is (when this one is cut).
    pub all_href: Option<String>,
    /// Entries in the period.
    pub total: usize,
    pub period_label: String,
}

fn measure_input(m: &MeasureField, label: &str, errors: &Errors) -> Markup {
    errors.label(m.code, &m.label);
    let e = errors.for_field(m.code);
    html! {
        div class={ "field" @if e.is_some() { " field--error" } } {
            label.field__label for=(m.code) { (label) }
            p.field__support id={ (m.code) "-support" } { (m.plausible) }
            input.field__input id=(m.code) name=(m.code) type="text" value=(m.value)
                inputmode=(m.inputmode) autocomplete="off" maxlength="6"
                aria-invalid=[e.map(|_| "true")]
                aria-describedby={ (m.code) "-support" @if e.is_some() { " " (m.code) "-error" } };
            @if let Some(e) = e { p.field__error id={ (m.code) "-error" } { (e) } }
        }
    }
}

/// The entry form, made to be filled on a phone without scrolling to its button: two measures a
/// row, 血圧 上/下 on one line, numeric keypads, and the button kept in view while the form is.
fn entry_form(lang: &str, token: &str, f: &EntryForm<'_>) -> Markup {
    use crate::form::{Field, field, with_summary};
    let pair: Vec<&MeasureField> = f
        .fields
        .iter()
        .filter(|m| matches!(m.code, "systolic" | "diastolic"))
        .collect();
    html! {
        section.card #vitals-entry aria-labelledby="vitals-entry-title" {
            h2 #vitals-entry-title { (t!("vitals.entry_title", locale = lang)) }
            (with_summary(lang, f.errors, html! {
            form.vitals-form method="post" action=(f.action) data-offline="vitals" novalidate {
                (csrf(token))
                input type="hidden" name="key" value=(f.key);
                div.field-row {
                    (field(lang, &Field::text("measured_on", t!("vitals.measured_on", locale = lang).into(), &f.date)
                        .required().support(t!("vitals.date_help_short", locale = lang).into()).maxlength(20), f.errors))
                    (field(lang, &Field::text("measured_time", t!("vitals.measured_time", locale = lang).into(), &f.time)
                        .required().support(t!("vitals.time_help", locale = lang).into()).inputmode("numeric").maxlength(5), f.errors))
                }
                p.support { (t!("vitals.entry_help", locale = lang)) }
                div.vitals-grid {
                    @for m in &f.fields {
                        @if m.code == "systolic" && pair.len() == 2 {
                            fieldset.fieldset.vitals-grid__pair {
                                legend { (f.bp_label) }
                                div.field-row {
                                    (measure_input(pair[0], &pair[0].short, f.errors))
                                    span.bp-slash aria-hidden="true" { "/" }
                                    (measure_input(pair[1], &pair[1].short, f.errors))
                                }
                            }
                        } @else if m.code != "diastolic" || pair.len() != 2 {
                            (measure_input(m, &format!("{}（{}）", m.label, m.unit), f.errors))
                        }
                    }
                }
                (field(lang, &Field::text("note", t!("vitals.note", locale = lang).into(), &f.note).maxlength(200), f.errors))
                p.offline-status hidden aria-live="polite" {}
                p.sticky-actions { button.button.button--primary.button--block type="submit" { (t!("vitals.save", locale = lang)) } }
            }
            }))
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
                    table.table.table--vitals.table--stack {
                        caption {
                            (t!("vitals.table_caption", locale = lang, period = v.period_label, count = v.rows.len()))
                            @if v.rows_cut { " " (t!("vitals.table_cut", locale = lang, total = v.total)) }
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
                                    th scope="row" data-label=(t!("vitals.measured_at", locale = lang)) { (r.at) }
                                    @for (i, c) in r.cells.iter().enumerate() {
                                        @let label = v.columns.get(i).map(String::as_str).unwrap_or("");
                                        @if c.outside {
                                            td.cell--outside.table__num data-label=(label) { span aria-hidden="true" { "▲" } (c.text) span.visually-hidden { (t!("vitals.outside", locale = lang)) } }
                                        } @else {
                                            td.table__num data-label=(label) { (c.text) }
                                        }
                                    }
                                    td data-label=(t!("vitals.entered_by", locale = lang)) { (r.by) }
                                    td.cell--note data-label=(t!("vitals.note", locale = lang)) {
                                        (r.note)
                                        @if let Some(w) = &r.withdrawn {
                                            p.small.withdrawn-note { strong { (t!("vitals.withdrawn", locale = lang)) } " " (w) }
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
                @if let Some(h) = &v.all_href { p { a href=(h) { (t!("vitals.show_all", locale = lang, total = v.total)) } } }
            } @else {
                p.empty-state { (t!("vitals.none_in_period", locale = lang, period = v.period_label)) }
            }
        }
    }
}
