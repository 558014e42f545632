//! The forms about an organisation and its accounts, kept by the city: 様式第4号 (new accounts,
//! with the organisation and its system manager), 様式第5号 (changes to what is registered) and
//! 様式第6号 (accounts to stop).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Check, PLEDGES, PersonRow, Raw, read_people, rows_in};
use crate::domain::text::fold_width;

/// How many applicant rows the paper form 4 has (more rows: `?rows=N`, up to the maximum).
pub const FORM4_ROWS: usize = 2;

pub const DEVICES: &[&str] = &["pc", "tablet", "smartphone"];

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

/// What a form 5 row changes.
pub const CHANGE_TARGETS: &[&str] = &["organisation", "manager", "user"];
/// Every organisation field a form 4 records, so a form 5 can change each of them.
pub const ORG_FIELDS: &[&str] = &[
    "name",
    "kana",
    "postcode",
    "address",
    "phone",
    "fax",
    "representative",
    "manager_name",
    "manager_title",
    "manager_phone",
    "manager_email",
];
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
            (_, "phone" | "manager_phone") => check.phone(raw, &new_name, true),
            // A FAX or a title may be given up (the new value left empty).
            (_, "fax") => check.phone(raw, &new_name, false),
            (_, "manager_title") => check.text(raw, &new_name, false, 50),
            (_, "email" | "manager_email") => check.email(raw, &new_name, true),
            (_, "representative" | "manager_name") => check.text(raw, &new_name, true, 50),
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
