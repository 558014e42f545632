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
    /// The next 100 (keyset paging), keeping the search.
    pub more_href: Option<String>,
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
    let tt = |k: &str| t!(k, locale = lang).to_string();
    let headers: Vec<String> = [
        "account.name",
        "form.kana",
        "account.organisation",
        "account.profession",
        "mail.title_short",
    ]
    .iter()
    .map(|k| tt(k))
    .collect();
    let more = tt("list.more");
    html! {
        div #directory-rows {
            @if v.rows.is_empty() {
                p.empty-state { (tt("users.empty")) }
            } @else {
                (crate::ui::paged_table((&tt("directory.caption_paged"), false), &headers,
                    v.rows.iter().map(|r| {
                        let cells = vec![
                            html! { (r.name) },
                            html! { (r.kana) },
                            html! { (r.organisation) },
                            html! { (r.profession) },
                            html! { a href=(r.write_href) { (tt("directory.write")) span.visually-hidden { "（" (r.name) "）" } } },
                        ];
                        (None, cells)
                    }),
                    "people", v.more_href.as_deref().map(|h| (h, &*more))))
            }
        }
    }
}
