//! バイタル: one entry of several measures taken at one time, read from what was typed and
//! refused with a reason next to the field when it is malformed or implausible (the plausible
//! range is named). Values are kept as integers in their unit, 体温 and 体重 in tenths.
//!
//! Typing rules: digits and one '.' as the decimal point, in either width (a Japanese keyboard
//! types ３６．５ — it is read as 36.5); a decimal comma is refused with a message saying what
//! to type instead (36,5 could be a slip for 36.5 or for 365).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::forms::{Check, Raw};
use crate::domain::text::fold_number;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Temperature,
    Pulse,
    Systolic,
    Diastolic,
    Spo2,
    Glucose,
    Respiration,
    Weight,
}

impl Measure {
    pub const ALL: [Measure; 8] = [
        Measure::Temperature,
        Measure::Pulse,
        Measure::Systolic,
        Measure::Diastolic,
        Measure::Spo2,
        Measure::Glucose,
        Measure::Respiration,
        Measure::Weight,
    ];

    /// The form field and the `locales/` key (`vitals.measures.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Measure::Temperature => "temperature",
            Measure::Pulse => "pulse",
            Measure::Systolic => "systolic",
            Measure::Diastolic => "diastolic",
            Measure::Spo2 => "spo2",
            Measure::Glucose => "glucose",
            Measure::Respiration => "respiration",
            Measure::Weight => "weight",
        }
    }

    pub fn from_code(code: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Digits after the decimal point (the stored integer is the value × 10^decimals).
    pub fn decimals(self) -> u32 {
        match self {
            Measure::Temperature | Measure::Weight => 1,
            _ => 0,
        }
    }

    /// What a human body can show (and a device can measure); outside it is a typing error.
    pub fn plausible(self) -> (i32, i32) {
        match self {
            Measure::Temperature => (300, 430),
            Measure::Pulse => (20, 250),
            Measure::Systolic => (50, 260),
            Measure::Diastolic => (20, 160),
            Measure::Spo2 => (50, 100),
            Measure::Glucose => (20, 800),
            Measure::Respiration => (4, 60),
            Measure::Weight => (100, 2000),
        }
    }

    /// A stored value as people read it: 365 → "36.5".
    pub fn show(self, v: i32) -> String {
        if self.decimals() == 1 {
            let sign = if v < 0 { "-" } else { "" };
            format!("{sign}{}.{}", v.abs() / 10, v.abs() % 10)
        } else {
            v.to_string()
        }
    }

    /// "30.0〜43.0": the range named in a refusal (the field's label gives the unit, in the
    /// reader's language).
    pub fn range_text(self, low: i32, high: i32) -> String {
        format!("{}〜{}", self.show(low), self.show(high))
    }

    /// Reads one typed value. Empty is `Ok(None)`; a refusal is a `locales/` key and its argument.
    pub fn parse(self, typed: &str) -> Result<Option<i32>, (&'static str, String)> {
        let folded = fold_number(typed);
        let s = folded.as_str();
        if s.is_empty() {
            return Ok(None);
        }
        if s.contains([',', '，', '、']) {
            return Err(("vitals.error.comma", String::new()));
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
            return Err(("vitals.error.number", String::new()));
        }
        let whole: i32 = whole
            .parse()
            .map_err(|_| ("vitals.error.number", String::new()))?;
        let value = match (self.decimals(), frac) {
            (0, None) => whole,
            (0, Some(_)) => return Err(("vitals.error.whole", String::new())),
            (_, None) => whole * 10,
            (_, Some(f)) if f.len() == 1 => whole * 10 + f.parse::<i32>().unwrap_or(0),
            (_, Some(_)) => return Err(("vitals.error.one_decimal", String::new())),
        };
        let (low, high) = self.plausible();
        if value < low || value > high {
            return Err(("vitals.error.implausible", self.range_text(low, high)));
        }
        Ok(Some(value))
    }
}

/// One entry as read from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub measured_at: NaiveDateTime,
    pub values: Vec<(Measure, i32)>,
    pub note: String,
}

impl Entry {
    pub fn get(&self, m: Measure) -> Option<i32> {
        self.values.iter().find(|(x, _)| *x == m).map(|(_, v)| *v)
    }
}

/// A time of day typed as 9:05, 09:05, 0905, 9時5分 or 9時 — in either width. Anything else
/// (`9時半`, `1あ`) is `None`, never a panic: the text is read by characters.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s: String = s
        .chars()
        .map(|c| match c {
            '：' => ':',
            c => crate::domain::text::fold_width(c),
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let (h, m): (String, String) = if let Some((h, m)) = s.split_once(':') {
        (h.to_string(), m.to_string())
    } else if let Some((h, rest)) = s.split_once('時') {
        let m = rest.strip_suffix('分').unwrap_or(rest);
        let m = if m.is_empty() { "00" } else { m };
        (h.to_string(), format!("{m:0>2}"))
    } else if s.chars().count() == 4 && digits(&s) {
        let h: String = s.chars().take(2).collect();
        let m: String = s.chars().skip(2).collect();
        (h, m)
    } else {
        return None;
    };
    if !digits(&h) || !digits(&m) || h.chars().count() > 2 || m.chars().count() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Reads the entry form: the date and time measured, typed in Japan time and stored in UTC (not
/// in the future, not more than a year back), the measures (at least one; 血圧 as a pair, 下
/// below 上) and a note. `now` is UTC.
pub fn read_entry(raw: &Raw, check: &mut Check, now: NaiveDateTime) -> Option<Entry> {
    let today = crate::domain::jst::date_of(now);
    let date: Option<NaiveDate> = check.date_near(
        raw,
        "measured_on",
        true,
        today,
        crate::domain::dates::Toward::Past,
    );
    let time = if raw.get("measured_time").trim().is_empty() {
        check.problem("measured_time", "form.error.required", "");
        None
    } else {
        let t = parse_time(raw.get("measured_time"));
        if t.is_none() {
            check.problem("measured_time", "vitals.error.time", "");
        }
        t
    };
    let measured_at = match (date, time) {
        (Some(d), Some(t)) => {
            let at = crate::domain::jst::at(d, t);
            if at > now + chrono::Duration::minutes(10) {
                check.problem("measured_on", "vitals.error.future", "");
                None
            } else if at < now - chrono::Duration::days(366) {
                check.problem("measured_on", "vitals.error.too_old", "");
                None
            } else {
                Some(at)
            }
        }
        _ => None,
    };
    let mut values = Vec::new();
    let mut malformed = false;
    for m in Measure::ALL {
        match m.parse(raw.get(m.code())) {
            Ok(Some(v)) => values.push((m, v)),
            Ok(None) => {}
            Err((key, arg)) => {
                malformed = true;
                check.problem(m.code(), key, arg);
            }
        }
    }
    let upper = values.iter().find(|(m, _)| *m == Measure::Systolic);
    let lower = values.iter().find(|(m, _)| *m == Measure::Diastolic);
    match (upper, lower) {
        (Some((_, u)), Some((_, l))) if l >= u => {
            check.problem("diastolic", "vitals.error.bp_order", "");
        }
        (Some(_), None) if raw.get("diastolic").trim().is_empty() => {
            check.problem("diastolic", "vitals.error.bp_pair", "");
        }
        (None, Some(_)) if raw.get("systolic").trim().is_empty() => {
            check.problem("systolic", "vitals.error.bp_pair", "");
        }
        _ => {}
    }
    if values.is_empty() && !malformed {
        check.problem(Measure::Temperature.code(), "vitals.error.none", "");
    }
    let note = check.text(raw, "note", false, 200);
    if !check.problems.is_empty() {
        return None;
    }
    Some(Entry {
        measured_at: measured_at?,
        values,
        note,
    })
}

/// A reference range of 療養のポイント for one measure; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub measure: Measure,
    pub low: Option<i32>,
    pub high: Option<i32>,
}

impl Range {
    pub fn outside(&self, v: i32) -> bool {
        self.low.is_some_and(|l| v < l) || self.high.is_some_and(|h| v > h)
    }
}

/// The measures of an entry outside their reference ranges.
pub fn outside(values: &[(Measure, i32)], ranges: &[Range]) -> Vec<Measure> {
    values
        .iter()
        .filter(|(m, v)| ranges.iter().any(|r| r.measure == *m && r.outside(*v)))
        .map(|(m, _)| *m)
        .collect()
}

/// 療養のポイント: what to watch, the reference range per measure, when to report and to whom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CarePoints {
    pub observation: String,
    pub report_when: String,
    pub ranges: Vec<Range>,
    /// The members told when a vital falls outside its range.
    pub recipients: Vec<i64>,
}

impl CarePoints {
    pub fn range(&self, m: Measure) -> Option<&Range> {
        self.ranges.iter().find(|r| r.measure == m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(m: Measure, s: &str) -> Result<Option<i32>, &'static str> {
        m.parse(s).map_err(|(k, _)| k)
    }

    #[test]
    fn values_are_read_exactly_or_refused_with_a_reason() {
        assert_eq!(t(Measure::Temperature, "36.5"), Ok(Some(365)));
        assert_eq!(t(Measure::Temperature, " 37 "), Ok(Some(370)));
        assert_eq!(t(Measure::Temperature, ""), Ok(None));
        assert_eq!(t(Measure::Temperature, "３６．５"), Ok(Some(365)));
        assert_eq!(t(Measure::Pulse, "７２"), Ok(Some(72)));
        assert_eq!(t(Measure::Temperature, "36,5"), Err("vitals.error.comma"));
        assert_eq!(
            t(Measure::Temperature, "36.55"),
            Err("vitals.error.one_decimal")
        );
        assert_eq!(
            t(Measure::Temperature, "365"),
            Err("vitals.error.implausible")
        );
        assert_eq!(t(Measure::Temperature, "-1"), Err("vitals.error.number"));
        assert_eq!(t(Measure::Temperature, "abc"), Err("vitals.error.number"));
        assert_eq!(t(Measure::Temperature, "36."), Err("vitals.error.number"));
        assert_eq!(t(Measure::Pulse, "72"), Ok(Some(72)));
        assert_eq!(t(Measure::Pulse, "72.5"), Err("vitals.error.whole"));
        assert_eq!(t(Measure::Spo2, "101"), Err("vitals.error.implausible"));
        assert_eq!(t(Measure::Weight, "52.3"), Ok(Some(523)));
        assert_eq!(
            Measure::Temperature.parse("29.9").unwrap_err().1,
            "30.0〜43.0"
        );
    }

    #[test]
    fn times_are_read_by_characters_in_either_width() {
        let t = |s: &str| parse_time(s).map(|t| t.format("%H:%M").to_string());
        assert_eq!(t("9:05").as_deref(), Some("09:05"));
        assert_eq!(t("0905").as_deref(), Some("09:05"));
        assert_eq!(t("９：０５").as_deref(), Some("09:05"));
        assert_eq!(t("9時5分").as_deref(), Some("09:05"));
        assert_eq!(t("14時").as_deref(), Some("14:00"));
        for bad in [
            "9時半",
            "1あ",
            "ａ1",
            "25:00",
            "9:5",
            "",
            "１２３４５",
            "İİ",
            "ß:ß",
        ] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> Raw {
        Raw(pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 21)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn an_entry_needs_a_real_time_a_value_and_a_blood_pressure_pair_in_order() {
        let mut c = Check::default();
        let e = read_entry(
            &raw(&[
                ("measured_on", "令和8年11月21日"),
                ("measured_time", "9:30"),
                ("systolic", "132"),
                ("diastolic", "84"),
                ("spo2", "97"),
            ]),
            &mut c,
            now(),
        )
        .unwrap();
        assert_eq!(e.get(Measure::Systolic), Some(132));
        // 09:30 in Japan is 00:30 UTC.
        assert_eq!(e.measured_at.format("%H:%M").to_string(), "00:30");

        let fields = |pairs: &[(&str, &str)]| {
            let mut c = Check::default();
            assert!(read_entry(&raw(pairs), &mut c, now()).is_none());
            c.problems
                .iter()
                .map(|p| (p.field.clone(), p.key))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(&[
                ("measured_on", "2026-11-21"),
                ("measured_time", "09:00"),
                ("systolic", "80"),
                ("diastolic", "90"),
            ]),
            vec![("diastolic".to_string(), "vitals.error.bp_order")]
        );
        assert_eq!(
            fields(&[
                ("measured_on", "平成31年5月1日"),
                ("measured_time", "09:00"),
                ("pulse", "70"),
            ])[0]
                .1,
            "date.error.outside_era"
        );
        assert_eq!(
            fields(&[
                ("measured_on", "2026-02-30"),
                ("measured_time", "09:00"),
                ("pulse", "70"),
            ])[0]
                .1,
            "date.error.no_such_day"
        );
        assert_eq!(
            fields(&[("measured_on", "2026-11-21"), ("measured_time", "09:00")]),
            vec![("temperature".to_string(), "vitals.error.none")]
        );
        assert_eq!(
            fields(&[
                ("measured_on", "2026-11-22"),
                ("measured_time", "09:00"),
                ("pulse", "70")
            ]),
            vec![("measured_on".to_string(), "vitals.error.future")]
        );
        assert_eq!(
            fields(&[
                ("measured_on", "2026-11-21"),
                ("measured_time", "25:00"),
                ("systolic", "120")
            ]),
            vec![
                ("measured_time".to_string(), "vitals.error.time"),
                ("diastolic".to_string(), "vitals.error.bp_pair")
            ]
        );
    }

    #[test]
    fn ranges_mark_what_is_outside() {
        let ranges = [
            Range {
                measure: Measure::Temperature,
                low: None,
                high: Some(375),
            },
            Range {
                measure: Measure::Spo2,
                low: Some(93),
                high: None,
            },
        ];
        assert_eq!(
            outside(
                &[
                    (Measure::Temperature, 380),
                    (Measure::Spo2, 95),
                    (Measure::Pulse, 140)
                ],
                &ranges
            ),
            vec![Measure::Temperature]
        );
        assert_eq!(
            outside(&[(Measure::Spo2, 92)], &ranges),
            vec![Measure::Spo2]
        );
    }
}
