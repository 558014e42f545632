//! The S管理者's account list (paged, searchable, as CSV), and what a clerk does to one account
//! (`actions`: stopping it at once, or a 再発行 after a lost device — guide §10).

mod actions;

pub use actions::{confirm_reissue, confirm_stop, reissue, reissue_credentials, stop};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::labels::account_status_label;
use crate::http::{AppState, paging, paths, render};
use crate::models::{Role, User, UserStatus};

/// Who may list and stop accounts: the city's clerks. One rule for the list and the action.
pub const ROLES: &[Role] = &[Role::CityAdmin];

#[derive(Debug, Default, Deserialize)]
pub struct UsersQuery {
    #[serde(default)]
    pub q: String,
    pub notice: Option<String>,
    /// Keyset paging: the last account of the page before.
    pub after: Option<i64>,
}

/// One page of the accounts matching `q` (all of them with `limit` None: the CSV).
async fn load(
    state: &web::Data<AppState>,
    query: &str,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<(User, String)>, AppError> {
    let q = query.chars().take(64).collect::<String>();
    state
        .db(move |conn| {
            let professions = crate::http::present::labels::professions_matching(&q);
            let page = (after, limit);
            Ok(User::list_with_organisation(
                conn,
                &q,
                &professions,
                false,
                page,
            )?)
        })
        .await
}

async fn list_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    q: &UsersQuery,
) -> Result<HttpResponse, AppError> {
    let me = ctx.require(ROLES)?.user.id;
    let rows = load(state, &q.q, q.after, paging::fetch()).await?;
    let (rows, next) = paging::split(rows, |(u, _)| u.id);
    let lang = ctx.lang;
    let rows = rows
        .into_iter()
        .map(|(u, org)| renkei_views::admin::UserRow {
            id: u.id,
            login_id: u.login_id.clone(),
            name: u.display_name.clone(),
            organisation: org,
            profession: crate::http::present::labels::profession_label(lang, &u.profession),
            role: crate::http::present::labels::role_label(lang, u.role(), u.is_org_manager),
            status: account_status_label(lang, &u),
            stoppable: u.status() != UserStatus::Stopped && u.id != me,
            reissuable: u.status() == UserStatus::Pending,
            renewable: u.status() == UserStatus::Active && u.id != me,
        })
        .collect();
    let filters = [("q", q.q.as_str())];
    let body = renkei_views::admin::users(&renkei_views::admin::UsersView {
        lang,
        csrf: &ctx.csrf,
        query: &q.q,
        rows,
        can_stop: true,
        errors: &Errors::new(),
        more_href: next.map(|after| paging::next_href(paths::ADMIN_USERS, &filters, after)),
        csv_href: paging::with_filters(paths::ADMIN_USERS_CSV, &filters),
    });
    let title = t!("users.title", locale = lang);
    let notice = q.notice.as_deref();
    Ok(render::page_with(
        ctx,
        state,
        StatusCode::OK,
        &title,
        body,
        notice,
    ))
}

/// GET /admin/users
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    list_page(&ctx, &state, &q).await
}

/// GET /admin/users.csv — every account matching the search, for Excel (UTF-8 with BOM).
pub async fn csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<UsersQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let rows = load(&state, &q.q, None, i64::MAX).await?;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let headers = [
        "account.name",
        "form.kana",
        "login.login_id",
        "account.organisation",
        "account.profession",
        "users.role",
        "users.status",
        "users.email",
    ]
    .map(tt);
    let body = crate::domain::csv::table(
        &headers,
        rows.iter().map(|(u, org)| {
            [
                u.display_name.clone(),
                u.kana.clone(),
                u.login_id.clone(),
                org.clone(),
                crate::http::present::labels::profession_label(lang, &u.profession),
                crate::http::present::labels::role_label(lang, u.role(), u.is_org_manager),
                account_status_label(lang, u),
                u.email.clone(),
            ]
        }),
    );
    let name = format!("{}.csv", tt("users.csv_name"));
    Ok(render::download(&name, "text/csv; charset=utf-8", body))
}
