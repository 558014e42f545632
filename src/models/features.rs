//! A room's features (seed 002): 連絡帳, 療養のポイント, バイタル, おくすり情報, Web会議連携,
//! 患者情報, カレンダー. Each room kind has defaults; the office that administers the room
//! switches single features on or off (a row in `room_features`). A switched-off feature keeps
//! its records: they are hidden, and come back when it is switched on again.

use crate::models::ids::{RoomId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::models::rooms::{Room, RoomKind};
use crate::schema::room_features;

/// The discriminants are the bit positions stored in `room_members.read_only`: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Timeline = 0,
    CarePoints = 1,
    Vitals = 2,
    Medication = 3,
    WebMeeting = 4,
    PatientInfo = 5,
    Calendar = 6,
}

impl Feature {
    /// In the order the seed lists them (and the room's tabs show them).
    pub const ALL: [Feature; 7] = [
        Feature::Timeline,
        Feature::CarePoints,
        Feature::Vitals,
        Feature::Medication,
        Feature::WebMeeting,
        Feature::PatientInfo,
        Feature::Calendar,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Feature::Timeline => "timeline",
            Feature::CarePoints => "care_points",
            Feature::Vitals => "vitals",
            Feature::Medication => "medication",
            Feature::WebMeeting => "web_meeting",
            Feature::PatientInfo => "patient_info",
            Feature::Calendar => "calendar",
        }
    }

    pub fn from_code(code: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Seed 002: a patient room has every feature; an inter-professional room starts with the
    /// 連絡帳 and the カレンダー.
    pub fn default_for(self, kind: &str) -> bool {
        kind == RoomKind::Patient.as_str() || matches!(self, Feature::Timeline | Feature::Calendar)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// The features a member's right is set for (閲覧・入力権限): those with something to write.
    /// Web会議連携 has none (its link is set by the office).
    pub const WITH_RIGHTS: [Feature; 6] = [
        Feature::Timeline,
        Feature::CarePoints,
        Feature::Vitals,
        Feature::Medication,
        Feature::PatientInfo,
        Feature::Calendar,
    ];
}

/// The features a room has now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features(u8);

impl Features {
    pub fn has(self, f: Feature) -> bool {
        self.0 & f.bit() != 0
    }

    pub fn defaults(kind: &str) -> Features {
        Features(
            Feature::ALL
                .into_iter()
                .filter(|f| f.default_for(kind))
                .fold(0, |acc, f| acc | f.bit()),
        )
    }

    pub fn of_room(conn: &mut DbConnection, room: &Room) -> QueryResult<Features> {
        let rows: Vec<(String, bool)> = room_features::table
            .filter(room_features::room_id.eq(room.id))
            .select((room_features::feature, room_features::enabled))
            .load(conn)?;
        let mut f = Features::defaults(&room.kind);
        for (code, enabled) in rows {
            if let Some(feature) = Feature::from_code(&code) {
                if enabled {
                    f.0 |= feature.bit();
                } else {
                    f.0 &= !feature.bit();
                }
            }
        }
        Ok(f)
    }

    /// Records the switches that differ from what the room has now; returns the changed ones.
    pub fn save(
        conn: &mut DbConnection,
        room: &Room,
        wanted: Features,
        by: i64,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<(Feature, bool)>> {
        let current = Features::of_room(conn, room)?;
        let mut changed = Vec::new();
        for f in Feature::ALL {
            let on = wanted.has(f);
            if current.has(f) == on {
                continue;
            }
            diesel::delete(
                room_features::table
                    .filter(room_features::room_id.eq(room.id))
                    .filter(room_features::feature.eq(f.code())),
            )
            .execute(conn)?;
            diesel::insert_into(room_features::table)
                .values((
                    room_features::room_id.eq(room.id),
                    room_features::feature.eq(f.code()),
                    room_features::enabled.eq(on),
                    room_features::changed_by.eq(by),
                    room_features::changed_at.eq(now),
                ))
                .execute(conn)?;
            changed.push((f, on));
        }
        Ok(changed)
    }

    pub fn from_list(list: &[Feature]) -> Features {
        Features(list.iter().fold(0, |acc, f| acc | f.bit()))
    }

    pub const NONE: Features = Features(0);

    /// The features in both.
    pub fn and(self, other: Features) -> Features {
        Features(self.0 & other.0)
    }

    /// As stored in `room_members.read_only`.
    pub fn bits(self) -> i32 {
        i32::from(self.0)
    }

    /// From `room_members.read_only`; unknown bits are dropped.
    pub fn from_bits(bits: i32) -> Features {
        let known = Feature::ALL.iter().fold(0u8, |acc, f| acc | f.bit());
        Features(u8::try_from(bits & i32::from(known)).unwrap_or(0))
    }
}

/// What a member may do with a feature of a room.
#[derive(Debug)]
pub enum ToWrite {
    /// A current member, the feature on, and the member's right for it is 閲覧・入力.
    Allowed(Box<Room>, Features),
    /// A current member with the feature on, whose right for it is 閲覧のみ.
    ReadOnly,
    /// Not a member, or the feature is off: as [`room_with`], not found.
    NotFound,
}

/// The room if `writer` may write through `feature` — the one rule for every write of a
/// feature: [`room_with`] and the member's 閲覧・入力権限 (`room_members.read_only`).
pub fn room_to_write(
    conn: &mut DbConnection,
    room: RoomId,
    writer: UserId,
    feature: Feature,
) -> QueryResult<ToWrite> {
    let Some((room, read_only)) = Room::membership_rights(conn, room, writer)? else {
        return Ok(ToWrite::NotFound);
    };
    let features = Features::of_room(conn, &room)?;
    Ok(if !features.has(feature) {
        ToWrite::NotFound
    } else if read_only.has(feature) {
        ToWrite::ReadOnly
    } else {
        ToWrite::Allowed(Box::new(room), features)
    })
}

/// The room if `user_id` is a current member of it and it has `feature` switched on: the rule
/// for every page and action of a feature (not a member, or switched off: not found).
pub fn room_with(
    conn: &mut DbConnection,
    room: RoomId,
    reader: UserId,
    feature: Feature,
) -> QueryResult<Option<(Room, Features)>> {
    Ok(room_with_rights(conn, room, reader, feature)?.map(|(room, f, _)| (room, f)))
}

/// [`room_with`], and the features the reader may only read there (閲覧・入力権限), for a page
/// that shows its forms only to those who may use them.
pub fn room_with_rights(
    conn: &mut DbConnection,
    room: RoomId,
    reader: UserId,
    feature: Feature,
) -> QueryResult<Option<(Room, Features, Features)>> {
    let Some((room, read_only)) = Room::membership_rights(conn, room, reader)? else {
        return Ok(None);
    };
    let features = Features::of_room(conn, &room)?;
    Ok(features.has(feature).then_some((room, features, read_only)))
}

/// The rooms `user_id` is a current member of where `feature` is switched on — the list form of
/// [`room_with`] (one query for the switches of all of them).
pub fn rooms_with(
    conn: &mut DbConnection,
    user_id: i64,
    feature: Feature,
) -> QueryResult<Vec<Room>> {
    let rooms = Room::of_member(conn, user_id)?;
    let on = switched_on(conn, &rooms, feature)?;
    Ok(rooms.into_iter().filter(|r| on.contains(&r.id)).collect())
}

/// Which of `rooms` have `feature` switched on (their defaults, then the office's switches): one
/// query for all of them. For a caller that already holds a member's rooms (`Room::of_member`).
pub fn switched_on(
    conn: &mut DbConnection,
    rooms: &[Room],
    feature: Feature,
) -> QueryResult<Vec<i64>> {
    let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    let switched: Vec<(i64, bool)> = room_features::table
        .filter(room_features::room_id.eq_any(&ids))
        .filter(room_features::feature.eq(feature.code()))
        .select((room_features::room_id, room_features::enabled))
        .load(conn)?;
    Ok(rooms
        .iter()
        .filter(|r| {
            switched
                .iter()
                .find(|(id, _)| *id == r.id)
                .map(|(_, on)| *on)
                .unwrap_or_else(|| feature.default_for(&r.kind))
        })
        .map(|r| r.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_bits_never_move() {
        // room_members.read_only holds these bits (and the migration's 42 for home helpers).
        let bits: Vec<i32> = Feature::ALL
            .iter()
            .map(|f| Features::from_list(&[*f]).bits())
            .collect();
        assert_eq!(bits, [1, 2, 4, 8, 16, 32, 64]);
        let helper = Features::from_list(&[
            Feature::CarePoints,
            Feature::Medication,
            Feature::PatientInfo,
        ]);
        assert_eq!(helper.bits(), 42);
        assert_eq!(
            Features::from_bits(42 | 128),
            helper,
            "unknown bits are dropped"
        );
    }

    #[test]
    fn defaults_follow_seed_002() {
        let p = Features::defaults("patient");
        assert!(Feature::ALL.iter().all(|f| p.has(*f)));
        let i = Features::defaults("interprofessional");
        let on: Vec<_> = Feature::ALL.into_iter().filter(|f| i.has(*f)).collect();
        assert_eq!(on, vec![Feature::Timeline, Feature::Calendar]);
        assert_eq!(
            Features::from_list(&[Feature::Timeline, Feature::Calendar]),
            i
        );
    }
}
