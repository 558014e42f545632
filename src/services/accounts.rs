//! Creating and stopping accounts. Used by the bootstrap command, the demo seed and the
//! administrators (and, with the applications issue, by approved forms 4 and 6).

use chrono::{NaiveDateTime, TimeDelta};

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, AuthFactor, new_activation_code};
use crate::models::organisations::{NewOrganisation, Organisation};
use crate::models::rooms::Room;
use crate::models::sessions::Session;
use crate::models::users::NewUser;
use crate::models::{Role, User, UserStatus};
use crate::services::memberships;

/// What a new account needs; the account starts pending, waiting for its 認証コード.
pub struct AccountRequest<'a> {
    pub login_id: &'a str,
    pub display_name: &'a str,
    pub kana: &'a str,
    pub organisation_id: i64,
    pub profession: &'a str,
    pub role: Role,
    pub is_org_manager: bool,
    pub email: &'a str,
    /// A clerk's office (`Office::as_str`); empty for everyone else.
    pub office: &'a str,
}

pub struct IssuedAccount {
    pub user_id: i64,
    /// Shown once (on the printed notice, or the bootstrap console); only its hash is stored.
    pub activation_code: String,
    pub expires_at: NaiveDateTime,
}

/// Creates a pending account (no code yet), with its audit row. Call inside a transaction.
pub fn create_account(
    conn: &mut DbConnection,
    req: &AccountRequest<'_>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, diesel::result::Error> {
    let user_id = User::create(
        conn,
        &NewUser {
            login_id: req.login_id,
            display_name: req.display_name,
            kana: req.kana,
            organisation_id: req.organisation_id,
            profession: req.profession,
            role: req.role.as_str(),
            is_org_manager: req.is_org_manager,
            email: req.email,
            locale: None,
            status: UserStatus::Pending.as_str(),
            password_hash: None,
            must_change_password: true,
            is_demo: false,
            created_at: now,
            office: req.office,
        },
    )?;
    AuditRecord::append(
        conn,
        AuditEntry::new(actor, "account.create", "success")
            .target("user", user_id)
            .detail(format!("role={}", req.role.as_str())),
        now,
    )?;
    Ok(user_id)
}

/// Creates a pending account with a fresh 認証コード (the administrator bootstrap, which shows
/// the code on the console instead of a letter).
pub fn create_pending_account(
    conn: &mut DbConnection,
    req: &AccountRequest<'_>,
    actor: &Actor,
    code_valid_days: i64,
    now: NaiveDateTime,
) -> Result<IssuedAccount, diesel::result::Error> {
    write_tx(conn, |conn| {
        let user_id = create_account(conn, req, actor, now)?;
        let code = new_activation_code();
        let expires_at = now + TimeDelta::days(code_valid_days);
        ActivationCode::issue(conn, user_id, &code, now, expires_at)?;
        Ok(IssuedAccount {
            user_id,
            activation_code: code,
            expires_at,
        })
    })
}

/// Issues a new 認証コード; the old one stops working at once (a lost notice).
pub fn reissue_activation_code(
    conn: &mut DbConnection,
    user_id: i64,
    actor: &Actor,
    code_valid_days: i64,
    now: NaiveDateTime,
) -> Result<IssuedAccount, diesel::result::Error> {
    write_tx(conn, |conn| {
        let code = new_activation_code();
        let expires_at = now + TimeDelta::days(code_valid_days);
        ActivationCode::issue(conn, user_id, &code, now, expires_at)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "account.code.reissue", "success").target("user", user_id),
            now,
        )?;
        Ok(IssuedAccount {
            user_id,
            activation_code: code,
            expires_at,
        })
    })
}

/// A lost or expired notice: the account's codes stop working at once and a new letter is
/// queued for printing (its code is issued when it is printed). Only for accounts that have not
/// been activated yet.
pub fn reissue_notice(
    conn: &mut DbConnection,
    user_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    write_tx(conn, |conn| {
        let Some(user) = User::find(conn, user_id)? else {
            return Ok(false);
        };
        if user.status() != UserStatus::Pending {
            return Ok(false);
        }
        ActivationCode::revoke_all(conn, user_id, now)?;
        crate::models::letters::Letter::queue_reissue(conn, user_id, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "account.notice.reissue", "success").target("user", user_id),
            now,
        )?;
        Ok(true)
    })
}

/// 再発行 for an active account whose device was lost or whose password was forgotten (guide
/// §10: reported, then disabled): every session ends at once, every second factor and code is
/// revoked, the password is cleared and a new 認証コード letter is queued for the same print
/// batch flow. The account stays the same person in the same organisation with the same rooms;
/// it waits (利用開始前) until the user enrols again with the new letter and sets a new password.
/// Returns how many sessions were ended, or None when the account is not active.
pub fn reissue_credentials(
    conn: &mut DbConnection,
    user_id: i64,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Option<usize>, diesel::result::Error> {
    write_tx(conn, |conn| {
        let Some(user) = User::find(conn, user_id)? else {
            return Ok(None);
        };
        if user.status() != UserStatus::Active || !User::reset_credentials(conn, user_id)? {
            return Ok(None);
        }
        let ended = Session::end_all_for_user(conn, user_id, "credentials_reissued", now)?;
        AuthFactor::revoke_all(conn, user_id, now)?;
        ActivationCode::revoke_all(conn, user_id, now)?;
        crate::models::letters::Letter::queue_reissue(conn, user_id, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "account.reissue", "success")
                .target("user", user_id)
                .detail(format!(
                    "{} (sessions ended: {ended})",
                    reason.chars().take(200).collect::<String>()
                )),
            now,
        )?;
        Ok(Some(ended))
    })
}

#[derive(Debug, PartialEq, Eq)]
pub enum StopOutcome {
    Stopped { sessions_ended: usize },
    AlreadyStopped,
    NotFound,
}

/// Stops an account at once: it can no longer log in, its sessions end (so its next request is
/// refused), its factors and unused codes are revoked, and it leaves its rooms like any removed
/// member (told when `notify` has the settings for mail). Stopping twice changes nothing.
pub fn stop_account(
    conn: &mut DbConnection,
    user_id: i64,
    reason: &str,
    actor: &Actor,
    notify: Option<&Settings>,
    now: NaiveDateTime,
) -> Result<StopOutcome, diesel::result::Error> {
    write_tx(conn, |conn| {
        let Some(user) = User::find(conn, user_id)? else {
            return Ok(StopOutcome::NotFound);
        };
        if !User::stop(conn, user_id, now)? {
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "account.stop", "refused")
                    .target("user", user_id)
                    .detail("already stopped"),
                now,
            )?;
            return Ok(StopOutcome::AlreadyStopped);
        }
        let sessions_ended = Session::end_all_for_user(conn, user_id, "account_stopped", now)?;
        AuthFactor::revoke_all(conn, user_id, now)?;
        ActivationCode::revoke_all(conn, user_id, now)?;
        // A stopped account is no longer a member of any room (FAQ 5.5): each membership ends
        // as any removal does, told to the account's address and audited per room.
        let mut memberships = 0;
        for room in Room::of_member(conn, user_id)? {
            if memberships::remove(
                conn,
                &room,
                &user,
                "account_stopped",
                None,
                actor,
                notify,
                now,
            )? {
                memberships += 1;
            }
        }
        // (and of a purged room, which nobody can open any more: no notice)
        memberships += Room::end_memberships_of(conn, user_id, "account_stopped", now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "account.stop", "success")
                .target("user", user_id)
                .detail(format!(
                    "{} (rooms left: {memberships})",
                    reason.chars().take(200).collect::<String>()
                )),
            now,
        )?;
        Ok(StopOutcome::Stopped { sessions_ended })
    })
}

/// The worker's part of form 6: stops the accounts whose 最終利用日 has passed, each as any
/// stop (sessions ended, rooms left and told, audited by the worker); returns how many.
pub fn stop_due_accounts(
    conn: &mut DbConnection,
    notify: Option<&Settings>,
    today: chrono::NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, diesel::result::Error> {
    let mut n = 0;
    for user in User::due_to_stop(conn, today)? {
        let last = user.stop_on.map(|d| d.to_string()).unwrap_or_default();
        let reason = format!("様式第6号 最終利用日 {last}");
        if let StopOutcome::Stopped { .. } =
            stop_account(conn, user.id, &reason, &Actor::system(), notify, now)?
        {
            n += 1;
        }
    }
    Ok(n)
}

/// The two administrator offices as organisations, named from configuration.
pub fn ensure_offices(
    conn: &mut DbConnection,
    municipality: &crate::config::Municipality,
    now: NaiveDateTime,
) -> Result<(i64, i64), diesel::result::Error> {
    let city = Organisation::ensure(
        conn,
        &NewOrganisation {
            name: &municipality.city_office.name,
            kana: "",
            kind: "city_office",
            postcode: &municipality.city_office.postcode,
            address: &municipality.city_office.address,
            phone: &municipality.city_office.phone,
            created_at: now,
        },
    )?;
    let association = Organisation::ensure(
        conn,
        &NewOrganisation {
            name: &municipality.association_office.name,
            kana: "",
            kind: "association_office",
            postcode: &municipality.association_office.postcode,
            address: &municipality.association_office.address,
            phone: &municipality.association_office.phone,
            created_at: now,
        },
    )?;
    Ok((city, association))
}

/// The organisation of an area's 管理者 office (`municipality.area_offices`), made once.
pub fn ensure_area_office(
    conn: &mut DbConnection,
    office: &crate::config::Office,
    now: NaiveDateTime,
) -> Result<i64, diesel::result::Error> {
    Organisation::ensure(
        conn,
        &NewOrganisation {
            name: &office.name,
            kana: "",
            kind: "association_office",
            postcode: &office.postcode,
            address: &office.address,
            phone: &office.phone,
            created_at: now,
        },
    )
}

/// Saves an account's notification choices (address, which posts, the daily digest), audited.
pub fn save_notifications(
    conn: &mut DbConnection,
    user_id: i64,
    choice: &crate::services::timeline::NotificationChoice,
    actor: &Actor,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    write_tx(conn, |conn| {
        choice.save(conn, user_id, now)?;
        let entry = AuditEntry::new(actor, "notifications.save", "success").target("user", user_id);
        AuditRecord::append(conn, entry, now)?;
        Ok(())
    })
}
