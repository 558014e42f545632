//! お知らせ・一斉周知 (seed 000 §8 研修会・周知の部屋; 004 市と全施設の連絡部屋): an office (the
//! S管理者, a 管理者) publishes a notice to all users, to organisations of chosen kinds or to
//! chosen professions, with an attachment and an answer asked (確認 / 参加・欠席). Publishing
//! fixes the recipients, queues one mail each (the office and a link, nothing of the text) and
//! is audited, in one transaction; a double submit publishes once. Answering is audited too.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::domain::forms::{Check, Raw};
use crate::models::applications::Office;
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::files::StoredFile;
use crate::models::notices::{AUDIENCES, NewNotice, Notice, RESPONSES, answers};
use crate::models::outbox::Outbox;
use crate::services::files::Attachment;
use crate::services::mails::{NoticeReader, notice_published};

/// A notice as its form was filled in.
#[derive(Debug, Clone)]
pub struct NoticeForm {
    pub title: String,
    pub body: String,
    pub audience: String,
    pub codes: Vec<String>,
    pub response: String,
    pub key: String,
}

/// Reads the publishing form: a title and a text, who it goes to (all; organisations of the
/// ticked kinds; the ticked professions — at least one ticked), and the answer asked.
pub fn read_notice(raw: &Raw, check: &mut Check) -> Option<NoticeForm> {
    let title = check.text(raw, "title", true, 100);
    let body = check.text_multiline(raw, "body", true, 5000);
    let audience = check.choice(raw, "audience", AUDIENCES);
    let response = check.choice(raw, "response", RESPONSES);
    let key = check.form_key(raw, "title");
    let (field, known): (&str, &[&str]) = match audience.as_str() {
        "kinds" => ("kind", crate::models::organisations::KINDS),
        "professions" => ("profession", crate::models::users::PROFESSIONS),
        _ => ("", &[]),
    };
    let mut codes: Vec<String> = raw
        .0
        .iter()
        .filter(|(k, _)| !field.is_empty() && k == field)
        .map(|(_, v)| v.trim().to_string())
        .collect();
    codes.sort();
    codes.dedup();
    if !field.is_empty() {
        if codes.is_empty() {
            check.problem(field, "notices.error.choose_audience", "");
        } else if codes.iter().any(|c| !known.contains(&c.as_str())) {
            check.problem(field, "form.error.choice", "");
        }
    }
    check.problems.is_empty().then_some(NoticeForm {
        title,
        body,
        audience,
        codes,
        response,
        key,
    })
}

#[derive(Debug)]
pub enum PublishError {
    /// Nobody is in the chosen audience.
    NoRecipients,
    Db(diesel::result::Error),
}

impl From<diesel::result::Error> for PublishError {
    fn from(e: diesel::result::Error) -> Self {
        PublishError::Db(e)
    }
}

/// Publishes a notice of `office`: its attachment stored, its recipients fixed, a mail queued
/// for each with an address, audited as `notices.publish`. Returns the notice and how many it
/// went to. The same form key again answers with the notice already published.
#[allow(clippy::too_many_arguments)]
pub fn publish(
    conn: &mut DbConnection,
    settings: &Settings,
    office: Office,
    publisher: i64,
    form: &NoticeForm,
    file: Option<&Attachment>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(i64, usize), PublishError> {
    write_tx(conn, |conn| {
        if let Some(done) = Notice::by_key(conn, &form.key)? {
            return Ok((done.id, 0));
        }
        let recipients = Notice::audience_of(conn, &form.audience, &form.codes)?;
        if recipients.is_empty() {
            return Err(PublishError::NoRecipients);
        }
        let file_id = match file {
            Some(f) => Some(StoredFile::insert(
                conn,
                &f.file_name,
                f.content_type,
                &f.data,
                Some(publisher),
                now,
            )?),
            None => None,
        };
        let new = NewNotice {
            office: office.as_str(),
            title: &form.title,
            body: &form.body,
            audience: &form.audience,
            codes: &form.codes,
            response: &form.response,
            file_id,
            published_by: publisher,
            idempotency_key: &form.key,
        };
        let id = Notice::publish(conn, &new, &recipients, now)?;
        for chunk in recipients.chunks(5_000) {
            use crate::schema::users;
            let readers: Vec<(i64, String, Option<String>)> = users::table
                .filter(users::id.eq_any(chunk))
                .select((users::id, users::email, users::locale))
                .load(conn)?;
            for (user_id, email, locale) in readers.iter().filter(|(_, e, _)| !e.is_empty()) {
                let to = NoticeReader {
                    user_id: *user_id,
                    email,
                    lang: locale.as_deref().unwrap_or("ja"),
                };
                Outbox::push(conn, &notice_published(settings, id, office, &to), now)?;
            }
        }
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "notices.publish", "success")
                .target("notice", id)
                .detail(format!("{} recipients", recipients.len())),
            now,
        )?;
        Ok((id, recipients.len()))
    })
}

/// Records a recipient's answer to a notice that asks one (`confirmed`; `attend`/`absent`);
/// returns false when the answer is not one the notice asks for, or the user is not a
/// recipient. Audited as `notices.answer`.
pub fn answer(
    conn: &mut DbConnection,
    notice: &Notice,
    user: i64,
    answer: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> diesel::QueryResult<bool> {
    if !answers(&notice.response).contains(&answer) {
        return Ok(false);
    }
    write_tx(conn, |conn| {
        if !Notice::answer(conn, notice.id, user, answer, now)? {
            return Ok(false);
        }
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "notices.answer", "success")
                .target("notice", notice.id)
                .detail(answer.to_string()),
            now,
        )?;
        Ok(true)
    })
}
