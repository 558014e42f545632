//! The administrators' pages: the account list (with stopping an account) and the audit trail.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, csrf, with_summary};

pub struct UserRow {
    pub id: i64,
    pub login_id: String,
    pub name: String,
    pub organisation: String,
    pub profession: String,
    pub role: String,
    pub status: String,
    pub stoppable: bool,
    /// Not yet activated: its notice can be reissued.
    pub reissuable: bool,
    /// Active: a lost device or forgotten password gets a 再発行 (new letter, enrol again).
    pub renewable: bool,
}

pub struct UsersView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub query: &'a str,
    pub rows: Vec<UserRow>,
    pub can_stop: bool,
    pub errors: &'a Errors,
    /// The next page (keyset), if there is one.
    pub more_href: Option<String>,
    /// This search as CSV (every row, not only this page).
    pub csv_href: String,
}

pub fn users(v: &UsersView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    let mut headers = vec![
        tt("account.name"),
        tt("login.login_id"),
        tt("account.organisation"),
        tt("account.profession"),
        tt("users.status"),
    ];
    if v.can_stop {
        headers.push(tt("users.actions"));
    }
    let more_label = tt("list.more");
    html! {
        (crate::form::error_summary(lang, v.errors))
        form.search-form method="get" action=(paths::ADMIN_USERS) role="search" {
            label for="q" { (tt("users.search_label")) }
            input #q type="search" name="q" value=(v.query) maxlength="64";
            button.button.button--secondary type="submit" { (tt("users.search_submit")) }
        }
        p.actions { a.button.button--secondary href=(v.csv_href) download { (tt("users.csv")) } }
        @if v.rows.is_empty() {
            p.empty-state { (tt("users.empty")) }
        } @else {
            (crate::ui::paged_table((&tt("users.caption_paged"), false), &headers,
                v.rows.iter().map(|r| {
                    let mut cells = vec![
                        html! { strong { (r.name) } },
                        html! { code { (r.login_id) } },
                        html! { (r.organisation) },
                        html! { (r.profession) " " span.small { "(" (r.role) ")" } },
                        html! { (r.status) },
                    ];
                    if v.can_stop {
                        cells.push(html! {
                            div.actions {
                                @if r.reissuable {
                                    form.step-form method="post" action=(paths::admin_user_notice(r.id)) {
                                        (csrf(v.csrf))
                                        button.button.button--secondary.button--small type="submit" {
                                            (tt("users.reissue")) span.visually-hidden { "（" (r.name) "）" }
                                        }
                                    }
                                }
                                @if r.renewable {
                                    a.button.button--secondary.button--small href=(paths::admin_user_reissue(r.id)) {
                                        (tt("users.renew")) span.visually-hidden { "（" (r.name) "）" }
                                    }
                                }
                                a.button.button--secondary.button--small href=(paths::admin_user_views(r.id)) {
                                    (tt("access.link_user")) span.visually-hidden { "（" (r.name) "）" }
                                }
                                @if r.stoppable {
                                    a.button.button--secondary.button--small href=(paths::admin_user_stop(r.id)) {
                                        (tt("users.stop")) span.visually-hidden { "（" (r.name) "）" }
                                    }
                                }
                            }
                        });
                    }
                    (None, cells)
                }), "users", v.more_href.as_deref().map(|h| (h, more_label.as_str()))))
        }
    }
}

pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub target: String,
    pub ip: String,
    pub result: String,
    pub detail: String,
}

pub struct AuditView<'a> {
    pub lang: &'a str,
    pub action: &'a str,
    pub actor: &'a str,
    pub result: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub rows: Vec<AuditRow>,
    pub next_page: Option<String>,
    pub errors: &'a Errors,
}

/// The filter form and the first page of rows.
pub fn audit(v: &AuditView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (with_summary(lang, v.errors, html! {
        form.filter-form method="get" action=(paths::AUDIT)
            hx-get=(paths::AUDIT) hx-target="#audit-rows" hx-select="#audit-rows" hx-swap="outerHTML" hx-push-url="true" {
            div.filter-grid {
                div.field {
                    label.field__label for="action" { (t!("audit.action", locale = lang)) }
                    input.field__input #action type="text" name="action" value=(v.action) maxlength="64";
                }
                div.field {
                    label.field__label for="actor" { (t!("audit.actor", locale = lang)) }
                    input.field__input #actor type="text" name="actor" value=(v.actor) maxlength="64";
                }
                div.field {
                    label.field__label for="result" { (t!("audit.result", locale = lang)) }
                    select.field__input #result name="result" {
                        option value="" selected[v.result.is_empty()] { (t!("audit.result_any", locale = lang)) }
                        @for r in ["success", "failure", "refused", "replayed", "throttled"] {
                            option value=(r) selected[v.result == r] { (r) }
                        }
                    }
                }
                div.field {
                    label.field__label for="from" { (t!("audit.from", locale = lang)) }
                    @let err = v.errors.for_field("from");
                    @if let Some(e) = err { p.field__error #from-error { (e) } }
                    input.field__input #from type="date" name="from" value=(v.from)
                        aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| "from-error")];
                }
                div.field {
                    label.field__label for="to" { (t!("audit.to", locale = lang)) }
                    @let err = v.errors.for_field("to");
                    @if let Some(e) = err { p.field__error #to-error { (e) } }
                    input.field__input #to type="date" name="to" value=(v.to)
                        aria-invalid=[err.map(|_| "true")] aria-describedby=[err.map(|_| "to-error")];
                }
            }
            button.button.button--secondary type="submit" { (t!("audit.filter_submit", locale = lang)) }
        }
        }))
        (audit_rows(v))
    }
}

/// The rows with the "older entries" link: the part htmx swaps.
pub fn audit_rows(v: &AuditView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        div #audit-rows {
            @if v.rows.is_empty() {
                p.empty-state { (t!("audit.empty", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table.table--stack.table--compact {
                        caption { (t!("audit.caption", locale = lang)) }
                        thead { tr {
                            th scope="col" { "#" }
                            th scope="col" { (t!("audit.at", locale = lang)) }
                            th scope="col" { (t!("audit.actor", locale = lang)) }
                            th scope="col" { (t!("audit.role", locale = lang)) }
                            th scope="col" { (t!("audit.action", locale = lang)) }
                            th scope="col" { (t!("audit.target", locale = lang)) }
                            th scope="col" { (t!("audit.ip", locale = lang)) }
                            th scope="col" { (t!("audit.result", locale = lang)) }
                            th scope="col" { (t!("audit.detail", locale = lang)) }
                        } }
                        tbody {
                            @for r in &v.rows {
                                tr class={ @if r.result != "success" { "row--alert" } } {
                                    td data-label="#" { (r.seq) }
                                    td data-label=(t!("audit.at", locale = lang)) { time { (r.at) } }
                                    td data-label=(t!("audit.actor", locale = lang)) { (r.actor) }
                                    td data-label=(t!("audit.role", locale = lang)) { (r.role) }
                                    td data-label=(t!("audit.action", locale = lang)) { code { (r.action) } }
                                    td data-label=(t!("audit.target", locale = lang)) { (r.target) }
                                    td data-label=(t!("audit.ip", locale = lang)) { (r.ip) }
                                    td data-label=(t!("audit.result", locale = lang)) { (r.result) }
                                    td data-label=(t!("audit.detail", locale = lang)) { (r.detail) }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = &v.next_page {
                p { a href=(next) { (t!("audit.older", locale = lang)) } }
            }
        }
    }
}

pub struct TagRow {
    pub id: i64,
    pub name: String,
    pub retired: bool,
}

/// The S管理者's tag list: add, rename, retire and restore.
pub fn tags(
    lang: &str,
    csrf_token: &str,
    rows: &[TagRow],
    errors: &crate::form::Errors,
    typed: &dyn Fn(&str) -> String,
) -> Markup {
    use crate::form::{Field, csrf, field};
    html! {
        p { (t!("tags.lead", locale = lang)) }
        (with_summary(lang, errors, html! {
        form.inline-form method="post" action=(paths::ADMIN_TAGS) novalidate {
            (csrf(csrf_token))
            (field(lang, &Field::text("name", t!("tags.new", locale = lang).into(), &typed("name")).required().maxlength(20), errors))
            button.button.button--primary type="submit" { (t!("tags.add", locale = lang)) }
        }
        }))
        div.table-scroll {
            table.table.table--stack {
                caption { (t!("tags.caption", locale = lang, count = rows.len())) }
                thead { tr {
                    th scope="col" { (t!("tags.name", locale = lang)) }
                    th scope="col" { (t!("tags.state", locale = lang)) }
                    th scope="col" { (t!("tags.actions", locale = lang)) }
                } }
                tbody {
                    @for r in rows {
                        @let name_field = format!("name-{}", r.id);
                        @let typed_name = typed(&name_field);
                        @let shown = if typed_name.is_empty() { r.name.clone() } else { typed_name };
                        tr {
                            td data-label=(t!("tags.name", locale = lang)) {
                                form.inline-form method="post" action=(paths::admin_tag(r.id)) novalidate {
                                    (csrf(csrf_token))
                                    (field(lang, &Field::text(&name_field, t!("tags.rename_label", locale = lang, name = r.name).into(), &shown).required().maxlength(20), errors))
                                    button.button.button--secondary type="submit" { (t!("tags.rename", locale = lang)) }
                                }
                            }
                            td data-label=(t!("tags.state", locale = lang)) { @if r.retired { (t!("tags.retired", locale = lang)) } @else { (t!("tags.active", locale = lang)) } }
                            td data-label=(t!("tags.actions", locale = lang)) {
                                form.inline-form method="post" action=(paths::admin_tag_retirement(r.id)) {
                                    (csrf(csrf_token))
                                    input type="hidden" name="retire" value=(if r.retired { "0" } else { "1" });
                                    button.button.button--secondary type="submit" {
                                        @if r.retired { (t!("tags.restore", locale = lang)) } @else { (t!("tags.retire", locale = lang)) }
                                        span.visually-hidden { "（" (r.name) "）" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
