//! What happens to an application: it is received (keyed from paper, submitted online or by
//! in-system mail), reviewed, sent back for correction (the due-date clock stops), approved
//! (its effect applied in the same transaction, with audit rows), rejected, returned to the
//! right office, completed. Every step is a row in its history. A step that no longer fits the
//! application's status (approving twice, approving a rejected one) changes nothing.

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{DbConnection, write_tx};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::forms::{Form4, Form6};
use crate::models::applications::{
    Application, Channel, DueClock, Form, NewApplication, NewEvent, Office, Status,
};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::organisations::{NewOrganisation, Organisation};
use crate::models::{Role, User};
use crate::services::accounts::{AccountRequest, StopOutcome, create_account, stop_account};

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

/// A form as it arrives: what it is, how and when it came, and its validated fields as JSON.
pub struct Submission<'a> {
    pub form: Form,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub organisation_name: &'a str,
    pub summary: &'a str,
    pub payload: &'a str,
    /// Forms 7 and 8 of the same registrant share this key (shown as a pair).
    pub pair_key: Option<&'a str>,
    /// The scanned paper or the files sent with it.
    pub files: &'a [crate::services::files::Attachment],
}

/// A 電子申請 received: the application in the queue, the submission counted against its
/// address, and — when the form gives a contact address — the receipt mail with its audit row,
/// in one transaction. Gives the receipt number.
#[allow(clippy::too_many_arguments)]
pub fn receive_online(
    conn: &mut DbConnection,
    sub: &Submission<'_>,
    settings: &crate::config::Settings,
    lang: &str,
    actor: &Actor,
    rule: &DueRule<'_>,
    now: NaiveDateTime,
) -> Result<String, diesel::result::Error> {
    write_tx(conn, |conn| {
        let (id, receipt) = receive(conn, sub, actor, rule, now)?;
        crate::models::applications::record_online_submission(conn, &actor.ip, now)?;
        let to = contact_address(sub.payload);
        if !to.is_empty() {
            let mail = crate::services::mails::receipt(settings, lang, sub.form, &receipt, &to);
            crate::models::outbox::Outbox::push(conn, &mail, now)?;
            AuditRecord::append(
                conn,
                AuditEntry::new(actor, "application.receipt_mail", "success")
                    .target("application", id),
                now,
            )?;
        }
        Ok(receipt)
    })
}

/// Files a new application in its office's queue; returns its id and receipt number.
pub fn receive(
    conn: &mut DbConnection,
    sub: &Submission<'_>,
    actor: &Actor,
    rule: &DueRule<'_>,
    now: NaiveDateTime,
) -> Result<(i64, String), diesel::result::Error> {
    let Submission {
        form,
        channel,
        received_on,
        organisation_name,
        summary,
        payload,
        pair_key,
        files,
    } = *sub;
    write_tx(conn, |conn| {
        let office = form.office();
        let receipt = Application::next_receipt_number(conn, office, received_on)?;
        let due = rule.calendar.add_open_days(received_on, rule.open_days);
        let id = Application::insert(
            conn,
            &NewApplication {
                receipt_number: &receipt,
                form: form.as_str(),
                office: office.as_str(),
                channel: channel.as_str(),
                status: Status::Received.as_str(),
                received_on,
                due_on: Some(due),
                open_days_used: 0,
                organisation_name,
                summary,
                payload,
                created_by: actor.user_id,
                created_at: now,
                updated_at: now,
                pair_key,
            },
        )?;
        for f in files {
            let file_id = crate::models::files::StoredFile::insert(
                conn,
                &f.file_name,
                f.content_type,
                &f.data,
                actor.user_id,
                now,
            )?;
            crate::models::files::StoredFile::attach_to_application(conn, id, file_id)?;
        }
        Application::record_event(
            conn,
            &NewEvent {
                application_id: id,
                at: now,
                actor_user_id: actor.user_id,
                actor_name: &actor.login,
                action: "receive",
                from_status: "",
                to_status: Status::Received.as_str(),
                reason: channel.as_str(),
            },
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "application.receive", "success")
                .target("application", id)
                .detail(format!("{} {}", form.as_str(), receipt)),
            now,
        )?;
        Ok((id, receipt))
    })
}

/// A step in the life of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    StartReview,
    RequestCorrection,
    CorrectionReceived,
    Approve,
    Reject,
    ReturnMisrouted,
    Complete,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::StartReview => "start_review",
            Step::RequestCorrection => "request_correction",
            Step::CorrectionReceived => "correction_received",
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::ReturnMisrouted => "return",
            Step::Complete => "complete",
        }
    }

    /// Where the step may start from, and where it leads.
    pub fn moves(self) -> (&'static [Status], Status) {
        use Status::*;
        match self {
            Step::StartReview => (&[Received], InReview),
            Step::RequestCorrection => (&[Received, InReview], CorrectionRequested),
            Step::CorrectionReceived => (&[CorrectionRequested], InReview),
            Step::Approve => (&[Received, InReview], Approved),
            Step::Reject => (&[Received, InReview, CorrectionRequested], Rejected),
            Step::ReturnMisrouted => (&[Received, InReview], Returned),
            Step::Complete => (&[Approved], Completed),
        }
    }

    /// Steps that must give a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Step::RequestCorrection | Step::Reject | Step::ReturnMisrouted
        )
    }

    /// The steps a clerk may take on an application in `status`.
    pub fn available(status: Status) -> Vec<Step> {
        [
            Step::StartReview,
            Step::RequestCorrection,
            Step::CorrectionReceived,
            Step::Approve,
            Step::Reject,
            Step::ReturnMisrouted,
            Step::Complete,
        ]
        .into_iter()
        .filter(|s| s.moves().0.contains(&status))
        .collect()
    }
}

/// A clerk's request to take a step on an application of their office.
pub struct StepRequest<'a> {
    pub id: i64,
    pub office: Office,
    pub step: Step,
    pub reason: &'a str,
}

/// Takes a step. The status change, its effect (on approval), the history row and the audit
/// row commit together or not at all. `today` is the office's date (Japan).
pub fn take_step(
    conn: &mut DbConnection,
    req: &StepRequest<'_>,
    actor: &Actor,
    rule: &DueRule<'_>,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Status, StepError> {
    let StepRequest {
        id,
        office,
        step,
        reason,
    } = *req;
    let result = write_tx(conn, |conn| -> Result<Status, StepError> {
        let app = Application::find_for(conn, id, office)?
            .ok_or(StepError::Refused(Refusal::WrongStatus))?;
        let from = app.status();
        let (allowed, to) = step.moves();
        if !allowed.contains(&from) {
            return Err(StepError::Refused(Refusal::WrongStatus));
        }
        // The due-date clock: stopped while the submitter corrects, resumed with what is left.
        let clock = match step {
            Step::RequestCorrection => {
                let used = app.open_days_used as u32
                    + rule
                        .calendar
                        .open_days_between(app.paused_on.unwrap_or(app.received_on), today)
                        .min(rule.open_days);
                DueClock {
                    due_on: None,
                    open_days_used: used.min(rule.open_days) as i32,
                    paused_on: Some(today),
                }
            }
            Step::CorrectionReceived => {
                let left = rule
                    .open_days
                    .saturating_sub(app.open_days_used as u32)
                    .max(1);
                DueClock {
                    due_on: Some(rule.calendar.add_open_days(today, left)),
                    open_days_used: app.open_days_used,
                    paused_on: Some(today),
                }
            }
            _ => DueClock {
                due_on: app.due_on,
                open_days_used: app.open_days_used,
                paused_on: app.paused_on,
            },
        };
        if step == Step::Approve {
            apply_effect(conn, &app, actor, rule, today, now)?;
        }
        if let Some(settings) = rule.settings {
            tell_submitter(conn, settings, &app, step, to, reason, actor, now)?;
        }
        if !Application::transition(conn, id, from, to, &clock, now)? {
            return Err(StepError::Refused(Refusal::WrongStatus));
        }
        Application::record_event(
            conn,
            &NewEvent {
                application_id: id,
                at: now,
                actor_user_id: actor.user_id,
                actor_name: &actor.login,
                action: step.as_str(),
                from_status: from.as_str(),
                to_status: to.as_str(),
                reason,
            },
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "application.step", "success")
                .target("application", id)
                .detail(format!(
                    "{} {} -> {}",
                    step.as_str(),
                    from.as_str(),
                    to.as_str()
                )),
            now,
        )?;
        Ok(to)
    });
    if let Err(StepError::Refused(r)) = &result {
        // The refusal itself is an administrator action worth a trace.
        let _ = AuditRecord::append(
            conn,
            AuditEntry::new(actor, "application.step", "refused")
                .target("application", id)
                .detail(format!("{} {:?}", step.as_str(), r)),
            now,
        );
    }
    result
}

/// Tells the submitter what became of their application. A user who sent it from inside the
/// system gets an in-system message with the reason (the system may carry personal data); an
/// outside submitter whose correction is wanted gets an ordinary mail without it.
#[allow(clippy::too_many_arguments)]
fn tell_submitter(
    conn: &mut DbConnection,
    settings: &crate::config::Settings,
    app: &Application,
    step: Step,
    to: Status,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    if matches!(step, Step::StartReview | Step::CorrectionReceived) {
        return Ok(());
    }
    let submitter = match app.created_by {
        Some(id) => User::find(conn, id)?.filter(|u| !u.is_clerk()),
        None => None,
    };
    if let (Some(user), Some(clerk)) = (submitter, actor.user_id) {
        let lang = user.language();
        let form: String =
            rust_i18n::t!(format!("applications.forms.{}", app.form), locale = lang).into();
        let status: String = rust_i18n::t!(
            format!("applications.statuses.{}", to.as_str()),
            locale = lang
        )
        .into();
        let subject: String = rust_i18n::t!(
            "applications.outcome.subject",
            locale = lang,
            status = status,
            receipt = app.receipt_number
        )
        .into();
        let mut body: String = rust_i18n::t!(
            "applications.outcome.body",
            locale = lang,
            receipt = app.receipt_number,
            form = form,
            status = status
        )
        .into();
        if !reason.is_empty() {
            body.push_str("\n\n");
            body.push_str(reason);
        }
        let Some(clerk_user) = User::find(conn, clerk)? else {
            return Ok(());
        };
        crate::services::messages::send(
            conn,
            settings,
            &clerk_user,
            &crate::services::messages::Outgoing {
                to: crate::models::messages::Recipient::User(user.id),
                subject: &subject,
                body: &body,
                files: &[],
                application_id: Some(app.id),
                reply_to: None,
            },
            actor,
            now,
        )?;
    } else if step == Step::RequestCorrection {
        let to = contact_address(&app.payload);
        if !to.is_empty() {
            crate::models::outbox::Outbox::push(
                conn,
                &crate::services::mails::correction_needed(app, &to, &settings.municipality, now),
                now,
            )?;
        }
    }
    Ok(())
}

/// The effect of approving, inside the approval's transaction.
fn apply_effect(
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
        Some(Form::Form5) => super::registrations::approve_form5(conn, &payload(app)?, actor, now),
        Some(Form::Form6) => approve_form6(conn, &payload(app)?, actor, rule.settings, now),
        Some(Form::Form7) => {
            super::registrations::approve_form7(conn, app, &payload(app)?, actor, now)
        }
        Some(Form::Form8) => super::registrations::approve_form8(
            conn,
            app,
            &payload(app)?,
            actor,
            rule.settings,
            now,
        ),
        Some(Form::Form9) => {
            let purge_after = super::registrations::purge_date(today, rule.retention_years);
            super::registrations::approve_form9(
                conn,
                app,
                &payload(app)?,
                purge_after,
                actor,
                rule.settings,
                now,
            )
        }
        Some(Form::RoomOpen) => super::registrations::approve_room_open(
            conn,
            app,
            &payload(app)?,
            actor,
            rule.settings,
            now,
        ),
        Some(Form::RoomMembership) => super::registrations::approve_room_membership(
            conn,
            app,
            &payload(app)?,
            actor,
            rule.settings,
            now,
        ),
        Some(Form::RoomClose) => super::registrations::approve_room_close(
            conn,
            app,
            &payload(app)?,
            actor,
            rule.settings,
            now,
        ),
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
