//! Dates as people write them on Japanese forms: 西暦 (2026-11-21, 2026/11/21, 2026年11月21日)
//! and 和暦 (令和8年11月21日, R8.11.21, 平成元年1月8日, 昭和15年3月1日), in full-width or
//! half-width digits. A date that does not exist (2月30日, 平成31年5月1日) is refused with a
//! reason, never silently moved.

use chrono::{Datelike, NaiveDate};

use crate::domain::text::fold_width;

/// Why a typed date was refused; each has its message in `locales/` (`date.error.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Empty,
    Unreadable,
    /// The day does not exist in the calendar (2月30日).
    NoSuchDay,
    /// The era had ended (or not begun) by then: 平成31年5月1日 is 令和元年5月1日.
    OutsideEra {
        era: &'static str,
        converted: String,
    },
}

impl DateError {
    pub fn message_key(&self) -> &'static str {
        match self {
            DateError::Empty => "date.error.empty",
            DateError::Unreadable => "date.error.unreadable",
            DateError::NoSuchDay => "date.error.no_such_day",
            DateError::OutsideEra { .. } => "date.error.outside_era",
        }
    }
}

struct Era {
    names: &'static [&'static str],
    kanji: &'static str,
    start: (i32, u32, u32),
}

const ERAS: &[Era] = &[
    Era {
        names: &["令和", "R"],
        kanji: "令和",
        start: (2019, 5, 1),
    },
    Era {
        names: &["平成", "H"],
        kanji: "平成",
        start: (1989, 1, 8),
    },
    Era {
        names: &["昭和", "S"],
        kanji: "昭和",
        start: (1926, 12, 25),
    },
    Era {
        names: &["大正", "T"],
        kanji: "大正",
        start: (1912, 7, 30),
    },
    Era {
        names: &["明治", "M"],
        kanji: "明治",
        start: (1868, 10, 23),
    },
];

fn era_start(e: &Era) -> NaiveDate {
    NaiveDate::from_ymd_opt(e.start.0, e.start.1, e.start.2).expect("era start")
}

/// The 和暦 form of a date, e.g. 令和8年11月21日 (元年 for year 1).
pub fn to_wareki(d: NaiveDate) -> String {
    for e in ERAS {
        if d >= era_start(e) {
            let y = d.year() - e.start.0 + 1;
            let year = if y == 1 {
                "元".to_string()
            } else {
                y.to_string()
            };
            return format!("{}{}年{}月{}日", e.kanji, year, d.month(), d.day());
        }
    }
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Parses a typed date.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s: String = input
        .trim()
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    // A date begins with its era or its year: `-2026-01-01` is not a date.
    if !s.starts_with(|c: char| c.is_ascii_digit() || c.is_alphabetic()) {
        return Err(DateError::Unreadable);
    }
    let s = s.replace('元', "1");
    // Which era, if any, and the rest.
    let upper = s.to_ascii_uppercase();
    let mut era: Option<&Era> = None;
    let mut rest = upper.as_str();
    for e in ERAS {
        for name in e.names {
            if let Some(r) = upper.strip_prefix(&name.to_ascii_uppercase()) {
                era = Some(e);
                rest = r;
            }
        }
        if era.is_some() {
            break;
        }
    }
    let numbers: Vec<u32> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| DateError::Unreadable))
        .collect::<Result<_, _>>()?;
    let [y, m, d] = numbers[..] else {
        return Err(DateError::Unreadable);
    };
    // 20261121 typed without separators.
    match era {
        None => {
            if !(1868..=2200).contains(&y) {
                return Err(DateError::Unreadable);
            }
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
        }
        Some(e) => {
            if y == 0 || y > 100 {
                return Err(DateError::Unreadable);
            }
            let year = e.start.0 + y as i32 - 1;
            let date = NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError::NoSuchDay)?;
            let idx = ERAS.iter().position(|x| std::ptr::eq(x, e)).unwrap_or(0);
            let next_start = if idx == 0 {
                None
            } else {
                Some(era_start(&ERAS[idx - 1]))
            };
            if date < era_start(e) || next_start.is_some_and(|n| date >= n) {
                return Err(DateError::OutsideEra {
                    era: e.kanji,
                    converted: to_wareki(date),
                });
            }
            Ok(date)
        }
    }
}

/// Which year a date typed without one (12/17, 12月17日) is in: the next such day, for a meeting
/// being planned; the last one, for something that has happened (vitals, a prescription).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Future,
    Past,
}

/// Like [`parse_date`], but a month and day alone are read in the year `toward` says from
/// `today` (Japan time).
pub fn parse_date_near(
    input: &str,
    today: NaiveDate,
    toward: Toward,
) -> Result<NaiveDate, DateError> {
    match parse_date(input) {
        Err(DateError::Unreadable) => {}
        other => return other,
    }
    let s: String = input.trim().chars().map(fold_width).collect();
    if s.chars().any(|c| c.is_ascii_alphabetic()) || ERAS.iter().any(|e| s.contains(e.kanji)) {
        return Err(DateError::Unreadable);
    }
    let numbers: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().map_err(|_| DateError::Unreadable))
        .collect::<Result<_, _>>()?;
    let [m, d] = numbers[..] else {
        return Err(DateError::Unreadable);
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(DateError::Unreadable);
    }
    let in_year = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
    let this = in_year(today.year());
    let date = match toward {
        Toward::Future => match this {
            Some(x) if x >= today => Some(x),
            _ => in_year(today.year() + 1),
        },
        Toward::Past => match this {
            Some(x) if x <= today => Some(x),
            _ => in_year(today.year() - 1),
        },
    };
    // 2/29 in a year without it: the nearest year that has it is not what was meant.
    date.ok_or(DateError::NoSuchDay)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_seireki_and_wareki() {
        assert_eq!(parse_date("2026-11-21"), Ok(d(2026, 11, 21)));
        assert_eq!(parse_date("２０２６／１１／２１"), Ok(d(2026, 11, 21)));
        assert_eq!(parse_date("2026年11月21日"), Ok(d(2026, 11, 21)));
        assert_eq!(parse_date("令和8年11月21日"), Ok(d(2026, 11, 21)));
        assert_eq!(parse_date("R8.11.21"), Ok(d(2026, 11, 21)));
        assert_eq!(parse_date("令和元年5月1日"), Ok(d(2019, 5, 1)));
        assert_eq!(parse_date("昭和15年3月1日"), Ok(d(1940, 3, 1)));
        assert_eq!(parse_date("平成元年1月8日"), Ok(d(1989, 1, 8)));
        for signed in [
            "-2026-01-01",
            "+2026-01-01",
            "－２０２６－０１－０１",
            "/2026/1/1",
        ] {
            assert_eq!(parse_date(signed), Err(DateError::Unreadable), "{signed}");
        }
    }

    #[test]
    fn a_month_and_day_alone_are_the_next_or_the_last_such_day() {
        let today = d(2026, 12, 2);
        assert_eq!(
            parse_date_near("12/17", today, Toward::Future),
            Ok(d(2026, 12, 17))
        );
        assert_eq!(
            parse_date_near("1/5", today, Toward::Future),
            Ok(d(2027, 1, 5))
        );
        assert_eq!(
            parse_date_near("１２月１日", today, Toward::Past),
            Ok(d(2026, 12, 1))
        );
        assert_eq!(
            parse_date_near("12/17", today, Toward::Past),
            Ok(d(2025, 12, 17))
        );
        assert_eq!(
            parse_date_near("2027-01-05", today, Toward::Past),
            Ok(d(2027, 1, 5))
        );
        assert_eq!(
            parse_date_near("13/1", today, Toward::Future),
            Err(DateError::Unreadable)
        );
        assert_eq!(
            parse_date_near("あした", today, Toward::Future),
            Err(DateError::Unreadable)
        );
    }

    #[test]
    fn refuses_days_that_do_not_exist() {
        assert_eq!(parse_date("2026年2月30日"), Err(DateError::NoSuchDay));
        assert!(matches!(
            parse_date("平成31年5月1日"),
            Err(DateError::OutsideEra { .. })
        ));
        assert!(matches!(
            parse_date("昭和64年1月8日"),
            Err(DateError::OutsideEra { .. })
        ));
        assert_eq!(parse_date("昭和64年1月7日"), Ok(d(1989, 1, 7)));
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert_eq!(parse_date("あした"), Err(DateError::Unreadable));
        assert_eq!(to_wareki(d(2019, 5, 1)), "令和元年5月1日");
    }
}
