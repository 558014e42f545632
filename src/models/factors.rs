//! Authentication factors beyond the password. Every account has one: today a TOTP
//! authenticator; the `kind` column leaves room for a device certificate as another factor.
//! Also the one-time 認証コード printed on the アカウント発行通知, which unlocks the first login.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConnection;
use crate::schema::{activation_codes, auth_factors};

pub const KIND_TOTP: &str = "totp";

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = auth_factors)]
pub struct AuthFactor {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub secret: String,
    pub last_used_step: Option<i64>,
    pub created_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl std::fmt::Debug for AuthFactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthFactor")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

#[derive(Insertable)]
#[diesel(table_name = auth_factors)]
struct NewFactor<'a> {
    user_id: i64,
    kind: &'a str,
    secret: &'a str,
    last_used_step: Option<i64>,
    created_at: NaiveDateTime,
    confirmed_at: Option<NaiveDateTime>,
}

impl AuthFactor {
    /// The confirmed, unrevoked TOTP factor of an account, if any.
    pub fn active_totp(conn: &mut DbConnection, user_id: i64) -> QueryResult<Option<AuthFactor>> {
        auth_factors::table
            .filter(auth_factors::user_id.eq(user_id))
            .filter(auth_factors::kind.eq(KIND_TOTP))
            .filter(auth_factors::confirmed_at.is_not_null())
            .filter(auth_factors::revoked_at.is_null())
            .order(auth_factors::id.desc())
            .select(AuthFactor::as_select())
            .first(conn)
            .optional()
    }

    /// The enrolment in progress (created, not yet confirmed), if any.
    pub fn pending_totp(conn: &mut DbConnection, user_id: i64) -> QueryResult<Option<AuthFactor>> {
        auth_factors::table
            .filter(auth_factors::user_id.eq(user_id))
            .filter(auth_factors::kind.eq(KIND_TOTP))
            .filter(auth_factors::confirmed_at.is_null())
            .filter(auth_factors::revoked_at.is_null())
            .order(auth_factors::id.desc())
            .select(AuthFactor::as_select())
            .first(conn)
            .optional()
    }

    /// Starts an enrolment with a new secret (replacing any unconfirmed one).
    pub fn begin_totp(
        conn: &mut DbConnection,
        user_id: i64,
        secret: &str,
        now: NaiveDateTime,
    ) -> QueryResult<AuthFactor> {
        diesel::update(
            auth_factors::table
                .filter(auth_factors::user_id.eq(user_id))
                .filter(auth_factors::confirmed_at.is_null())
                .filter(auth_factors::revoked_at.is_null()),
        )
        .set(auth_factors::revoked_at.eq(Some(now)))
        .execute(conn)?;
        Self::insert(conn, user_id, secret, None, now)?;
        Self::pending_totp(conn, user_id)?.ok_or(diesel::result::Error::NotFound)
    }

    /// Inserts an already-confirmed TOTP factor (demo accounts, whose secret is published).
    pub fn insert_confirmed(
        conn: &mut DbConnection,
        user_id: i64,
        secret: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        Self::insert(conn, user_id, secret, Some(now), now)
    }

    fn insert(
        conn: &mut DbConnection,
        user_id: i64,
        secret: &str,
        confirmed_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::insert_into(auth_factors::table)
            .values(&NewFactor {
                user_id,
                kind: KIND_TOTP,
                secret,
                last_used_step: None,
                created_at: now,
                confirmed_at,
            })
            .execute(conn)?;
        Ok(())
    }

    /// Records that the code of `step` was used, so it cannot be replayed. Only moves forward:
    /// returns false if a code of this step or a later one was already used (a concurrent replay).
    pub fn consume_step(
        conn: &mut DbConnection,
        factor_id: i64,
        step: i64,
        confirm_at: Option<NaiveDateTime>,
    ) -> QueryResult<bool> {
        let target = auth_factors::table.find(factor_id).filter(
            auth_factors::last_used_step
                .is_null()
                .or(auth_factors::last_used_step.lt(step)),
        );
        let n = match confirm_at {
            Some(at) => diesel::update(target)
                .set((
                    auth_factors::last_used_step.eq(Some(step)),
                    auth_factors::confirmed_at.eq(Some(at)),
                ))
                .execute(conn)?,
            None => diesel::update(target)
                .set(auth_factors::last_used_step.eq(Some(step)))
                .execute(conn)?,
        };
        Ok(n == 1)
    }

    /// Revokes every factor of an account (account stopped, device lost).
    pub fn revoke_all(
        conn: &mut DbConnection,
        user_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            auth_factors::table
                .filter(auth_factors::user_id.eq(user_id))
                .filter(auth_factors::revoked_at.is_null()),
        )
        .set(auth_factors::revoked_at.eq(Some(now)))
        .execute(conn)
    }
}

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = activation_codes)]
pub struct ActivationCode {
    pub id: i64,
    pub user_id: i64,
    pub code_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = activation_codes)]
struct NewCode<'a> {
    user_id: i64,
    code_hash: &'a str,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
}

/// The alphabet of printed codes: no 0/O, 1/I/L, so that a code typed from paper is not misread.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A 認証コード such as `KX7P-MN3Q-R8TV` (12 symbols, about 59 bits).
pub fn new_activation_code() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    let symbols: String = (0..12)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    let groups: Vec<String> = symbols
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect())
        .collect();
    groups.join("-")
}

/// What a user typed, reduced to the code's symbols: case, spaces, hyphens and full-width
/// characters do not matter.
pub fn normalise_code(input: &str) -> String {
    input
        .chars()
        .map(crate::domain::text::fold_width)
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn hash_code(code: &str) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(normalise_code(code).as_bytes()))
}

impl ActivationCode {
    /// Issues a new code for an account; any earlier unused code stops working.
    pub fn issue(
        conn: &mut DbConnection,
        user_id: i64,
        code: &str,
        now: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> QueryResult<()> {
        Self::revoke_all(conn, user_id, now)?;
        diesel::insert_into(activation_codes::table)
            .values(&NewCode {
                user_id,
                code_hash: &hash_code(code),
                created_at: now,
                expires_at,
            })
            .execute(conn)?;
        Ok(())
    }

    pub fn revoke_all(
        conn: &mut DbConnection,
        user_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            activation_codes::table
                .filter(activation_codes::user_id.eq(user_id))
                .filter(activation_codes::used_at.is_null())
                .filter(activation_codes::revoked_at.is_null()),
        )
        .set(activation_codes::revoked_at.eq(Some(now)))
        .execute(conn)
    }

    /// Uses the account's code if `code` matches a live one. Single use: returns false when the
    /// code is wrong, expired, revoked or already used.
    pub fn redeem(
        conn: &mut DbConnection,
        user_id: i64,
        code: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            activation_codes::table
                .filter(activation_codes::user_id.eq(user_id))
                .filter(activation_codes::code_hash.eq(hash_code(code)))
                .filter(activation_codes::used_at.is_null())
                .filter(activation_codes::revoked_at.is_null())
                .filter(activation_codes::expires_at.gt(now)),
        )
        .set(activation_codes::used_at.eq(Some(now)))
        .execute(conn)?;
        Ok(n == 1)
    }
}
