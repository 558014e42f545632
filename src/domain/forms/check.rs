//! Reading one field of a form and checking it: `Check` collects a problem per field while
//! free text, katakana readings, choices, postcodes, phone numbers, mail addresses
//! (`is_one_address`), dates (西暦 or 和暦, with or without the year) and the 申請日 against the
//! day of receipt are read and normalised.

use chrono::NaiveDate;

use super::{Problem, Raw};
use crate::domain::dates::{DateError, Toward, parse_date, parse_date_near};
use crate::domain::text::{fold_width, has_control_chars};

/// One mail address, nothing more (`a@b.jp,c@d.jp` is two, and every mail to it was refused):
/// a local part of the characters RFC 5322 allows unquoted, one `@`, a domain of at least two
/// labels of letters, digits and inner hyphens.
pub fn is_one_address(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    v.len() <= 254 && local_ok && domain_ok
}

/// Collects problems while reading fields.
#[derive(Default)]
pub struct Check {
    pub problems: Vec<Problem>,
    /// The day the application is received (受付日; today online): no form may be dated after
    /// it, nor more than a year before.
    pub received_on: Option<NaiveDate>,
}

impl Check {
    /// The checks of a form received on `day` (dates on it may not be after it).
    pub fn received(day: NaiveDate) -> Check {
        Check {
            received_on: Some(day),
            ..Check::default()
        }
    }

    fn add(&mut self, field: &str, key: &'static str, arg: impl Into<String>) {
        if !self.problems.iter().any(|p| p.field == field) {
            self.problems.push(Problem {
                field: field.to_string(),
                key,
                arg: arg.into(),
            });
        }
    }

    /// Free text: trimmed, at most `max` characters, no control characters.
    pub fn text(&mut self, raw: &Raw, field: &str, required: bool, max: usize) -> String {
        let v = raw.get(field).trim().to_string();
        if v.is_empty() {
            if required {
                self.add(field, "form.error.required", "");
            }
        } else if has_control_chars(&v) || v.contains(['\n', '\r', '\t']) {
            self.add(field, "form.error.control_chars", "");
        } else if v.chars().count() > max {
            self.add(field, "form.error.too_long", max.to_string());
        }
        v
    }

    /// Text of several lines (a mail's body): like `text`, but line breaks and tabs are kept.
    pub fn text_multiline(&mut self, raw: &Raw, field: &str, required: bool, max: usize) -> String {
        let v = raw.get(field).replace("\r\n", "\n").trim_end().to_string();
        if v.trim().is_empty() {
            if required {
                self.add(field, "form.error.required", "");
            }
        } else if has_control_chars(&v) {
            self.add(field, "form.error.control_chars", "");
        } else if v.chars().count() > max {
            self.add(field, "form.error.too_long", max.to_string());
        }
        v
    }

    /// Katakana reading (フリガナ): ひらがな and half-width ｶﾅ are read as katakana; anything
    /// else (漢字, letters) is refused with a reason.
    pub fn kana(&mut self, raw: &Raw, field: &str, required: bool) -> String {
        let v = crate::domain::text::to_katakana(&self.text(raw, field, required, 100));
        let ok = v
            .chars()
            .all(|c| matches!(c, 'ァ'..='ヶ' | 'ー' | '・' | ' ' | '　'));
        if !v.is_empty() && !ok {
            self.add(field, "form.error.kana", "");
        }
        v
    }

    /// The form's idempotency key (a double submit writes once): at most 64 characters; a
    /// problem on `field` when it is missing or too short — a form from before the key, or one
    /// made up — so the writer is asked to send the page again.
    pub fn form_key(&mut self, raw: &Raw, field: &str) -> String {
        let key: String = raw.get("key").chars().take(64).collect();
        if key.len() < 16 {
            self.add(field, "rooms.error.stale_form", "");
        }
        key
    }

    /// A choice among known codes.
    pub fn choice(&mut self, raw: &Raw, field: &str, allowed: &[&str]) -> String {
        let v = raw.get(field).trim();
        if v.is_empty() {
            self.add(field, "form.error.required", "");
        } else if !allowed.contains(&v) {
            self.add(field, "form.error.choice", "");
        }
        v.to_string()
    }

    /// 〒 NNN-NNNN, typed in any width, with or without the hyphen.
    pub fn postcode(&mut self, raw: &Raw, field: &str, required: bool) -> String {
        let v = raw.get(field).trim();
        if v.is_empty() {
            if required {
                self.add(field, "form.error.required", "");
            }
            return String::new();
        }
        let digits: String = v
            .chars()
            .map(fold_width)
            .filter(|c| c.is_ascii_digit())
            .collect();
        let rest_ok = v
            .chars()
            .map(fold_width)
            .all(|c| c.is_ascii_digit() || c == '-' || c == '〒' || c == ' ');
        if digits.len() != 7 || !rest_ok {
            self.add(field, "form.error.postcode", "");
            return v.to_string();
        }
        let (head, tail): (String, String) = (
            digits.chars().take(3).collect(),
            digits.chars().skip(3).collect(),
        );
        format!("{head}-{tail}")
    }

    /// A Japanese telephone number: 10 or 11 digits, hyphens and brackets allowed.
    pub fn phone(&mut self, raw: &Raw, field: &str, required: bool) -> String {
        let v = raw.get(field).trim();
        if v.is_empty() {
            if required {
                self.add(field, "form.error.required", "");
            }
            return String::new();
        }
        let folded: String = v.chars().map(fold_width).collect();
        let digits: String = folded.chars().filter(|c| c.is_ascii_digit()).collect();
        let rest_ok = folded
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' '));
        if !rest_ok || !(10..=11).contains(&digits.len()) || !digits.starts_with('0') {
            self.add(field, "form.error.phone", "");
            return v.to_string();
        }
        folded
            .replace(['(', ')', ' '], "-")
            .trim_matches('-')
            .replace("--", "-")
    }

    pub fn email(&mut self, raw: &Raw, field: &str, required: bool) -> String {
        let v: String = raw.get(field).trim().chars().map(fold_width).collect();
        if v.is_empty() {
            if required {
                self.add(field, "form.error.required", "");
            }
            return v;
        }
        if !is_one_address(&v) {
            self.add(field, "form.error.email", "");
        }
        v
    }

    /// A date in 西暦 or 和暦.
    pub fn date(&mut self, raw: &Raw, field: &str, required: bool) -> Option<NaiveDate> {
        match parse_date(raw.get(field)) {
            Ok(d) => Some(d),
            Err(DateError::Empty) => {
                if required {
                    self.add(field, "form.error.required", "");
                }
                None
            }
            Err(DateError::OutsideEra { converted, .. }) => {
                self.add(field, "date.error.outside_era", converted);
                None
            }
            Err(e) => {
                self.add(field, e.message_key(), "");
                None
            }
        }
    }

    /// 申請日: a date, not after the day of receipt and not more than a year before it.
    pub fn application_date(&mut self, raw: &Raw) -> Option<NaiveDate> {
        let field = "application_date";
        let d = self.date(raw, field, true)?;
        match self.received_on {
            Some(r) if d > r => {
                self.add(field, "date.error.after_receipt", "");
                None
            }
            Some(r) if d < r - chrono::Months::new(12) => {
                self.add(field, "date.error.long_before_receipt", "");
                None
            }
            _ => Some(d),
        }
    }

    /// A date that may be typed without its year (12/17): the next such day from `today` for
    /// what is planned, the last one for what has happened.
    pub fn date_near(
        &mut self,
        raw: &Raw,
        field: &str,
        required: bool,
        today: NaiveDate,
        toward: Toward,
    ) -> Option<NaiveDate> {
        match parse_date_near(raw.get(field), today, toward) {
            Ok(d) => Some(d),
            Err(DateError::Empty) => {
                if required {
                    self.add(field, "form.error.required", "");
                }
                None
            }
            Err(DateError::OutsideEra { converted, .. }) => {
                self.add(field, "date.error.outside_era", converted);
                None
            }
            Err(e) => {
                self.add(field, e.message_key(), "");
                None
            }
        }
    }

    pub fn must_check(&mut self, raw: &Raw, field: &str, key: &'static str) -> bool {
        let v = raw.checked(field);
        if !v {
            self.add(field, key, "");
        }
        v
    }

    pub fn problem(&mut self, field: &str, key: &'static str, arg: impl Into<String>) {
        self.add(field, key, arg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_is_one_address() {
        for good in [
            "a@b.jp",
            "taro.yamada+renkei@clinic.example.lg.jp",
            "x_1@xn--eckwd4c7c.jp",
        ] {
            assert!(is_one_address(good), "{good}");
        }
        for bad in [
            "a@b,c@d",
            "a@b.jp,c@d.jp",
            "a@b.jp c@d.jp",
            "a@@b.jp",
            "a@b",
            "@b.jp",
            "a.@b.jp",
            "a..b@c.jp",
            "a@-b.jp",
            "a@b..jp",
            "a@b.jp\r\nBcc: x@y.jp",
            "\"a\"@b.jp",
            "あ@b.jp",
            "a@b.jp>",
            "<a@b.jp>",
        ] {
            assert!(!is_one_address(bad), "{bad:?}");
        }
    }

    fn raw(pairs: &[(&str, &str)]) -> Raw {
        Raw(pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }

    #[test]
    fn normalises_postcodes_and_phones() {
        let mut c = Check::default();
        let r = raw(&[
            ("p", "〒２７２－８５０１"),
            ("t", "０４７（７１２）８５２１"),
            ("bad", "12-34"),
        ]);
        assert_eq!(c.postcode(&r, "p", true), "272-8501");
        assert_eq!(c.phone(&r, "t", true), "047-712-8521");
        assert!(c.problems.is_empty());
        c.postcode(&r, "bad", true);
        assert_eq!(c.problems[0].key, "form.error.postcode");
    }

    #[test]
    fn control_characters_and_lengths_are_refused() {
        let mut c = Check::default();
        let r = raw(&[("a", "abc\u{0008}"), ("b", &"あ".repeat(101))]);
        c.text(&r, "a", true, 10);
        c.text(&r, "b", true, 100);
        assert_eq!(c.problems.len(), 2);
    }
}
