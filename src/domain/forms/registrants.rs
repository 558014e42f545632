//! The forms about a registrant (登録者), kept by the association: how they are named
//! (`RegistrantRef`, `identity_key`), 様式第7号 (consent), 様式第8号 (the care team: members
//! added or removed) and 様式第9号 (discontinuation).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Check, Raw, rows_in};
use crate::domain::text::fold_width;

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
