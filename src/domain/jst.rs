//! Japan time, the one place that knows it is UTC+9 (no daylight saving). Times are stored in
//! UTC; people type, read and count days in Japan time.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

const OFFSET: TimeDelta = TimeDelta::hours(9);

/// A stored UTC time as Japan's wall-clock time.
pub fn from_utc(utc: NaiveDateTime) -> NaiveDateTime {
    utc + OFFSET
}

/// A Japan wall-clock time as the UTC time to store.
pub fn to_utc(jst: NaiveDateTime) -> NaiveDateTime {
    jst - OFFSET
}

/// The Japan date of a stored UTC time.
pub fn date_of(utc: NaiveDateTime) -> NaiveDate {
    from_utc(utc).date()
}

/// A date and time typed in Japan time, as UTC.
pub fn at(date: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    to_utc(date.and_time(time))
}

/// The start of a Japan day (00:00 JST), as UTC.
pub fn start_of(date: NaiveDate) -> NaiveDateTime {
    at(date, NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japan_is_nine_hours_ahead_and_days_turn_at_its_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let utc = d.and_hms_opt(15, 30, 0).unwrap();
        assert_eq!(date_of(utc), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        assert_eq!(to_utc(from_utc(utc)), utc);
        assert_eq!(
            start_of(d),
            NaiveDate::from_ymd_opt(2026, 12, 1)
                .unwrap()
                .and_hms_opt(15, 0, 0)
                .unwrap()
        );
        assert_eq!(
            at(d, NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
            d.and_hms_opt(0, 0, 0).unwrap()
        );
    }
}
