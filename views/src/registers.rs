//! The clerks' registers (登録者台帳, 利用団体台帳): a searchable, paged list with its CSV, and
//! one record as facts and tables. The presenters give the words; these pages only lay them out.

use maud::{Markup, html};
use rust_i18n::t;

/// One row of a register: the link to its record (first cell), then plain cells.
pub struct RegisterRow {
    pub href: String,
    pub cells: Vec<String>,
    /// A row that is no longer current (stopped, discontinued) is shown muted.
    pub muted: bool,
}

pub struct RegisterView<'a> {
    pub lang: &'a str,
    pub lead: String,
    /// The search: where it goes, its label and hint, what was typed.
    pub action: &'a str,
    pub search_label: String,
    pub search_hint: String,
    pub query: &'a str,
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<RegisterRow>,
    /// Which list this is (`{list}-rows`, `{list}-more`).
    pub list: &'a str,
    pub more_href: Option<String>,
    pub csv_href: String,
    pub empty: String,
}

pub fn register(v: &RegisterView<'_>) -> Markup {
    let lang = v.lang;
    let more = t!("list.more", locale = lang);
    html! {
        p { (v.lead) }
        form.search-form method="get" action=(v.action) role="search" {
            label for="q" { (v.search_label) }
            p.support #q-hint { (v.search_hint) }
            input #q type="search" name="q" value=(v.query) maxlength="64" aria-describedby="q-hint";
            button.button.button--secondary type="submit" { (t!("users.search_submit", locale = lang)) }
        }
        p.actions { a.button.button--secondary href=(v.csv_href) download { (t!("registers.csv", locale = lang)) } }
        @if v.rows.is_empty() {
            p.empty-state { (v.empty) }
        } @else {
            (crate::ui::paged_table((&v.caption, false), &v.headers,
                v.rows.iter().map(|r| {
                    let mut cells = r.cells.iter();
                    let first = cells.next().cloned().unwrap_or_default();
                    let mut out = vec![html! { a href=(r.href) { strong { (first) } } }];
                    out.extend(cells.map(|c| html! { (c) }));
                    (r.muted.then_some("row--muted"), out)
                }),
                v.list, v.more_href.as_deref().map(|h| (h, &*more))))
        }
    }
}

/// A table on a record page: caption, headers, rows of text.
pub struct RecordTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub empty: String,
}

pub struct RecordView<'a> {
    pub lang: &'a str,
    /// Facts in groups: (heading, [(term, value)]).
    pub facts: Vec<(String, Vec<(String, String)>)>,
    pub tables: Vec<RecordTable>,
    /// Links at the end: (href, label).
    pub links: Vec<(String, String)>,
}

pub fn record(v: &RecordView<'_>) -> Markup {
    html! {
        @for (i, (heading, facts)) in v.facts.iter().enumerate() {
            section.card aria-labelledby={ "facts-" (i) } {
                h2 id={ "facts-" (i) } { (heading) }
                dl.definition {
                    @for (term, value) in facts { dt { (term) } dd { (value) } }
                }
            }
        }
        @for (i, table) in v.tables.iter().enumerate() {
            section.card aria-labelledby={ "table-" (i) } {
                h2 id={ "table-" (i) } { (table.caption) }
                @if table.rows.is_empty() {
                    p.empty-state { (table.empty) }
                } @else {
                    (crate::ui::stacked_table(&table.caption, true, &table.headers, crate::ui::text_rows(&table.rows)))
                }
            }
        }
        @if !v.links.is_empty() {
            p.actions { @for (href, label) in &v.links { a.button.button--secondary href=(href) { (label) } } }
        }
    }
}
