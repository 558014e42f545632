//! The codes an application's text columns hold, each with its parsing: the office whose queue
//! it is in (and its receipt prefix), the form (and the channels it may arrive by), the channel
//! and the status.

use crate::models::Role;

/// The two administrator offices, each with its own queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    /// S管理者
    City,
    /// 管理者
    Association,
}

impl Office {
    pub fn as_str(self) -> &'static str {
        match self {
            Office::City => "city",
            Office::Association => "association",
        }
    }
    pub fn parse(s: &str) -> Option<Office> {
        match s {
            "city" => Some(Office::City),
            "association" => Some(Office::Association),
            _ => None,
        }
    }
    /// The office a clerk works for; professionals have none.
    pub fn of_role(role: Role) -> Option<Office> {
        match role {
            Role::CityAdmin => Some(Office::City),
            Role::AssociationAdmin => Some(Office::Association),
            Role::Professional => None,
        }
    }
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Office::City => "S",
            Office::Association => "A",
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
    /// The office whose queue the form goes to.
    pub fn office(self) -> Office {
        match self {
            Form::Form7 | Form::Form8 | Form::Form9 => Office::Association,
            _ => Office::City,
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
