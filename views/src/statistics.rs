//! The usage statistics page: the 年度 to show (a plain GET form, and the years before and after
//! as links), the latest month's figures, bar charts per month drawn on the server, the tables
//! behind them and their CSV downloads. The presenter gives the words and figures.

use maud::{Markup, html};
use rust_i18n::t;

use crate::bars::{Bars, bars};
use crate::registers::{RecordView, record};

pub struct StatisticsView<'a> {
    pub lang: &'a str,
    pub lead: String,
    /// The form's target, the years offered (value, label) and the one shown.
    pub action: &'a str,
    pub years: Vec<(i32, String)>,
    pub year: i32,
    /// Said above the figures when the year asked for could not be shown.
    pub notice: Option<String>,
    /// The 年度 before and after, when there are figures for them: (href, label).
    pub around: Vec<(String, String)>,
    pub charts: Vec<Bars>,
    /// The latest month's figures, the tables and the CSV downloads.
    pub figures: RecordView<'a>,
}

pub fn statistics(v: &StatisticsView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (v.lead) }
        @if let Some(notice) = &v.notice {
            div.notice.notice--error role="alert" { p { (notice) } }
        }
        form.search-form method="get" action=(v.action) {
            label for="year" { (t!("statistics.year", locale = lang)) }
            select #year name="year" {
                @for (value, label) in &v.years {
                    option value=(value) selected[*value == v.year] { (label) }
                }
            }
            button.button.button--secondary type="submit" { (t!("statistics.show", locale = lang)) }
        }
        @if !v.around.is_empty() {
            p.actions { @for (href, label) in &v.around { a href=(href) { (label) } } }
        }
        @if !v.charts.is_empty() {
            section.card aria-labelledby="charts-title" {
                h2 #charts-title { (t!("statistics.charts", locale = lang)) }
                div.graphs { @for c in &v.charts { (bars(c)) } }
            }
        }
        (record(&v.figures))
    }
}
