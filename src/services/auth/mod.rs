//! Passwords (argon2id), TOTP codes and the login steps. The same refusal is given for an
//! unknown login ID and a wrong password, and both take the same time.
//!
//! One file per concern: `password` (hashing, the password rule, changing a password), `totp`
//! (secrets, codes, the otpauth URL), `throttle` (when an attempt is refused before its password
//! is checked; a failed step recorded and, after many, the owner told), `login` (the ways in:
//! password, then the second factor; or the 認証コード of a first login), `enrolment` (setting
//! up the authenticator). Here: where a request came from, the limits, the login error, a
//! started session and the actor of the audit rows.

mod enrolment;
mod login;
mod password;
mod throttle;
mod totp;

pub use enrolment::{confirm_enrolment, enrolment_secret};
pub use login::{login_second_factor, login_with_activation_code, login_with_password};
pub use password::{
    PASSWORD_MAX, PASSWORD_MIN, PasswordProblem, change_password, check_new_password,
    hash_password, verify_password,
};
pub use throttle::pair_wait;
pub use totp::{TOTP_STEP, new_totp_secret, totp_code_at, totp_match, totp_url};

use password::dummy_hash;
use throttle::{fail, throttled};

use crate::models::User;
use crate::models::audit::Actor;
use crate::models::sessions::Session;

/// Where the request came from, for throttling and the audit trail.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: String,
    pub user_agent: String,
}

pub struct Limits {
    pub per_account_per_hour: i64,
    pub per_address_per_15min: i64,
}

#[derive(Debug)]
pub enum LoginError {
    /// Unknown ID, wrong password, stopped or not yet activated account: one answer for all.
    Refused,
    /// Too many failures for this ID or from this address.
    Throttled,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for LoginError {
    fn from(e: diesel::result::Error) -> Self {
        LoginError::Db(e)
    }
}

/// A started (partial) session: the cookie token and the stage reached.
pub struct Started {
    pub token: String,
    pub session: Session,
}

fn anonymous_actor(login_id: &str, origin: &Origin) -> Actor {
    Actor {
        user_id: None,
        login: login_id.to_string(),
        role: String::new(),
        ip: origin.ip.clone(),
    }
}

pub fn actor_of(user: &User, ip: &str) -> Actor {
    Actor {
        user_id: Some(user.id),
        login: user.login_id.clone(),
        role: user.role.clone(),
        ip: ip.to_string(),
    }
}
