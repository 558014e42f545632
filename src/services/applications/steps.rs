//! The steps of an application (review, correction, approval, rejection, return, completion):
//! which status each may start from and leads to, taking one with the due-date clock, the
//! history row and the audit row in one transaction, and telling the submitter.

use chrono::{NaiveDate, NaiveDateTime};

use super::{DueRule, Refusal, StepError, apply_effect, contact_address, withdraw_effect};
use crate::db::{DbConnection, write_tx};
use crate::models::User;
use crate::models::applications::{Application, DueClock, NewEvent, Office, Status};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};

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
    Withdraw,
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
            Step::Withdraw => "withdraw",
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
            Step::Withdraw => (
                &[Received, InReview, CorrectionRequested, Approved],
                Withdrawn,
            ),
        }
    }

    /// Steps that must give a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Step::RequestCorrection | Step::Reject | Step::ReturnMisrouted | Step::Withdraw
        )
    }

    /// The steps a clerk may take on an application in `status`. Once approved it may be
    /// withdrawn only while `effect_pending` (`Application::effect_pending`: a dated form 6 or 9
    /// whose day is still to come); the withdrawal itself checks that again.
    pub fn available(status: Status, effect_pending: bool) -> Vec<Step> {
        [
            Step::StartReview,
            Step::RequestCorrection,
            Step::CorrectionReceived,
            Step::Approve,
            Step::Reject,
            Step::ReturnMisrouted,
            Step::Complete,
            Step::Withdraw,
        ]
        .into_iter()
        .filter(|s| s.moves().0.contains(&status))
        .filter(|s| *s != Step::Withdraw || status != Status::Approved || effect_pending)
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
        if step == Step::Withdraw && from == Status::Approved {
            withdraw_effect(conn, &app, actor, now)?;
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
    } else {
        // An outside submitter (paper or the public 電子申請) is told by mail at the address
        // the form gave: never the reason or a name, only the number, the outcome and whom to
        // call.
        let outcome_code = to.as_str();
        let to = contact_address(&app.payload);
        let m = &settings.municipality;
        let mail = match step {
            _ if to.is_empty() => None,
            Step::RequestCorrection => {
                Some(crate::services::mails::correction_needed(app, &to, m, now))
            }
            Step::Approve | Step::Reject | Step::ReturnMisrouted | Step::Withdraw => Some(
                crate::services::mails::outcome(app, outcome_code, &to, m, now),
            ),
            _ => None,
        };
        if let Some(mail) = mail {
            crate::models::outbox::Outbox::push(conn, &mail, now)?;
        }
    }
    Ok(())
}
