//! 閲覧履歴: who looked at a room's, a registrant's or by a user's patient data, newest first —
//! the access log as the offices read it (FAQ 1.8). A stacked table, so a phone shows each view
//! as a block.

use maud::{Markup, html};
use rust_i18n::t;

use crate::ui::{stacked_table, text_rows};

/// One view, labels ready.
pub struct AccessRow {
    pub at: String,
    /// Name and login ID.
    pub who: String,
    /// 職種, or the office.
    pub role: String,
    pub what: String,
    pub record: String,
    pub room: String,
    pub ip: String,
}

pub struct HistoryView<'a> {
    pub lang: &'a str,
    /// Whose history this is, in a sentence.
    pub lead: String,
    pub rows: Vec<AccessRow>,
    /// The next, older page.
    pub older: Option<String>,
    pub back: (String, String),
}

pub fn history(v: &HistoryView<'_>) -> Markup {
    let lang = v.lang;
    let headers: Vec<String> = ["at", "who", "role", "what", "record", "room", "ip"]
        .iter()
        .map(|h| t!(format!("access.col_{h}"), locale = lang).into())
        .collect();
    let rows: Vec<Vec<String>> = v
        .rows
        .iter()
        .map(|r| {
            vec![
                r.at.clone(),
                r.who.clone(),
                r.role.clone(),
                r.what.clone(),
                r.record.clone(),
                r.room.clone(),
                r.ip.clone(),
            ]
        })
        .collect();
    html! {
        p.lead { (v.lead) }
        p.support { (t!("access.explain", locale = lang)) }
        @if v.rows.is_empty() {
            p.empty-state { (t!("access.empty", locale = lang)) }
        } @else {
            (stacked_table(&t!("access.caption", locale = lang), false, &headers, text_rows(&rows)))
        }
        @if let Some(older) = &v.older {
            p { a href=(older) { (t!("access.older", locale = lang)) } }
        }
        p { a href=(v.back.0) { (v.back.1) } }
    }
}
