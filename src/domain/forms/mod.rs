//! The application forms: reading what was typed (paper keyed in by a clerk, or submitted),
//! validating it field by field with a reason for each problem, and normalising it (full-width
//! digits, postcodes, phone numbers, 和暦 dates). A form that passes becomes the application's
//! JSON payload.
//!
//! One file per group of forms: `accounts` (forms 4, 5 and 6: an organisation's accounts and
//! its registered details), `registrants` (forms 7, 8 and 9: a registrant's consent, care team
//! and discontinuation), `rooms` (opening, joining or leaving, and closing a 職種連携の部屋);
//! `check` reads and checks one field (text, kana, choices, postcodes, phones, mail addresses,
//! dates). Here: the raw fields, a problem, and the numbered rows the forms share (`rows_in`,
//! login ID + name rows).

mod accounts;
mod check;
mod registrants;
mod rooms;

pub use accounts::{
    Applicant, CHANGE_TARGETS, ChangeRow, DEVICES, FORM4_ROWS, FORM5_ROWS, Form4, Form5, Form6,
    ORG_FIELDS, OrganisationFields, STOP_REASONS, StopRow, USER_FIELDS, read_form4, read_form5,
    read_form6,
};
pub use check::{Check, is_one_address};
pub use registrants::{
    DISCONTINUE_REASONS, DISCONTINUE_SUBMITTERS, FORM8_ROWS, Form7, Form8, Form9, MEMBER_ACTIONS,
    MemberRow, RegistrantRef, SEXES, SIGNERS, TEAM_ROLES, identity_key, read_form7, read_form8,
    read_form9,
};
pub use rooms::{
    ROOM_CHOICES, RoomCloseForm, RoomMembershipForm, RoomOpenForm, read_room_close,
    read_room_membership, read_room_open,
};

use serde::{Deserialize, Serialize};

use crate::domain::text::fold_width;

/// One problem with one field. `key` is a `locales/` key; `arg` fills its `%{arg}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: String,
    pub key: &'static str,
    pub arg: String,
}

/// The raw fields of a submitted form, in order (rows repeat names with a number).
pub struct Raw(pub Vec<(String, String)>);

impl Raw {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

pub const MAX_ROWS: usize = 30;

pub const PLEDGES: usize = 5;
/// The 運用ルールと誓約事項 of a 職種連携の部屋 (000 §7): the applicant who opens one and everyone
/// who joins pledges each of them.
pub const ROOM_PLEDGES: usize = 5;

/// Rows present in a submitted form (the highest numbered row with any field filled).
pub fn rows_in(raw: &Raw, prefix: &str) -> usize {
    raw.0
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix(prefix)?;
            let (n, _) = rest.split_once('_')?;
            let n: usize = n.parse().ok()?;
            (!v.trim().is_empty()).then_some(n)
        })
        .max()
        .unwrap_or(0)
        .min(MAX_ROWS)
}

/// A person named on a room application: login ID and name (checked against the account).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PersonRow {
    pub login_id: String,
    pub name: String,
}

/// Rows of login ID + name under `prefix` (`account_1_login_id` …): both required once either
/// is filled, IDs typed in any width, the same ID twice refused.
fn read_people(raw: &Raw, check: &mut Check, prefix: &str) -> Vec<PersonRow> {
    let mut people: Vec<PersonRow> = Vec::new();
    for i in 1..=rows_in(raw, prefix) {
        let f = |n: &str| format!("{prefix}{i}_{n}");
        if raw.get(&f("login_id")).trim().is_empty() && raw.get(&f("name")).trim().is_empty() {
            continue;
        }
        let login_id: String = check
            .text(raw, &f("login_id"), true, 64)
            .chars()
            .map(fold_width)
            .collect();
        let name = check.text(raw, &f("name"), true, 50);
        if people.iter().any(|p| p.login_id == login_id) {
            check.problem(&f("login_id"), "form8.error.duplicate_member", "");
        }
        people.push(PersonRow { login_id, name });
    }
    people
}
