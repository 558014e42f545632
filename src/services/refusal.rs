//! Why a clerk's step on an application was refused: the refusal (with its message in
//! `locales/`) and the step's error. A leaf: applications and registrations both use it, and
//! neither imports the other for it.

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
