//! How dates and times are written, on every page (one convention, so a nurse reads them at a
//! glance and a clerk can compare them with the paper):
//!
//! - a date: `2026/12/02（水）` — in English `2026/12/02 (Wed)`;
//! - a date and time: `2026/12/02（水） 13:05` — 24-hour Japan time, no seconds;
//! - within a calendar, where the month is on screen: `12/2（水）`;
//! - a birth date also in 和暦 where a form asks for it (written by the page that shows it).
//!
//! Times are stored in UTC; the callers pass Japan time.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// 水 / Wed
pub fn weekday(lang: &str, w: Weekday) -> &'static str {
    let i = w.num_days_from_monday() as usize;
    if lang == "en" { EN[i] } else { JA[i] }
}

fn with_weekday(lang: &str, out: &mut String, w: Weekday) {
    if lang == "en" {
        out.push_str(" (");
        out.push_str(weekday(lang, w));
        out.push(')');
    } else {
        out.push('（');
        out.push_str(weekday(lang, w));
        out.push('）');
    }
}

fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// `2026/12/02（水）`
pub fn date(lang: &str, d: NaiveDate) -> String {
    // Written by hand: a timeline page shows hundreds of these.
    let mut out = String::with_capacity(24);
    out.push_str(&d.year().to_string());
    out.push('/');
    push2(&mut out, d.month());
    out.push('/');
    push2(&mut out, d.day());
    with_weekday(lang, &mut out, d.weekday());
    out
}

/// `2026/12/02（水） 13:05` (Japan time given).
pub fn datetime(lang: &str, t: NaiveDateTime) -> String {
    let mut out = date(lang, t.date());
    out.push(' ');
    out.push_str(&clock(t));
    out
}

/// `13:05`
pub fn clock(t: NaiveDateTime) -> String {
    let mut out = String::with_capacity(5);
    push2(&mut out, t.hour());
    out.push(':');
    push2(&mut out, t.minute());
    out
}

/// `12/2（水）`: a day within a calendar whose month is shown.
pub fn day(lang: &str, d: NaiveDate) -> String {
    let mut out = format!("{}/{}", d.month(), d.day());
    with_weekday(lang, &mut out, d.weekday());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_way_to_write_a_date() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(date("ja", d), "2026/12/02（水）");
        assert_eq!(date("en", d), "2026/12/02 (Wed)");
        let t = d.and_hms_opt(9, 5, 59).unwrap();
        assert_eq!(datetime("ja", t), "2026/12/02（水） 09:05");
        assert_eq!(day("ja", d), "12/2（水）");
    }
}
