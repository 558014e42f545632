//! Meeting invitations as iCalendar (RFC 5545) files, attached to the invitation mails: REQUEST
//! on create and change (a higher SEQUENCE each time), CANCEL on cancellation, one stable UID per
//! event so a mail program updates the entry it already has. Like every mail, an invitation
//! carries no patient data: the kind of event and the room's neutral label, the time, the link,
//! and the web-meeting URL when there is one.

use chrono::NaiveDateTime;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Invitation {
    /// REQUEST or CANCEL
    pub method: String,
    pub uid: String,
    pub sequence: u32,
    /// UTC
    pub starts: NaiveDateTime,
    /// UTC
    pub ends: NaiveDateTime,
    /// When the invitation was made (DTSTAMP), UTC.
    pub stamp: NaiveDateTime,
    pub summary: String,
    pub description: String,
    pub url: String,
    /// The system's sending address (iTIP wants an ORGANIZER on REQUEST and CANCEL).
    #[serde(default)]
    pub organizer: String,
    /// The address this copy is sent to.
    #[serde(default)]
    pub attendee: String,
}

impl Invitation {
    pub fn is_cancel(&self) -> bool {
        self.method == "CANCEL"
    }

    pub fn to_ics(&self) -> String {
        let mut event = Event::new();
        event
            .uid(&self.uid)
            .sequence(self.sequence)
            .timestamp(self.stamp.and_utc())
            .starts(self.starts.and_utc())
            .ends(self.ends.and_utc())
            .summary(&self.summary)
            .description(&self.description)
            .url(&self.url)
            .status(if self.is_cancel() {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        if !self.organizer.is_empty() {
            event.add_property("ORGANIZER", format!("mailto:{}", self.organizer));
        }
        if !self.attendee.is_empty() {
            event.add_property("ATTENDEE", format!("mailto:{}", self.attendee));
        }
        let mut cal = Calendar::new();
        cal.append_property(("METHOD", self.method.as_str()));
        cal.push(event.done());
        cal.done().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_is_a_calendar_with_one_event() {
        let t = |h| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let inv = Invitation {
            method: "REQUEST".into(),
            uid: "event-7@renkei.example.lg.jp".into(),
            sequence: 2,
            starts: t(5),
            ends: t(6),
            stamp: t(1),
            summary: "サービス担当者会議（R-000012）".into(),
            description: "https://renkei.example.lg.jp/rooms/12/calendar/7".into(),
            url: "https://renkei.example.lg.jp/rooms/12/calendar/7".into(),
            organizer: "renkei@example.lg.jp".into(),
            attendee: "nurse@example.jp".into(),
        };
        let ics = inv.to_ics();
        for line in [
            "BEGIN:VCALENDAR",
            "METHOD:REQUEST",
            "UID:event-7@renkei.example.lg.jp",
            "SEQUENCE:2",
            "DTSTART:20261124T050000Z",
            "DTEND:20261124T060000Z",
            "STATUS:CONFIRMED",
            "ORGANIZER:mailto:renkei@example.lg.jp",
            "ATTENDEE:mailto:nurse@example.jp",
        ] {
            assert!(ics.contains(line), "{line} in {ics}");
        }
        let cancel = Invitation {
            method: "CANCEL".into(),
            sequence: 3,
            ..inv
        }
        .to_ics();
        assert!(cancel.contains("METHOD:CANCEL") && cancel.contains("STATUS:CANCELLED"));
    }
}
