//! The versioned documents of a room: reading the 療養のポイント form (texts, a range per measure,
//! the members to alert) and the 患者情報 form (the patient, family and key persons, services in
//! use), and saving a new version unless someone saved one since the form was opened.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{WriteError, writable};
use crate::db::{DbConnection, write_tx};
use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::vitals::{CarePoints, Measure, Range};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::documents::{DocKind, Documents};
use crate::models::features::Feature;
use crate::models::rooms::Member;

/// Reads the 療養のポイント form: texts, a low and a high per measure (either may be empty; each
/// typed like a vital and plausible), and recipients among the current members.
pub fn read_care_points(raw: &Raw, check: &mut Check, members: &[Member]) -> Option<CarePoints> {
    let observation = check.text_multiline(raw, "observation", false, 2000);
    let report_when = check.text_multiline(raw, "report_when", false, 1000);
    let mut ranges = Vec::new();
    for m in Measure::ALL {
        let low_field = format!("{}_low", m.code());
        let high_field = format!("{}_high", m.code());
        let mut read = |field: &str| match m.parse(raw.get(field)) {
            Ok(v) => v,
            Err((key, arg)) => {
                check.problem(field, key, arg);
                None
            }
        };
        let low = read(&low_field);
        let high = read(&high_field);
        if let (Some(l), Some(h)) = (low, high)
            && l >= h
        {
            check.problem(&high_field, "care_points.error.order", "");
        }
        if low.is_some() || high.is_some() {
            ranges.push(Range {
                measure: m,
                low,
                high,
            });
        }
    }
    let mut recipients = Vec::new();
    for (k, v) in &raw.0 {
        if k == "recipient" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| members.iter().any(|m| m.user_id == *id))
            {
                Some(id) if !recipients.contains(&id) => recipients.push(id),
                Some(_) => {}
                None => check.problem("recipient", "care_points.error.recipient", ""),
            }
        }
    }
    if !ranges.is_empty() && recipients.is_empty() {
        check.problem("recipient", "care_points.error.no_recipient", "");
    }
    check.problems.is_empty().then_some(CarePoints {
        observation,
        report_when,
        ranges,
        recipients,
    })
}

/// A person around the patient: family, a key person, a neighbour.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Person {
    pub name: String,
    pub relationship: String,
    pub phone: String,
    pub key_person: bool,
    pub lives_with: bool,
    pub note: String,
}

crate::redacted_debug!(Person);

/// A service in use (訪問介護, デイサービス, 福祉用具 …), by whom and how often.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInUse {
    pub name: String,
    pub provider: String,
    pub frequency: String,
}

crate::redacted_debug!(ServiceInUse);

/// 患者情報 (seed 000: 基本情報、家族情報、担当者情報、保健福祉サービス利用状況). The care team
/// is not stored here: it is the room's membership.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatientInfo {
    pub name: String,
    pub kana: String,
    pub birth_date: Option<NaiveDate>,
    pub sex: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub care_level: String,
    pub medical_notes: String,
    pub family: Vec<Person>,
    pub services: Vec<ServiceInUse>,
}

crate::redacted_debug!(PatientInfo);

pub const SEXES: &[&str] = &["male", "female"];
pub const CARE_LEVELS: &[&str] = &[
    "none", "applying", "support1", "support2", "care1", "care2", "care3", "care4", "care5",
];
/// Empty rows the form offers after the filled ones.
pub const SPARE_ROWS: usize = 2;

pub fn read_patient_info(raw: &Raw, check: &mut Check) -> Option<PatientInfo> {
    let name = check.text(raw, "name", true, 50);
    let kana = check.kana(raw, "kana", false);
    let birth_date = check.date(raw, "birth_date", false);
    let sex = if raw.get("sex").is_empty() {
        String::new()
    } else {
        check.choice(raw, "sex", SEXES)
    };
    let postcode = check.postcode(raw, "postcode", false);
    let address = check.text(raw, "address", false, 200);
    let phone = check.phone(raw, "phone", false);
    let care_level = if raw.get("care_level").is_empty() {
        String::new()
    } else {
        check.choice(raw, "care_level", CARE_LEVELS)
    };
    let medical_notes = check.text_multiline(raw, "medical_notes", false, 2000);
    let mut family = Vec::new();
    for i in 1..=rows_in(raw, "family_") {
        let f = |n: &str| format!("family_{i}_{n}");
        if ["name", "relationship", "phone", "note"]
            .iter()
            .all(|n| raw.get(&f(n)).trim().is_empty())
        {
            continue;
        }
        family.push(Person {
            name: check.text(raw, &f("name"), true, 50),
            relationship: check.text(raw, &f("relationship"), true, 30),
            phone: check.phone(raw, &f("phone"), false),
            key_person: raw.checked(&f("key_person")),
            lives_with: raw.checked(&f("lives_with")),
            note: check.text(raw, &f("note"), false, 200),
        });
    }
    let mut services = Vec::new();
    for i in 1..=rows_in(raw, "service_") {
        let f = |n: &str| format!("service_{i}_{n}");
        if ["name", "provider", "frequency"]
            .iter()
            .all(|n| raw.get(&f(n)).trim().is_empty())
        {
            continue;
        }
        services.push(ServiceInUse {
            name: check.text(raw, &f("name"), true, 50),
            provider: check.text(raw, &f("provider"), false, 100),
            frequency: check.text(raw, &f("frequency"), false, 50),
        });
    }
    check.problems.is_empty().then_some(PatientInfo {
        name,
        kana,
        birth_date,
        sex,
        postcode,
        address,
        phone,
        care_level,
        medical_notes,
        family,
        services,
    })
}

/// Saves a new version of a document, if nobody saved one since the form was opened (`base`:
/// the version it showed).
#[allow(clippy::too_many_arguments)]
pub fn save_document<T: Serialize>(
    conn: &mut DbConnection,
    user_id: i64,
    room_id: i64,
    kind: DocKind,
    doc: &T,
    base: Option<i64>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    let feature = match kind {
        DocKind::PatientInfo => Feature::PatientInfo,
        DocKind::CarePoints => Feature::CarePoints,
    };
    write_tx(conn, |conn| {
        writable(conn, room_id, user_id, feature)?;
        // PostgreSQL runs two saves side by side (READ COMMITTED): the check below must see the
        // other's version, so the room's documents are saved one at a time. (SQLite's writers
        // are serialised by BEGIN IMMEDIATE already.)
        if let DbConnection::Pg(c) = conn {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT pg_advisory_xact_lock(7, CAST($1 AS INTEGER))")
                .bind::<diesel::sql_types::BigInt, _>(room_id)
                .execute(c)?;
        }
        if Documents::current_id(conn, room_id, kind)? != base {
            return Err(WriteError::Stale);
        }
        let id = Documents::save(conn, room_id, kind, doc, user_id, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "document.save", "success")
                .target("room", room_id)
                .detail(kind.code()),
            now,
        )?;
        Ok(id)
    })
}
