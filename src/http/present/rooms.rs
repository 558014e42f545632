//! A room as its pages show it: the header with the tabs of its switched-on features, a row of
//! "my rooms", and the fresh idempotency key each of its forms carries.

use rand::RngCore;
use rust_i18n::t;

use crate::http::present::datetime;
use crate::http::present::labels::kind_label;
use crate::models::features::{Feature, Features};
use crate::models::rooms::Room;

/// A fresh key for one form: a double submit of it writes one post.
/// (A page carries one per reply form: the thread's CSPRNG, not a system call each.)
pub(crate) fn fresh_key() -> String {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    format!("{:032x}", u128::from_be_bytes(b))
}

/// A room in a member's list: name, kind, unread count and last activity.
pub(crate) fn my_room(
    lang: &str,
    r: &Room,
    unread: i64,
    last: Option<chrono::NaiveDateTime>,
) -> renkei_views::rooms::MyRoom {
    renkei_views::rooms::MyRoom {
        href: format!("/rooms/{}", r.id),
        name: r.name.clone(),
        kind: kind_label(lang, &r.kind),
        unread,
        last: match last {
            Some(t) => t!("rooms.last_activity", locale = lang, at = datetime(lang, t)).into(),
            None => t!("rooms.no_activity", locale = lang).into(),
        },
    }
}

/// The room's tabs: its switched-on features, then the members.
pub(crate) fn header(
    lang: &str,
    room: &Room,
    features: Features,
    current: &str,
) -> renkei_views::rooms::Header {
    let tabs = TABS
        .iter()
        .filter(|(f, ..)| f.is_none_or(|f| features.has(f)))
        .map(|(_, suffix, key)| {
            (
                format!("/rooms/{}{suffix}", room.id),
                t!(*key, locale = lang).into(),
                *suffix == current,
            )
        })
        .collect();
    renkei_views::rooms::Header {
        name: room.name.clone(),
        label: room.label(),
        kind: kind_label(lang, &room.kind),
        closed: !room.is_open(),
        tabs,
        record_vitals: None,
        name_in_meta: false,
        href: format!("/rooms/{}", room.id),
    }
}

/// (feature, path under the room, label): the tabs in the order of seed 002.
pub(crate) const TABS: &[(Option<Feature>, &str, &str)] = &[
    (Some(Feature::Timeline), "", "rooms.tab_timeline"),
    (
        Some(Feature::CarePoints),
        "/care-points",
        "rooms.tab_care_points",
    ),
    (Some(Feature::Vitals), "/vitals", "rooms.tab_vitals"),
    (
        Some(Feature::Medication),
        "/medication",
        "rooms.tab_medication",
    ),
    (Some(Feature::PatientInfo), "/patient", "rooms.tab_patient"),
    (Some(Feature::Calendar), "/calendar", "rooms.tab_calendar"),
    (None, "/members", "rooms.tab_members"),
];

/// Where a member lands in a room whose 連絡帳 is switched off: its first tab.
pub fn first_tab(room: &Room, features: Features) -> String {
    let suffix = TABS
        .iter()
        .find(|(f, ..)| f.is_none_or(|f| features.has(f)))
        .map(|(_, s, _)| *s)
        .unwrap_or("/members");
    format!("/rooms/{}{suffix}", room.id)
}
