//! Background work that needs no database: each job carries everything it needs in its payload,
//! so it can be retried blindly and tested alone. The app's worker wraps these with the
//! database side (idempotency records, outbox relay). The blank forms of the help pages (`blank`)
//! are drawn here too, with the letters' face and layout.

// User text is never cut by byte index: a slice inside a character panics the request.
#![deny(clippy::string_slice)]

pub mod blank;
pub mod ics;
pub mod images;
pub mod letters;
pub mod mail;
pub mod tiff;

use serde::{Deserialize, Serialize};

pub use mail::{MailError, MailMessage, Mailer};

/// A job as it travels through the outbox and the queue. `key` is the idempotency key: the same
/// key is queued once and acted on once.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JobEnvelope {
    pub key: String,
    pub job: Job,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// A notification mail. It never carries patient or medical data (domain.md §5).
    Mail(MailMessage),
    /// A print run of アカウント発行通知: the worker issues each letter's 認証コード and
    /// renders the batch into one PDF.
    LetterBatch(LetterBatch),
    /// A small thumbnail of an uploaded photo, for low-end phones.
    Thumbnail(Thumbnail),
}

/// Which stored file to make a thumbnail of.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Thumbnail {
    pub file_id: i64,
}

/// What a letter batch job carries: everything but the codes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LetterBatch {
    pub batch_id: i64,
    pub sender: letters::Sender,
    /// (letter id, account id, the letter without its code)
    pub letters: Vec<(i64, i64, letters::LetterData)>,
    pub code_valid_days: i64,
}

impl Job {
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Mail(_) => "mail",
            Job::LetterBatch(_) => "letter_batch",
            Job::Thumbnail(_) => "thumbnail",
        }
    }
}
