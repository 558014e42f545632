//! The clinical modules' writes (domain.md §4): vitals with the 療養のポイント alert, the
//! versioned documents 患者情報 and 療養のポイント, each in one transaction with its audit row.
//! Every write checks, inside that transaction, that the writer is a current member, the
//! feature is on and the room is open; a repeated idempotency key (a double submit, an offline
//! entry replayed) gives the record already stored.
//!
//! `vitals` records an entry of vitals; `documents` reads the 患者情報 and 療養のポイント forms and
//! saves a version; `medication` reads and records a prescription. Here: the write error, the
//! room check, writing once per idempotency key, and withdrawing a mistaken record.

mod documents;
mod medication;
mod vitals;

pub use documents::{
    CARE_LEVELS, PatientInfo, Person, SEXES, SPARE_ROWS, ServiceInUse, read_care_points,
    read_patient_info, save_document,
};
pub use medication::{MAX_LINES, read_prescription, record_prescription};
pub use vitals::record_vitals;

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;

use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::features::{Feature, Features, ToWrite, room_to_write};
use crate::models::prescriptions::Prescription;
use crate::models::rooms::Room;
use crate::models::vitals::Vital;

#[derive(Debug)]
pub enum WriteError {
    /// Not a member, the feature is off, or no such record here.
    NotFound,
    /// The room is closed: read-only.
    Closed,
    /// The member's right for this feature is 閲覧のみ (set by the 管理者).
    ReadOnly,
    /// The document changed since the form was opened (someone else saved first).
    Stale,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for WriteError {
    fn from(e: diesel::result::Error) -> Self {
        WriteError::Db(e)
    }
}

/// The room and its features, when the writer may change it through `feature`: a current
/// member with the feature on ([`room_to_write`]: their right for it is 閲覧・入力), in an open
/// room. The one check of every clinical and calendar write.
pub(crate) fn writable(
    conn: &mut DbConnection,
    room_id: i64,
    user_id: i64,
    feature: Feature,
) -> Result<(Room, Features), WriteError> {
    let (room, features) = match room_to_write(conn, RoomId(room_id), UserId(user_id), feature)? {
        ToWrite::Allowed(room, features) => (*room, features),
        ToWrite::ReadOnly => return Err(WriteError::ReadOnly),
        ToWrite::NotFound => return Err(WriteError::NotFound),
    };
    if !room.is_open() {
        return Err(WriteError::Closed);
    }
    Ok((room, features))
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
