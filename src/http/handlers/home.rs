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
    let office = crate::models::applications::Office::of_user(&auth.user);
    let today = state.clock.today();
    let page = state
        .load(move |conn| HomePage::load(conn, uid, (role, office), today))
        .await?;
    state.viewed(&ctx, page.views()).await?;
    let m = &state.settings.municipality;
    let associations: Vec<&str> = m
        .association_offices()
        .iter()
        .map(|(_, o)| o.name.as_str())
        .collect();
    let associations = associations.join(&t!("registers.separator", locale = ctx.lang));
    let body = renkei_views::home::home(&renkei_views::home::HomeView {
        lang: ctx.lang,
        role: home_role(&auth.user),
        display_name: &auth.user.display_name,
        city_office: &m.city_office.name,
        association_office: &associations,
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
