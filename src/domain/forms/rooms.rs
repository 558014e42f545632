//! The applications about a 職種連携の部屋: opening one (name, purpose, members), joining or
//! leaving one (one form, the choice at the top) and closing one; a room is chosen among those
//! offered.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Check, PersonRow, ROOM_PLEDGES, Raw, read_people};

/// 職種連携の部屋 参加・退出申請: the choice at the top.
pub const ROOM_CHOICES: &[&str] = &["join", "leave"];

/// 職種連携の部屋 開設申請.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomOpenForm {
    pub application_date: NaiveDate,
    pub room_name: String,
    pub purpose: String,
    /// Who joins besides the applicant.
    pub members: Vec<PersonRow>,
    /// The 運用ルールと誓約事項 were pledged (for the applicant and the members). Applications
    /// stored before the pledge was asked for read as not pledged.
    #[serde(default)]
    pub pledged: bool,
}

/// The room pledges, each one required (a problem on each one left unticked).
fn read_pledges(raw: &Raw, check: &mut Check) -> bool {
    let mut all = true;
    for i in 1..=ROOM_PLEDGES {
        all &= check.must_check(raw, &format!("pledge_{i}"), "form.error.pledge");
    }
    all
}

pub fn read_room_open(raw: &Raw, check: &mut Check) -> Option<RoomOpenForm> {
    let application_date = check.application_date(raw);
    let room_name = check.text(raw, "room_name", true, 50);
    let purpose = check.text_multiline(raw, "room_purpose", true, 1000);
    let members = read_people(raw, check, "member_");
    let pledged = read_pledges(raw, check);
    if !check.problems.is_empty() {
        return None;
    }
    Some(RoomOpenForm {
        application_date: application_date?,
        room_name,
        purpose,
        members,
        pledged,
    })
}

/// 職種連携の部屋 参加・退出申請 (one form, the choice at the top).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomMembershipForm {
    pub application_date: NaiveDate,
    /// join | leave
    pub choice: String,
    pub room_id: i64,
    pub room_name: String,
    pub members: Vec<PersonRow>,
    /// Those who join pledged the 運用ルールと誓約事項 (not asked of those who leave).
    #[serde(default)]
    pub pledged: bool,
}

/// `rooms`: the rooms that may be chosen, (id, name).
pub fn read_room_membership(
    raw: &Raw,
    check: &mut Check,
    rooms: &[(i64, String)],
) -> Option<RoomMembershipForm> {
    let application_date = check.application_date(raw);
    let choice = check.choice(raw, "choice", ROOM_CHOICES);
    let room = read_room(raw, check, rooms);
    let members = read_people(raw, check, "member_");
    if members.is_empty() {
        check.problem("member_1_login_id", "form8.error.no_member", "");
    }
    let pledged = choice == "join" && read_pledges(raw, check);
    if !check.problems.is_empty() {
        return None;
    }
    let (room_id, room_name) = room?;
    Some(RoomMembershipForm {
        application_date: application_date?,
        choice,
        room_id,
        room_name,
        members,
        pledged,
    })
}

fn read_room(raw: &Raw, check: &mut Check, rooms: &[(i64, String)]) -> Option<(i64, String)> {
    let v = raw.get("room_id").trim();
    if v.is_empty() {
        check.problem("room_id", "form.error.required", "");
        return None;
    }
    let found = v
        .parse::<i64>()
        .ok()
        .and_then(|id| rooms.iter().find(|(r, _)| *r == id).cloned());
    if found.is_none() {
        check.problem("room_id", "form.error.choice", "");
    }
    found
}

/// 職種連携の部屋 閉鎖の申し出.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RoomCloseForm {
    pub application_date: NaiveDate,
    pub room_id: i64,
    pub room_name: String,
    pub reason: String,
}

pub fn read_room_close(
    raw: &Raw,
    check: &mut Check,
    rooms: &[(i64, String)],
) -> Option<RoomCloseForm> {
    let application_date = check.application_date(raw);
    let room = read_room(raw, check, rooms);
    let reason = check.text_multiline(raw, "reason", true, 1000);
    if !check.problems.is_empty() {
        return None;
    }
    let (room_id, room_name) = room?;
    Some(RoomCloseForm {
        application_date: application_date?,
        room_id,
        room_name,
        reason,
    })
}
