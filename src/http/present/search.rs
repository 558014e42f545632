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

/// The search page: the query, the room and tag chosen, the searcher's rooms and the tags, the
/// hits and the link to the older ones.
pub fn search_view<'a>(
    lang: &'a str,
    (query, room, tag): (&'a str, Option<i64>, Option<i64>),
    page: &SearchPage,
) -> renkei_views::rooms::SearchView<'a> {
    let more_href = page
        .has_more
        .then(|| page.hits.last())
        .flatten()
        .map(|last| {
            let mut pairs = url::form_urlencoded::Serializer::new(String::new());
            pairs.append_pair("q", query);
            if let Some(r) = room {
                pairs.append_pair("room", &r.to_string());
            }
            if let Some(t) = tag {
                pairs.append_pair("tag", &t.to_string());
            }
            pairs.append_pair("before", &last.id.to_string());
            format!("{}?{}", paths::SEARCH, pairs.finish())
        });
    renkei_views::rooms::SearchView {
        lang,
        query,
        room,
        tag,
        rooms: page.rooms.iter().map(|r| (r.id, r.name.clone())).collect(),
        tags: page.tags.iter().map(|t| (t.id, t.name.clone())).collect(),
        hits: page
            .hits
            .iter()
            .map(|p| hit(lang, page, p, query))
            .collect(),
        searched: !query.is_empty() || tag.is_some(),
        more_href,
    }
}
