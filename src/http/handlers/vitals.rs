//! The バイタル tab of a room: the entry form, graphs per measure over 7/30/90 days drawn on the
//! server with the reference ranges of 療養のポイント shaded, and the table. Every page and
//! action goes through `features::room_with` (a current member, the feature switched on).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDateTime, TimeDelta, Timelike};
use renkei_views::form::Errors;
use renkei_views::graph::{Graph, Series};
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::domain::vitals::{Measure, Range, read_entry};
use crate::http::context::Ctx;
use crate::http::errors::{AppError, write_error};
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::labels::measure_label;
use crate::http::present::labels::range_label;
use crate::http::present::labels::unit_label;
use crate::http::present::rooms::fresh_key;
use crate::http::present::rooms::header;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::documents::{DocKind, Documents};
use crate::models::features::{Feature, Features, room_with};
use crate::models::rooms::Room;
use crate::models::vitals::Vital;
use crate::schema::users;
use crate::services::clinical::{self, CarePoints};

pub const PERIODS: [i64; 3] = [7, 30, 90];
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

/// The graphs: one per measure, 血圧 上 and 下 together.
const GROUPS: &[(&str, &[Measure])] = &[
    ("temperature", &[Measure::Temperature]),
    ("pulse", &[Measure::Pulse]),
    ("blood_pressure", &[Measure::Systolic, Measure::Diastolic]),
    ("spo2", &[Measure::Spo2]),
    ("glucose", &[Measure::Glucose]),
    ("respiration", &[Measure::Respiration]),
    ("weight", &[Measure::Weight]),
];

/// Vertical grid lines at midnight in Japan: every day for a week, every 5 or 15 days beyond.
fn day_ticks(from: NaiveDateTime, to: NaiveDateTime, days: i64) -> Vec<(i64, String)> {
    let step = match days {
        7 => 1,
        30 => 5,
        _ => 15,
    };
    let mut d = crate::domain::jst::date_of(from) + TimeDelta::days(1);
    let last = crate::domain::jst::date_of(to);
    let mut out = Vec::new();
    while d <= last {
        let t = crate::domain::jst::start_of(d);
        out.push((
            t.and_utc().timestamp(),
            format!("{}/{}", d.month(), d.day()),
        ));
        d += TimeDelta::days(step);
    }
    out
}

/// The graphs of a period: one per measure with values in it (血圧 上 and 下 together), the
/// reference ranges as bands, values outside them marked.
pub fn graphs(
    lang: &str,
    vitals: &[Vital],
    ranges: &[Range],
    from: NaiveDateTime,
    to: NaiveDateTime,
    days: i64,
) -> Vec<Graph> {
    let ticks = day_ticks(from, to, days);
    let range_of = |m: Measure| ranges.iter().find(|r| r.measure == m);
    let mut out = Vec::new();
    for (code, measures) in GROUPS {
        let series: Vec<Series> = measures
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let range = range_of(*m);
                let live: Vec<(NaiveDateTime, i32)> = vitals
                    .iter()
                    .filter(|v| v.withdrawn_at.is_none())
                    .filter_map(|v| v.value(*m).map(|x| (v.measured_at, x)))
                    .collect();
                let unit = unit_label(lang, *m);
                let label = measure_label(lang, *m);
                // Few enough to mark each point: each says its time and value on hover.
                let titles = if live.len() <= renkei_views::graph::MARKER_LIMIT {
                    live.iter()
                        .map(|(at, x)| {
                            let t = crate::domain::jst::from_utc(*at);
                            format!(
                                "{} {} {label} {} {unit}",
                                renkei_views::time::day(lang, t.date()),
                                renkei_views::time::clock(t),
                                m.show(*x)
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                Series {
                    label,
                    points: live
                        .iter()
                        .map(|(at, x)| {
                            (
                                at.and_utc().timestamp(),
                                *x,
                                range.is_some_and(|r| r.outside(*x)),
                            )
                        })
                        .collect(),
                    titles,
                    band: range.map(|r| (r.low, r.high)),
                    dashed: i > 0,
                }
            })
            .collect();
        let all: Vec<i32> = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .collect();
        if all.is_empty() {
            continue;
        }
        let m = measures[0];
        let outside = series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter(|p| p.2)
            .count();
        let min = all.iter().min().copied().unwrap_or_default();
        let max = all.iter().max().copied().unwrap_or_default();
        // The newest entry of the group (血圧: 上/下 together).
        let newest = vitals
            .iter()
            .filter(|v| v.withdrawn_at.is_none())
            .filter(|v| measures.iter().any(|x| v.value(*x).is_some()))
            .max_by_key(|v| v.measured_at);
        let latest = newest
            .map(|v| {
                let values: Vec<String> = measures
                    .iter()
                    .filter_map(|x| v.value(*x).map(|n| x.show(n)))
                    .collect();
                let t = crate::domain::jst::from_utc(v.measured_at);
                t!(
                    "vitals.latest",
                    locale = lang,
                    value = format!("{} {}", values.join("/"), unit_label(lang, m)),
                    at = format!(
                        "{} {}",
                        renkei_views::time::day(lang, t.date()),
                        renkei_views::time::clock(t)
                    )
                )
                .to_string()
            })
            .unwrap_or_default();
        out.push(Graph {
            id: format!("graph-{code}"),
            title: t!(format!("vitals.groups.{code}"), locale = lang).into(),
            unit: unit_label(lang, m),
            latest,
            decimals: m.decimals(),
            from: from.and_utc().timestamp(),
            to: to.and_utc().timestamp(),
            x_ticks: ticks.clone(),
            series,
            summary: t!(
                "vitals.graph_summary",
                locale = lang,
                count = all.len(),
                min = m.show(min),
                max = m.show(max),
                outside = outside
            )
            .into(),
        });
    }
    out
}

struct Loaded {
    room: Room,
    features: Features,
    points: Option<CarePoints>,
    vitals: Vec<Vital>,
    names: Vec<(i64, String)>,
}

fn jst_date_time(t: NaiveDateTime) -> (String, String) {
    let t = crate::domain::jst::from_utc(t);
    (
        format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day()),
        format!("{:02}:{:02}", t.hour(), t.minute()),
    )
}

async fn vitals_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    query: VitalsQuery,
    refused: Option<(Raw, Errors)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let days = query.days;
    let shown_rows = if query.all {
        TABLE_ROWS_ALL
    } else {
        TABLE_ROWS
    };
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let now = state.clock.now();
    let from = now - TimeDelta::days(days);
    let to = now + TimeDelta::minutes(10);
    let started = std::time::Instant::now();
    let l = state
        .db(move |conn| {
            crate::db::read_tx(conn, |conn| {
                let (room, features) =
                    room_with(conn, room_id, uid, Feature::Vitals)?.ok_or(AppError::NotFound)?;
                let points = if features.has(Feature::CarePoints) {
                    Some(
                        Documents::current::<CarePoints>(conn, room_id, DocKind::CarePoints)?
                            .map(|v| v.doc)
                            .unwrap_or_default(),
                    )
                } else {
                    None
                };
                let vitals = Vital::between(conn, room_id, from, to)?;
                let mut ids: Vec<i64> = vitals.iter().map(|v| v.entered_by).collect();
                ids.sort_unstable();
                ids.dedup();
                use diesel::prelude::*;
                let names = users::table
                    .filter(users::id.eq_any(&ids))
                    .select((users::id, users::display_name))
                    .load(conn)?;
                Ok::<_, AppError>(Loaded {
                    room,
                    features,
                    points,
                    vitals,
                    names,
                })
            })
        })
        .await?;
    let mut views = vec![View::in_room(&l.room, "vitals").record("days", days)];
    if l.points.is_some() {
        views.push(View::in_room(&l.room, "care_points"));
    }
    state.viewed(ctx, views).await?;
    let db_time = started.elapsed();
    let ranges: Vec<Range> = l
        .points
        .as_ref()
        .map(|p| p.ranges.clone())
        .unwrap_or_default();
    let open = l.room.is_open();
    let period_label = |d: i64| -> String { t!("vitals.days", locale = lang, n = d).into() };
    let name_of = |id: i64| {
        l.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let outside = |m: Measure, v: i32| ranges.iter().any(|r| r.measure == m && r.outside(v));
    let rows = l
        .vitals
        .iter()
        .rev()
        .take(shown_rows)
        .map(|v| {
            let live = v.withdrawn_at.is_none();
            let cell = |m: Measure| renkei_views::vitals::Cell {
                text: v.value(m).map(|x| m.show(x)).unwrap_or_default(),
                outside: live && v.value(m).is_some_and(|x| outside(m, x)),
            };
            let bp = match (v.systolic, v.diastolic) {
                (Some(s), Some(d)) => renkei_views::vitals::Cell {
                    text: format!("{s}/{d}"),
                    outside: live
                        && (outside(Measure::Systolic, s) || outside(Measure::Diastolic, d)),
                },
                _ => renkei_views::vitals::Cell {
                    text: String::new(),
                    outside: false,
                },
            };
            renkei_views::vitals::VitalRow {
                id: v.id,
                at: datetime(lang, v.measured_at),
                cells: vec![
                    cell(Measure::Temperature),
                    cell(Measure::Pulse),
                    bp,
                    cell(Measure::Spo2),
                    cell(Measure::Glucose),
                    cell(Measure::Respiration),
                    cell(Measure::Weight),
                ],
                by: name_of(v.entered_by),
                note: v.note.clone(),
                withdrawn: v
                    .withdrawn_at
                    .map(|at| format!("{} — {}", datetime(lang, at), v.withdrawn_reason)),
                withdraw_action: (open && live && v.entered_by == uid)
                    .then(|| format!("/rooms/{room_id}/vitals/{}/withdrawal", v.id)),
            }
        })
        .collect::<Vec<_>>();
    let columns = GROUPS
        .iter()
        .map(|(code, ms)| {
            format!(
                "{}（{}）",
                t!(format!("vitals.groups.{code}"), locale = lang),
                unit_label(lang, ms[0])
            )
        })
        .collect();
    let (today, time) = jst_date_time(now);
    let empty = Raw(Vec::new());
    let no_errors = Errors::new();
    let (raw, errors) = match &refused {
        Some((raw, errors)) => (raw, errors),
        None => (&empty, &no_errors),
    };
    let typed = |name: &str, default: &str| {
        if refused.is_some() {
            raw.get(name).to_string()
        } else {
            default.to_string()
        }
    };
    let form = open.then(|| renkei_views::vitals::EntryForm {
        action: format!("/rooms/{room_id}/vitals"),
        key: if raw.get("key").is_empty() {
            fresh_key()
        } else {
            raw.get("key").to_string()
        },
        date: typed("measured_on", &today),
        time: typed("measured_time", &time),
        fields: Measure::ALL
            .into_iter()
            .map(|m| {
                let (lo, hi) = m.plausible();
                renkei_views::vitals::MeasureField {
                    code: m.code(),
                    label: measure_label(lang, m),
                    short: t!(format!("vitals.short.{}", m.code()), locale = lang).into(),
                    unit: unit_label(lang, m),
                    plausible: t!(
                        "vitals.plausible_short",
                        locale = lang,
                        range = m.range_text(lo, hi)
                    )
                    .into(),
                    value: raw.get(m.code()).to_string(),
                    inputmode: if m.decimals() > 0 {
                        "decimal"
                    } else {
                        "numeric"
                    },
                }
            })
            .collect(),
        note: raw.get("note").to_string(),
        errors,
        bp_label: format!(
            "{}（{}）",
            t!("vitals.groups.blood_pressure", locale = lang),
            unit_label(lang, Measure::Systolic)
        ),
    });
    let graph_started = std::time::Instant::now();
    let drawn: Vec<maud::Markup> = graphs(lang, &l.vitals, &ranges, from, now, days)
        .iter()
        .map(renkei_views::graph::graph)
        .collect();
    let graph_time = graph_started.elapsed();
    let view = renkei_views::vitals::VitalsView {
        lang,
        csrf: &ctx.csrf,
        periods: PERIODS
            .iter()
            .map(|d| {
                (
                    format!("/rooms/{room_id}/vitals?days={d}"),
                    period_label(*d),
                    *d == days,
                )
            })
            .collect(),
        form,
        ranges: ranges
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    measure_label(lang, r.measure),
                    range_label(lang, r)
                )
            })
            .collect(),
        care_points_href: (l.features.has(Feature::CarePoints))
            .then(|| format!("/rooms/{room_id}/care-points")),
        graphs: drawn,
        columns,
        rows_cut: l.vitals.len() > shown_rows,
        all_href: (!query.all && l.vitals.len() > shown_rows)
            .then(|| format!("/rooms/{room_id}/vitals?days={days}&all=1#vitals-table-title")),
        total: l.vitals.len(),
        rows,
        period_label: period_label(days),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &l.room, l.features, "/vitals")))
        (renkei_views::vitals::page(&view))
    };
    let mut res = render::page_with(
        ctx,
        state,
        status,
        &format!(
            "{} — {}",
            l.room.name,
            t!("rooms.tab_vitals", locale = lang)
        ),
        body,
        query.notice.as_deref(),
    );
    // Where the time goes (read by bench/vitals.sh; also shown by the browser's tools).
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&format!(
        "db;dur={:.2}, graph;dur={:.2}, total;dur={:.2}",
        db_time.as_secs_f64() * 1000.0,
        graph_time.as_secs_f64() * 1000.0,
        started.elapsed().as_secs_f64() * 1000.0
    )) {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("server-timing"),
            v,
        );
    }
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
    state
        .db(move |conn| {
            room_with(conn, room_id, uid, Feature::Vitals)?.ok_or(AppError::NotFound)?;
            Ok(())
        })
        .await?;
    let mut check = Check::default();
    let entry = read_entry(&raw, &mut check, state.clock.now());
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("measured_on", "rooms.error.stale_form", "");
    }
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
        &format!("/rooms/{room_id}/vitals?notice=vitals_saved#vital-{id}"),
    ))
}
