//! Search in the 連絡帳: a Japanese substring within one room or across all of one's rooms,
//! newest first, returning only what the searcher may see (the membership rule is part of the
//! query itself).

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::search::search_view;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::views::search::SearchPage;

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    pub room: Option<i64>,
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
    let page = state
        .load(move |conn| SearchPage::load(conn, uid, room, &qq))
        .await?
        .ok_or(AppError::NotFound)?;
    // Each hit shows a post's subject and a snippet of its text: a view of that post.
    let views = page
        .hits
        .iter()
        .filter_map(|p| Some(View::in_room(page.room_of(p)?, "search").record("post", p.id)))
        .collect();
    state.viewed(&ctx, views).await?;
    let view = search_view(lang, &query, room, &page);
    Ok(render::page(
        &ctx,
        &state,
        &t!("search.title", locale = lang),
        renkei_views::rooms::search(&view),
    ))
}
