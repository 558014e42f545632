//! What a request carries, read and checked before a handler uses it: the notice after a
//! redirect, the rows of a form's repeated part, a submitted paper form read into what is filed.

use actix_web::HttpRequest;
use serde::Deserialize;

use crate::domain::forms::{self, Check, FORM4_ROWS, MAX_ROWS, Raw};
use crate::models::applications::Form;
use crate::models::posts::{NewPost, Tag};
use crate::models::rooms::Member;
use crate::models::views::timeline::Cursor;

/// `?notice=…` after a redirect.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RowsQuery {
    pub rows: Option<usize>,
    /// Resume a saved draft.
    pub draft: Option<i64>,
    pub notice: Option<String>,
}

/// How many rows of a repeated part a submitted form had: those with something typed, the hidden
/// count the page carried, and at least the default.
pub fn rows_asked(raw: &Raw, prefix: &str, default_rows: usize) -> usize {
    forms::rows_in(raw, prefix)
        .max(default_rows)
        .max(raw.get("rows").parse().unwrap_or(0))
        .min(MAX_ROWS)
}

/// 「欄を1つ増やす」 was pressed: the form comes back with one more row, nothing filed.
pub fn adds_row(raw: &Raw) -> bool {
    raw.get("op") == "add_row"
}

/// The row prefix and default number of rows of a form's repeated part.
pub fn rows_of(form: Form) -> (&'static str, usize) {
    match form {
        Form::Form4 => ("applicant_", FORM4_ROWS),
        Form::Form5 => ("change_", forms::FORM5_ROWS),
        Form::Form6 => ("account_", FORM4_ROWS),
        Form::Form8 => ("member_", forms::FORM8_ROWS),
        _ => ("", 0),
    }
}

/// What a valid form is filed as: organisation (or registrant) shown in the queue, a short
/// summary, the JSON payload and the pairing key of forms 7 and 8.
pub struct Filed {
    pub organisation: String,
    pub summary: String,
    pub payload: String,
    pub pair_key: Option<String>,
}

/// A validated form as its stored payload.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Reads and validates a form; `None` when a field has a problem (in `check`). The summary is
/// a code (`accounts:3`, `reason:death`): the queue shows it in each reader's language.
pub fn read_form(form: Form, raw: &Raw, check: &mut Check) -> Option<Filed> {
    match form {
        Form::Form4 => forms::read_form4(raw, check).map(|f| Filed {
            organisation: f.organisation.name.clone(),
            summary: format!("accounts:{}", f.applicants.len()),
            payload: json(&f),
            pair_key: None,
        }),
        Form::Form5 => forms::read_form5(raw, check).map(|f| Filed {
            organisation: f.organisation_name.clone(),
            summary: format!("changes:{}", f.changes.len()),
            payload: json(&f),
            pair_key: None,
        }),
        Form::Form6 => forms::read_form6(raw, check).map(|f| Filed {
            organisation: f.organisation_name.clone(),
            summary: format!("stops:{}", f.accounts.len()),
            payload: json(&f),
            pair_key: None,
        }),
        Form::Form7 => forms::read_form7(raw, check).map(|f| Filed {
            organisation: f.registrant.name.clone(),
            summary: "consent".into(),
            payload: json(&f),
            pair_key: Some(f.registrant.key()),
        }),
        Form::Form8 => forms::read_form8(raw, check).map(|f| Filed {
            organisation: f.registrant.name.clone(),
            summary: format!("members:{}", f.members.len()),
            payload: json(&f),
            pair_key: Some(f.registrant.key()),
        }),
        Form::Form9 => forms::read_form9(raw, check).map(|f| Filed {
            organisation: f.registrant.name.clone(),
            summary: format!("reason:{}", f.reason),
            payload: json(&f),
            pair_key: None,
        }),
        _ => None,
    }
}

/// What the timeline query asks for: older than `before`, carrying all of `tags`; and the
/// notice of a redirect (「書き込みました」).
#[derive(Default)]
pub struct TimelineQuery {
    pub cursor: Cursor,
    pub notice: Option<String>,
}

/// The timeline's query: `before` and up to ten distinct `tag`s (repeated keys, which serde's
/// form reader does not take), and `notice`.
pub fn timeline_query(req: &HttpRequest) -> TimelineQuery {
    let mut before = None;
    let mut tags = Vec::new();
    let mut notice = None;
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "notice" => notice = Some(v.into_owned()),
            "before" => before = v.parse().ok(),
            "tag" => {
                if let Ok(t) = v.parse::<i64>()
                    && !tags.contains(&t)
                    && tags.len() < 10
                {
                    tags.push(t);
                }
            }
            _ => {}
        }
    }
    TimelineQuery {
        cursor: Cursor { before, tags },
        notice,
    }
}

/// A new post as its form sent it, checked: subject and body, to all members or to some of
/// them (each a current member other than the writer), tags among the active ones, and whom a
/// reply is asked of (one of `replies`, the codes the form offered).
pub struct PostForm {
    pub subject: String,
    pub body: String,
    pub to_all: bool,
    pub addressees: Vec<i64>,
    pub tags: Vec<i64>,
    pub reply_from: String,
}

impl PostForm {
    pub fn read(
        raw: &Raw,
        check: &mut Check,
        writer: i64,
        members: &[Member],
        tags: &[Tag],
        replies: &[String],
    ) -> PostForm {
        let subject = check.text(raw, "subject", true, 100);
        let body = check.text_multiline(raw, "body", true, 5000);
        let to_all = raw.get("to") != "some";
        let addressees = chosen_ids(
            raw,
            "addressee",
            check,
            "to",
            "rooms.error.addressee",
            |id| id != writer && members.iter().any(|m| m.user_id == id),
        );
        if !to_all && addressees.is_empty() {
            check.problem("to", "rooms.error.no_addressee", "");
        }
        let tag_ids = chosen_ids(raw, "tag", check, "tag", "rooms.error.tag", |id| {
            tags.iter().any(|t| t.id == id)
        });
        let reply_from = raw.get("reply_from").trim().to_string();
        if !reply_from.is_empty() && !replies.contains(&reply_from) {
            check.problem("reply_from", "form.error.choice", "");
        }
        PostForm {
            subject,
            body,
            to_all,
            addressees,
            tags: tag_ids,
            reply_from,
        }
    }

    /// The post to write in `room_id` by `author`.
    pub fn new_post<'a>(&'a self, room_id: i64, author: i64, key: &'a str) -> NewPost<'a> {
        NewPost {
            room_id,
            author_id: author,
            parent_id: None,
            subject: &self.subject,
            body: &self.body,
            to_all: self.to_all,
            reply_wanted_from: &self.reply_from,
            idempotency_key: key,
            addressees: if self.to_all { &[] } else { &self.addressees },
            tags: &self.tags,
        }
    }
}

/// The ids ticked in the repeated field `name`, each once, each allowed by `ok`; one that is
/// not is a problem on `field`.
fn chosen_ids(
    raw: &Raw,
    name: &str,
    check: &mut Check,
    field: &str,
    problem: &'static str,
    ok: impl Fn(i64) -> bool,
) -> Vec<i64> {
    let mut ids = Vec::new();
    for (k, v) in &raw.0 {
        if k == name {
            match v.parse::<i64>().ok().filter(|id| ok(*id)) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => check.problem(field, problem, ""),
            }
        }
    }
    ids
}
