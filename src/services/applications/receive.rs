//! Receiving an application: a form as it arrives (`Submission`), filed in its office's queue
//! with a receipt number, a due date, its files, a history row and an audit row; a 電子申請 is
//! also counted against its address and, when it gives a contact address, answered with a
//! receipt mail.

use chrono::{NaiveDate, NaiveDateTime};

use super::{DueRule, contact_address};
use crate::db::{DbConnection, write_tx};
use crate::models::applications::{
    Application, Channel, Form, NewApplication, NewEvent, Office, Status,
};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};

/// A form as it arrives: what it is, how and when it came, and its validated fields as JSON.
pub struct Submission<'a> {
    pub form: Form,
    /// Whose queue it goes to (`Form::office_in`: the S管理者 for forms 4–6 and the rooms, a
    /// 管理者 office for 7–9).
    pub office: Office,
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
        office,
        channel,
        received_on,
        organisation_name,
        summary,
        payload,
        pair_key,
        files,
    } = *sub;
    write_tx(conn, |conn| {
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
