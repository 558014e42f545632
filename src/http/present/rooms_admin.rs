//! A room as the office that administers it sees it: a row of the room list and the room's
//! admin page (its record, members, feature switches and the links to its 閲覧履歴).

use rust_i18n::t;

use crate::config::RoomSettings;
use crate::http::paths;
use crate::http::present::labels::{kind_label, profession_label, team_role_label};
use crate::http::present::{date, datetime};
use crate::models::features::{Feature, Features};
use crate::models::rooms::{Member, Room};

pub fn room_status_label(lang: &str, status: &str) -> String {
    t!(format!("rooms.statuses.{status}"), locale = lang).into()
}

/// A row of the office's room list, with its member count.
pub fn admin_row(lang: &str, r: Room, members: i64) -> renkei_views::rooms::AdminRow {
    renkei_views::rooms::AdminRow {
        href: paths::room_admin(r.id),
        label: r.label(),
        kind: kind_label(lang, &r.kind),
        status: room_status_label(lang, &r.status),
        closed: !r.is_open(),
        members,
        opened: datetime(lang, r.opened_at),
        name: r.name,
    }
}

/// A member as a row: name, login id, profession, role in the team, since when.
fn member_row(lang: &str, m: &Member) -> Vec<String> {
    vec![
        m.display_name.clone(),
        m.login_id.clone(),
        profession_label(lang, &m.profession),
        team_role_label(lang, &m.team_role),
        datetime(lang, m.added_at),
    ]
}

/// Each feature: code, name, switched on, on by default for the room's kind.
fn feature_rows(lang: &str, room: &Room, on: Features) -> Vec<(&'static str, String, bool, bool)> {
    Feature::ALL
        .iter()
        .map(|f| {
            let name = t!(format!("features.{}", f.code()), locale = lang).into();
            (f.code(), name, on.has(*f), f.default_for(&room.kind))
        })
        .collect()
}

/// The room's 閲覧履歴, and its registrant's for a patient room.
fn history_links(lang: &str, room: &Room) -> Vec<(String, String)> {
    let of_room = (
        paths::room_admin_views(room.id),
        t!("access.link_room", locale = lang).into(),
    );
    let of_registrant = room.registrant_id.map(|r| {
        let label = t!("access.link_registrant", locale = lang).into();
        (paths::registrant_views(r), label)
    });
    std::iter::once(of_room).chain(of_registrant).collect()
}

/// Each member's 閲覧・入力権限 for the features the room has on that carry a right, with the
/// default of their profession (`rooms.read_only`).
fn rights_rows(
    lang: &str,
    members: &[Member],
    features: Features,
    defaults: &RoomSettings,
) -> Vec<renkei_views::rooms::MemberRights> {
    let shown: Vec<Feature> = Feature::WITH_RIGHTS
        .into_iter()
        .filter(|f| features.has(*f))
        .collect();
    members
        .iter()
        .map(|m| {
            let default = defaults.read_only_for(&m.profession);
            renkei_views::rooms::MemberRights {
                user_id: m.user_id,
                label: format!(
                    "{}（{}）",
                    m.display_name,
                    profession_label(lang, &m.profession)
                ),
                features: shown
                    .iter()
                    .map(|f| {
                        let name = t!(format!("features.{}", f.code()), locale = lang).into();
                        (f.code(), name, !m.read_only.has(*f), !default.has(*f))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The room's admin page.
pub fn admin_detail<'a>(
    lang: &'a str,
    csrf: &'a str,
    room: &Room,
    members: &[Member],
    features: Features,
    defaults: &RoomSettings,
) -> renkei_views::rooms::AdminDetail<'a> {
    renkei_views::rooms::AdminDetail {
        lang,
        label: room.label(),
        name: room.name.clone(),
        purpose: room.purpose.clone(),
        kind: kind_label(lang, &room.kind),
        status: room_status_label(lang, &room.status),
        opened: datetime(lang, room.opened_at),
        closed: room.closed_at.map(|t| datetime(lang, t)),
        purge_after: room.purge_after.map(|d| date(lang, d)),
        close_on: room.close_on.map(|d| date(lang, d)),
        membership_rule: crate::http::present::rooms::membership_rule(lang, room),
        members: members.iter().map(|m| member_row(lang, m)).collect(),
        csrf,
        features_action: room.is_open().then(|| paths::room_admin_features(room.id)),
        features: feature_rows(lang, room, features),
        history: history_links(lang, room),
        rights_action: (room.is_open() && !members.is_empty())
            .then(|| paths::room_admin_rights(room.id)),
        rights: rights_rows(lang, members, features, defaults),
        changes: if crate::services::topic_rooms::changeable(room).is_ok() {
            vec![
                (
                    paths::room_admin_name(room.id),
                    t!("rooms.rename", locale = lang).into(),
                    false,
                ),
                (
                    paths::room_admin_close(room.id),
                    t!("rooms.close", locale = lang).into(),
                    true,
                ),
            ]
        } else {
            Vec::new()
        },
        lacks_doctor_or_nurse: room.kind == "patient"
            && room.is_open()
            && !members.iter().any(|m| m.is_doctor_or_nurse()),
    }
}
