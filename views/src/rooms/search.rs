//! Search in my rooms: the form (the words, one room or all of them, a tag) and a page of hits,
//! each with its room, time and snippet, and the link to older ones.

use super::*;

pub struct Hit {
    pub href: String,
    pub room: String,
    pub subject: String,
    pub snippet: String,
    pub at: String,
}

pub struct SearchView<'a> {
    pub lang: &'a str,
    pub query: &'a str,
    pub room: Option<i64>,
    pub tag: Option<i64>,
    /// (id, name) of my rooms
    pub rooms: Vec<(i64, String)>,
    /// (id, name) of the tags
    pub tags: Vec<(i64, String)>,
    pub hits: Vec<Hit>,
    pub searched: bool,
    /// The next page of older results.
    pub more_href: Option<String>,
}

pub fn search(v: &SearchView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        form.search-form method="get" action=(paths::SEARCH) role="search" {
            label for="q" { (t!("search.label", locale = lang)) }
            input #q type="search" name="q" value=(v.query) maxlength="100";
            label for="room" { (t!("search.where", locale = lang)) }
            select #room name="room" {
                option value="0" { (t!("search.all_rooms", locale = lang)) }
                @for (id, name) in &v.rooms {
                    option value=(id) selected[v.room == Some(*id)] { (name) }
                }
            }
            label for="tag" { (t!("search.tag", locale = lang)) }
            select #tag name="tag" {
                option value="0" { (t!("search.any_tag", locale = lang)) }
                @for (id, name) in &v.tags {
                    option value=(id) selected[v.tag == Some(*id)] { (name) }
                }
            }
            button.button.button--secondary type="submit" { (t!("search.submit", locale = lang)) }
        }
        @if v.searched {
            @if v.hits.is_empty() {
                p.empty-state { (t!("search.none", locale = lang)) }
            } @else {
                p { (t!(if v.more_href.is_some() { "search.count_more" } else { "search.count" }, locale = lang, count = v.hits.len())) }
                ol.search-results {
                    @for h in &v.hits {
                        li {
                            a href=(h.href) { (h.subject) }
                            br;
                            span.small { (h.room) " ・ " (h.at) }
                            p.small { (h.snippet) }
                        }
                    }
                }
                @if let Some(href) = &v.more_href {
                    p { a.button.button--secondary href=(href) { (t!("search.more", locale = lang)) } }
                }
            }
        }
    }
}
