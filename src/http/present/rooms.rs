//! A room as its pages show it: the header with the tabs of its switched-on features, a row of
//! "my rooms", and the fresh idempotency key each of its forms carries.

use rand::RngCore;
use rust_i18n::t;

use crate::http::paths;
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

/// The key a form carries: the one it was sent with when it comes back refused (so a retry is
/// still the same submission), a fresh one otherwise.
pub(crate) fn kept_or_fresh_key(typed: &str) -> String {
    if typed.is_empty() {
        fresh_key()
    } else {
        typed.to_string()
    }
}

/// A room in a member's list: name, kind, unread count and last activity.
pub(crate) fn my_room(
    lang: &str,
    r: &Room,
    unread: i64,
    last: Option<chrono::NaiveDateTime>,
) -> renkei_views::rooms::MyRoom {
    renkei_views::rooms::MyRoom {
        href: paths::room(r.id),
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
    current: Tab,
) -> renkei_views::rooms::Header {
    let tabs = Tab::ALL
        .iter()
        .filter(|tab| tab.shown(features))
        .map(|tab| {
            (
                tab.path(room.id),
                t!(tab.label_key(), locale = lang).into(),
                *tab == current,
            )
        })
        .collect();
    renkei_views::rooms::Header {
        name: room.name.clone(),
        label: room.label(),
        kind: kind_label(lang, &room.kind),
        closed: !room.is_open(),
        read_only: false,
        tabs,
        record_vitals: None,
        name_in_meta: false,
        href: paths::room(room.id),
    }
}

/// [`header`] for a tab whose forms the viewer may not use (閲覧のみ): it says so.
pub(crate) fn header_with_rights(
    lang: &str,
    room: &Room,
    features: Features,
    read_only: Features,
    current: Tab,
) -> renkei_views::rooms::Header {
    let mut h = header(lang, room, features, current);
    h.read_only = current.feature().is_some_and(|f| read_only.has(f));
    h
}

/// A room's tabs, in the order of seed 002.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Timeline,
    CarePoints,
    Vitals,
    Medication,
    Patient,
    Calendar,
    Members,
}

impl Tab {
    pub const ALL: [Tab; 7] = [
        Tab::Timeline,
        Tab::CarePoints,
        Tab::Vitals,
        Tab::Medication,
        Tab::Patient,
        Tab::Calendar,
        Tab::Members,
    ];

    /// The feature that must be switched on for the tab to show (members always show).
    fn feature(self) -> Option<Feature> {
        match self {
            Tab::Timeline => Some(Feature::Timeline),
            Tab::CarePoints => Some(Feature::CarePoints),
            Tab::Vitals => Some(Feature::Vitals),
            Tab::Medication => Some(Feature::Medication),
            Tab::Patient => Some(Feature::PatientInfo),
            Tab::Calendar => Some(Feature::Calendar),
            Tab::Members => None,
        }
    }

    fn shown(self, features: Features) -> bool {
        self.feature().is_none_or(|f| features.has(f))
    }

    fn label_key(self) -> &'static str {
        match self {
            Tab::Timeline => "rooms.tab_timeline",
            Tab::CarePoints => "rooms.tab_care_points",
            Tab::Vitals => "rooms.tab_vitals",
            Tab::Medication => "rooms.tab_medication",
            Tab::Patient => "rooms.tab_patient",
            Tab::Calendar => "rooms.tab_calendar",
            Tab::Members => "rooms.tab_members",
        }
    }

    pub fn path(self, room: i64) -> String {
        match self {
            Tab::Timeline => paths::room(room),
            Tab::CarePoints => paths::care_points(room),
            Tab::Vitals => paths::room_vitals(room),
            Tab::Medication => paths::room_medication(room),
            Tab::Patient => paths::patient(room),
            Tab::Calendar => paths::room_calendar(room),
            Tab::Members => paths::room_members(room),
        }
    }
}

/// Where a member lands in a room whose 連絡帳 is switched off: its first tab.
pub fn first_tab(room: &Room, features: Features) -> String {
    let tab = Tab::ALL
        .into_iter()
        .find(|tab| tab.shown(features))
        .unwrap_or(Tab::Members);
    tab.path(room.id)
}

/// Who sets the members of a room: its 管理者 office (医師会) a patient room's care team, the
/// S管理者 (市) an inter-professional room's participants — named as the configuration does.
pub fn membership_rule(lang: &str, room: &crate::models::rooms::Room) -> String {
    use crate::models::applications::{ASSOCIATION, Office};
    if room.kind == crate::models::rooms::RoomKind::InterProfessional.as_str() {
        crate::http::present::labels::office_text(
            lang,
            "rooms.membership_rule_interprofessional",
            Office::City,
        )
    } else {
        let office = Office::parse(&room.office)
            .filter(|o| o.is_association())
            .unwrap_or(ASSOCIATION);
        crate::http::present::labels::office_text(lang, "rooms.membership_rule_patient", office)
    }
}
