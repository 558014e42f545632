//! Rooms as the administrators see them: their office's rooms as a table, and one room's
//! details, membership (with the warning when it lacks a doctor or a nurse), 閲覧履歴 links and
//! feature switches — never its content.

use super::*;

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
                table.table.table--stack {
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
                                td data-label=(t!("rooms.label", locale = lang)) { a href=(r.href) { (r.label) } }
                                td data-label=(t!("rooms.name", locale = lang)) { (r.name) }
                                td data-label=(t!("rooms.kind", locale = lang)) { (r.kind) }
                                td data-label=(t!("rooms.status", locale = lang)) { (r.status) }
                                td data-label=(t!("rooms.members", locale = lang)) { (r.members) }
                                td data-label=(t!("rooms.opened", locale = lang)) { (r.opened) }
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
    /// 閉鎖予定日 (a form 9 whose 中止日 is still to come).
    pub close_on: Option<String>,
    /// Who sets the members of this kind of room.
    pub membership_rule: String,
    /// name, login ID, profession, role, since
    pub members: Vec<Vec<String>>,
    pub lacks_doctor_or_nurse: bool,
    pub csrf: &'a str,
    /// Where the feature switches are saved (an open room only).
    pub features_action: Option<String>,
    /// (code, label, on now, on by default for the room's kind)
    pub features: Vec<(&'static str, String, bool, bool)>,
    /// 閲覧履歴 links: (href, label).
    pub history: Vec<(String, String)>,
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
            @if let Some(c) = &v.close_on { dt { (t!("rooms.close_on", locale = lang)) } dd { (c) } }
            @if let Some(p) = &v.purge_after { dt { (t!("rooms.purge_after", locale = lang)) } dd { (p) } }
        }
        section.card aria-labelledby="members-title" {
            h2 #members-title { (t!("rooms.members", locale = lang)) }
            p.support { (v.membership_rule) }
            @if v.members.is_empty() {
                p.empty-state { (t!("rooms.no_members", locale = lang)) }
            } @else {
                (crate::ui::stacked_table(&t!("rooms.members", locale = lang), true,
                    &[t!("form.name", locale = lang).into(), t!("login.login_id", locale = lang).into(),
                      t!("account.profession", locale = lang).into(), t!("form8.role", locale = lang).into(),
                      t!("rooms.since", locale = lang).into()],
                    crate::ui::text_rows(&v.members)))
            }
        }
        section.card aria-labelledby="history-title" {
            h2 #history-title { (t!("access.heading", locale = lang)) }
            p.support { (t!("access.explain", locale = lang)) }
            ul.link-list { @for (href, label) in &v.history { li { a href=(href) { (label) } } } }
        }
        section.card aria-labelledby="features-title" {
            h2 #features-title { (t!("features.title", locale = lang)) }
            p.support { (t!("features.help", locale = lang)) }
            @match &v.features_action {
                Some(action) => {
                    form method="post" action=(action) novalidate {
                        (crate::form::csrf(v.csrf))
                        fieldset.fieldset {
                            legend.visually-hidden { (t!("features.title", locale = lang)) }
                            @for (code, label, on, default) in &v.features {
                                label.checkbox {
                                    input type="checkbox" name="feature" value=(code) checked[*on];
                                    span { (label) @if on != default { " " span.small { (t!("features.changed_from_default", locale = lang)) } } }
                                }
                            }
                        }
                        button.button.button--primary type="submit" { (t!("features.save", locale = lang)) }
                    }
                }
                None => {
                    ul { @for (_, label, on, _) in &v.features { @if *on { li { (label) } } } }
                }
            }
        }
        p { a href=(paths::ROOMS_ADMIN) { (t!("rooms.back", locale = lang)) } }
    }
}
