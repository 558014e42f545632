//! The header of one room, below its name: what room it is, the notice of a closed room (or of
//! a tab the viewer may only read), and
//! its tabs as one row that scrolls sideways.

use super::*;

pub struct Header {
    pub name: String,
    pub label: String,
    pub kind: String,
    pub closed: bool,
    /// The viewer may only read this tab (閲覧のみ, set by the 管理者).
    pub read_only: bool,
    /// (href, label, current)
    pub tabs: Vec<(String, String, bool)>,
    /// The direct way to record vitals (where the room has them and is open).
    pub record_vitals: Option<String>,
    /// The page's heading is not the room's name (an event, a poll): name the room here.
    pub name_in_meta: bool,
    pub href: String,
}

/// Below the room's name: what room it is, and its tabs as one row that scrolls sideways.
pub fn header(lang: &str, h: &Header) -> Markup {
    html! {
        p.room-meta {
            @if h.name_in_meta { a href=(h.href) { (h.name) } " ・ " }
            (h.kind) " ・ " (h.label)
        }
        @if h.closed {
            div.notice role="status" { p { (t!("rooms.closed_notice", locale = lang)) } }
        } @else if h.read_only {
            div.notice role="status" { p { (t!("rooms.read_only_notice", locale = lang)) } }
        }
        nav.tabs aria-label=(t!("rooms.tabs", locale = lang)) {
            ul { @for (href, label, current) in &h.tabs {
                li { a href=(href) aria-current=[current.then_some("page")] { (label) } }
            } }
        }
    }
}
