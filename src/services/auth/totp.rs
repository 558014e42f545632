//! TOTP (RFC 6238, 30 s steps, 6 digits): new secrets, the `otpauth://` URL for the QR code,
//! the code at a given time, and matching a typed code against now ±1 step in constant time.

use chrono::NaiveDateTime;
use totp_rs::{Algorithm as TotpAlgorithm, Secret, TOTP};

use crate::domain::text::digits_only;

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
