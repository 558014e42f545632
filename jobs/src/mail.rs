//! Notification mail through lettre: SMTP when configured, otherwise `.eml` files in a folder
//! (development and the embedded default), so nothing is lost when no mail server is set up.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct MailMessage {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// A meeting invitation, attached as an .ics file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<crate::ics::Invitation>,
}

// The address is personal data: keep it out of logs.
impl std::fmt::Debug for MailMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailMessage")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The message itself is unusable (bad address): retrying cannot help.
    #[error("invalid mail: {0}")]
    Invalid(String),
    /// The server or the disk failed: worth retrying.
    #[error("mail transport failed: {0}")]
    Transport(String),
}

impl MailError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Invalid(_))
    }
}

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// Sends [`MailMessage`]s. Cheap to clone; SMTP connections are pooled.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// The domain in Message-IDs, taken from the sender address.
    domain: String,
}

impl Mailer {
    /// `smtp_url` like `smtp://host:25`, `smtp://user:pass@host:587?tls=required` or
    /// `smtps://host:465`; `None` writes `.eml` files into `mail_dir`.
    pub fn new(smtp_url: Option<&str>, mail_dir: PathBuf, from: &str) -> Result<Mailer, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| MailError::Invalid(format!("sender address: {e}")))?;
        let domain = from.email.domain().to_string();
        let transport = match smtp_url {
            Some(url) => {
                let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Invalid(format!("mail.smtp_url: {e}")))?;
                let builder = if url.starts_with("smtp://") && !url.contains("tls=") {
                    // A plain smtp:// URL on loopback needs no TLS; elsewhere insist on STARTTLS.
                    let host = url
                        .trim_start_matches("smtp://")
                        .rsplit('@')
                        .next()
                        .unwrap_or("")
                        .split([':', '/', '?'])
                        .next()
                        .unwrap_or("")
                        .to_string();
                    if host == "127.0.0.1" || host == "localhost" || host == "[::1]" {
                        builder.tls(Tls::None)
                    } else {
                        let params = TlsParameters::new(host)
                            .map_err(|e| MailError::Invalid(format!("mail.smtp_url: {e}")))?;
                        builder.tls(Tls::Required(params))
                    }
                } else {
                    builder
                };
                Transport::Smtp(builder.timeout(Some(Duration::from_secs(30))).build())
            }
            None => {
                std::fs::create_dir_all(&mail_dir).map_err(|e| {
                    MailError::Transport(format!("cannot create {}: {e}", mail_dir.display()))
                })?;
                Transport::Files(AsyncFileTransport::new(&mail_dir), mail_dir)
            }
        };
        Ok(Mailer {
            transport,
            from,
            domain,
        })
    }

    /// "smtp" or "file", for the delivery record.
    pub fn transport_name(&self) -> &'static str {
        match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Files(..) => "file",
        }
    }

    /// Builds the message; the Message-ID is derived from the job key, so a receiving system
    /// can recognise a duplicate even in the rare case of a crash right after the server's "250".
    pub fn build(&self, key: &str, mail: &MailMessage) -> Result<Message, MailError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| MailError::Invalid(format!("recipient address: {e}")))?;
        let safe_key: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            // A subject is one line whatever a user value in it held: no line of it can
            // become a header of its own.
            .subject(one_line(&mail.subject))
            .message_id(Some(format!("<{safe_key}@{}>", self.domain)));
        let built = match &mail.calendar {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
            Some(invitation) => {
                let calendar_type = ContentType::parse(&format!(
                    "text/calendar; charset=utf-8; method={}",
                    invitation.method
                ))
                .map_err(|e| MailError::Invalid(e.to_string()))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(
                            Attachment::new("invitation.ics".to_string())
                                .body(invitation.to_ics(), calendar_type),
                        ),
                )
            }
        };
        built.map_err(|e| MailError::Invalid(e.to_string()))
    }

    pub async fn send(&self, key: &str, mail: &MailMessage) -> Result<(), MailError> {
        let message = self.build(key, mail)?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    MailError::Invalid(e.to_string())
                } else {
                    MailError::Transport(e.to_string())
                }
            }),
            Transport::Files(t, dir) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Transport(format!("{}: {e}", dir.display()))),
        }
    }
}

/// Control characters (CR, LF, TAB, NUL…) and bidi controls become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_user_value_adds_a_header() {
        let dir = std::env::temp_dir().join("renkei-jobs-test-headers");
        let mailer = Mailer::new(None, dir, "renkei@example.lg.jp").unwrap();
        let mail = MailMessage {
            to: "a@example.jp".into(),
            subject: "予定\r\nBcc: evil@example.com\r\n\r\n本文".into(),
            body: "x".into(),
            calendar: None,
        };
        let built = String::from_utf8(mailer.build("k", &mail).unwrap().formatted()).unwrap();
        let headers = built.split("\r\n\r\n").next().unwrap();
        assert!(
            !headers
                .lines()
                .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
            "{headers}"
        );
        let two = MailMessage {
            to: "a@example.jp, b@example.jp".into(),
            ..mail
        };
        assert!(mailer.build("k", &two).is_err(), "one addressee per mail");
    }

    #[test]
    fn builds_a_message_with_the_key_as_message_id() {
        let dir = std::env::temp_dir().join("renkei-jobs-test");
        let mailer = Mailer::new(None, dir, "renkei@example.lg.jp").unwrap();
        let msg = mailer
            .build(
                "mail:test/1",
                &MailMessage {
                    calendar: None,
                    to: "nurse@example.jp".into(),
                    subject: "【renkei】新しい書き込みがあります".into(),
                    body: "部屋に新しい書き込みがあります。".into(),
                },
            )
            .unwrap();
        let text = String::from_utf8(msg.formatted()).unwrap();
        assert!(
            text.contains("Message-ID: <mail_test_1@example.lg.jp>"),
            "{text}"
        );
    }

    #[test]
    fn refuses_a_bad_recipient_as_permanent() {
        let dir = std::env::temp_dir().join("renkei-jobs-test");
        let mailer = Mailer::new(None, dir, "renkei@example.lg.jp").unwrap();
        let err = mailer
            .build(
                "k",
                &MailMessage {
                    calendar: None,
                    to: "not an address".into(),
                    subject: "x".into(),
                    body: "y".into(),
                },
            )
            .unwrap_err();
        assert!(err.is_permanent());
    }

    #[test]
    fn an_invitation_travels_as_a_text_calendar_attachment() {
        let dir = std::env::temp_dir().join("renkei-jobs-test");
        let mailer = Mailer::new(None, dir, "renkei@example.lg.jp").unwrap();
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(5, 0, 0)
            .unwrap();
        let msg = mailer
            .build(
                "mail:event-created:7:0:3",
                &MailMessage {
                    to: "nurse@example.jp".into(),
                    subject: "予定のお知らせ".into(),
                    body: "予定が登録されました。".into(),
                    calendar: Some(crate::ics::Invitation {
                        method: "REQUEST".into(),
                        uid: "event-7@example.lg.jp".into(),
                        sequence: 0,
                        starts: t,
                        ends: t + chrono::TimeDelta::hours(1),
                        stamp: t,
                        summary: "サービス担当者会議（R-000012）".into(),
                        description: "https://example.lg.jp/rooms/12/calendar/7".into(),
                        url: "https://example.lg.jp/rooms/12/calendar/7".into(),
                        organizer: "renkei@example.lg.jp".into(),
                        attendee: "nurse@example.jp".into(),
                    }),
                },
            )
            .unwrap();
        let text = String::from_utf8(msg.formatted()).unwrap();
        assert!(text.contains("multipart/mixed"), "{text}");
        assert!(
            text.contains("text/calendar; charset=utf-8; method=REQUEST"),
            "{text}"
        );
        assert!(text.contains("invitation.ics"), "{text}");
    }
}
