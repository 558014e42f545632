//! The home page, by role.

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::handlers::NoticeQuery;
use crate::http::{AppState, render};
use crate::models::Role;

/// GET /
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let auth = ctx.user()?;
    let role = match auth.user.role() {
        Role::CityAdmin => renkei_views::home::HomeRole::CityAdmin,
        Role::AssociationAdmin => renkei_views::home::HomeRole::AssociationAdmin,
        Role::Professional => renkei_views::home::HomeRole::Professional {
            is_org_manager: auth.user.is_org_manager,
        },
    };
    let active_accounts = if auth.user.role() == Role::CityAdmin {
        Some(
            state
                .db(|conn| Ok(crate::models::users::count_active(conn)?))
                .await?,
        )
    } else {
        None
    };
    let m = &state.settings.municipality;
    let body = renkei_views::home::home(&renkei_views::home::HomeView {
        lang: ctx.lang,
        role,
        display_name: &auth.user.display_name,
        city_office: &m.city_office.name,
        association_office: &m.association_office.name,
        active_accounts,
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
