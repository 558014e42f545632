//! Sending 利用者間メール, and submitting a form by it: the message, its files, its audit row and
//! the notification mail to the addressee (which says only that a message arrived) commit
//! together. A form sent this way is filed as an application in the right office's queue, with
//! the subject written by the guide's rule.

use chrono::NaiveDateTime;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::applications::{Channel, Form, Office};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::files::StoredFile;
use crate::models::messages::{Message, Recipient};
use crate::models::outbox::Outbox;
use crate::models::{Organisation, User};
use crate::services::applications::{DueRule, Submission, receive};
use crate::services::files::Attachment;

/// A message to send.
pub struct Outgoing<'a> {
    pub to: Recipient,
    pub subject: &'a str,
    pub body: &'a str,
    pub files: &'a [Attachment],
    pub application_id: Option<i64>,
    pub reply_to: Option<i64>,
}

/// Sends a message; returns its id.
pub fn send(
    conn: &mut DbConnection,
    settings: &Settings,
    sender: &User,
    out: &Outgoing<'_>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, diesel::result::Error> {
    write_tx(conn, |conn| {
        let id = Message::send(
            conn,
            sender.id,
            out.to,
            out.subject,
            out.body,
            out.application_id,
            out.reply_to,
            now,
        )?;
        let mut file_ids = Vec::new();
        for f in out.files {
            let file_id = StoredFile::insert(
                conn,
                &f.file_name,
                f.content_type,
                &f.data,
                Some(sender.id),
                now,
            )?;
            StoredFile::attach_to_message(conn, id, file_id)?;
            file_ids.push(file_id);
        }
        if let Some(app) = out.application_id {
            for file_id in &file_ids {
                StoredFile::attach_to_application(conn, app, *file_id)?;
            }
        }
        if let Recipient::User(uid) = out.to
            && let Some(to) = User::find(conn, uid)?
            && !to.email.is_empty()
        {
            Outbox::push(
                conn,
                &crate::services::mails::message_arrived(settings, &to, id),
                now,
            )?;
        }
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "message.send", "success")
                .target("message", id)
                .detail(match out.to {
                    Recipient::User(u) => format!("to user {u}"),
                    Recipient::Office(o) => format!("to office {}", o.as_str()),
                }),
            now,
        )?;
        Ok(id)
    })
}

/// The subject the guide prescribes for a form sent by in-system mail (guide §4), followed by
/// the sender's organisation. Always in Japanese: it is what the office files by.
pub fn form_subject(forms: &[Form], organisation: &str) -> String {
    let key = match forms {
        [Form::Form7, Form::Form8] | [Form::Form8, Form::Form7] => "form7_8",
        [Form::Form5] => "form5",
        [Form::Form7] => "form7",
        [Form::Form8] => "form8",
        [Form::Form9] => "form9",
        [Form::RoomClose] => "room_close",
        _ => "other",
    };
    let tag = rust_i18n::t!(format!("submit.subject.{key}"), locale = "ja");
    format!("{tag}{organisation}")
}

/// One form as filed from a user's submission.
pub struct FiledForm {
    pub form: Form,
    pub organisation: String,
    pub summary: String,
    pub payload: String,
    pub pair_key: Option<String>,
}

/// A user's forms sent online, with their note and attachments.
pub struct SentForms<'a> {
    pub sender: &'a User,
    pub forms: &'a [FiledForm],
    pub note: &'a str,
    pub files: &'a [Attachment],
    /// The 管理者 office forms 7–9 go to (the one the sender chose); the others go to the
    /// S管理者 whatever this is.
    pub association: Office,
}

/// Sends a user's forms: by in-system mail to the office ([`submit_forms`]) when the channel is
/// 利用者間メール, otherwise each straight into the office's queue, received today.
#[allow(clippy::too_many_arguments)]
pub fn send_forms(
    conn: &mut DbConnection,
    settings: &Settings,
    rule: &DueRule<'_>,
    sent: &SentForms<'_>,
    channel: Channel,
    actor: &Actor,
    today: chrono::NaiveDate,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    if channel == Channel::SystemMail {
        submit_forms(conn, settings, rule, sent, actor, (today, now))?;
        return Ok(());
    }
    write_tx(conn, |conn| {
        for f in sent.forms {
            let sub = Submission {
                form: f.form,
                office: f.form.office_in(sent.association),
                channel,
                received_on: today,
                organisation_name: &f.organisation,
                summary: &f.summary,
                payload: &f.payload,
                pair_key: None,
                files: sent.files,
            };
            receive(conn, &sub, actor, rule, now)?;
        }
        Ok(())
    })
}

/// Files the forms as applications (channel 利用者間メール, received today) and sends the one
/// message that carries them to the office, with the files attached to both. Returns the
/// message id and the receipt numbers.
pub fn submit_forms(
    conn: &mut DbConnection,
    settings: &Settings,
    rule: &DueRule<'_>,
    sent: &SentForms<'_>,
    actor: &Actor,
    (today, now): (chrono::NaiveDate, NaiveDateTime),
) -> Result<(i64, Vec<String>), diesel::result::Error> {
    let SentForms {
        sender,
        forms,
        note,
        files,
        association,
    } = *sent;
    write_tx(conn, |conn| {
        let office: Office = forms
            .first()
            .map(|f| f.form.office_in(association))
            .unwrap_or(Office::City);
        let mut ids = Vec::new();
        let mut receipts = Vec::new();
        for f in forms {
            let sub = Submission {
                form: f.form,
                office,
                channel: Channel::SystemMail,
                received_on: today,
                organisation_name: &f.organisation,
                summary: &f.summary,
                payload: &f.payload,
                pair_key: f.pair_key.as_deref(),
                files: &[],
            };
            let (id, receipt) = receive(conn, &sub, actor, rule, now)?;
            ids.push(id);
            receipts.push(receipt);
        }
        let org = Organisation::find(conn, sender.organisation_id)?
            .map(|o| o.name)
            .unwrap_or_default();
        let kinds: Vec<Form> = forms.iter().map(|f| f.form).collect();
        let subject = form_subject(&kinds, &org);
        let body = if note.is_empty() {
            receipts.join("\n")
        } else {
            format!("{}\n\n{note}", receipts.join("\n"))
        };
        let message_id = send(
            conn,
            settings,
            sender,
            &Outgoing {
                to: Recipient::Office(office),
                subject: &subject,
                body: &body,
                files,
                application_id: ids.first().copied(),
                reply_to: None,
            },
            actor,
            now,
        )?;
        // The second form of a 7 + 8 pair carries the same files.
        for app in ids.iter().skip(1) {
            for f in StoredFile::of_message(conn, message_id)? {
                StoredFile::attach_to_application(conn, *app, f.id)?;
            }
        }
        Ok((message_id, receipts))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_follow_the_guide() {
        assert_eq!(
            form_subject(&[Form::Form5], "市川訪問看護ステーション"),
            "【登録情報変更】市川訪問看護ステーション"
        );
        assert_eq!(
            form_subject(&[Form::Form7, Form::Form8], "田中内科"),
            "【同意書および担当者届出】田中内科"
        );
        assert_eq!(form_subject(&[Form::Form9], "x"), "【利用中止】x");
    }
}
