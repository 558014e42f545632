//! The effects of approving forms 5, 7, 8 and 9 and the 職種連携の部屋 applications, each run
//! inside the approval's transaction (a refusal rolls everything back): registration changes,
//! registrants and their consent, patient rooms and their care teams, inter-professional rooms.
//! One file per kind: `form5`, `registrants` (forms 7 and 8), `discontinuation` (form 9, its
//! dated closing and its withdrawal) and `rooms`; the helpers they
//! share are here.

mod discontinuation;
mod form5;
mod registrants;
mod rooms;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::DbConnection;
use crate::domain::forms::{
    Form5, Form7, Form8, Form9, PersonRow, RegistrantRef, RoomCloseForm, RoomMembershipForm,
    RoomOpenForm,
};
use crate::models::applications::{Application, Office};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::organisations::Organisation;
use crate::models::rooms::{Registrant, RegistrantData, Room, RoomKind};
use crate::models::{User, UserStatus};
use crate::schema::{organisations, users};
use crate::services::memberships::{self, audit_room};
use crate::services::refusal::{Refusal, StepError};
use crate::services::timeline::{RoomEvent, tell_member};

pub use discontinuation::{approve_form9, close_due_rooms, withdraw_form9};
pub use form5::approve_form5;
pub use registrants::{approve_form7, approve_form8};
pub use rooms::{approve_room_close, approve_room_membership, approve_room_open};

fn refuse(key: &'static str) -> StepError {
    StepError::Refused(Refusal::Invalid(key))
}

/// The day a room closed today may be purged: `years` later (29 February → 28 February).
pub fn purge_date(closed_on: NaiveDate, years: u32) -> NaiveDate {
    let y = closed_on.year() + years as i32;
    closed_on
        .with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(closed_on)
}

/// Whether two names are the same person's as written on paper (spaces do not count).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    squash(a) == squash(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_date_is_years_later() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(purge_date(d(2026, 11, 21), 5), d(2031, 11, 21));
        assert_eq!(purge_date(d(2028, 2, 29), 5), d(2033, 2, 28));
    }
}
