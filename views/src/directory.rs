//! The directory of account holders.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub struct Row {
    pub name: String,
    pub kana: String,
    pub organisation: String,
    pub profession: String,
    /// Where "write a message" goes.
    pub write_href: String,
}

pub struct DirectoryView<'a> {
    pub lang: &'a str,
    pub query: &'a str,
    pub rows: Vec<Row>,
}

pub fn directory(v: &DirectoryView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("directory.lead", locale = lang)) }
        form.search-form method="get" action=(paths::DIRECTORY) role="search"
            hx-get=(paths::DIRECTORY) hx-target="#directory-rows" hx-select="#directory-rows" hx-swap="outerHTML" hx-push-url="true" {
            label for="q" { (t!("directory.search_label", locale = lang)) }
            input #q type="search" name="q" value=(v.query) maxlength="64";
            button.button.button--secondary type="submit" { (t!("users.search_submit", locale = lang)) }
        }
        (rows(v))
    }
}

pub fn rows(v: &DirectoryView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        div #directory-rows {
            @if v.rows.is_empty() {
                p.empty-state { (t!("users.empty", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table.table--stack {
                        caption { (t!("users.caption", locale = lang, count = v.rows.len())) }
                        thead { tr {
                            th scope="col" { (t!("account.name", locale = lang)) }
                            th scope="col" { (t!("form.kana", locale = lang)) }
                            th scope="col" { (t!("account.organisation", locale = lang)) }
                            th scope="col" { (t!("account.profession", locale = lang)) }
                            th scope="col" { (t!("mail.title_short", locale = lang)) }
                        } }
                        tbody { @for r in &v.rows { tr {
                            td data-label=(t!("account.name", locale = lang)) { (r.name) } td data-label=(t!("form.kana", locale = lang)) { (r.kana) } td data-label=(t!("account.organisation", locale = lang)) { (r.organisation) } td data-label=(t!("account.profession", locale = lang)) { (r.profession) }
                            td data-label=(t!("mail.title_short", locale = lang)) { a href=(r.write_href) { (t!("directory.write", locale = lang)) span.visually-hidden { "（" (r.name) "）" } } }
                        } } }
                    }
                }
            }
        }
    }
}
