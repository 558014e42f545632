//! The バイタル tab as it is shown: the graphs of a period (one per measure, the reference ranges
//! of 療養のポイント as bands, values outside them marked), the table rows, and the entry form.

use chrono::{Datelike, NaiveDateTime, TimeDelta, Timelike};
use renkei_views::form::Errors;
use renkei_views::graph::{Graph, Series};
use renkei_views::vitals::{Cell, EntryForm, MeasureField, VitalRow, VitalsView};
use rust_i18n::t;

use crate::domain::forms::Raw;
use crate::domain::jst;
use crate::domain::vitals::{Measure, Range};
use crate::http::paths;
use crate::http::present::datetime;
use crate::http::present::labels::{measure_label, range_label, unit_label};
use crate::http::present::rooms::kept_or_fresh_key;
use crate::models::features::Feature;
use crate::models::views::vitals::VitalsPage;
use crate::models::vitals::Vital;

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
    let mut d = jst::date_of(from) + TimeDelta::days(1);
    let last = jst::date_of(to);
    let mut out = Vec::new();
    while d <= last {
        let t = jst::start_of(d);
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
pub(crate) fn graphs(
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
                            let t = jst::from_utc(*at);
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
                let t = jst::from_utc(v.measured_at);
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

/// The table: the newest `shown` entries of the period, newest first; the viewer may withdraw
/// their own live entries while the room is open.
pub(crate) fn rows(
    lang: &str,
    page: &VitalsPage,
    ranges: &[Range],
    viewer: i64,
    shown: usize,
) -> Vec<VitalRow> {
    let open = page.writable();
    let room_id = page.room.id;
    let outside = |m: Measure, v: i32| ranges.iter().any(|r| r.measure == m && r.outside(v));
    page.vitals
        .iter()
        .rev()
        .take(shown)
        .map(|v| {
            let live = v.withdrawn_at.is_none();
            let cell = |m: Measure| Cell {
                text: v.value(m).map(|x| m.show(x)).unwrap_or_default(),
                outside: live && v.value(m).is_some_and(|x| outside(m, x)),
            };
            let bp = match (v.systolic, v.diastolic) {
                (Some(s), Some(d)) => Cell {
                    text: format!("{s}/{d}"),
                    outside: live
                        && (outside(Measure::Systolic, s) || outside(Measure::Diastolic, d)),
                },
                _ => Cell {
                    text: String::new(),
                    outside: false,
                },
            };
            VitalRow {
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
                by: page.names.of(v.entered_by),
                note: v.note.clone(),
                withdrawn: v
                    .withdrawn_at
                    .map(|at| format!("{} — {}", datetime(lang, at), v.withdrawn_reason)),
                withdraw_action: (open && live && v.entered_by == viewer)
                    .then(|| paths::vital_withdrawal(room_id, v.id)),
            }
        })
        .collect()
}

/// The table's column heads: each graph's title with its unit.
pub(crate) fn columns(lang: &str) -> Vec<String> {
    GROUPS
        .iter()
        .map(|(code, ms)| {
            format!(
                "{}（{}）",
                t!(format!("vitals.groups.{code}"), locale = lang),
                unit_label(lang, ms[0])
            )
        })
        .collect()
}

fn jst_date_time(t: NaiveDateTime) -> (String, String) {
    let t = jst::from_utc(t);
    (
        format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day()),
        format!("{:02}:{:02}", t.hour(), t.minute()),
    )
}

/// The entry form: empty with the time now, or what was typed (`refused`) with the problems
/// found in it.
pub(crate) fn entry_form<'a>(
    lang: &str,
    room_id: i64,
    now: NaiveDateTime,
    refused: Option<&Raw>,
    errors: &'a Errors,
) -> EntryForm<'a> {
    let (today, time) = jst_date_time(now);
    let empty = Raw(Vec::new());
    let raw = refused.unwrap_or(&empty);
    let typed = |name: &str, default: &str| {
        if refused.is_some() {
            raw.get(name).to_string()
        } else {
            default.to_string()
        }
    };
    EntryForm {
        action: paths::room_vitals(room_id),
        key: kept_or_fresh_key(raw.get("key")),
        date: typed("measured_on", &today),
        time: typed("measured_time", &time),
        fields: Measure::ALL
            .into_iter()
            .map(|m| {
                let (lo, hi) = m.plausible();
                MeasureField {
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
    }
}

/// The periods a page may show, in days.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// What of the period is shown: its days, and how many table rows (all, or the newest).
pub(crate) struct Shown {
    pub days: i64,
    pub all: bool,
    pub rows: usize,
}

/// The whole tab: periods, the entry form, the ranges, the graphs (drawn already: the handler
/// times them) and the table.
pub(crate) fn page<'a>(
    lang: &'a str,
    csrf: &'a str,
    page: &VitalsPage,
    shown: &Shown,
    viewer: i64,
    graphs: Vec<maud::Markup>,
    form: Option<EntryForm<'a>>,
) -> VitalsView<'a> {
    let ranges = page.ranges();
    let days = shown.days;
    let room_id = page.room.id;
    let period_label = |d: i64| -> String { t!("vitals.days", locale = lang, n = d).into() };
    let href = paths::room_vitals(room_id);
    let cut = page.vitals.len() > shown.rows;
    VitalsView {
        lang,
        csrf,
        periods: PERIODS
            .iter()
            .map(|d| (format!("{href}?days={d}"), period_label(*d), *d == days))
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
        care_points_href: page
            .features
            .has(Feature::CarePoints)
            .then(|| paths::care_points(room_id)),
        graphs,
        columns: columns(lang),
        rows_cut: cut,
        all_href: (!shown.all && cut)
            .then(|| format!("{href}?days={days}&all=1#vitals-table-title")),
        total: page.vitals.len(),
        rows: rows(lang, page, &ranges, viewer, shown.rows),
        period_label: period_label(days),
    }
}
