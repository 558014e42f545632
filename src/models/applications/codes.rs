//! The codes an application's text columns hold, each with its parsing: the office whose queue
//! it is in (and its receipt prefix), the form (and the channels it may arrive by), the channel
//! and the status.

use crate::models::Role;

/// The administrator offices, each with its own queue: the S管理者 and one or more 管理者
/// offices (南空知 has two, each near its area). A 管理者 office is named by its code: the first
/// is `association`, any other `association-{code}` from `municipality.area_offices`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Office {
    /// S管理者
    City,
    /// 管理者, by its stored code.
    Association(&'static str),
}

/// The first (and in most municipalities only) 管理者 office.
pub const ASSOCIATION: Office = Office::Association("association");

/// The codes of the configured area offices, each made `'static` once (a handful per process),
/// so an `Office` stays `Copy`. Only configured codes are here: a submitted or stored code that
/// is not is no office (never a new entry — typed input cannot grow this).
static AREA_CODES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

/// Makes a configured area office's code known (`municipality.area_offices`; at start-up).
pub fn register_area_code(code: &str) {
    let full = format!("association-{code}");
    if !is_association_code(&full) {
        return;
    }
    let mut codes = AREA_CODES.lock().unwrap_or_else(|e| e.into_inner());
    if !codes.iter().any(|c| *c == full) {
        codes.push(Box::leak(full.into_boxed_str()));
    }
}

fn registered(code: &str) -> Option<&'static str> {
    let codes = AREA_CODES.lock().unwrap_or_else(|e| e.into_inner());
    codes.iter().find(|c| **c == code).copied()
}

/// Whether `code` is a well-formed 管理者 office code: `association`, or `association-` and
/// 1–8 lower-case letters or digits.
pub fn is_association_code(code: &str) -> bool {
    code == "association"
        || code.strip_prefix("association-").is_some_and(|rest| {
            (1..=8).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Office {
    pub fn as_str(self) -> &'static str {
        match self {
            Office::City => "city",
            Office::Association(code) => code,
        }
    }
    /// A stored or submitted code of a configured office; anything else is no office.
    pub fn parse(s: &str) -> Option<Office> {
        match s {
            "city" => Some(Office::City),
            "association" => Some(ASSOCIATION),
            s => registered(s).map(Office::Association),
        }
    }
    /// The 管理者 office of an area (`municipality.area_offices`' `code`).
    pub fn area(code: &str) -> Option<Office> {
        Office::parse(&format!("association-{code}"))
    }
    pub fn is_association(self) -> bool {
        matches!(self, Office::Association(_))
    }
    /// What kind of office it is, whichever 管理者 office: `city` or `association` (the
    /// labels' key).
    pub fn kind(self) -> &'static str {
        match self {
            Office::City => "city",
            Office::Association(_) => "association",
        }
    }
    /// The office a clerk works for (a 管理者's is on their account); professionals have none,
    /// and neither has a 管理者 without an office or of an area office the configuration no
    /// longer lists (they see nothing rather than another office's registrants).
    pub fn of_user(user: &crate::models::User) -> Option<Office> {
        match user.role() {
            Role::CityAdmin => Some(Office::City),
            Role::AssociationAdmin => Office::parse(&user.office).filter(|o| o.is_association()),
            Role::Professional => None,
        }
    }
    /// The receipt numbers' prefix: S, A, and A + the area's code for the others (AB-2026-0001).
    pub(super) fn prefix(self) -> String {
        match self {
            Office::City => "S".into(),
            Office::Association(code) => match code.strip_prefix("association-") {
                Some(area) => format!("A{}", area.to_uppercase()),
                None => "A".into(),
            },
        }
    }
}

/// The procedures of domain.md §2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Form4,
    Form5,
    Form6,
    Form7,
    Form8,
    Form9,
    RoomOpen,
    RoomMembership,
    RoomClose,
}

pub const ALL_FORMS: &[Form] = &[
    Form::Form4,
    Form::Form5,
    Form::Form6,
    Form::Form7,
    Form::Form8,
    Form::Form9,
    Form::RoomOpen,
    Form::RoomMembership,
    Form::RoomClose,
];

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Form4 => "form4",
            Form::Form5 => "form5",
            Form::Form6 => "form6",
            Form::Form7 => "form7",
            Form::Form8 => "form8",
            Form::Form9 => "form9",
            Form::RoomOpen => "room_open",
            Form::RoomMembership => "room_membership",
            Form::RoomClose => "room_close",
        }
    }
    pub fn parse(s: &str) -> Option<Form> {
        ALL_FORMS.iter().copied().find(|f| f.as_str() == s)
    }
    /// Whether the form goes to a 管理者 office (forms 7–9: registrants and their rooms);
    /// the others go to the S管理者.
    pub fn for_association(self) -> bool {
        matches!(self, Form::Form7 | Form::Form8 | Form::Form9)
    }
    /// The office whose queue the form goes to, when the 管理者 office is `association`
    /// (the one that keyed it in, the one the sender chose, or the registrant's).
    pub fn office_in(self, association: Office) -> Office {
        if self.for_association() && association.is_association() {
            association
        } else if self.for_association() {
            ASSOCIATION
        } else {
            Office::City
        }
    }
    /// The channels the form may arrive by (domain.md §2); no other is accepted.
    pub fn channels(self) -> &'static [Channel] {
        use Channel::*;
        match self {
            Form::Form4 | Form::Form6 => &[Counter, Post, Online],
            Form::Form5 | Form::Form7 | Form::Form8 | Form::Form9 => &[Counter, Post, SystemMail],
            Form::RoomOpen | Form::RoomMembership => &[Online],
            Form::RoomClose => &[SystemMail],
        }
    }
}

/// How an application arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// 持参: handed in at the counter.
    Counter,
    /// 郵送
    Post,
    /// 電子申請
    Online,
    /// 利用者間メール
    SystemMail,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Post => "post",
            Channel::Online => "online",
            Channel::SystemMail => "system_mail",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        [
            Channel::Counter,
            Channel::Post,
            Channel::Online,
            Channel::SystemMail,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
    /// Paper channels, keyed in by a clerk.
    pub fn is_paper(self) -> bool {
        matches!(self, Channel::Counter | Channel::Post)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 受付
    Received,
    /// 審査中
    InReview,
    /// 補正依頼中: returned to the submitter for correction; the due-date clock stops.
    CorrectionRequested,
    /// 承認: the effect is applied.
    Approved,
    /// 完了
    Completed,
    /// 却下
    Rejected,
    /// 返戻: sent to the wrong office, returned with the right one named.
    Returned,
    /// 取下げ: the submitter withdrew it (an approved form 6 or 9 only before its day).
    Withdrawn,
}

pub const ALL_STATUSES: &[Status] = &[
    Status::Received,
    Status::InReview,
    Status::CorrectionRequested,
    Status::Approved,
    Status::Completed,
    Status::Rejected,
    Status::Returned,
    Status::Withdrawn,
];

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InReview => "in_review",
            Status::CorrectionRequested => "correction_requested",
            Status::Approved => "approved",
            Status::Completed => "completed",
            Status::Rejected => "rejected",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        ALL_STATUSES.iter().copied().find(|x| x.as_str() == s)
    }
    /// Still waiting for the office (counts towards the due date).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Received | Status::InReview)
    }
}
