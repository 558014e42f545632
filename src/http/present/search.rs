//! A 連絡帳 search in words: each hit as its room, subject, a snippet around the match and a
//! link to the post in its timeline.

use crate::http::paths;
use crate::http::present::datetime;
use crate::models::posts::Post;
use crate::models::views::search::SearchPage;

/// A short excerpt around the first match, cut by characters.
pub fn snippet(text: &str, q: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = crate::domain::text::find_ignoring_case(text, q).unwrap_or(0);
    let from = start.saturating_sub(30);
    let to = (start + 70).min(chars.len()).max(from);
    let mut s: String = chars[from..to].iter().collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < chars.len() {
        s.push('…');
    }
    s.replace(['\n', '\r'], " ")
}

/// A hit, linking to its thread in the timeline (the page that ends just after it).
fn hit(lang: &str, page: &SearchPage, p: &Post, query: &str) -> renkei_views::rooms::Hit {
    let anchor = p.parent_id.unwrap_or(p.id);
    renkei_views::rooms::Hit {
        href: format!(
            "{}?before={}#post-{anchor}",
            paths::room(p.room_id),
            anchor + 1
        ),
        room: page.room_of(p).map(|r| r.name.clone()).unwrap_or_default(),
        subject: p.subject.clone(),
        snippet: snippet(&p.body, query),
        at: datetime(lang, p.created_at),
    }
}

/// The search page: the query, the room chosen, the searcher's rooms and the hits.
pub fn search_view<'a>(
    lang: &'a str,
    query: &'a str,
    room: Option<i64>,
    page: &SearchPage,
) -> renkei_views::rooms::SearchView<'a> {
    renkei_views::rooms::SearchView {
        lang,
        query,
        room,
        rooms: page.rooms.iter().map(|r| (r.id, r.name.clone())).collect(),
        hits: page
            .hits
            .iter()
            .map(|p| hit(lang, page, p, query))
            .collect(),
        searched: !query.is_empty(),
    }
}
