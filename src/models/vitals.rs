//! Stored vitals: one row per entry, the measures as integers (体温 and 体重 in tenths).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::domain::vitals::{Entry, Measure};
use crate::schema::vitals;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = vitals)]
pub struct Vital {
    pub id: i64,
    pub room_id: i64,
    pub measured_at: NaiveDateTime,
    pub entered_by: i64,
    pub entered_at: NaiveDateTime,
    pub temperature: Option<i32>,
    pub pulse: Option<i32>,
    pub systolic: Option<i32>,
    pub diastolic: Option<i32>,
    pub spo2: Option<i32>,
    pub glucose: Option<i32>,
    pub respiration: Option<i32>,
    pub weight: Option<i32>,
    pub note: String,
    pub alerted: String,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<i64>,
    pub withdrawn_reason: String,
    pub idempotency_key: String,
}

impl Vital {
    pub fn value(&self, m: Measure) -> Option<i32> {
        match m {
            Measure::Temperature => self.temperature,
            Measure::Pulse => self.pulse,
            Measure::Systolic => self.systolic,
            Measure::Diastolic => self.diastolic,
            Measure::Spo2 => self.spo2,
            Measure::Glucose => self.glucose,
            Measure::Respiration => self.respiration,
            Measure::Weight => self.weight,
        }
    }

    pub fn values(&self) -> Vec<(Measure, i32)> {
        Measure::ALL
            .into_iter()
            .filter_map(|m| self.value(m).map(|v| (m, v)))
            .collect()
    }

    pub fn insert(
        conn: &mut DbConnection,
        room_id: i64,
        entry: &Entry,
        by: i64,
        alerted: &str,
        key: &str,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(vitals::table)
            .values((
                vitals::room_id.eq(room_id),
                vitals::measured_at.eq(entry.measured_at),
                vitals::entered_by.eq(by),
                vitals::entered_at.eq(now),
                vitals::temperature.eq(entry.get(Measure::Temperature)),
                vitals::pulse.eq(entry.get(Measure::Pulse)),
                vitals::systolic.eq(entry.get(Measure::Systolic)),
                vitals::diastolic.eq(entry.get(Measure::Diastolic)),
                vitals::spo2.eq(entry.get(Measure::Spo2)),
                vitals::glucose.eq(entry.get(Measure::Glucose)),
                vitals::respiration.eq(entry.get(Measure::Respiration)),
                vitals::weight.eq(entry.get(Measure::Weight)),
                vitals::note.eq(&entry.note),
                vitals::alerted.eq(alerted),
                vitals::idempotency_key.eq(key),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// The entries measured in `[from, to)`, oldest first (for the graph and the table).
    pub fn between(
        conn: &mut DbConnection,
        room_id: i64,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> QueryResult<Vec<Vital>> {
        vitals::table
            .filter(vitals::room_id.eq(room_id))
            .filter(vitals::measured_at.ge(from))
            .filter(vitals::measured_at.lt(to))
            .order((vitals::measured_at.asc(), vitals::id.asc()))
            .select(Vital::as_select())
            .load(conn)
    }

    /// Marks an entry as withdrawn (a typing mistake): it stays, struck through, with the reason.
    pub fn withdraw(
        conn: &mut DbConnection,
        id: i64,
        by: i64,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            vitals::table
                .find(id)
                .filter(vitals::withdrawn_at.is_null()),
        )
        .set((
            vitals::withdrawn_at.eq(Some(now)),
            vitals::withdrawn_by.eq(Some(by)),
            vitals::withdrawn_reason.eq(reason),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }
}

room_record!(Vital, vitals);
