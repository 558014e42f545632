//! おくすり情報: reading a prescription form (date, institution, prescriber, notes and up to
//! `MAX_LINES` lines of drug, dose, directions and days) and recording it once per key.

use chrono::{NaiveDate, NaiveDateTime};

use super::{WriteError, once, writable};
use crate::db::DbConnection;
use crate::domain::forms::{Check, Raw, rows_in};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::features::Feature;
use crate::models::prescriptions::{Line, NewPrescription, Prescription};

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
