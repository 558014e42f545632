//! The バイタル tab of a room: the entry form, graphs per measure over 7/30/90 days drawn on the
//! server with the reference ranges of 療養のポイント shaded, and the table. Every page and
//! action goes through `features::room_with` (a current member, the feature switched on); every
//! write also through `http::rights` (the member's 閲覧・入力権限).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::TimeDelta;
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::domain::vitals::read_entry;
use crate::http::context::Ctx;
use crate::http::errors::{AppError, write_error};
use crate::http::paths;
use crate::http::present::forms::translate;
use crate::http::present::rooms::{Tab, header_with_rights};
use crate::http::present::vitals::{self as present, PERIODS};
use crate::http::{AppState, render};
use crate::models::features::Feature;
use crate::models::views::vitals::VitalsPage;
use crate::services::clinical;

/// The table shows the newest entries of the period, this many unless all are asked for (a phone
/// draws a long table slowly; the graphs show the whole period).
const TABLE_ROWS: usize = 30;
/// At most this many when all are asked for.
const TABLE_ROWS_ALL: usize = 1000;

/// What the vitals page is asked for: the period, the whole table, the notice of a redirect.
struct VitalsQuery {
    days: i64,
    all: bool,
    notice: Option<String>,
}

impl VitalsQuery {
    fn of(req: &HttpRequest) -> VitalsQuery {
        let mut q = VitalsQuery {
            days: PERIODS[0],
            all: false,
            notice: None,
        };
        for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
            match k.as_ref() {
                "days" => {
                    if let Some(d) = v.parse().ok().filter(|d| PERIODS.contains(d)) {
                        q.days = d;
                    }
                }
                "all" => q.all = v == "1",
                "notice" => q.notice = Some(v.into_owned()),
                _ => {}
            }
        }
        q
    }

    fn plain(days: i64) -> VitalsQuery {
        VitalsQuery {
            days,
            all: false,
            notice: None,
        }
    }
}

async fn vitals_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    query: VitalsQuery,
    refused: Option<(Raw, Errors)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (days, lang) = (query.days, ctx.lang);
    let uid = ctx.user()?.user.id;
    let now = state.clock.now();
    let (from, to) = (now - TimeDelta::days(days), now + TimeDelta::minutes(10));
    let started = std::time::Instant::now();
    let l = state
        .load(move |conn| VitalsPage::load(conn, uid, room_id, from, to))
        .await?
        .ok_or(AppError::NotFound)?;
    state.viewed(ctx, l.views(days)).await?;
    let db_time = started.elapsed();
    let ranges = l.ranges();
    let graph_started = std::time::Instant::now();
    let graphs: Vec<maud::Markup> = present::graphs(lang, &l.vitals, &ranges, from, now, days)
        .iter()
        .map(renkei_views::graph::graph)
        .collect();
    let graph_time = graph_started.elapsed();
    let no_errors = Errors::new();
    let (raw, errors) = refused
        .as_ref()
        .map_or((None, &no_errors), |(r, e)| (Some(r), e));
    let form = l
        .writable()
        .then(|| present::entry_form(lang, room_id, now, raw, errors));
    let rows = if query.all {
        TABLE_ROWS_ALL
    } else {
        TABLE_ROWS
    };
    let (all, notice) = (query.all, query.notice.as_deref());
    let shown = present::Shown { days, all, rows };
    let view = present::page(lang, &ctx.csrf, &l, &shown, uid, graphs, form);
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header_with_rights(lang, &l.room, l.features, l.read_only, Tab::Vitals)))
        (renkei_views::vitals::page(&view))
    };
    let tab = t!("rooms.tab_vitals", locale = lang);
    let title = format!("{} — {tab}", l.room.name);
    let mut res = render::page_with(ctx, state, status, &title, body, notice);
    // Where the time goes (read by bench/vitals.sh; also shown by the browser's tools).
    let timings = [
        ("db", db_time),
        ("graph", graph_time),
        ("total", started.elapsed()),
    ];
    render::server_timing(&mut res, &timings);
    Ok(res)
}

/// GET /rooms/{id}/vitals
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    vitals_page(
        &ctx,
        &state,
        path.into_inner(),
        VitalsQuery::of(&req),
        None,
        StatusCode::OK,
    )
    .await
}

/// POST /rooms/{id}/vitals — one entry; a repeated key (a double submit, an offline entry sent
/// again) gives the entry already stored.
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    crate::http::rights::check_write(&state, room_id, uid, Feature::Vitals).await?;
    let mut check = Check::default();
    let entry = read_entry(&raw, &mut check, state.clock.now());
    let key = check.form_key(&raw, "measured_on");
    let Some(entry) = entry.filter(|_| check.problems.is_empty()) else {
        let errors = translate(ctx.lang, &check.problems);
        return vitals_page(
            &ctx,
            &state,
            room_id,
            VitalsQuery::plain(PERIODS[0]),
            Some((raw, errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            clinical::record_vitals(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                &entry,
                &key,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!(
            "{}?notice=vitals_saved#vital-{id}",
            paths::room_vitals(room_id)
        ),
    ))
}
