//! Every notification mail, built in one place: its outbox key (what makes a retried write send it
//! once), its subject and body from `locales/` in the reader's language, and its link on the
//! public address. Mails carry no patient data: a room is its neutral label (R-000123), a
//! message or a post is a link, an application is its receipt number.
//!
//! The services that write decide *whether* a mail goes (in their transaction, with the outbox
//! row); this module decides *what* it says. The event → `.ics` mapping is in `calendar`, once, for
//! the invitation mails and the download of an event alike (calendar programs match events by
//! their UID: two mappings that drift would duplicate an event).
//!
//! One file per audience: `accounts` (the account's own mails), `rooms` (posts, digests, what
//! happened to a room), `applications` (correction and receipt), `calendar` (events) and
//! `notices` (an お知らせ published); the
//! helpers every mail uses are here.

mod accounts;
mod applications;
mod calendar;
mod notices;
mod rooms;

use chrono::{NaiveDate, NaiveDateTime};
use renkei_jobs::ics::Invitation;
use renkei_jobs::{Job, JobEnvelope, MailMessage};
use renkei_views::paths;
use rust_i18n::t;

use crate::config::{Municipality, Settings};
use crate::models::User;
use crate::models::applications::{Application, Form, Office};
use crate::models::events::Event;
use crate::models::rooms::Room;
use crate::services::events::kind_label;
use crate::services::timeline::RoomEvent;

pub use accounts::{login_failures, message_arrived, password_changed};
pub use applications::{correction_needed, outcome, receipt};
pub use calendar::{Change, calendar_event, invitation};
pub use notices::{NoticeReader, notice_published};
pub use rooms::{PostNotice, digest, post_written, room_event};

/// A page of the service on its public address: `https://renkei.example/rooms/12`.
pub fn link(settings: &Settings, path: &str) -> String {
    format!("{}{path}", settings.http.public_url.trim_end_matches('/'))
}

fn mail(key: String, to: &str, subject: String, body: String) -> JobEnvelope {
    JobEnvelope {
        key,
        job: Job::Mail(MailMessage {
            calendar: None,
            to: to.to_string(),
            subject,
            body,
        }),
    }
}

fn micros(now: NaiveDateTime) -> i64 {
    now.and_utc().timestamp_micros()
}
