//! The 登録者台帳 for the 管理者: every registrant (those without a room too) with consent, status
//! and rooms, found by name, reading or birth date; one registrant's record. Patient data: each
//! page, record and download is in the 閲覧履歴.

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use super::{Register, RegisterQuery, csv_download};
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::present::registers::{
    registrant_cells, registrant_headers, registrant_record, registrant_row,
};
use crate::http::{AppState, paging, paths, render};
use crate::models::Role;
use crate::models::access::View;
use crate::models::applications::Office;
use crate::models::views::registers::{RegistrantRecord, RegistrantsPage};

/// Who keeps the 登録者台帳: the association's clerks, each office its own registrants
/// (`Registrant::register`, `Registrant::find_for_office`). One rule for the list, CSV and
/// records.
pub const ROLES: &[Role] = &[Role::AssociationAdmin];

/// A typed birth date (和暦 or western) searches by birth date; anything else by name.
fn load(
    state: &web::Data<AppState>,
    office: Office,
    q: &RegisterQuery,
    page: (Option<i64>, i64),
) -> impl Future<Output = Result<RegistrantsPage, AppError>> {
    let query = q.query();
    let born = crate::domain::dates::parse_date(&query).ok();
    state.db(move |conn| Ok(RegistrantsPage::load(conn, office, (&query, born), page)?))
}

/// GET /admin/registrants
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let page = load(&state, office, &q, (q.after, paging::fetch())).await?;
    let views = page
        .rows
        .iter()
        .map(|(r, _)| View::of("registrant_register").registrant(Some(r.id)))
        .collect();
    state.viewed(&ctx, views).await?;
    let (rows, next) = paging::split(page.rows, |(r, _)| r.id);
    let register = Register {
        list: "registrants",
        path: paths::REGISTRANTS,
        csv_path: paths::REGISTRANTS_CSV,
        query: &q,
    };
    let rows = rows
        .iter()
        .map(|(r, rooms)| registrant_row(lang, r, rooms))
        .collect();
    let view = register.view(lang, registrant_headers(lang), rows, next);
    let title: String = t!("registers.registrants_title", locale = lang).into();
    let body = renkei_views::registers::register(&view);
    Ok(render::page(&ctx, &state, &title, body))
}

/// GET /admin/registrants.csv — every registrant matching the search.
pub async fn csv(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RegisterQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let page = load(&state, office, &q, (None, i64::MAX)).await?;
    let views = page
        .rows
        .iter()
        .map(|(r, _)| View::of("registrant_register_csv").registrant(Some(r.id)))
        .collect();
    state.viewed(&ctx, views).await?;
    let body = crate::domain::csv::table(
        &registrant_headers(lang),
        page.rows
            .iter()
            .map(|(r, rooms)| registrant_cells(lang, r, rooms)),
    );
    let name: String = t!("registers.registrants_csv_name", locale = lang).into();
    Ok(csv_download(&name, state.clock.today(), body))
}

/// GET /admin/registrants/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let id = path.into_inner();
    let record = state
        .db(move |conn| RegistrantRecord::load(conn, office, id)?.ok_or(AppError::NotFound))
        .await?;
    let view = View::of("registrant").registrant(Some(id));
    state.viewed(&ctx, vec![view]).await?;
    let title = record.registrant.name.clone();
    let body = renkei_views::registers::record(&registrant_record(lang, &record));
    Ok(render::page(&ctx, &state, &title, body))
}
