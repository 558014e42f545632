//! The words and figures of the usage statistics: the monthly table (the page and its CSV share
//! the same columns, so the download says what the screen says), the charts, the latest month's
//! breakdowns and the activity per organisation.

use chrono::{Datelike, NaiveDate};
use rust_i18n::t;

use crate::http::paging;
use crate::http::paths;
use crate::http::present::labels::{organisation_kind_label, profession_label};
use crate::models::organisations::KINDS;
use crate::models::users::PROFESSIONS;
use crate::models::views::statistics::{MonthFigures, OrganisationActivity, Statistics};
use renkei_views::bars::Bars;
use renkei_views::registers::{RecordTable, RecordView};
use renkei_views::statistics::StatisticsView;

fn tt(lang: &str, key: &str) -> String {
    t!(key, locale = lang).into()
}

/// 1234567 → "1,234,567".
pub fn number(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn month_label(lang: &str, m: NaiveDate) -> String {
    t!(
        "statistics.month",
        locale = lang,
        year = m.year(),
        month = m.month()
    )
    .into()
}

fn year_label(lang: &str, year: i32) -> String {
    t!("statistics.year_label", locale = lang, year = year).into()
}

/// The figures of a month, in the order of [`monthly_headers`] after the month.
fn month_values(m: &MonthFigures) -> [i64; 11] {
    [
        m.organisations_total(),
        m.accounts_total(),
        m.active_users,
        m.patient_rooms_opened,
        m.patient_rooms_closed,
        m.topic_rooms_opened,
        m.topic_rooms_closed,
        m.posts,
        m.vitals,
        m.messages,
        m.mails,
    ]
}

const MONTHLY_KEYS: [&str; 11] = [
    "statistics.organisations",
    "statistics.accounts",
    "statistics.active_users",
    "statistics.patient_opened",
    "statistics.patient_closed",
    "statistics.topic_opened",
    "statistics.topic_closed",
    "statistics.posts",
    "statistics.vitals",
    "statistics.messages",
    "statistics.mails",
];

pub fn monthly_headers(lang: &str) -> Vec<String> {
    std::iter::once(tt(lang, "statistics.month_column"))
        .chain(MONTHLY_KEYS.iter().map(|k| tt(lang, k)))
        .collect()
}

/// The page's rows, newest month first (the CSV keeps the months in order, for charts in Excel).
fn monthly_rows(lang: &str, s: &Statistics) -> Vec<Vec<String>> {
    s.months
        .iter()
        .rev()
        .map(|m| {
            std::iter::once(month_label(lang, m.month))
                .chain(month_values(m).iter().map(|v| number(*v)))
                .collect()
        })
        .collect()
}

/// The kinds counted (the two offices are not).
fn counted_kinds() -> impl Iterator<Item = &'static str> {
    KINDS
        .iter()
        .copied()
        .filter(|k| !matches!(*k, "city_office" | "association_office"))
}

fn count_of(counts: &[(String, i64)], code: &str) -> i64 {
    counts
        .iter()
        .find(|(c, _)| c == code)
        .map(|(_, n)| *n)
        .unwrap_or(0)
}

/// The monthly CSV: the page's columns, then each organisation kind and each profession.
pub fn monthly_csv(lang: &str, s: &Statistics) -> Vec<u8> {
    let mut headers = monthly_headers(lang);
    headers.extend(counted_kinds().map(|k| {
        t!(
            "statistics.column_of",
            locale = lang,
            group = tt(lang, "statistics.organisations"),
            item = organisation_kind_label(lang, k)
        )
        .into()
    }));
    headers.extend(PROFESSIONS.iter().map(|p| {
        t!(
            "statistics.column_of",
            locale = lang,
            group = tt(lang, "statistics.accounts"),
            item = profession_label(lang, p)
        )
        .into()
    }));
    let rows = s.months.iter().map(|m| {
        let mut row: Vec<String> = vec![m.month.format("%Y-%m").to_string()];
        row.extend(month_values(m).iter().map(|v| v.to_string()));
        row.extend(counted_kinds().map(|k| count_of(&m.organisations, k).to_string()));
        row.extend(
            PROFESSIONS
                .iter()
                .map(|p| count_of(&m.accounts, p).to_string()),
        );
        row
    });
    crate::domain::csv::table(&headers, rows)
}

fn organisation_headers(lang: &str) -> Vec<String> {
    [
        "statistics.organisation",
        "statistics.kind",
        "statistics.accounts",
        "statistics.active_users",
        "statistics.posts",
    ]
    .iter()
    .map(|k| tt(lang, k))
    .collect()
}

fn organisation_cells(
    lang: &str,
    o: &OrganisationActivity,
    show: fn(i64) -> String,
) -> Vec<String> {
    vec![
        o.name.clone(),
        organisation_kind_label(lang, &o.kind),
        show(o.accounts),
        show(o.active_users),
        show(o.posts),
    ]
}

pub fn organisations_csv(lang: &str, s: &Statistics) -> Vec<u8> {
    crate::domain::csv::table(
        &organisation_headers(lang),
        s.organisations
            .iter()
            .map(|o| organisation_cells(lang, o, |n| n.to_string())),
    )
}

/// A chart of one figure per month.
fn chart(lang: &str, s: &Statistics, id: &str, key: &str, value: fn(&MonthFigures) -> i64) -> Bars {
    let title = tt(lang, key);
    let bars: Vec<(String, String, i64)> = s
        .months
        .iter()
        .map(|m| {
            let short: String = t!(
                "statistics.month_short",
                locale = lang,
                month = m.month.month()
            )
            .into();
            let full = month_label(lang, m.month);
            let hover: String = t!(
                "statistics.bar_title",
                locale = lang,
                month = full,
                count = number(value(m))
            )
            .into();
            (short, hover, value(m))
        })
        .collect();
    let max = bars
        .iter()
        .max_by_key(|b| b.2)
        .map(|b| b.1.clone())
        .unwrap_or_default();
    let latest = bars.last().map(|b| b.1.clone()).unwrap_or_default();
    let summary = t!(
        "statistics.chart_summary",
        locale = lang,
        title = title,
        max = max,
        latest = latest
    )
    .into();
    let big = if lang == "en" { 1_000 } else { 10_000 };
    Bars {
        id: id.into(),
        title,
        bars,
        summary,
        big: (big, tt(lang, "statistics.big_unit")),
    }
}

fn breakdown(lang: &str, caption: String, head: &str, rows: Vec<(String, i64)>) -> RecordTable {
    RecordTable {
        caption,
        headers: vec![tt(lang, head), tt(lang, "statistics.number")],
        rows: rows
            .into_iter()
            .map(|(label, n)| vec![label, number(n)])
            .collect(),
        empty: tt(lang, "statistics.empty"),
    }
}

/// Links to the 年度 before and after, where there are figures for them.
fn around(lang: &str, year: i32, years: &[i32]) -> Vec<(String, String)> {
    let href = |y: i32| paging::with_filters(paths::STATISTICS, &[("year", &y.to_string())]);
    let mut links = Vec::new();
    if years.contains(&(year - 1)) {
        let label = t!("statistics.before", locale = lang, year = year - 1).into();
        links.push((href(year - 1), label));
    }
    if years.contains(&(year + 1)) {
        let label = t!("statistics.after", locale = lang, year = year + 1).into();
        links.push((href(year + 1), label));
    }
    links
}

/// The four charts of the year.
fn charts(lang: &str, s: &Statistics) -> Vec<Bars> {
    vec![
        chart(lang, s, "chart-posts", "statistics.posts", |m| m.posts),
        chart(lang, s, "chart-users", "statistics.active_users", |m| {
            m.active_users
        }),
        chart(lang, s, "chart-vitals", "statistics.vitals", |m| m.vitals),
        chart(lang, s, "chart-accounts", "statistics.accounts", |m| {
            m.accounts_total()
        }),
    ]
}

/// The tables: every month, the latest month's organisation kinds and professions, and the
/// activity per organisation.
fn tables(lang: &str, s: &Statistics, last: &MonthFigures) -> Vec<RecordTable> {
    let month = month_label(lang, last.month);
    let kinds = counted_kinds()
        .map(|k| {
            (
                organisation_kind_label(lang, k),
                count_of(&last.organisations, k),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let professions = PROFESSIONS
        .iter()
        .map(|p| (profession_label(lang, p), count_of(&last.accounts, p)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let kinds_caption = t!("statistics.kinds_caption", locale = lang, month = month).into();
    let professions_caption = t!(
        "statistics.professions_caption",
        locale = lang,
        month = month
    )
    .into();
    vec![
        RecordTable {
            caption: tt(lang, "statistics.monthly_caption"),
            headers: monthly_headers(lang),
            rows: monthly_rows(lang, s),
            empty: tt(lang, "statistics.empty"),
        },
        breakdown(lang, kinds_caption, "statistics.kind", kinds),
        breakdown(
            lang,
            professions_caption,
            "statistics.profession",
            professions,
        ),
        RecordTable {
            caption: tt(lang, "statistics.organisations_caption"),
            headers: organisation_headers(lang),
            rows: s
                .organisations
                .iter()
                .map(|o| organisation_cells(lang, o, number))
                .collect(),
            empty: tt(lang, "statistics.empty"),
        },
    ]
}

/// The two CSV downloads of the 年度.
fn csv_links(lang: &str, year: i32) -> Vec<(String, String)> {
    let year = year.to_string();
    let with_year = |path: &str| paging::with_filters(path, &[("year", &year)]);
    vec![
        (
            with_year(paths::STATISTICS_CSV),
            tt(lang, "statistics.csv_monthly"),
        ),
        (
            with_year(paths::STATISTICS_ORGANISATIONS_CSV),
            tt(lang, "statistics.csv_organisations"),
        ),
    ]
}

/// The page: `years` the 年度 offered (oldest first), `notice` when the asked one was refused.
pub fn statistics_view<'a>(
    lang: &'a str,
    s: &Statistics,
    years: &[i32],
    notice: Option<String>,
) -> StatisticsView<'a> {
    let (facts, tables, charts) = match s.months.last() {
        Some(last) => {
            let values = month_values(last);
            let month = month_label(lang, last.month);
            let latest = [0usize, 1, 2, 7]
                .iter()
                .map(|&i| (tt(lang, MONTHLY_KEYS[i]), number(values[i])))
                .collect();
            let title = t!("statistics.latest", locale = lang, month = month).into();
            (
                vec![(title, latest)],
                tables(lang, s, last),
                charts(lang, s),
            )
        }
        None => {
            let none = (
                tt(lang, "statistics.monthly_caption"),
                tt(lang, "statistics.none_yet"),
            );
            (
                vec![(year_label(lang, s.year), vec![none])],
                Vec::new(),
                Vec::new(),
            )
        }
    };
    StatisticsView {
        lang,
        lead: tt(lang, "statistics.lead"),
        action: paths::STATISTICS,
        years: years
            .iter()
            .rev()
            .map(|&y| (y, year_label(lang, y)))
            .collect(),
        year: s.year,
        notice,
        around: around(lang, s.year, years),
        charts,
        figures: RecordView {
            lang,
            facts,
            tables,
            links: csv_links(lang, s.year),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_000), "1,000");
        assert_eq!(number(1_234_567), "1,234,567");
        assert_eq!(number(-12_345), "-12,345");
    }
}
