//! Search in the 連絡帳: a Japanese substring and/or a tag, within one room or across all of
//! one's rooms, newest first and paged, returning only what the searcher may see (the
//! membership rule is part of the query itself).

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::search::search_view;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::posts::Wanted;
use crate::models::views::search::SearchPage;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub room: Option<i64>,
    /// A tag's posts (with the words, or alone); 0 or absent: any.
    pub tag: Option<i64>,
    /// Keyset paging: the last post of the page before.
    pub before: Option<i64>,
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
    let tag = q.tag.filter(|t| *t > 0);
    let before = q.before.filter(|b| *b > 0);
    let qq = query.clone();
    let page = state
        .load(move |conn| {
            let wanted = Wanted {
                room,
                query: &qq,
                tag,
                before,
            };
            SearchPage::load(conn, uid, &wanted)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    // Each hit shows a post's subject and a snippet of its text: a view of that post.
    let views = page
        .hits
        .iter()
        .filter_map(|p| Some(View::in_room(page.room_of(p)?, "search").record("post", p.id)))
        .collect();
    state.viewed(&ctx, views).await?;
    let view = search_view(lang, (&query, room, tag), &page);
    Ok(render::page(
        &ctx,
        &state,
        &t!("search.title", locale = lang),
        renkei_views::rooms::search(&view),
    ))
}
