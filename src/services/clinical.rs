//! The clinical modules' writes (domain.md §4): vitals with the 療養のポイント alert, the
//! versioned documents 患者情報 and 療養のポイント, each in one transaction with its audit row.
//! Every write checks, inside that transaction, that the writer is a current member, the
//! feature is on and the room is open; a repeated idempotency key (a double submit, an offline
//! entry replayed) gives the record already stored.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::domain::forms::{Check, Raw, rows_in};
use crate::domain::vitals::{CarePoints, Entry, Measure, Range, outside};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::documents::{DocKind, Documents};
use crate::models::features::{Feature, room_with};
use crate::models::prescriptions::{Line, NewPrescription, Prescription};
use crate::models::rooms::{Member, Room};
use crate::models::vitals::Vital;
use crate::services::timeline::{RoomEvent, tell_member};

#[derive(Debug)]
pub enum WriteError {
    /// Not a member, the feature is off, or no such record here.
    NotFound,
    /// The room is closed: read-only.
    Closed,
    /// The document changed since the form was opened (someone else saved first).
    Stale,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for WriteError {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Db(e)
    }
}

/// The room, when the writer may change it through `feature`.
fn writable(
    conn: &mut DbConnection,
    room_id: i64,
    user_id: i64,
    feature: Feature,
) -> Result<Room, WriteError> {
    let (room, _) = room_with(conn, room_id, user_id, feature)?.ok_or(WriteError::NotFound)?;
    if !room.is_open() {
        return Err(WriteError::Closed);
    }
    Ok(room)
}

/// Writes a record once per idempotency key: a repeated key — a double submit, an offline entry
/// sent again — answers with the record already stored (by the same writer in the same room),
/// also when a concurrent request stored it first (PostgreSQL runs both side by side).
/// `stored` finds (room, writer, id) of the record under the key.
pub(crate) fn once(
    conn: &mut DbConnection,
    stored: impl Fn(&mut DbConnection) -> diesel::QueryResult<Option<(i64, i64, i64)>>,
    room_id: i64,
    user_id: i64,
    write: impl FnOnce(&mut DbConnection) -> Result<i64, WriteError>,
) -> Result<i64, WriteError> {
    let earlier = |conn: &mut DbConnection| -> Result<Option<i64>, WriteError> {
        match stored(conn)? {
            Some((room, writer, id)) if room == room_id && writer == user_id => Ok(Some(id)),
            Some(_) => Err(WriteError::NotFound),
            None => Ok(None),
        }
    };
    let result = write_tx(conn, |conn| match earlier(conn)? {
        Some(id) => Ok(id),
        None => write(conn),
    });
    match result {
        Err(e) if unique_violation(&e) => earlier(conn)?.ok_or(e),
        other => other,
    }
}

pub(crate) fn unique_violation(e: &WriteError) -> bool {
    matches!(
        e,
        WriteError::Db(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}

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

/// Stores an entry of vitals; when 療養のポイント is on and a value is outside its range, the
/// members named there are told (a mail with the room's neutral label and a link, nothing
/// else). Returns the entry's id (the earlier one for a repeated key).
#[allow(clippy::too_many_arguments)]
pub fn record_vitals(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room_id: i64,
    entry: &Entry,
    key: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    once(
        conn,
        |c| Ok(Vital::by_key(c, key)?.map(|x| (x.room_id, x.entered_by, x.id))),
        room_id,
        user_id,
        |conn| {
            let room = writable(conn, room_id, user_id, Feature::Vitals)?;
            let features = crate::models::features::Features::of_room(conn, &room)?;
            let points = if features.has(Feature::CarePoints) {
                Documents::current::<CarePoints>(conn, room_id, DocKind::CarePoints)?
                    .map(|v| v.doc)
                    .unwrap_or_default()
            } else {
                CarePoints::default()
            };
            let out = outside(&entry.values, &points.ranges);
            let alerted: Vec<&str> = out.iter().map(|m| m.code()).collect();
            let id = Vital::insert(conn, room_id, entry, user_id, &alerted.join(","), key, now)?;
            if !out.is_empty() {
                let members = Room::members(conn, room_id)?;
                for r in points
                    .recipients
                    .iter()
                    .filter(|r| members.iter().any(|m| m.user_id == **r))
                {
                    tell_member(conn, settings, *r, &room, RoomEvent::VitalAlert, now)?;
                }
            }
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "vitals.create", "success")
                    .target("vital", id)
                    // How many were outside, not which: the audit trail outlives the room.
                    .detail(format!("room {room_id}; outside ranges: {}", alerted.len())),
                now,
            )?;
            Ok(id)
        },
    )
}

/// The records that are withdrawn rather than deleted.
#[derive(Debug, Clone, Copy)]
pub enum Withdrawable {
    Vital,
    Prescription,
}

/// Withdraws a mistaken record (its writer only): it stays visible, struck through, with the
/// reason.
#[allow(clippy::too_many_arguments)]
pub fn withdraw(
    conn: &mut DbConnection,
    user_id: i64,
    room_id: i64,
    what: Withdrawable,
    id: i64,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), WriteError> {
    let (feature, action, target) = match what {
        Withdrawable::Vital => (Feature::Vitals, "vitals.withdraw", "vital"),
        Withdrawable::Prescription => (Feature::Medication, "medication.withdraw", "prescription"),
    };
    write_tx(conn, |conn| {
        writable(conn, room_id, user_id, feature)?;
        let writer = match what {
            Withdrawable::Vital => Vital::find_in_room(conn, room_id, id)?.map(|v| v.entered_by),
            Withdrawable::Prescription => {
                Prescription::find_in_room(conn, room_id, id)?.map(|p| p.entered_by)
            }
        };
        if writer != Some(user_id) {
            return Err(WriteError::NotFound);
        }
        let done = match what {
            Withdrawable::Vital => Vital::withdraw(conn, id, user_id, reason, now)?,
            Withdrawable::Prescription => Prescription::withdraw(conn, id, user_id, reason, now)?,
        };
        if done {
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, action, "success").target(target, id),
                now,
            )?;
        }
        Ok(())
    })
}

pub const MAX_LINES: usize = 20;

/// Reads a prescription: its date (not in the future), institution, prescriber, notes and the
/// lines (at least one; a line needs a drug and its days, 1–365).
pub fn read_prescription(
    raw: &Raw,
    check: &mut Check,
    today: NaiveDate,
) -> Option<NewPrescription> {
    let prescribed_on = check.date_near(
        raw,
        "prescribed_on",
        true,
        today,
        crate::domain::dates::Toward::Past,
    );
    if prescribed_on.is_some_and(|d| d > today) {
        check.problem("prescribed_on", "medication.error.future", "");
    }
    let institution = check.text(raw, "institution", true, 100);
    let prescriber = check.text(raw, "prescriber", false, 50);
    let notes = check.text_multiline(raw, "notes", false, 1000);
    let mut lines = Vec::new();
    for i in 1..=rows_in(raw, "line_").min(MAX_LINES) {
        let f = |n: &str| format!("line_{i}_{n}");
        if ["drug", "dose", "directions", "days"]
            .iter()
            .all(|n| raw.get(&f(n)).trim().is_empty())
        {
            continue;
        }
        let drug = check.text(raw, &f("drug"), true, 100);
        let dose = check.text(raw, &f("dose"), false, 50);
        let directions = check.text(raw, &f("directions"), false, 100);
        let typed = crate::domain::text::fold_number(raw.get(&f("days")));
        let typed = typed
            .strip_suffix("日分")
            .or(typed.strip_suffix('日'))
            .unwrap_or(&typed);
        let days = if typed.is_empty() {
            check.problem(&f("days"), "form.error.required", "");
            0
        } else {
            match typed.parse::<i32>() {
                Ok(d) if (1..=365).contains(&d) => d,
                _ => {
                    check.problem(&f("days"), "medication.error.days", "");
                    0
                }
            }
        };
        lines.push(Line {
            drug,
            dose,
            directions,
            days,
        });
    }
    if lines.is_empty() {
        check.problem("line_1_drug", "medication.error.no_line", "");
    }
    if !check.problems.is_empty() {
        return None;
    }
    Some(NewPrescription {
        prescribed_on: prescribed_on?,
        institution,
        prescriber,
        notes,
        lines,
    })
}

/// Stores a prescription; the earlier one for a repeated key.
#[allow(clippy::too_many_arguments)]
pub fn record_prescription(
    conn: &mut DbConnection,
    user_id: i64,
    room_id: i64,
    p: &NewPrescription,
    key: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, WriteError> {
    once(
        conn,
        |c| Ok(Prescription::by_key(c, key)?.map(|x| (x.room_id, x.entered_by, x.id))),
        room_id,
        user_id,
        |conn| {
            writable(conn, room_id, user_id, Feature::Medication)?;
            let id = Prescription::insert(conn, room_id, p, user_id, key, now)?;
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "medication.create", "success").target("prescription", id),
                now,
            )?;
            Ok(id)
        },
    )
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
