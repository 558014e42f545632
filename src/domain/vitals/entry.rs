//! One entry as read from the form: the date and time measured (typed in Japan time, kept in
//! UTC), the measures with 血圧 as an ordered pair, and a note; and the time of day as people
//! type it.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
