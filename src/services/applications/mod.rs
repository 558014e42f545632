//! What happens to an application: it is received (keyed from paper, submitted online or by
//! in-system mail), reviewed, sent back for correction (the due-date clock stops), approved
//! (its effect applied in the same transaction, with audit rows), rejected, returned to the
//! right office, completed. Every step is a row in its history. A step that no longer fits the
//! application's status (approving twice, approving a rejected one) changes nothing.
//!
//! `receive` files an application in its office's queue; `steps` takes a step and tells the
//! submitter; `approval` applies what approving a form does (forms 4 and 6 here, the others in
//! `services::registrations`). Here: why a step is refused, the due-date rule and the address
//! the office writes back to.

mod approval;
mod receive;
mod steps;

pub use receive::{Submission, receive, receive_online};
pub use steps::{Step, StepRequest, take_step};

use approval::apply_effect;

use crate::domain::calendar::BusinessCalendar;

/// Why a step was refused; each has its message in `locales/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The application is no longer in a status that allows this step.
    WrongStatus,
    /// Form 6 names an account that does not exist or belongs to another organisation.
    UnknownAccount(String),
    /// Form 4 names an organisation whose kind differs from the registered one, etc.
    Invalid(&'static str),
}

impl Refusal {
    pub fn message_key(&self) -> &'static str {
        match self {
            Refusal::WrongStatus => "applications.error.wrong_status",
            Refusal::UnknownAccount(_) => "applications.error.unknown_account",
            Refusal::Invalid(k) => k,
        }
    }
}

#[derive(Debug)]
pub enum StepError {
    Refused(Refusal),
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for StepError {
    fn from(e: diesel::result::Error) -> Self {
        StepError::Db(e)
    }
}

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
