//! Recording an entry of vitals: stored once per idempotency key, and when 療養のポイント is on
//! and a value is outside its range, the members named there are told.

use chrono::NaiveDateTime;

use super::{WriteError, once, writable};
use crate::config::Settings;
use crate::db::DbConnection;
use crate::domain::vitals::{CarePoints, Entry, outside};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::documents::{DocKind, Documents};
use crate::models::features::Feature;
use crate::models::rooms::Room;
use crate::models::vitals::Vital;
use crate::services::timeline::{RoomEvent, tell_member};

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
            let (room, features) = writable(conn, room_id, user_id, Feature::Vitals)?;
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
