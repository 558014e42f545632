//! The おくすり情報 tab as one read: the room (a current member, the tab on), its newest
//! prescriptions with their lines, and who entered them.

use crate::db::{DbConnection, read_tx};
use crate::models::access::View;
use crate::models::features::{Feature, Features, room_with_rights};
use crate::models::ids::{RoomId, UserId};
use crate::models::prescriptions::{Line, Prescription};
use crate::models::rooms::Room;
use crate::models::users::Names;

/// How many prescriptions the page lists.
pub const LISTED: i64 = 100;

pub struct MedicationPage {
    pub room: Room,
    pub features: Features,
    /// What the viewer may only read here (閲覧・入力権限).
    pub read_only: Features,
    /// Newest first, withdrawn ones included.
    pub prescriptions: Vec<(Prescription, Vec<Line>)>,
    pub names: Names,
}

impl MedicationPage {
    /// Whether the viewer may enter records here now: an open room and a 閲覧・入力 right.
    pub fn writable(&self) -> bool {
        self.room.is_open() && !self.read_only.has(Feature::Medication)
    }

    /// The page for `viewer`, or `None` when the viewer may not open the tab
    /// (`features::room_with`).
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        room_id: i64,
    ) -> diesel::QueryResult<Option<MedicationPage>> {
        read_tx(conn, |conn| {
            let Some((room, features, read_only)) =
                room_with_rights(conn, RoomId(room_id), UserId(viewer), Feature::Medication)?
            else {
                return Ok(None);
            };
            let prescriptions = Prescription::of_room(conn, room_id, LISTED)?;
            let ids: Vec<i64> = prescriptions.iter().map(|(p, _)| p.entered_by).collect();
            let names = Names::load(conn, &ids)?;
            Ok(Some(MedicationPage {
                room,
                features,
                read_only,
                prescriptions,
                names,
            }))
        })
    }

    pub fn views(&self) -> Vec<View> {
        vec![View::in_room(&self.room, "medication")]
    }
}
