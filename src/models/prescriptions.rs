//! おくすり情報: prescriptions and their lines (drug, dose, directions, days).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::DbConnection;
use crate::schema::{prescription_lines, prescriptions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = prescriptions)]
pub struct Prescription {
    pub id: i64,
    pub room_id: i64,
    pub prescribed_on: NaiveDate,
    pub institution: String,
    pub prescriber: String,
    pub notes: String,
    pub entered_by: i64,
    pub entered_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_reason: String,
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub drug: String,
    pub dose: String,
    pub directions: String,
    pub days: i32,
}

/// A prescription as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPrescription {
    pub prescribed_on: NaiveDate,
    pub institution: String,
    pub prescriber: String,
    pub notes: String,
    pub lines: Vec<Line>,
}

impl Prescription {
    pub fn insert(
        conn: &mut DbConnection,
        room_id: i64,
        p: &NewPrescription,
        by: i64,
        key: &str,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(prescriptions::table)
            .values((
                prescriptions::room_id.eq(room_id),
                prescriptions::prescribed_on.eq(p.prescribed_on),
                prescriptions::institution.eq(&p.institution),
                prescriptions::prescriber.eq(&p.prescriber),
                prescriptions::notes.eq(&p.notes),
                prescriptions::entered_by.eq(by),
                prescriptions::entered_at.eq(now),
                prescriptions::idempotency_key.eq(key),
            ))
            .execute(conn)?;
        let id = crate::db::last_insert_id(conn)?;
        for (i, l) in p.lines.iter().enumerate() {
            diesel::insert_into(prescription_lines::table)
                .values((
                    prescription_lines::prescription_id.eq(id),
                    prescription_lines::line_no.eq(i as i32 + 1),
                    prescription_lines::drug.eq(&l.drug),
                    prescription_lines::dose.eq(&l.dose),
                    prescription_lines::directions.eq(&l.directions),
                    prescription_lines::days.eq(l.days),
                ))
                .execute(conn)?;
        }
        Ok(id)
    }

    /// A room's prescriptions, newest first, with their lines.
    pub fn of_room(
        conn: &mut DbConnection,
        room_id: i64,
        limit: i64,
    ) -> QueryResult<Vec<(Prescription, Vec<Line>)>> {
        let list: Vec<Prescription> = prescriptions::table
            .filter(prescriptions::room_id.eq(room_id))
            .order((
                prescriptions::prescribed_on.desc(),
                prescriptions::id.desc(),
            ))
            .limit(limit)
            .select(Prescription::as_select())
            .load(conn)?;
        let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
        let lines: Vec<(i64, String, String, String, i32)> = prescription_lines::table
            .filter(prescription_lines::prescription_id.eq_any(&ids))
            .order((
                prescription_lines::prescription_id.asc(),
                prescription_lines::line_no.asc(),
            ))
            .select((
                prescription_lines::prescription_id,
                prescription_lines::drug,
                prescription_lines::dose,
                prescription_lines::directions,
                prescription_lines::days,
            ))
            .load(conn)?;
        Ok(list
            .into_iter()
            .map(|p| {
                let own = lines
                    .iter()
                    .filter(|l| l.0 == p.id)
                    .map(|(_, drug, dose, directions, days)| Line {
                        drug: drug.clone(),
                        dose: dose.clone(),
                        directions: directions.clone(),
                        days: *days,
                    })
                    .collect();
                (p, own)
            })
            .collect())
    }

    pub fn withdraw(
        conn: &mut DbConnection,
        id: i64,
        by: i64,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            prescriptions::table
                .find(id)
                .filter(prescriptions::withdrawn_at.is_null()),
        )
        .set((
            prescriptions::withdrawn_at.eq(Some(now)),
            prescriptions::withdrawn_by.eq(Some(by)),
            prescriptions::withdrawn_reason.eq(reason),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }
}

/// The last day a line is taken: the prescription date plus its days, less one.
pub fn last_day(prescribed_on: NaiveDate, days: i32) -> NaiveDate {
    prescribed_on + chrono::Days::new(u64::try_from(days.max(1) - 1).unwrap_or(0))
}

room_record!(Prescription, prescriptions);
