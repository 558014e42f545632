//! Printing アカウント発行通知: a clerk opens a print batch of queued letters; the worker issues
//! each account's 認証コード (stored hashed, the plain code only in the PDF) and renders the batch;
//! the clerk prints it and marks it mailed, which deletes the PDF and completes the applications
//! whose letters are all posted.

use chrono::{NaiveDateTime, TimeDelta};

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::domain::dates::to_wareki;
use crate::domain::forms::Form4;
use crate::models::applications::{Application, DueClock, NewEvent, Status};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, new_activation_code};
use crate::models::letters::Letter;
use crate::models::outbox::Outbox;
use crate::models::{Organisation, User};
use renkei_jobs::letters::{LetterData, Sender};
use renkei_jobs::{Job, JobEnvelope, LetterBatch};

/// The sender block of the letters: the city's office, from configuration.
pub fn sender(settings: &Settings) -> Sender {
    let m = &settings.municipality;
    Sender {
        system_title: m.system_title.clone(),
        office_name: m.city_office.name.clone(),
        postcode: m.city_office.postcode.clone(),
        address: m.city_office.address.clone(),
        phone: m.city_office.phone.clone(),
        login_url: crate::services::mails::link(settings, renkei_views::paths::ACTIVATE),
    }
}

/// Opens a print batch and queues its rendering, in one transaction. Returns the batch id and
/// how many letters it holds (0: nothing selected was still waiting).
pub fn open_batch(
    conn: &mut DbConnection,
    ids: &[i64],
    settings: &Settings,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(i64, usize), diesel::result::Error> {
    write_tx(conn, |conn| {
        let (batch_id, taken) = Letter::open_batch(conn, ids, actor.user_id, now)?;
        let jst = crate::domain::jst::from_utc(now);
        let expires = jst + TimeDelta::days(settings.accounts.activation_code_valid_days);
        let mut letters = Vec::with_capacity(taken.len());
        for l in &taken {
            let user = User::find(conn, l.user_id)?.ok_or(diesel::result::Error::NotFound)?;
            let org = Organisation::find(conn, user.organisation_id)?
                .ok_or(diesel::result::Error::NotFound)?;
            // The address the applicant asked for on form 4, else the organisation's.
            let (postcode, address) = l
                .application_id
                .and_then(|id| Application::find_any(conn, id).ok().flatten())
                .and_then(|a| serde_json::from_str::<Form4>(&a.payload).ok())
                .map(|f| (f.notice_postcode, f.notice_address))
                .unwrap_or((org.postcode.clone(), org.address.clone()));
            letters.push((
                l.id,
                l.user_id,
                LetterData {
                    notice_number: l.notice_number.clone(),
                    issued_on: jst.date(),
                    issued_on_wareki: to_wareki(jst.date()),
                    postcode,
                    address,
                    organisation: org.name.clone(),
                    recipient: user.display_name.clone(),
                    login_id: user.login_id.clone(),
                    activation_code: String::new(),
                    code_expires_wareki: to_wareki(expires.date()),
                },
            ));
        }
        Outbox::push(
            conn,
            &JobEnvelope {
                key: format!("letters:batch:{batch_id}"),
                job: Job::LetterBatch(LetterBatch {
                    batch_id,
                    sender: sender(settings),
                    letters,
                    code_valid_days: settings.accounts.activation_code_valid_days,
                }),
            },
            now,
        )?;
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "letters.batch.open", "success")
                .target("letter_batch", batch_id)
                .detail(format!("letters={}", taken.len())),
            now,
        )?;
        Ok((batch_id, taken.len()))
    })
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{0}")]
    Db(#[from] diesel::result::Error),
    #[error("{0}")]
    Letter(#[from] renkei_jobs::letters::LetterError),
}

/// The worker's part: issue the codes and render, committing the code hashes and the PDF
/// together. A batch already rendered (a retried job) is left alone.
pub fn render_batch(
    conn: &mut DbConnection,
    job: &LetterBatch,
    now: NaiveDateTime,
) -> Result<bool, RenderError> {
    write_tx(conn, |conn| -> Result<bool, RenderError> {
        match Letter::batch(conn, job.batch_id)? {
            Some(b) if b.status == "rendering" => {}
            _ => return Ok(false),
        }
        let expires = now + TimeDelta::days(job.code_valid_days);
        let mut letters = Vec::with_capacity(job.letters.len());
        for (_, user_id, data) in &job.letters {
            let code = new_activation_code();
            // A new code replaces any earlier one: a reprint makes the old paper useless.
            ActivationCode::issue(conn, *user_id, &code, now, expires)?;
            let mut data = data.clone();
            data.activation_code = code;
            letters.push(data);
        }
        let pdf = renkei_jobs::letters::render_batch(&job.sender, &letters)?;
        Ok(Letter::store_batch(conn, job.batch_id, &pdf, now)?)
    })
}

/// The clerk posted the batch.
pub fn mark_mailed(
    conn: &mut DbConnection,
    batch_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<bool, diesel::result::Error> {
    write_tx(conn, |conn| {
        let Some(apps) = Letter::mark_mailed(conn, batch_id, now)? else {
            return Ok(false);
        };
        for app_id in apps {
            if !Letter::all_mailed(conn, app_id)? {
                continue;
            }
            let Some(app) = Application::find_any(conn, app_id)? else {
                continue;
            };
            let clock = DueClock {
                due_on: app.due_on,
                open_days_used: app.open_days_used,
                paused_on: app.paused_on,
            };
            if Application::transition(
                conn,
                app_id,
                Status::Approved,
                Status::Completed,
                &clock,
                now,
            )? {
                Application::record_event(
                    conn,
                    &NewEvent {
                        application_id: app_id,
                        at: now,
                        actor_user_id: actor.user_id,
                        actor_name: &actor.login,
                        action: "complete",
                        from_status: Status::Approved.as_str(),
                        to_status: Status::Completed.as_str(),
                        reason: "アカウント発行通知を郵送",
                    },
                )?;
            }
        }
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "letters.batch.mailed", "success")
                .target("letter_batch", batch_id),
            now,
        )?;
        Ok(true)
    })
}
