//! The role-specific home page. Empty states say what comes next, so that a new user on the
//! first day knows what to expect and whom to ask.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub enum HomeRole {
    CityAdmin,
    AssociationAdmin,
    Professional { is_org_manager: bool },
}

pub struct HomeView<'a> {
    pub lang: &'a str,
    pub role: HomeRole,
    pub display_name: &'a str,
    pub city_office: &'a str,
    pub association_office: &'a str,
    pub summary: Summary,
}

/// A post that waits for the viewer (「自分宛て・要返信」).
#[derive(Debug)]
pub struct WaitingItem {
    pub href: String,
    /// 要返信 (a reply is asked of the viewer) or 自分宛て (addressed to them, not read yet).
    pub reply_asked: bool,
    pub subject: String,
    pub room: String,
    pub author: String,
    pub at: String,
}

/// What the home page counts for its user.
#[derive(Default)]
pub struct Summary {
    pub active_accounts: Option<i64>,
    /// Applications waiting (受付 or 審査中) in the clerk's queue, and how many are overdue.
    pub open_applications: i64,
    pub overdue: i64,
    pub unread_mail: i64,
    /// The first open rooms, and how many there are.
    pub rooms: Vec<crate::rooms::MyRoom>,
    pub rooms_total: usize,
    pub waiting: Vec<WaitingItem>,
    /// The paper forms a clerk keys in: (href, label).
    pub paper_forms: Vec<(String, String)>,
    /// Unread お知らせ: (href, title, from).
    pub notices: Vec<(String, String, String)>,
}

/// Unread お知らせ, on top until read.
fn notices_card(lang: &str, s: &Summary) -> Markup {
    html! {
        @if !s.notices.is_empty() {
            section.card aria-labelledby="notices-title" {
                h2 #notices-title { (t!("notices.home_title", locale = lang)) }
                ul.link-list {
                    @for (href, title, from) in &s.notices {
                        li { span.badge { (t!("notices.unread", locale = lang)) } " " a href=(href) { (title) } br; span.small { (from) } }
                    }
                }
                p { a href=(paths::NOTICES) { (t!("notices.title", locale = lang)) } }
            }
        }
    }
}

fn queue_card(lang: &str, title_key: &str, empty_key: &str, s: &Summary) -> Markup {
    html! {
        section.card aria-labelledby="queue-title" {
            h2 #queue-title { (t!(title_key, locale = lang)) }
            @if s.open_applications == 0 {
                p.empty-state { (t!(empty_key, locale = lang)) }
            } @else {
                p {
                    (t!("home.open_applications", locale = lang, count = s.open_applications))
                    @if s.overdue > 0 { " " strong.badge.badge--danger { (t!("home.overdue", locale = lang, count = s.overdue)) } }
                }
            }
            p.actions { a.button.button--secondary href=(paths::APPLICATIONS) { (t!("home.queue_link", locale = lang)) } }
            @if !s.paper_forms.is_empty() {
                h3 { (t!("home.key_paper", locale = lang)) }
                ul.link-list { @for (href, label) in &s.paper_forms { li { a href=(href) { (label) } } } }
            }
        }
    }
}

fn mail_card(lang: &str, s: &Summary) -> Markup {
    html! {
        section.card aria-labelledby="mail-title" {
            h2 #mail-title { (t!("nav.mail", locale = lang)) }
            p {
                @if s.unread_mail > 0 {
                    a href=(paths::MAIL) { (t!("home.unread_mail", locale = lang, count = s.unread_mail)) }
                } @else {
                    (t!("home.no_unread_mail", locale = lang)) " " a href=(paths::MAIL) { (t!("home.open_mail", locale = lang)) }
                }
            }
        }
    }
}

/// 「自分宛て・要返信」: what waits for the viewer across their rooms, newest first.
fn waiting_card(lang: &str, s: &Summary) -> Markup {
    html! {
        section.card aria-labelledby="waiting-title" {
            h2 #waiting-title { (t!("home.pro.waiting_title", locale = lang)) }
            @if s.waiting.is_empty() {
                p.empty-state { (t!("home.pro.waiting_empty", locale = lang)) }
            } @else {
                ul.todo-list {
                    @for w in &s.waiting {
                        li {
                            @if w.reply_asked {
                                span.badge.badge--warning { (t!("home.pro.reply_asked", locale = lang)) }
                            } @else {
                                span.badge { (t!("home.pro.addressed", locale = lang)) }
                            }
                            " " a href=(w.href) { (w.subject) }
                            br;
                            span.small { (w.room) " ・ " (w.author) " ・ " (w.at) }
                        }
                    }
                }
            }
        }
    }
}

pub fn home(v: &HomeView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.lead { (t!("home.greeting", locale = lang, name = v.display_name)) }
        @match v.role {
            HomeRole::CityAdmin => {
                (queue_card(lang, "home.city.queue_title", "home.city.queue_empty", &v.summary))
                (mail_card(lang, &v.summary))
                section.card aria-labelledby="accounts-title" {
                    h2 #accounts-title { (t!("home.city.accounts_title", locale = lang)) }
                    @if let Some(n) = v.summary.active_accounts {
                        p { (t!("home.city.accounts_count", locale = lang, count = n)) }
                    }
                    p { a href=(paths::ADMIN_USERS) { (t!("home.city.accounts_link", locale = lang)) } }
                    p { a href=(paths::ORGANISATIONS) { (t!("registers.organisations_title", locale = lang)) } }
                    p { a href=(paths::STATISTICS) { (t!("statistics.home_link", locale = lang)) } }
                    p { a href=(paths::AUDIT) { (t!("home.city.audit_link", locale = lang)) } }
                }
            }
            HomeRole::AssociationAdmin => {
                (queue_card(lang, "home.association.queue_title", "home.association.queue_empty", &v.summary))
                (mail_card(lang, &v.summary))
                section.card aria-labelledby="rooms-title" {
                    h2 #rooms-title { (t!("home.association.rooms_title", locale = lang)) }
                    p { a href=(paths::ROOMS_ADMIN) { (t!("home.association.rooms_link", locale = lang)) } }
                    p { a href=(paths::REGISTRANTS) { (t!("registers.registrants_title", locale = lang)) } }
                    p { a href=(paths::STATISTICS) { (t!("statistics.home_link", locale = lang)) } }
                }
            }
            HomeRole::Professional { is_org_manager } => {
                (notices_card(lang, &v.summary))
                @if !v.summary.rooms.is_empty() { (waiting_card(lang, &v.summary)) }
                section.card aria-labelledby="rooms-title" {
                    h2 #rooms-title { (t!("home.pro.rooms_title", locale = lang)) }
                    @if v.summary.rooms.is_empty() {
                        p.empty-state { (t!("home.pro.rooms_empty", locale = lang, office = v.association_office)) }
                    } @else {
                        ul.room-list { @for r in &v.summary.rooms { (crate::rooms::room_item(lang, r)) } }
                        @if v.summary.rooms_total > v.summary.rooms.len() {
                            p { a href=(paths::ROOMS) { (t!("home.pro.rooms_link", locale = lang, count = v.summary.rooms_total)) } }
                        }
                    }
                }
                (mail_card(lang, &v.summary))
                @if is_org_manager {
                    section.card aria-labelledby="org-title" {
                        h2 #org-title { (t!("home.pro.org_title", locale = lang)) }
                        p { (t!("home.pro.org_text", locale = lang, office = v.city_office)) }
                    }
                }
            }
        }
        section.card aria-labelledby="account-title" {
            h2 #account-title { (t!("home.account_title", locale = lang)) }
            p { a href=(paths::ACCOUNT) { (t!("home.account_link", locale = lang)) } }
        }
    }
}
