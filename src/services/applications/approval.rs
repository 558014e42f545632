//! What approving an application does, inside the approval's transaction: the form's payload
//! read back and its effect applied — form 4 registers the organisation if new and opens one
//! pending account per applicant (its letter queued), form 6 stops the named accounts (on their 最終利用日); forms 5,
//! 7, 8, 9 and the room forms go to `services::registrations`.

use chrono::{NaiveDate, NaiveDateTime};

use super::{DueRule, Refusal, StepError};
use crate::db::DbConnection;
use crate::domain::forms::{Form4, Form6};
use crate::models::applications::{Application, Form};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::organisations::{Contacts, NewOrganisation, Organisation};
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
        Some(Form::Form6) => {
            approve_form6(conn, app, &payload(app)?, actor, rule.settings, today, now)
        }
        Some(Form::Form7) => registrations::approve_form7(conn, app, &payload(app)?, actor, now),
        Some(Form::Form8) => {
            registrations::approve_form8(conn, app, &payload(app)?, actor, rule.settings, now)
        }
        Some(Form::Form9) => registrations::approve_form9(
            conn,
            app,
            &payload(app)?,
            rule.retention_years,
            actor,
            rule.settings,
            (today, now),
        ),
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

/// Withdrawing an approved form, inside the step's transaction: only the dated effects of forms
/// 6 and 9 can still be cancelled, and only before their day.
pub(super) fn withdraw_effect(
    conn: &mut DbConnection,
    app: &Application,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let too_late = || StepError::Refused(Refusal::Invalid("applications.error.withdraw_too_late"));
    if !app.effect_pending(conn)? {
        return Err(too_late());
    }
    match app.form() {
        Some(Form::Form6) => {
            let scheduled = User::scheduled_by(conn, app.id)?;
            User::cancel_stops(conn, app.id)?;
            for u in &scheduled {
                AuditRecord::append(
                    conn,
                    AuditEntry::new(actor, "account.stop.cancel", "success").target("user", u.id),
                    now,
                )?;
            }
            Ok(())
        }
        Some(Form::Form9) => {
            let form = serde_json::from_str(&app.payload)
                .map_err(|_| StepError::Refused(Refusal::Invalid("applications.error.payload")))?;
            registrations::withdraw_form9(conn, app, &form, actor, now)
        }
        _ => Err(too_late()),
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
    let is_new = Organisation::find_by_name(conn, &o.name)?.is_none();
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
    // A new organisation records its FAX, 代表者 and システム管理担当者 (an existing one changes
    // them by form 5, never by another form 4).
    if is_new {
        Organisation::set_contacts(
            conn,
            org_id,
            &Contacts {
                fax: &o.fax,
                representative: &o.representative,
                manager_name: &form.manager_name,
                manager_title: &form.manager_title,
                manager_phone: &form.manager_phone,
                manager_email: &form.manager_email,
                application_id: Some(app.id),
            },
        )?;
    }
    for (i, a) in form.applicants.iter().enumerate() {
        let login_id = new_login_id(conn)?;
        // The applicant who is also the システム管理担当者 manages the organisation's accounts
        // (and may send 様式第5号 and 第6号 in-system).
        let manages = is_new && registrations::same_name(&a.name, &form.manager_name);
        let user_id = create_account(
            conn,
            &AccountRequest {
                login_id: &login_id,
                display_name: &a.name,
                kana: &a.kana,
                organisation_id: org_id,
                profession: &a.profession,
                role: Role::Professional,
                is_org_manager: manages,
                email: &a.email,
                office: "",
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

/// Form 6: the named accounts of that organisation stop at the end of their 最終利用日 — at once
/// when that day is today or past, otherwise the worker stops them when the day has passed
/// (停止予定 until then). An account of another organisation is never touched (accounts are not
/// moved between organisations).
fn approve_form6(
    conn: &mut DbConnection,
    app: &Application,
    form: &Form6,
    actor: &Actor,
    notify: Option<&crate::config::Settings>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let org = Organisation::find_by_name(conn, &form.organisation_name)?.ok_or(
        StepError::Refused(Refusal::Invalid("applications.error.unknown_organisation")),
    )?;
    for row in &form.accounts {
        let user = User::find_by_login(conn, &row.login_id)?
            .filter(|u| u.organisation_id == org.id)
            .ok_or_else(|| StepError::Refused(Refusal::UnknownAccount(row.login_id.clone())))?;
        if form.last_day > today {
            if User::schedule_stop(conn, user.id, form.last_day, app.id)? {
                AuditRecord::append(
                    conn,
                    AuditEntry::new(actor, "account.stop.schedule", "success")
                        .target("user", user.id)
                        .detail(format!("last day {}", form.last_day)),
                    now,
                )?;
            }
            continue;
        }
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
