//! The mails a test sees: what the app queued, as its reader receives it (address, subject,
//! body, calendar entry), never through the outbox's internal keys.

use super::*;

/// A notification mail as its reader receives it: the address it goes to, the subject, the
/// body and, for a meeting invitation, the attached calendar event. Tests check mails by what
/// they say, not by how the outbox keys them.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub calendar: Option<renkei_jobs::ics::Invitation>,
}

impl From<renkei_jobs::MailMessage> for Mail {
    fn from(m: renkei_jobs::MailMessage) -> Mail {
        Mail {
            to: m.to,
            subject: m.subject,
            body: m.body,
            calendar: m.calendar,
        }
    }
}

impl Mail {
    /// Whether `text` is anywhere a reader could see it: the subject, the body or the attached
    /// calendar entry.
    pub fn says(&self, text: &str) -> bool {
        self.subject.contains(text)
            || self.body.contains(text)
            || self.calendar.as_ref().is_some_and(|c| {
                c.summary.contains(text) || c.description.contains(text) || c.url.contains(text)
            })
    }

    /// The addresses written in the body (`http://…` up to the next space).
    pub fn links(&self) -> Vec<&str> {
        self.body
            .split(char::is_whitespace)
            .filter_map(|word| word.find("http").map(|i| &word[i..]))
            .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
            .collect()
    }

    /// Whether the body links to a page at `path` (the path exactly: `/rooms/1` is not
    /// `/rooms/12` nor `/rooms/1/vitals`).
    pub fn links_to(&self, path: &str) -> bool {
        self.links()
            .iter()
            .any(|l| url::Url::parse(l).is_ok_and(|u| u.path() == path))
    }

    /// The invitation of calendar event `event`, if this mail carries it.
    pub fn invitation_of(&self, event: i64) -> Option<&renkei_jobs::ics::Invitation> {
        let uid = format!("event-{event}@");
        self.calendar.as_ref().filter(|c| c.uid.starts_with(&uid))
    }
}

impl TestApp {
    /// Every notification mail queued so far, oldest first (letters and thumbnails are other
    /// jobs, not mails).
    pub fn mails(&self) -> Vec<Mail> {
        use diesel::prelude::*;
        use renkei::schema::outbox;
        let payloads: Vec<String> = outbox::table
            .order(outbox::id.asc())
            .select(outbox::payload)
            .load(&mut self.conn())
            .unwrap();
        payloads
            .iter()
            .filter_map(|p| {
                let envelope: renkei_jobs::JobEnvelope =
                    serde_json::from_str(p).expect("an outbox payload is a job");
                match envelope.job {
                    renkei_jobs::Job::Mail(m) => Some(Mail::from(m)),
                    _ => None,
                }
            })
            .collect()
    }

    /// The mails sent to `address`, oldest first.
    pub fn mails_at(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.to == address)
            .collect()
    }

    /// The mails the account `login` receives, oldest first: those to its registered address
    /// (its own account's mails) and to the address it chose for notifications, if another
    /// (room, post and calendar mails), as the addresses are now.
    pub fn mails_to(&self, login: &str) -> Vec<Mail> {
        let mut conn = self.conn();
        let user = renkei::models::User::find_by_login(&mut conn, login)
            .unwrap()
            .unwrap_or_else(|| panic!("no account {login}"));
        let choice = renkei::services::timeline::NotificationChoice::of(&mut conn, &user).unwrap();
        let addresses = [user.email.clone(), choice.address(&user).to_string()];
        drop(conn);
        self.mails()
            .into_iter()
            .filter(|m| addresses.contains(&m.to))
            .collect()
    }
}
