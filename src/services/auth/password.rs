//! Passwords: hashing and checking them (argon2id, OWASP's baseline), the rule a new password
//! must pass (long enough, not a common guess, not the login ID or the user's name), and
//! changing one (the owner is mailed; outside the set-password stage the account's other
//! sessions end).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::NaiveDateTime;

use super::{Origin, Started, actor_of, fail};
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::sessions::{Session, Stage};

/// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19_456, 2, 1, None).expect("argon2 parameters"),
    )
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the login ID is unknown, so the answer takes as long.
pub(super) fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("renkei-timing-equaliser"))
}

/// Why a new password is not accepted; each has its message in `locales/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    Empty,
    TooShort,
    TooLong,
    ContainsLoginId,
    /// One of the passwords everyone tries first, or a run of one or consecutive characters.
    Common,
    /// The user's name, or a part of the login ID.
    ContainsName,
    Mismatch,
    SameAsCurrent,
    CurrentWrong,
}

impl PasswordProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::Empty => "password.error.empty",
            PasswordProblem::TooShort => "password.error.too_short",
            PasswordProblem::TooLong => "password.error.too_long",
            PasswordProblem::ContainsLoginId => "password.error.contains_login_id",
            PasswordProblem::Common => "password.error.common",
            PasswordProblem::ContainsName => "password.error.contains_name",
            PasswordProblem::Mismatch => "password.error.mismatch",
            PasswordProblem::SameAsCurrent => "password.error.same_as_current",
            PasswordProblem::CurrentWrong => "password.error.current_wrong",
        }
    }
}

pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// Words the first guesses are made of (lists of breached passwords start with these), letters
/// only: `Password2026!` is `password` with digits and symbols around it.
const COMMON_WORDS: &[&str] = &[
    "password",
    "passwort",
    "passw",
    "pass",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abc",
    "abcd",
    "abcdef",
    "abcdefg",
    "iloveyou",
    "admin",
    "administrator",
    "welcome",
    "letmein",
    "monkey",
    "dragon",
    "baseball",
    "football",
    "soccer",
    "sunshine",
    "princess",
    "master",
    "superman",
    "batman",
    "shadow",
    "trustno",
    "whatever",
    "freedom",
    "hello",
    "login",
    "user",
    "test",
    "guest",
    "secret",
    "changeme",
    "default",
    "qazwsx",
    "qwer",
    "asdf",
    "zaq",
    "xsw",
    "renkei",
    "ichikawa",
    "tokyo",
    "japan",
    "nippon",
    "sakura",
    "pokemon",
    "doraemon",
    "naruto",
    "kangoshi",
    "kango",
    "iryou",
    "kaigo",
    "byouin",
    "clinic",
    "hospital",
    "nurse",
    "doctor",
    "pharmacy",
    "yakkyoku",
    "care",
    "helper",
];

/// The password rule (厚生労働省「医療情報システムの安全管理に関するガイドライン」第6.0版 and
/// ASVS 2.1): long enough, not one of the common guesses or a run of one or consecutive
/// characters, not the login ID or the user's name. No composition rules.
pub fn check_new_password(user: &User, password: &str) -> Option<PasswordProblem> {
    let n = password.chars().count();
    let lower = password.to_lowercase();
    if n == 0 {
        return Some(PasswordProblem::Empty);
    } else if n < PASSWORD_MIN {
        return Some(PasswordProblem::TooShort);
    } else if n > PASSWORD_MAX {
        return Some(PasswordProblem::TooLong);
    } else if lower.contains(&user.login_id.to_lowercase()) {
        return Some(PasswordProblem::ContainsLoginId);
    }
    // The name (each part of 田中 一郎, the kana, parts of the login ID like `tanaka`).
    let name_parts = user
        .display_name
        .split_whitespace()
        .chain(user.kana.split_whitespace())
        .chain(user.login_id.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|p| p.chars().count() >= 2 && !(p.is_ascii() && p.len() < 4));
    for part in name_parts {
        if lower.contains(&part) {
            return Some(PasswordProblem::ContainsName);
        }
    }
    let chars: Vec<char> = lower.chars().collect();
    let distinct: std::collections::HashSet<char> = chars.iter().copied().collect();
    // Steps of 0 or ±1 between neighbours: aaaa…, abcd…, 1234…, 9876….
    let runs = chars
        .windows(2)
        .filter(|w| (w[0] as i64 - w[1] as i64).abs() <= 1)
        .count();
    let letters: String = chars.iter().filter(|c| c.is_alphabetic()).collect();
    let common = COMMON_WORDS.contains(&letters.as_str())
        || letters.is_empty()
        || distinct.len() < 5
        || runs * 10 >= (n - 1) * 7;
    common.then_some(PasswordProblem::Common)
}

/// Sets a new password. In the set-password stage (first login, forced change) the current
/// password is not asked; otherwise it is. Completes the login when in that stage.
#[allow(clippy::too_many_arguments)]
pub fn change_password(
    conn: &mut DbConnection,
    session: &Session,
    user: &User,
    current: Option<&str>,
    new: &str,
    confirmation: &str,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Result<Option<Started>, PasswordProblem>, diesel::result::Error> {
    if let Some(current) = current {
        let ok = user
            .password_hash
            .as_deref()
            .is_some_and(|h| verify_password(h, current));
        if !ok {
            fail(
                conn,
                &user.login_id,
                actor_of(user, &origin.ip),
                "password.change",
                "failure",
                origin,
                now,
            )?;
            return Ok(Err(PasswordProblem::CurrentWrong));
        }
        if current == new {
            return Ok(Err(PasswordProblem::SameAsCurrent));
        }
    }
    if let Some(problem) = check_new_password(user, new) {
        return Ok(Err(problem));
    }
    if new != confirmation {
        return Ok(Err(PasswordProblem::Mismatch));
    }
    let hash = hash_password(new);
    write_tx(conn, |conn| {
        User::set_password(conn, user.id, &hash, now)?;
        User::activate(conn, user.id)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(&actor_of(user, &origin.ip), "password.change", "success"),
            now,
        )?;
        // Tell the owner, so a change they did not make does not go unnoticed. In the same
        // transaction: the mail exists if and only if the password really changed.
        if !user.email.is_empty() {
            crate::models::outbox::Outbox::push(
                conn,
                &crate::services::mails::password_changed(user, now),
                now,
            )?;
        }
        if session.stage() == Stage::SetPassword {
            let (token, session) = Session::advance(conn, session, Stage::Full, now)?;
            return Ok(Ok(Some(Started { token, session })));
        }
        // Every other session of the account ends: whoever knew the old password is out.
        crate::models::sessions::end_others(
            conn,
            user.id,
            &session.id_hash,
            "password_changed",
            now,
        )?;
        Ok(Ok(None))
    })
}
