//! What happens to an application: it is received (keyed from paper, submitted online or by
//! in-system mail), reviewed, sent back for correction (the due-date clock stops), approved
//! (its effect applied in the same transaction, with audit rows), rejected, returned to the
//! right office, completed, withdrawn (an approved form 6 or 9 only before its day: the dated
//! stop or closing is cancelled). Every step is a row in its history. A step that no longer fits the
//! application's status (approving twice, approving a rejected one) changes nothing.
//!
//! `receive` files an application in its office's queue; `steps` takes a step and tells the
//! submitter; `approval` applies what approving a form does (forms 4 and 6 here, the others in
//! `services::registrations`). Here: the due-date rule and the address the office writes back
//! to; why a step is refused is `services::refusal`, re-exported.

mod approval;
mod receive;
mod steps;

pub use receive::{Submission, receive, receive_online};
pub use steps::{Step, StepRequest, take_step};

pub use crate::services::refusal::{Refusal, StepError};
use approval::{apply_effect, withdraw_effect};

use crate::domain::calendar::BusinessCalendar;

/// Due dates: `open_days` 開庁日 after receipt (3 by default).
pub struct DueRule<'a> {
    pub calendar: &'a BusinessCalendar,
    pub open_days: u32,
    /// How long a closed patient room is kept (years from the day it closed).
    pub retention_years: u32,
    /// Names, phone numbers and the public address for what submitters are told (none: they
    /// are not told, as in unit tests).
    pub settings: Option<&'a crate::config::Settings>,
}

/// The address the office writes back to: form 4's system manager, form 6's contact.
pub fn contact_address(payload: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    ["manager_email", "contact_email"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|e| e.as_str()).filter(|e| !e.is_empty()))
        .unwrap_or_default()
        .to_string()
}
