//! Rooms as the administrators see them: the list of their office's rooms and one room's
//! membership (never its content).

use maud::{Markup, html};
use rust_i18n::t;

pub struct AdminRow {
    pub href: String,
    pub label: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub closed: bool,
    pub members: i64,
    pub opened: String,
}

pub fn admin_list(lang: &str, rows: &[AdminRow]) -> Markup {
    html! {
        p { (t!("rooms.admin_lead", locale = lang)) }
        @if rows.is_empty() {
            p.empty-state { (t!("rooms.none", locale = lang)) }
        } @else {
            div.table-scroll {
                table.table {
                    caption { (t!("rooms.caption", locale = lang, count = rows.len())) }
                    thead { tr {
                        th scope="col" { (t!("rooms.label", locale = lang)) }
                        th scope="col" { (t!("rooms.name", locale = lang)) }
                        th scope="col" { (t!("rooms.kind", locale = lang)) }
                        th scope="col" { (t!("rooms.status", locale = lang)) }
                        th scope="col" { (t!("rooms.members", locale = lang)) }
                        th scope="col" { (t!("rooms.opened", locale = lang)) }
                    } }
                    tbody {
                        @for r in rows {
                            tr class={ @if r.closed { "row--muted" } } {
                                td { a href=(r.href) { (r.label) } }
                                td { (r.name) }
                                td { (r.kind) }
                                td { (r.status) }
                                td { (r.members) }
                                td { (r.opened) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct AdminDetail<'a> {
    pub lang: &'a str,
    pub label: String,
    pub name: String,
    pub purpose: String,
    pub kind: String,
    pub status: String,
    pub opened: String,
    pub closed: Option<String>,
    pub purge_after: Option<String>,
    /// name, login ID, profession, role, since
    pub members: Vec<Vec<String>>,
    pub lacks_doctor_or_nurse: bool,
}

pub fn admin_detail(v: &AdminDetail<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if v.lacks_doctor_or_nurse {
            div.notice.notice--error role="alert" { p { (t!("rooms.lacks_doctor_or_nurse", locale = lang)) } }
        }
        dl.definition {
            dt { (t!("rooms.label", locale = lang)) } dd { (v.label) }
            dt { (t!("rooms.name", locale = lang)) } dd { (v.name) }
            @if !v.purpose.is_empty() { dt { (t!("rooms.purpose", locale = lang)) } dd { (v.purpose) } }
            dt { (t!("rooms.kind", locale = lang)) } dd { (v.kind) }
            dt { (t!("rooms.status", locale = lang)) } dd { (v.status) }
            dt { (t!("rooms.opened", locale = lang)) } dd { (v.opened) }
            @if let Some(c) = &v.closed { dt { (t!("rooms.closed", locale = lang)) } dd { (c) } }
            @if let Some(p) = &v.purge_after { dt { (t!("rooms.purge_after", locale = lang)) } dd { (p) } }
        }
        section.card aria-labelledby="members-title" {
            h2 #members-title { (t!("rooms.members", locale = lang)) }
            p.support { (t!("rooms.membership_rule", locale = lang)) }
            @if v.members.is_empty() {
                p.empty-state { (t!("rooms.no_members", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table {
                        caption.visually-hidden { (t!("rooms.members", locale = lang)) }
                        thead { tr {
                            th scope="col" { (t!("form.name", locale = lang)) }
                            th scope="col" { (t!("login.login_id", locale = lang)) }
                            th scope="col" { (t!("account.profession", locale = lang)) }
                            th scope="col" { (t!("form8.role", locale = lang)) }
                            th scope="col" { (t!("rooms.since", locale = lang)) }
                        } }
                        tbody { @for m in &v.members { tr { @for c in m { td { (c) } } } } }
                    }
                }
            }
        }
        p { a href="/rooms/admin" { (t!("rooms.back", locale = lang)) } }
    }
}
