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

/// The office's rooms: a search by name or label, which rooms (open, closed, all), and pages of
/// 100 newest first (`ui::paged_table`: a plain link, or rows appended in place with htmx).
pub struct AdminList<'a> {
    pub lang: &'a str,
    pub query: &'a str,
    /// open | closed | all
    pub status: &'a str,
    pub rows: Vec<AdminRow>,
    pub more_href: Option<String>,
}

pub fn admin_list(v: &AdminList<'_>) -> Markup {
    let lang = v.lang;
    let headers: Vec<String> = [
        "rooms.label",
        "rooms.name",
        "rooms.kind",
        "rooms.status",
        "rooms.members",
        "rooms.opened",
    ]
    .iter()
    .map(|k| t!(*k, locale = lang).into())
    .collect();
    let more = t!("list.more", locale = lang);
    html! {
        p { (t!("rooms.admin_lead", locale = lang)) }
        form.search-form method="get" action=(paths::ROOMS_ADMIN) role="search" {
            label for="q" { (t!("rooms.admin_search", locale = lang)) }
            input #q type="search" name="q" value=(v.query) maxlength="64";
            label.visually-hidden for="status" { (t!("rooms.status", locale = lang)) }
            select #status name="status" {
                @for s in ["open", "closed", "all"] {
                    option value=(s) selected[v.status == s] { (t!(format!("rooms.admin_status.{s}"), locale = lang)) }
                }
            }
            button.button.button--secondary type="submit" { (t!("users.search_submit", locale = lang)) }
        }
        @if v.rows.is_empty() {
            p.empty-state { (t!("rooms.none", locale = lang)) }
        } @else {
            (crate::ui::paged_table((&t!("rooms.caption_paged", locale = lang), false), &headers,
                v.rows.iter().map(|r| {
                    let cells = vec![
                        html! { a href=(r.href) { (r.label) } },
                        html! { (r.name) }, html! { (r.kind) }, html! { (r.status) },
                        html! { (r.members) }, html! { (r.opened) },
                    ];
                    (r.closed.then_some("row--muted"), cells)
                }),
                "rooms", v.more_href.as_deref().map(|h| (h, &*more))))
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
    /// Where the members' 閲覧・入力権限 are saved (an open room with members).
    pub rights_action: Option<String>,
    /// Each member's rights, per feature switched on.
    pub rights: Vec<MemberRights>,
    /// What the office may change about the room itself (rename, close): (href, label, danger).
    pub changes: Vec<(String, String, bool)>,
}

/// One member's 閲覧・入力権限 on the admin page.
pub struct MemberRights {
    pub user_id: i64,
    /// 「伊藤 真理（ホームヘルパー）」
    pub label: String,
    /// (feature code, feature name, may write, the profession's default is to write)
    pub features: Vec<(&'static str, String, bool, bool)>,
}

/// The members' 閲覧・入力権限: per member, a tick for each feature they may also write in.
fn rights_section(v: &AdminDetail<'_>) -> Markup {
    let lang = v.lang;
    html! {
        section.card aria-labelledby="rights-title" {
            h2 #rights-title { (t!("rights.title", locale = lang)) }
            p.support { (t!("rights.help", locale = lang)) }
            @match &v.rights_action {
                Some(action) => {
                    form method="post" action=(action) novalidate {
                        (crate::form::csrf(v.csrf))
                        // The features this form asks about: one switched on meanwhile keeps
                        // everyone's right for it as it was.
                        @if let Some(first) = v.rights.first() {
                            @for (code, ..) in &first.features { input type="hidden" name="shown" value=(code); }
                        }
                        @for m in &v.rights {
                            input type="hidden" name="member" value=(m.user_id);
                            fieldset.fieldset {
                                legend { (m.label) }
                                @for (code, label, write, default) in &m.features {
                                    label.checkbox {
                                        input type="checkbox" name={ "write_" (m.user_id) } value=(code) checked[*write];
                                        span {
                                            (t!("rights.may_write", locale = lang, feature = label))
                                            @if write != default { " " span.small { (t!("rights.changed_from_default", locale = lang)) } }
                                        }
                                    }
                                }
                            }
                        }
                        button.button.button--primary type="submit" { (t!("rights.save", locale = lang)) }
                    }
                }
                None => {
                    ul { @for m in &v.rights {
                        li { (m.label) "： "
                            @let read: Vec<&str> = m.features.iter().filter(|f| !f.2).map(|f| f.1.as_str()).collect();
                            @if read.is_empty() { (t!("rights.all_write", locale = lang)) }
                            @else { (t!("rights.read_only_list", locale = lang, features = read.join("、"))) }
                        }
                    } }
                }
            }
        }
    }
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
        @if !v.rights.is_empty() { (rights_section(v)) }
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
        @if !v.changes.is_empty() {
            section.card aria-labelledby="changes-title" {
                h2 #changes-title { (t!("rooms.changes_title", locale = lang)) }
                p.support { (t!("rooms.changes_help", locale = lang)) }
                p.actions {
                    @for (href, label, danger) in &v.changes {
                        a href=(href) class={ "button " @if *danger { "button--danger" } @else { "button--secondary" } } { (label) }
                    }
                }
            }
        }
        p { a href=(paths::ROOMS_ADMIN) { (t!("rooms.back", locale = lang)) } }
    }
}
