//! The バイタル tab as one read: the room (if the viewer is a current member and the tab is on),
//! the entries of a period, who entered them, and the reference ranges of 療養のポイント when
//! that tab is on too — one read transaction.

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;

use crate::db::{DbConnection, read_tx};
use crate::domain::vitals::CarePoints;
use crate::domain::vitals::Range;
use crate::models::access::View;
use crate::models::documents::{DocKind, Documents};
use crate::models::features::{Feature, Features, room_with_rights};
use crate::models::rooms::Room;
use crate::models::users::Names;
use crate::models::vitals::Vital;

pub struct VitalsPage {
    pub room: Room,
    pub features: Features,
    /// What the viewer may only read here (閲覧・入力権限).
    pub read_only: Features,
    /// 療養のポイント, when its tab is on (its ranges shade the graphs and mark the table).
    pub points: Option<CarePoints>,
    /// The period's entries, oldest first (withdrawn ones included, shown struck out).
    pub vitals: Vec<Vital>,
    /// Who entered them.
    pub names: Names,
}

impl VitalsPage {
    /// Whether the viewer may enter records here now: an open room and a 閲覧・入力 right.
    pub fn writable(&self) -> bool {
        self.room.is_open() && !self.read_only.has(Feature::Vitals)
    }

    /// The entries measured in `from..to` for `viewer`, or `None` when the viewer may not open
    /// the tab (the rule of every room page: `features::room_with`).
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        room_id: i64,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> diesel::QueryResult<Option<VitalsPage>> {
        read_tx(conn, |conn| {
            let Some((room, features, read_only)) =
                room_with_rights(conn, RoomId(room_id), UserId(viewer), Feature::Vitals)?
            else {
                return Ok(None);
            };
            let points = if features.has(Feature::CarePoints) {
                Some(
                    Documents::current::<CarePoints>(conn, room_id, DocKind::CarePoints)?
                        .map(|v| v.doc)
                        .unwrap_or_default(),
                )
            } else {
                None
            };
            let vitals = Vital::between(conn, room_id, from, to)?;
            let ids: Vec<i64> = vitals.iter().map(|v| v.entered_by).collect();
            let names = Names::load(conn, &ids)?;
            Ok(Some(VitalsPage {
                room,
                features,
                read_only,
                points,
                vitals,
                names,
            }))
        })
    }

    /// The reference ranges of 療養のポイント (none when its tab is off).
    pub fn ranges(&self) -> Vec<Range> {
        self.points
            .as_ref()
            .map(|p| p.ranges.clone())
            .unwrap_or_default()
    }

    /// What the access log records for this page: the vitals of the period and, when shown,
    /// 療養のポイント.
    pub fn views(&self, days: i64) -> Vec<View> {
        let mut views = vec![View::in_room(&self.room, "vitals").record("days", days)];
        if self.points.is_some() {
            views.push(View::in_room(&self.room, "care_points"));
        }
        views
    }
}
