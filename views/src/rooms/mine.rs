//! The rooms of a member: each room as a card that is a link as a whole (name, unread count,
//! kind, last activity), the open rooms first and the closed ones under their own heading.

use super::*;

pub struct MyRoom {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub unread: i64,
    /// "最終更新 2026/12/02（水）13:05", or that nothing is written yet.
    pub last: String,
}

/// One room as a card that is a link as a whole: name, unread count, kind and last activity.
pub fn room_item(lang: &str, r: &MyRoom) -> Markup {
    html! {
        li.room-list__item {
            a.room-list__link href=(r.href) {
                span.room-list__name { (r.name) }
                @if r.unread > 0 {
                    span.badge.badge--danger { (t!("rooms.unread", locale = lang, count = r.unread)) }
                }
                span.room-list__meta { (r.kind) " ・ " (r.last) }
            }
        }
    }
}

pub fn my_rooms(lang: &str, open: &[MyRoom], closed: &[MyRoom]) -> Markup {
    html! {
        @if open.is_empty() && closed.is_empty() {
            p.empty-state { (t!("rooms.none_mine", locale = lang)) }
        }
        @if !open.is_empty() { ul.room-list { @for r in open { (room_item(lang, r)) } } }
        @if !closed.is_empty() {
            section aria-labelledby="closed-title" {
                h2 #closed-title { (t!("rooms.closed_rooms", locale = lang)) }
                ul.room-list { @for r in closed { (room_item(lang, r)) } }
            }
        }
    }
}
