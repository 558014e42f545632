//! The home page, by role.

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::present::home::{home_role, summary};
use crate::http::{AppState, render};
use crate::models::views::home::HomePage;

/// GET /
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let auth = ctx.user()?;
    let role = auth.user.role();
    let uid = auth.user.id;
    let today = state.clock.today();
    let page = state
        .load(move |conn| HomePage::load(conn, uid, role, today))
        .await?;
    state.viewed(&ctx, page.views()).await?;
    let m = &state.settings.municipality;
    let body = renkei_views::home::home(&renkei_views::home::HomeView {
        lang: ctx.lang,
        role: home_role(&auth.user),
        display_name: &auth.user.display_name,
        city_office: &m.city_office.name,
        association_office: &m.association_office.name,
        summary: summary(&ctx, page),
    });
    Ok(render::page_with(
        &ctx,
        &state,
        actix_web::http::StatusCode::OK,
        &t!("home.title", locale = ctx.lang),
        body,
        q.notice.as_deref(),
    ))
}
