//! The 利用団体台帳 for the S管理者: each organisation with its kind, システム管理担当者, contacts
//! and accounts by status; one organisation with its staff.

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use super::{Register, RegisterQuery, csv_download};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::registers::{
    organisation_cells, organisation_headers, organisation_record, organisation_row,
};
use crate::http::{AppState, paging, paths, render};
use crate::models::Role;
use crate::models::views::registers::{OrganisationRecord, OrganisationsPage};

/// Who keeps the 利用団体台帳: the city's clerks. One rule for the list, CSV and records.
pub const ROLES: &[Role] = &[Role::CityAdmin];

fn load(
    state: &web::Data<AppState>,
    q: &RegisterQuery,
    page: (Option<i64>, i64),
) -> impl Future<Output = Result<OrganisationsPage, AppError>> {
    let query = q.query();
    state.db(move |conn| Ok(OrganisationsPage::load(conn, &query, page)?))
}

/// GET /admin/organisations
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let page = load(&state, &q, (q.after, paging::fetch())).await?;
    let (rows, next) = paging::split(page.rows, |(o, _)| o.id);
    let register = Register {
        list: "organisations",
        path: paths::ORGANISATIONS,
        csv_path: paths::ORGANISATIONS_CSV,
        query: &q,
    };
    let rows = rows
        .iter()
        .map(|(o, counts)| organisation_row(lang, o, counts))
        .collect();
    let view = register.view(lang, organisation_headers(lang), rows, next);
    let title: String = t!("registers.organisations_title", locale = lang).into();
    let body = renkei_views::registers::register(&view);
    Ok(render::page(&ctx, &state, &title, body))
}

/// GET /admin/organisations.csv — every organisation matching the search.
pub async fn csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let page = load(&state, &q, (None, i64::MAX)).await?;
    let body = crate::domain::csv::table(
        &organisation_headers(lang),
        page.rows
            .iter()
            .map(|(o, counts)| organisation_cells(lang, o, counts)),
    );
    let name: String = t!("registers.organisations_csv_name", locale = lang).into();
    Ok(csv_download(&name, state.clock.today(), body))
}

/// GET /admin/organisations/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let lang = ctx.lang;
    let id = path.into_inner();
    let record = state
        .db(move |conn| OrganisationRecord::load(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    let title = record.organisation.name.clone();
    let body = renkei_views::registers::record(&organisation_record(lang, &record));
    Ok(render::page(&ctx, &state, &title, body))
}
