//! What approving an application does, inside the approval's transaction: the form's payload
//! read back and its effect applied — form 4 registers the organisation if new and opens one
//! pending account per applicant (its letter queued), form 6 stops the named accounts; forms 5,
//! 7, 8, 9 and the room forms go to `services::registrations`.

use chrono::{NaiveDate, NaiveDateTime};

use super::{DueRule, Refusal, StepError};
use crate::db::DbConnection;
use crate::domain::forms::{Form4, Form6};
use crate::models::applications::{Application, Form};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::organisations::{NewOrganisation, Organisation};
use crate::models::{Role, User};
use crate::services::accounts::{AccountRequest, StopOutcome, create_account, stop_account};
use crate::services::registrations;

/// The effect of approving, inside the approval's transaction.
pub(super) fn apply_effect(
    conn: &mut DbConnection,
    app: &Application,
    actor: &Actor,
    rule: &DueRule<'_>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    fn payload<T: serde::de::DeserializeOwned>(app: &Application) -> Result<T, StepError> {
        serde_json::from_str(&app.payload)
            .map_err(|_| StepError::Refused(Refusal::Invalid("applications.error.payload")))
    }
    match app.form() {
        Some(Form::Form4) => approve_form4(conn, app, &payload(app)?, actor, now),
        Some(Form::Form5) => registrations::approve_form5(conn, &payload(app)?, actor, now),
        Some(Form::Form6) => approve_form6(conn, &payload(app)?, actor, rule.settings, now),
        Some(Form::Form7) => registrations::approve_form7(conn, app, &payload(app)?, actor, now),
        Some(Form::Form8) => {
            registrations::approve_form8(conn, app, &payload(app)?, actor, rule.settings, now)
        }
        Some(Form::Form9) => {
            let purge_after = registrations::purge_date(today, rule.retention_years);
            registrations::approve_form9(
                conn,
                app,
                &payload(app)?,
                purge_after,
                actor,
                rule.settings,
                now,
            )
        }
        Some(Form::RoomOpen) => {
            registrations::approve_room_open(conn, app, &payload(app)?, actor, rule.settings, now)
        }
        Some(Form::RoomMembership) => registrations::approve_room_membership(
            conn,
            app,
            &payload(app)?,
            actor,
            rule.settings,
            now,
        ),
        Some(Form::RoomClose) => {
            registrations::approve_room_close(conn, app, &payload(app)?, actor, rule.settings, now)
        }
        None => Err(StepError::Refused(Refusal::Invalid(
            "applications.error.payload",
        ))),
    }
}

/// Form 4: the organisation is registered if new; one pending account per applicant. Each
/// account's 認証コード is issued when its アカウント発行通知 is printed.
fn approve_form4(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form4,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let o = &form.organisation;
    let org_id = Organisation::ensure(
        conn,
        &NewOrganisation {
            name: &o.name,
            kana: &o.kana,
            kind: &o.kind,
            postcode: &o.postcode,
            address: &o.address,
            phone: &o.phone,
            created_at: now,
        },
    )?;
    for (i, a) in form.applicants.iter().enumerate() {
        let login_id = new_login_id(conn)?;
        let user_id = create_account(
            conn,
            &AccountRequest {
                login_id: &login_id,
                display_name: &a.name,
                kana: &a.kana,
                organisation_id: org_id,
                profession: &a.profession,
                role: Role::Professional,
                is_org_manager: false,
                email: &a.email,
            },
            actor,
            now,
        )?;
        crate::models::letters::Letter::queue(conn, app.id, user_id, i as i32 + 1, now)?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "letters.queue", "success").target("user", user_id),
            now,
        )?;
    }
    Ok(())
}

/// A login ID nobody has: "u" and seven digits.
fn new_login_id(conn: &mut DbConnection) -> Result<String, diesel::result::Error> {
    use rand::Rng;
    loop {
        let candidate = format!("u{:07}", rand::rngs::OsRng.gen_range(0..10_000_000u32));
        if User::find_by_login(conn, &candidate)?.is_none() {
            return Ok(candidate);
        }
    }
}

/// Form 6: the named accounts of that organisation stop at once. An account of another
/// organisation is never touched (accounts are not moved between organisations).
fn approve_form6(
    conn: &mut DbConnection,
    form: &Form6,
    actor: &Actor,
    notify: Option<&crate::config::Settings>,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let org = Organisation::find_by_name(conn, &form.organisation_name)?.ok_or(
        StepError::Refused(Refusal::Invalid("applications.error.unknown_organisation")),
    )?;
    for row in &form.accounts {
        let user = User::find_by_login(conn, &row.login_id)?
            .filter(|u| u.organisation_id == org.id)
            .ok_or_else(|| StepError::Refused(Refusal::UnknownAccount(row.login_id.clone())))?;
        let reason = format!("様式第6号 {}", form.reason);
        match stop_account(conn, user.id, &reason, actor, notify, now)? {
            StopOutcome::Stopped { .. } | StopOutcome::AlreadyStopped => {}
            StopOutcome::NotFound => {
                return Err(StepError::Refused(Refusal::UnknownAccount(
                    row.login_id.clone(),
                )));
            }
        }
    }
    Ok(())
}
