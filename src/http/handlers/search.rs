//! Search in the 連絡帳: a Japanese substring within one room or across all of one's rooms,
//! newest first, returning only what the searcher may see (the membership rule is part of the
//! query itself).

use crate::http::paths;
use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::datetime;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::posts::search;
use crate::models::rooms::Room;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub room: Option<i64>,
}

/// A short excerpt around the first match, cut by characters.
fn snippet(text: &str, q: &str) -> String {
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

/// GET /search
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    // Control and format characters cannot be searched for (NUL ends an FTS5 phrase early).
    let query: String = crate::domain::text::clean_line(&q.q)
        .trim()
        .chars()
        .take(100)
        .collect();
    let room = q.room.filter(|r| *r > 0);
    let qq = query.clone();
    let (rooms, hits) = state
        .db(move |conn| {
            let rooms = Room::of_member(conn, uid)?;
            if let Some(r) = room
                && !rooms.iter().any(|x| x.id == r)
            {
                return Err(AppError::NotFound);
            }
            let hits = if qq.is_empty() {
                Vec::new()
            } else {
                search(conn, uid, room, &qq, 50)?
            };
            Ok((rooms, hits))
        })
        .await?;
    // Each hit shows a post's subject and a snippet of its text: a view of that post.
    let views = hits
        .iter()
        .filter_map(|p| {
            let r = rooms.iter().find(|r| r.id == p.room_id)?;
            Some(View::in_room(r, "search").record("post", p.id))
        })
        .collect();
    state.viewed(&ctx, views).await?;
    let results: Vec<renkei_views::rooms::Hit> = hits
        .iter()
        .map(|p| {
            let anchor = p.parent_id.unwrap_or(p.id);
            renkei_views::rooms::Hit {
                href: format!(
                    "{}?before={}#post-{anchor}",
                    paths::room(p.room_id),
                    anchor + 1
                ),
                room: rooms
                    .iter()
                    .find(|r| r.id == p.room_id)
                    .map(|r| r.name.clone())
                    .unwrap_or_default(),
                subject: p.subject.clone(),
                snippet: snippet(&p.body, &query),
                at: datetime(lang, p.created_at),
            }
        })
        .collect();
    let view = renkei_views::rooms::SearchView {
        lang,
        query: &query,
        room,
        rooms: rooms.iter().map(|r| (r.id, r.name.clone())).collect(),
        hits: results,
        searched: !query.is_empty(),
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("search.title", locale = lang),
        renkei_views::rooms::search(&view),
    ))
}
