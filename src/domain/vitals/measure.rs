//! The measures (体温, 脈拍, 血圧 上/下, SpO2, 血糖, 呼吸数, 体重): their codes, decimals and
//! plausible ranges, how a stored value is shown, and how one typed value is read or refused.

use super::*;

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
}
