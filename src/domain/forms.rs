//! The application forms: reading what was typed (paper keyed in by a clerk, or submitted),
//! validating it field by field with a reason for each problem, and normalising it (full-width
//! digits, postcodes, phone numbers, 和暦 dates). A form that passes becomes the application's
//! JSON payload.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::dates::{DateError, Toward, parse_date, parse_date_near};
use crate::domain::text::{fold_width, has_control_chars};

/// One problem with one field. `key` is a `locales/` key; `arg` fills its `%{arg}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: String,
    pub key: &'static str,
    pub arg: String,
}

/// The raw fields of a submitted form, in order (rows repeat names with a number).
pub struct Raw(pub Vec<(String, String)>);

impl Raw {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

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

/// How many applicant rows the paper form 4 has (more rows: `?rows=N`, up to the maximum).
pub const FORM4_ROWS: usize = 2;
pub const MAX_ROWS: usize = 30;
pub const DEVICES: &[&str] = &["pc", "tablet", "smartphone"];
pub const PLEDGES: usize = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OrganisationFields {
    pub name: String,
    pub kana: String,
    pub kind: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub representative: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Applicant {
    pub name: String,
    pub kana: String,
    pub profession: String,
    pub email: String,
    pub device: String,
}

/// 様式第4号 利用者アカウント発行申込書兼誓約書.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Form4 {
    pub application_date: NaiveDate,
    pub organisation: OrganisationFields,
    pub manager_name: String,
    pub manager_title: String,
    pub manager_phone: String,
    pub manager_email: String,
    pub applicants: Vec<Applicant>,
    /// Where the notices are mailed: the organisation's address unless another is given.
    pub notice_postcode: String,
    pub notice_address: String,
}

/// Rows present in a submitted form (the highest numbered row with any field filled).
pub fn rows_in(raw: &Raw, prefix: &str) -> usize {
    raw.0
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix(prefix)?;
            let (n, _) = rest.split_once('_')?;
            let n: usize = n.parse().ok()?;
            (!v.trim().is_empty()).then_some(n)
        })
        .max()
        .unwrap_or(0)
        .min(MAX_ROWS)
}

pub fn read_form4(raw: &Raw, check: &mut Check) -> Option<Form4> {
    let application_date = check.application_date(raw);
    let kinds: Vec<&str> = crate::models::organisations::KINDS
        .iter()
        .copied()
        .filter(|k| {
            !k.ends_with("_office") || *k == "care_management_office" || *k == "home_help_office"
        })
        .collect();
    let organisation = OrganisationFields {
        name: check.text(raw, "org_name", true, 100),
        kana: check.kana(raw, "org_kana", true),
        kind: check.choice(raw, "org_kind", &kinds),
        postcode: check.postcode(raw, "org_postcode", true),
        address: check.text(raw, "org_address", true, 200),
        phone: check.phone(raw, "org_phone", true),
        fax: check.phone(raw, "org_fax", false),
        representative: check.text(raw, "org_representative", true, 50),
    };
    let manager_name = check.text(raw, "manager_name", true, 50);
    let manager_title = check.text(raw, "manager_title", false, 50);
    let manager_phone = check.phone(raw, "manager_phone", true);
    let manager_email = check.email(raw, "manager_email", true);
    let professions: Vec<&str> = crate::models::users::PROFESSIONS
        .iter()
        .copied()
        .filter(|p| *p != "clerk")
        .collect();
    let mut applicants = Vec::new();
    for i in 1..=rows_in(raw, "applicant_") {
        let f = |n: &str| format!("applicant_{i}_{n}");
        let filled = ["name", "kana", "email", "profession", "device"]
            .iter()
            .any(|n| !raw.get(&f(n)).trim().is_empty());
        if !filled {
            continue;
        }
        let a = Applicant {
            name: check.text(raw, &f("name"), true, 50),
            kana: check.kana(raw, &f("kana"), true),
            profession: check.choice(raw, &f("profession"), &professions),
            email: check.email(raw, &f("email"), true),
            device: check.choice(raw, &f("device"), DEVICES),
        };
        check.must_check(raw, &f("work_device"), "form4.error.work_device");
        applicants.push(a);
    }
    if applicants.is_empty() {
        check.problem("applicant_1_name", "form4.error.no_applicant", "");
    }
    let (notice_postcode, notice_address) = if raw.get("notice_to") == "other" {
        (
            check.postcode(raw, "notice_postcode", true),
            check.text(raw, "notice_address", true, 200),
        )
    } else {
        (organisation.postcode.clone(), organisation.address.clone())
    };
    for i in 1..=PLEDGES {
        check.must_check(raw, &format!("pledge_{i}"), "form.error.pledge");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form4 {
        application_date: application_date?,
        organisation,
        manager_name,
        manager_title,
        manager_phone,
        manager_email,
        applicants,
        notice_postcode,
        notice_address,
    })
}

pub const STOP_REASONS: &[&str] = &["retirement", "transfer", "other"];

/// An account to stop: login ID and name, as on a room application.
pub type StopRow = PersonRow;

/// 様式第6号 利用者アカウント利用中止届出書.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Form6 {
    pub application_date: NaiveDate,
    pub organisation_name: String,
    pub accounts: Vec<StopRow>,
    pub reason: String,
    pub reason_detail: String,
    pub last_day: NaiveDate,
    /// Where the office writes back (receipt, correction requests); required online.
    #[serde(default)]
    pub contact_email: String,
}

pub fn read_form6(raw: &Raw, check: &mut Check) -> Option<Form6> {
    let application_date = check.application_date(raw);
    let organisation_name = check.text(raw, "org_name", true, 100);
    let accounts = read_people(raw, check, "account_");
    if accounts.is_empty() {
        check.problem("account_1_login_id", "form6.error.no_account", "");
    }
    let reason = check.choice(raw, "reason", STOP_REASONS);
    let reason_detail = check.text(raw, "reason_detail", reason == "other", 200);
    let last_day = check.date(raw, "last_day", true);
    let contact_email = check.email(raw, "contact_email", false);
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form6 {
        contact_email,
        application_date: application_date?,
        organisation_name,
        accounts,
        reason,
        reason_detail,
        last_day: last_day?,
    })
}

/// The registrant (登録者) as the association's forms name them. Forms 8 and 9 find the
/// registrant recorded by an approved form 7 by reading and birth date.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct RegistrantRef {
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
}

crate::redacted_debug!(RegistrantRef);

impl RegistrantRef {
    /// The identity used to find the registrant and to pair forms 7 and 8: the reading without
    /// spaces, and the birth date.
    pub fn key(&self) -> String {
        identity_key(&self.kana, self.birth_date)
    }
}

pub fn identity_key(kana: &str, birth_date: NaiveDate) -> String {
    let k: String = kana.chars().filter(|c| !matches!(c, ' ' | '　')).collect();
    format!("{k}|{birth_date}")
}

fn read_registrant(raw: &Raw, check: &mut Check) -> Option<RegistrantRef> {
    let name = check.text(raw, "reg_name", true, 50);
    let kana = check.kana(raw, "reg_kana", true);
    let birth_date = check.date(raw, "reg_birth_date", true);
    Some(RegistrantRef {
        name,
        kana,
        birth_date: birth_date?,
    })
}

pub const SEXES: &[&str] = &["male", "female"];
pub const SIGNERS: &[&str] = &["self", "proxy"];

/// 様式第7号 個人情報取り扱い同意書.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Form7 {
    pub application_date: NaiveDate,
    pub registrant: RegistrantRef,
    pub sex: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub signer: String,
    pub proxy_name: String,
    pub proxy_relationship: String,
    pub consent_on: NaiveDate,
    /// 電子化同意: the registrant agreed that a scan of the signed paper is the original.
    pub digital_consent: bool,
}

crate::redacted_debug!(Form7, application_date, signer, digital_consent);

pub fn read_form7(raw: &Raw, check: &mut Check) -> Option<Form7> {
    let application_date = check.application_date(raw);
    let registrant = read_registrant(raw, check);
    let sex = check.choice(raw, "reg_sex", SEXES);
    let postcode = check.postcode(raw, "reg_postcode", false);
    let address = check.text(raw, "reg_address", true, 200);
    let phone = check.phone(raw, "reg_phone", false);
    let signer = check.choice(raw, "signer", SIGNERS);
    let proxy = signer == "proxy";
    let proxy_name = check.text(raw, "proxy_name", proxy, 50);
    let proxy_relationship = check.text(raw, "proxy_relationship", proxy, 30);
    let consent_on = check.date(raw, "consent_on", true);
    if let (Some(r), Some(c)) = (&registrant, consent_on)
        && c < r.birth_date
    {
        check.problem("consent_on", "form7.error.consent_before_birth", "");
    }
    let digital_consent = raw.checked("digital_consent");
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form7 {
        application_date: application_date?,
        registrant: registrant?,
        sex,
        postcode,
        address,
        phone,
        signer,
        proxy_name: if proxy { proxy_name } else { String::new() },
        proxy_relationship: if proxy {
            proxy_relationship
        } else {
            String::new()
        },
        consent_on: consent_on?,
        digital_consent,
    })
}

pub const MEMBER_ACTIONS: &[&str] = &["add", "remove"];
/// The roles in a care team, as form 8 names them.
pub const TEAM_ROLES: &[&str] = &[
    "attending_doctor",
    "dentist",
    "visiting_nursing",
    "pharmacy",
    "care_management",
    "rehabilitation",
    "home_help",
    "nutrition",
    "other",
];
pub const FORM8_ROWS: usize = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberRow {
    pub login_id: String,
    pub name: String,
    pub action: String,
    pub role: String,
}

/// 様式第8号 担当者届出書.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Form8 {
    pub application_date: NaiveDate,
    pub registrant: RegistrantRef,
    pub coordinator_name: String,
    pub coordinator_organisation: String,
    pub coordinator_phone: String,
    pub members: Vec<MemberRow>,
}

crate::redacted_debug!(Form8, application_date);

pub fn read_form8(raw: &Raw, check: &mut Check) -> Option<Form8> {
    let application_date = check.application_date(raw);
    let registrant = read_registrant(raw, check);
    let coordinator_name = check.text(raw, "coordinator_name", true, 50);
    let coordinator_organisation = check.text(raw, "coordinator_org", true, 100);
    let coordinator_phone = check.phone(raw, "coordinator_phone", true);
    let mut members = Vec::new();
    for i in 1..=rows_in(raw, "member_") {
        let f = |n: &str| format!("member_{i}_{n}");
        if raw.get(&f("login_id")).trim().is_empty() && raw.get(&f("name")).trim().is_empty() {
            continue;
        }
        let login_id: String = check
            .text(raw, &f("login_id"), true, 64)
            .chars()
            .map(fold_width)
            .collect();
        let name = check.text(raw, &f("name"), true, 50);
        let action = check.choice(raw, &f("action"), MEMBER_ACTIONS);
        let role = if action == "remove" && raw.get(&f("role")).trim().is_empty() {
            String::new()
        } else {
            check.choice(raw, &f("role"), TEAM_ROLES)
        };
        if members.iter().any(|m: &MemberRow| m.login_id == login_id) {
            check.problem(&f("login_id"), "form8.error.duplicate_member", "");
        }
        members.push(MemberRow {
            login_id,
            name,
            action,
            role,
        });
    }
    if members.is_empty() {
        check.problem("member_1_login_id", "form8.error.no_member", "");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form8 {
        application_date: application_date?,
        registrant: registrant?,
        coordinator_name,
        coordinator_organisation,
        coordinator_phone,
        members,
    })
}

/// 職種連携の部屋 参加・退出申請: the choice at the top.
pub const ROOM_CHOICES: &[&str] = &["join", "leave"];

pub const DISCONTINUE_REASONS: &[&str] = &["death", "admission", "moved", "wish", "other"];
pub const DISCONTINUE_SUBMITTERS: &[&str] = &["self", "family", "coordinator"];

/// 様式第9号 登録者利用中止届出書.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct Form9 {
    pub application_date: NaiveDate,
    pub registrant: RegistrantRef,
    pub submitter: String,
    pub submitter_name: String,
    pub reason: String,
    pub reason_detail: String,
    pub discontinued_on: NaiveDate,
}

crate::redacted_debug!(Form9, application_date, submitter, reason, discontinued_on);

pub fn read_form9(raw: &Raw, check: &mut Check) -> Option<Form9> {
    let application_date = check.application_date(raw);
    let registrant = read_registrant(raw, check);
    let submitter = check.choice(raw, "submitter", DISCONTINUE_SUBMITTERS);
    let submitter_name = check.text(raw, "submitter_name", true, 50);
    let reason = check.choice(raw, "reason", DISCONTINUE_REASONS);
    let reason_detail = check.text(raw, "reason_detail", reason == "other", 200);
    let discontinued_on = check.date(raw, "discontinued_on", true);
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form9 {
        application_date: application_date?,
        registrant: registrant?,
        submitter,
        submitter_name,
        reason,
        reason_detail,
        discontinued_on: discontinued_on?,
    })
}

/// What a form 5 row changes.
pub const CHANGE_TARGETS: &[&str] = &["organisation", "manager", "user"];
pub const ORG_FIELDS: &[&str] = &["name", "kana", "postcode", "address", "phone"];
pub const USER_FIELDS: &[&str] = &["name", "kana", "email", "profession"];
pub const FORM5_ROWS: usize = 3;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChangeRow {
    /// organisation | manager | user
    pub target: String,
    /// The field changed (for a new manager: empty).
    pub field: String,
    /// The account concerned (user data, or the new org manager).
    pub login_id: String,
    pub old_value: String,
    pub new_value: String,
}

/// 様式第5号 利用団体登録情報変更届出書兼誓約書.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Form5 {
    pub application_date: NaiveDate,
    pub organisation_name: String,
    pub changes: Vec<ChangeRow>,
}

pub fn read_form5(raw: &Raw, check: &mut Check) -> Option<Form5> {
    let application_date = check.application_date(raw);
    let organisation_name = check.text(raw, "org_name", true, 100);
    let professions: Vec<&str> = crate::models::users::PROFESSIONS
        .iter()
        .copied()
        .filter(|p| *p != "clerk")
        .collect();
    let mut changes = Vec::new();
    for i in 1..=rows_in(raw, "change_") {
        let f = |n: &str| format!("change_{i}_{n}");
        let filled = ["target", "field", "login_id", "old", "new"]
            .iter()
            .any(|n| !raw.get(&f(n)).trim().is_empty());
        if !filled {
            continue;
        }
        let target = check.choice(raw, &f("target"), CHANGE_TARGETS);
        let field = match target.as_str() {
            "organisation" => check.choice(raw, &f("field"), ORG_FIELDS),
            "user" => check.choice(raw, &f("field"), USER_FIELDS),
            _ => String::new(),
        };
        let login_id: String = if target == "organisation" {
            String::new()
        } else {
            check
                .text(raw, &f("login_id"), true, 64)
                .chars()
                .map(fold_width)
                .collect()
        };
        let old_value = check.text(raw, &f("old"), false, 200);
        let new_name = f("new");
        let new_value = match (target.as_str(), field.as_str()) {
            ("manager", _) => check.text(raw, &new_name, false, 50),
            (_, "postcode") => check.postcode(raw, &new_name, true),
            (_, "phone") => check.phone(raw, &new_name, true),
            (_, "email") => check.email(raw, &new_name, true),
            (_, "kana") => check.kana(raw, &new_name, true),
            (_, "profession") => check.choice(raw, &new_name, &professions),
            (_, "address") => check.text(raw, &new_name, true, 200),
            _ => check.text(raw, &new_name, true, 100),
        };
        changes.push(ChangeRow {
            target,
            field,
            login_id,
            old_value,
            new_value,
        });
    }
    if changes.is_empty() {
        check.problem("change_1_target", "form5.error.no_change", "");
    }
    for i in 1..=PLEDGES {
        check.must_check(raw, &format!("pledge_{i}"), "form.error.pledge");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(Form5 {
        application_date: application_date?,
        organisation_name,
        changes,
    })
}

/// A person named on a room application: login ID and name (checked against the account).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PersonRow {
    pub login_id: String,
    pub name: String,
}

/// Rows of login ID + name under `prefix` (`account_1_login_id` …): both required once either
/// is filled, IDs typed in any width, the same ID twice refused.
fn read_people(raw: &Raw, check: &mut Check, prefix: &str) -> Vec<PersonRow> {
    let mut people: Vec<PersonRow> = Vec::new();
    for i in 1..=rows_in(raw, prefix) {
        let f = |n: &str| format!("{prefix}{i}_{n}");
        if raw.get(&f("login_id")).trim().is_empty() && raw.get(&f("name")).trim().is_empty() {
            continue;
        }
        let login_id: String = check
            .text(raw, &f("login_id"), true, 64)
            .chars()
            .map(fold_width)
            .collect();
        let name = check.text(raw, &f("name"), true, 50);
        if people.iter().any(|p| p.login_id == login_id) {
            check.problem(&f("login_id"), "form8.error.duplicate_member", "");
        }
        people.push(PersonRow { login_id, name });
    }
    people
}

/// 職種連携の部屋 開設申請.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomOpenForm {
    pub application_date: NaiveDate,
    pub room_name: String,
    pub purpose: String,
    /// Who joins besides the applicant.
    pub members: Vec<PersonRow>,
}

pub fn read_room_open(raw: &Raw, check: &mut Check) -> Option<RoomOpenForm> {
    let application_date = check.application_date(raw);
    let room_name = check.text(raw, "room_name", true, 50);
    let purpose = check.text_multiline(raw, "room_purpose", true, 1000);
    let members = read_people(raw, check, "member_");
    if !check.problems.is_empty() {
        return None;
    }
    Some(RoomOpenForm {
        application_date: application_date?,
        room_name,
        purpose,
        members,
    })
}

/// 職種連携の部屋 参加・退出申請 (one form, the choice at the top).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomMembershipForm {
    pub application_date: NaiveDate,
    /// join | leave
    pub choice: String,
    pub room_id: i64,
    pub room_name: String,
    pub members: Vec<PersonRow>,
}

/// `rooms`: the rooms that may be chosen, (id, name).
pub fn read_room_membership(
    raw: &Raw,
    check: &mut Check,
    rooms: &[(i64, String)],
) -> Option<RoomMembershipForm> {
    let application_date = check.application_date(raw);
    let choice = check.choice(raw, "choice", ROOM_CHOICES);
    let room = read_room(raw, check, rooms);
    let members = read_people(raw, check, "member_");
    if members.is_empty() {
        check.problem("member_1_login_id", "form8.error.no_member", "");
    }
    if !check.problems.is_empty() {
        return None;
    }
    let (room_id, room_name) = room?;
    Some(RoomMembershipForm {
        application_date: application_date?,
        choice,
        room_id,
        room_name,
        members,
    })
}

fn read_room(raw: &Raw, check: &mut Check, rooms: &[(i64, String)]) -> Option<(i64, String)> {
    let v = raw.get("room_id").trim();
    if v.is_empty() {
        check.problem("room_id", "form.error.required", "");
        return None;
    }
    let found = v
        .parse::<i64>()
        .ok()
        .and_then(|id| rooms.iter().find(|(r, _)| *r == id).cloned());
    if found.is_none() {
        check.problem("room_id", "form.error.choice", "");
    }
    found
}

/// 職種連携の部屋 閉鎖の申し出.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomCloseForm {
    pub application_date: NaiveDate,
    pub room_id: i64,
    pub room_name: String,
    pub reason: String,
}

pub fn read_room_close(
    raw: &Raw,
    check: &mut Check,
    rooms: &[(i64, String)],
) -> Option<RoomCloseForm> {
    let application_date = check.application_date(raw);
    let room = read_room(raw, check, rooms);
    let reason = check.text_multiline(raw, "reason", true, 1000);
    if !check.problems.is_empty() {
        return None;
    }
    let (room_id, room_name) = room?;
    Some(RoomCloseForm {
        application_date: application_date?,
        room_id,
        room_name,
        reason,
    })
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
