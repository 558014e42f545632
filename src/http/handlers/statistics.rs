//! The usage statistics for the two offices (counts only, no personal data): one 年度 as a page
//! with charts, and the same figures as two CSV downloads (by month, by organisation).

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::{Ctx, office_of};
use crate::http::errors::AppError;
use crate::http::present::statistics::{monthly_csv, organisations_csv, statistics_view};
use crate::http::{AppState, render};
use crate::models::Role;
use crate::models::views::statistics::{Statistics, fiscal_year_of};

/// Who reads the statistics: both offices. One rule for the page and its downloads.
pub const ROLES: &[Role] = &[Role::CityAdmin, Role::AssociationAdmin];

#[derive(Debug, Default, Deserialize)]
pub struct StatisticsQuery {
    /// The 年度 asked for, as typed (a bad one shows this year and says so).
    pub year: Option<String>,
}

/// The figures of the 年度 asked for (this year when none, or when the one asked for is not
/// between the first organisation's year and this year — then with the notice that says so),
/// and the years offered.
async fn load(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    (q, per_organisation): (&StatisticsQuery, bool),
) -> Result<(Statistics, Vec<i32>, Option<String>), AppError> {
    let today = state.clock.today();
    let this_year = fiscal_year_of(today);
    let asked = q.year.as_deref().map(|y| y.trim().parse::<i32>().ok());
    let refused: String = t!("statistics.bad_year", locale = ctx.lang).into();
    state
        .db(move |conn| {
            let first = Statistics::first_year(conn)?
                .unwrap_or(this_year)
                .min(this_year);
            let years: Vec<i32> = (first..=this_year).collect();
            let (year, notice) = match asked {
                None => (this_year, None),
                Some(Some(y)) if years.contains(&y) => (y, None),
                Some(_) => (this_year, Some(refused)),
            };
            let stats = Statistics::load(conn, year, today, per_organisation)?;
            Ok((stats, years, notice))
        })
        .await
}

/// GET /admin/statistics
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    office_of(&ctx)?;
    let (stats, years, notice) = load(&ctx, &state, (&q, true)).await?;
    let view = statistics_view(ctx.lang, &stats, &years, notice);
    let title: String = t!("statistics.title", locale = ctx.lang).into();
    let body = renkei_views::statistics::statistics(&view);
    Ok(render::page(&ctx, &state, &title, body))
}

/// Writes one of the CSVs of the figures.
type Csv = fn(&str, &Statistics) -> Vec<u8>;

/// The figures as a CSV named after the list and the 年度.
async fn download(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<StatisticsQuery>,
    (name, body, per_organisation): (&str, Csv, bool),
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    office_of(&ctx)?;
    let (stats, _, _) = load(&ctx, &state, (&q, per_organisation)).await?;
    let name: String = t!(name, locale = ctx.lang).into();
    let file = format!("{name}_{}.csv", stats.year);
    Ok(render::download(
        &file,
        "text/csv; charset=utf-8",
        body(ctx.lang, &stats),
    ))
}

/// GET /admin/statistics.csv — a row per month, with each kind and profession.
pub async fn monthly(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, AppError> {
    download(
        ctx,
        state,
        q,
        ("statistics.csv_monthly_name", monthly_csv, false),
    )
    .await
}

/// GET /admin/statistics/organisations.csv — a row per organisation.
pub async fn organisations(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, AppError> {
    download(
        ctx,
        state,
        q,
        ("statistics.csv_organisations_name", organisations_csv, true),
    )
    .await
}
