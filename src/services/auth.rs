//! Passwords (argon2id), TOTP codes and the login steps. The same refusal is given for an
//! unknown login ID and a wrong password, and both take the same time.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{NaiveDateTime, TimeDelta};
use totp_rs::{Algorithm as TotpAlgorithm, Secret, TOTP};

use crate::db::{DbConnection, write_tx};
use crate::domain::text::{digits_only, normalise_identifier};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, AuthFactor};
use crate::models::login_attempts::LoginAttempt;
use crate::models::sessions::{Session, Stage};
use crate::models::{User, UserStatus};

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
fn dummy_hash() -> &'static str {
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

// ---- TOTP ------------------------------------------------------------------------------------

pub const TOTP_STEP: u64 = 30;

/// 160 random bits, base32, as authenticator apps expect.
pub fn new_totp_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    data_encoding::BASE32_NOPAD.encode(&bytes)
}

fn totp(secret_b32: &str, account: &str, issuer: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_string()).to_bytes().ok()?;
    TOTP::new_unchecked(
        TotpAlgorithm::SHA1,
        6,
        1,
        TOTP_STEP,
        bytes,
        Some(issuer.to_string()),
        account.to_string(),
    )
    .into()
}

/// The `otpauth://` URL an authenticator app reads from the QR code.
pub fn totp_url(secret_b32: &str, account: &str, issuer: &str) -> String {
    totp(secret_b32, account, issuer)
        .map(|t| t.get_url())
        .unwrap_or_default()
}

/// The code for a given time: used by tests and by `renkei demo-code`.
pub fn totp_code_at(secret_b32: &str, unix: u64) -> String {
    totp(secret_b32, "x", "renkei")
        .map(|t| t.generate(unix))
        .unwrap_or_default()
}

/// Finds the time step (now −1 … now +1) whose code matches; `None` if none does.
pub fn totp_match(secret_b32: &str, code: &str, now: NaiveDateTime) -> Option<i64> {
    let code = digits_only(code);
    if code.len() != 6 {
        return None;
    }
    let t = totp(secret_b32, "x", "renkei")?;
    let unix = now.and_utc().timestamp();
    if unix < 0 {
        return None;
    }
    let step_now = unix / TOTP_STEP as i64;
    (step_now - 1..=step_now + 1).find(|step| {
        let candidate = t.generate((*step as u64) * TOTP_STEP);
        constant_time_eq(candidate.as_bytes(), code.as_bytes())
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

// ---- The login steps -------------------------------------------------------------------------

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

/// A few wrong passwords for an account from one address cost nothing; after that each try
/// from that address for that account waits twice as long as the one before (1 s, 2 s, 4 s …,
/// at most 15 minutes). The owner elsewhere is not slowed by it.
const PAIR_FREE: i64 = 5;
const PAIR_MAX_WAIT_SECONDS: i64 = 15 * 60;
/// The owner is told by mail when an hour's failures for the account reach this.
const ALARM_AT: i64 = 10;

/// How long after its last failure an (account, address) pair with `failures` in the last 15
/// minutes must wait before it may try again.
pub fn pair_wait(failures: i64) -> TimeDelta {
    if failures < PAIR_FREE {
        return TimeDelta::zero();
    }
    let doublings = (failures - PAIR_FREE).min(20) as u32;
    TimeDelta::seconds((1i64 << doublings).min(PAIR_MAX_WAIT_SECONDS))
}

/// Whether an attempt is refused before its password is checked. Three limits:
/// - an address guessing across accounts (`per_address_per_15min`);
/// - an account from one address: slowed down exponentially ([`pair_wait`]);
/// - an account from everywhere: the ceiling of `per_account_per_hour` failures (ASVS 2.2.1,
///   MHLW guideline 6.0) — applied to addresses the account has not logged in from in the last
///   90 days, so that someone guessing from elsewhere cannot keep the owner out.
fn throttled(
    conn: &mut DbConnection,
    login_id: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    let window = now - TimeDelta::minutes(15);
    if LoginAttempt::failures_from(conn, &origin.ip, window)? >= limits.per_address_per_15min {
        return Ok(true);
    }
    let (pair, last) = LoginAttempt::pair_failures(conn, login_id, &origin.ip, window)?;
    if let Some(last) = last
        && now < last + pair_wait(pair)
    {
        return Ok(true);
    }
    let by_account = LoginAttempt::failures_for_login(conn, login_id, now - TimeDelta::hours(1))?;
    if by_account < limits.per_account_per_hour {
        return Ok(false);
    }
    let known_since = now - TimeDelta::days(crate::models::login_attempts::KNOWN_DAYS);
    Ok(!LoginAttempt::succeeded_from(
        conn,
        login_id,
        &origin.ip,
        known_since,
    )?)
}

/// After a failure: when the account's failures in the last hour reach [`ALARM_AT`], its owner
/// gets one mail (per hour) saying so — no address, no time of day, nothing a reader of the
/// mail could use.
fn tell_owner_of_failures(
    conn: &mut DbConnection,
    login_id: &str,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let failures = LoginAttempt::failures_for_login(conn, login_id, now - TimeDelta::hours(1))?;
    if failures != ALARM_AT {
        return Ok(());
    }
    let Some(user) = User::find_by_login(conn, login_id)? else {
        return Ok(());
    };
    if user.email.is_empty() {
        return Ok(());
    }
    let job = crate::services::mails::login_failures(&user, failures, now);
    if !crate::models::outbox::Outbox::exists(conn, &job.key)? {
        crate::models::outbox::Outbox::push(conn, &job, now)?;
    }
    Ok(())
}

/// Records a failed step and its audit row together.
fn fail(
    conn: &mut DbConnection,
    login_id: &str,
    actor: Actor,
    action: &'static str,
    result: &'static str,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    write_tx(conn, |conn| {
        LoginAttempt::record(conn, login_id, &origin.ip, false, now)?;
        AuditRecord::append(conn, AuditEntry::new(&actor, action, result), now)?;
        tell_owner_of_failures(conn, login_id, now)
    })
}

/// Step 1 of an ordinary login: ID and password. Starts a session that still needs the second
/// factor.
pub fn login_with_password(
    conn: &mut DbConnection,
    login_id: &str,
    password: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let login_id = normalise_identifier(login_id);
    if throttled(conn, &login_id, origin, limits, now)? {
        fail(
            conn,
            &login_id,
            anonymous_actor(&login_id, origin),
            "login.password",
            "throttled",
            origin,
            now,
        )?;
        return Err(LoginError::Throttled);
    }
    let user = User::find_by_login(conn, &login_id)?;
    let ok = match &user {
        Some(u) => match &u.password_hash {
            Some(h) => verify_password(h, password) && u.status() == UserStatus::Active,
            None => {
                verify_password(dummy_hash(), password);
                false
            }
        },
        None => {
            verify_password(dummy_hash(), password);
            false
        }
    };
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, u) => {
            let actor = match &u {
                Some(u) => actor_of(u, &origin.ip),
                None => anonymous_actor(&login_id, origin),
            };
            fail(
                conn,
                &login_id,
                actor,
                "login.password",
                "failure",
                origin,
                now,
            )?;
            return Err(LoginError::Refused);
        }
    };
    let started = write_tx(conn, |conn| {
        let (token, session) = Session::start(
            conn,
            user.id,
            Stage::SecondFactor,
            &origin.ip,
            &origin.user_agent,
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(&actor_of(&user, &origin.ip), "login.password", "success"),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Started { token, session })
    })?;
    Ok(started)
}

/// Step 2: the TOTP code. A code is accepted once: a replay within its 30 s window is refused.
pub fn login_second_factor(
    conn: &mut DbConnection,
    session: &Session,
    user: &User,
    code: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    if throttled(conn, &user.login_id, origin, limits, now)? {
        fail(
            conn,
            &user.login_id,
            actor_of(user, &origin.ip),
            "login.second_factor",
            "throttled",
            origin,
            now,
        )?;
        return Err(LoginError::Throttled);
    }
    let factor = AuthFactor::active_totp(conn, user.id)?;
    let step = factor
        .as_ref()
        .and_then(|f| totp_match(&f.secret, code, now).map(|s| (f.id, s)));
    let result = write_tx(conn, |conn| {
        let Some((factor_id, step)) = step else {
            return Ok(None);
        };
        if !AuthFactor::consume_step(conn, factor_id, step, None)? {
            return Ok(None);
        }
        let next = if user.must_change_password {
            Stage::SetPassword
        } else {
            Stage::Full
        };
        let (token, session) = Session::advance(conn, session, next, now)?;
        LoginAttempt::record(conn, &user.login_id, &origin.ip, true, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(
                &actor_of(user, &origin.ip),
                "login.second_factor",
                "success",
            ),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            let why = if step.is_some() {
                "replayed"
            } else {
                "failure"
            };
            fail(
                conn,
                &user.login_id,
                actor_of(user, &origin.ip),
                "login.second_factor",
                why,
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}

/// First login: ID and the 認証コード from the paper notice. Single use.
pub fn login_with_activation_code(
    conn: &mut DbConnection,
    login_id: &str,
    code: &str,
    origin: &Origin,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let login_id = normalise_identifier(login_id);
    if throttled(conn, &login_id, origin, limits, now)? {
        fail(
            conn,
            &login_id,
            anonymous_actor(&login_id, origin),
            "login.activation_code",
            "throttled",
            origin,
            now,
        )?;
        return Err(LoginError::Throttled);
    }
    let user = User::find_by_login(conn, &login_id)?;
    let result = write_tx(conn, |conn| {
        let Some(user) = &user else { return Ok(None) };
        if user.status() == UserStatus::Stopped
            || !ActivationCode::redeem(conn, user.id, code, now)?
        {
            return Ok(None);
        }
        let (token, session) = Session::start(
            conn,
            user.id,
            Stage::EnrolTotp,
            &origin.ip,
            &origin.user_agent,
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(
                &actor_of(user, &origin.ip),
                "login.activation_code",
                "success",
            ),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            let actor = match &user {
                Some(u) => actor_of(u, &origin.ip),
                None => anonymous_actor(&login_id, origin),
            };
            fail(
                conn,
                &login_id,
                actor,
                "login.activation_code",
                "failure",
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}

/// The secret being enrolled for a session in the enrolment stage, created on first view.
pub fn enrolment_secret(
    conn: &mut DbConnection,
    user: &User,
    now: NaiveDateTime,
) -> Result<String, diesel::result::Error> {
    write_tx(conn, |conn| {
        match AuthFactor::pending_totp(conn, user.id)? {
            Some(f) => Ok(f.secret),
            None => Ok(AuthFactor::begin_totp(conn, user.id, &new_totp_secret(), now)?.secret),
        }
    })
}

/// Confirms the authenticator with a code it shows; the session moves on to setting a password.
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    session: &Session,
    user: &User,
    code: &str,
    origin: &Origin,
    now: NaiveDateTime,
) -> Result<Started, LoginError> {
    let pending = AuthFactor::pending_totp(conn, user.id)?;
    let step = pending
        .as_ref()
        .and_then(|f| totp_match(&f.secret, code, now).map(|s| (f.id, s)));
    let result = write_tx(conn, |conn| {
        let Some((factor_id, step)) = step else {
            return Ok(None);
        };
        // Older factors (a re-enrolment after a lost phone) stop working once the new one is confirmed.
        diesel_revoke_others(conn, user.id, factor_id, now)?;
        if !AuthFactor::consume_step(conn, factor_id, step, Some(now))? {
            return Ok(None);
        }
        let (token, session) = Session::advance(conn, session, Stage::SetPassword, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(&actor_of(user, &origin.ip), "factor.totp.enrol", "success"),
            now,
        )?;
        Ok::<_, diesel::result::Error>(Some(Started { token, session }))
    })?;
    match result {
        Some(s) => Ok(s),
        None => {
            fail(
                conn,
                &user.login_id,
                actor_of(user, &origin.ip),
                "factor.totp.enrol",
                "failure",
                origin,
                now,
            )?;
            Err(LoginError::Refused)
        }
    }
}

fn diesel_revoke_others(
    conn: &mut DbConnection,
    user_id: i64,
    keep: i64,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    use crate::schema::auth_factors;
    use diesel::prelude::*;
    diesel::update(
        auth_factors::table
            .filter(auth_factors::user_id.eq(user_id))
            .filter(auth_factors::id.ne(keep))
            .filter(auth_factors::revoked_at.is_null()),
    )
    .set(auth_factors::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
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
