//! 開庁日 against the Cabinet Office's list of national holidays (内閣府「国民の祝日について」,
//! syukujitsu.csv) for 2025–2027: every day of the three years is checked.

use chrono::{Datelike, NaiveDate, Weekday};
use renkei::domain::calendar::BusinessCalendar;

/// The Cabinet Office list, 2025–2027, as published (date, name).
const CABINET_OFFICE: &[(i32, u32, u32, &str)] = &[
    (2025, 1, 1, "元日"),
    (2025, 1, 13, "成人の日"),
    (2025, 2, 11, "建国記念の日"),
    (2025, 2, 23, "天皇誕生日"),
    (2025, 2, 24, "休日"),
    (2025, 3, 20, "春分の日"),
    (2025, 4, 29, "昭和の日"),
    (2025, 5, 3, "憲法記念日"),
    (2025, 5, 4, "みどりの日"),
    (2025, 5, 5, "こどもの日"),
    (2025, 5, 6, "休日"),
    (2025, 7, 21, "海の日"),
    (2025, 8, 11, "山の日"),
    (2025, 9, 15, "敬老の日"),
    (2025, 9, 23, "秋分の日"),
    (2025, 10, 13, "スポーツの日"),
    (2025, 11, 3, "文化の日"),
    (2025, 11, 23, "勤労感謝の日"),
    (2025, 11, 24, "休日"),
    (2026, 1, 1, "元日"),
    (2026, 1, 12, "成人の日"),
    (2026, 2, 11, "建国記念の日"),
    (2026, 2, 23, "天皇誕生日"),
    (2026, 3, 20, "春分の日"),
    (2026, 4, 29, "昭和の日"),
    (2026, 5, 3, "憲法記念日"),
    (2026, 5, 4, "みどりの日"),
    (2026, 5, 5, "こどもの日"),
    (2026, 5, 6, "休日"),
    (2026, 7, 20, "海の日"),
    (2026, 8, 11, "山の日"),
    (2026, 9, 21, "敬老の日"),
    (2026, 9, 22, "休日"),
    (2026, 9, 23, "秋分の日"),
    (2026, 10, 12, "スポーツの日"),
    (2026, 11, 3, "文化の日"),
    (2026, 11, 23, "勤労感謝の日"),
    (2027, 1, 1, "元日"),
    (2027, 1, 11, "成人の日"),
    (2027, 2, 11, "建国記念の日"),
    (2027, 2, 23, "天皇誕生日"),
    (2027, 3, 21, "春分の日"),
    (2027, 3, 22, "休日"),
    (2027, 4, 29, "昭和の日"),
    (2027, 5, 3, "憲法記念日"),
    (2027, 5, 4, "みどりの日"),
    (2027, 5, 5, "こどもの日"),
    (2027, 7, 19, "海の日"),
    (2027, 8, 11, "山の日"),
    (2027, 9, 20, "敬老の日"),
    (2027, 9, 23, "秋分の日"),
    (2027, 10, 11, "スポーツの日"),
    (2027, 11, 3, "文化の日"),
    (2027, 11, 23, "勤労感謝の日"),
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn every_day_of_2025_to_2027_matches_the_cabinet_office_list() {
    let cal = BusinessCalendar::new([]);
    let listed: std::collections::BTreeSet<NaiveDate> = CABINET_OFFICE
        .iter()
        .map(|(y, m, dd, _)| d(*y, *m, *dd))
        .collect();
    let mut day = d(2025, 1, 1);
    let mut mismatches = Vec::new();
    let mut open = 0;
    while day <= d(2027, 12, 31) {
        if cal.is_national_holiday(day) != listed.contains(&day) {
            mismatches.push(format!(
                "{day}: library says {}, list says {}",
                cal.is_national_holiday(day),
                listed.contains(&day)
            ));
        }
        let expected_open = !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !listed.contains(&day)
            && !matches!((day.month(), day.day()), (12, 29..=31) | (1, 1..=3));
        assert_eq!(cal.is_open(day), expected_open, "{day}");
        if expected_open {
            open += 1;
        }
        day = day.succ_opt().unwrap();
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        (720..750).contains(&open),
        "about 243 開庁日 a year, got {open} in three years"
    );
}

#[test]
fn due_dates_count_open_days_after_receipt() {
    let cal = BusinessCalendar::new([]);
    // Received Friday 2026-11-20; Monday 11-23 is 勤労感謝の日: due Thursday 11-26.
    assert_eq!(cal.add_open_days(d(2026, 11, 20), 3), d(2026, 11, 26));
    // Received on a Saturday: the count starts on Monday.
    assert_eq!(cal.add_open_days(d(2026, 11, 21), 3), d(2026, 11, 26));
    // Year end: received 2026-12-25 (Fri) → 12-28 (Mon) is open, then the closure to 1-3,
    // then 1-4 (Mon), 1-5: due 2027-01-05.
    assert_eq!(cal.add_open_days(d(2026, 12, 25), 3), d(2027, 1, 5));
    // Silver week 2026: 9-19..9-23 are all closed.
    assert_eq!(cal.add_open_days(d(2026, 9, 18), 1), d(2026, 9, 24));
    // Golden week 2027.
    assert_eq!(cal.add_open_days(d(2027, 4, 30), 2), d(2027, 5, 7));
    assert_eq!(cal.open_days_between(d(2026, 11, 20), d(2026, 11, 26)), 3);
}

#[test]
fn extra_closures_are_skipped() {
    let cal = BusinessCalendar::new([d(2026, 11, 24)]);
    assert!(!cal.is_open(d(2026, 11, 24)));
    assert_eq!(cal.add_open_days(d(2026, 11, 20), 3), d(2026, 11, 27));
}
