//! 開庁日 — the municipality's business days: Monday to Friday, not a national holiday
//! (国民の祝日, 振替休日, 国民の休日), not the year-end closure 12/29–1/3, and not one of the
//! configured extra closures. Application due dates count in these days.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};

pub struct BusinessCalendar {
    /// National holidays of the supported years with their names, computed once by the holiday
    /// library.
    holidays: BTreeMap<NaiveDate, String>,
    extra_closed: BTreeSet<NaiveDate>,
}

/// The years the calendar knows; a date outside them is treated as having no national holiday.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

impl std::fmt::Debug for BusinessCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusinessCalendar")
            .field("extra_closed", &self.extra_closed)
            .finish()
    }
}

impl BusinessCalendar {
    pub fn new(extra_closed: impl IntoIterator<Item = NaiveDate>) -> BusinessCalendar {
        let library = jpholiday::jpholiday::JPHoliday::new();
        let holidays = YEARS.flat_map(|y| library.year_holidays(y)).collect();
        BusinessCalendar {
            holidays,
            extra_closed: extra_closed.into_iter().collect(),
        }
    }

    /// A national holiday (including substitute holidays and 国民の休日).
    pub fn is_national_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.contains_key(&day)
    }

    /// The holiday's name (元日, 振替休日…), for calendars.
    pub fn holiday_name(&self, day: NaiveDate) -> Option<&str> {
        self.holidays.get(&day).map(String::as_str)
    }

    /// 12/29 to 1/3, when municipal offices close.
    pub fn is_year_end_closure(day: NaiveDate) -> bool {
        matches!((day.month(), day.day()), (12, 29..=31) | (1, 1..=3))
    }

    /// Whether the offices are open on `day`.
    pub fn is_open(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !Self::is_year_end_closure(day)
            && !self.is_national_holiday(day)
            && !self.extra_closed.contains(&day)
    }

    /// The `n`th 開庁日 after `day` (`day` itself does not count, open or not).
    pub fn add_open_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().expect("dates stay far from the end of time");
            if self.is_open(d) {
                left -= 1;
            }
        }
        d
    }

    /// How many 開庁日 lie after `from` up to and including `to` (0 when `to` <= `from`).
    pub fn open_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().expect("dates stay far from the end of time");
            if self.is_open(d) {
                n += 1;
            }
        }
        n
    }
}
