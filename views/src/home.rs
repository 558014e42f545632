//! The role-specific home page. Empty states say what comes next, so that a new user on the
//! first day knows what to expect and whom to ask.

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
    pub active_accounts: Option<i64>,
}

pub fn home(v: &HomeView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.lead { (t!("home.greeting", locale = lang, name = v.display_name)) }
        @match v.role {
            HomeRole::CityAdmin => {
                section.card aria-labelledby="queue-title" {
                    h2 #queue-title { (t!("home.city.queue_title", locale = lang)) }
                    p.empty-state { (t!("home.city.queue_empty", locale = lang)) }
                }
                section.card aria-labelledby="accounts-title" {
                    h2 #accounts-title { (t!("home.city.accounts_title", locale = lang)) }
                    @if let Some(n) = v.active_accounts {
                        p { (t!("home.city.accounts_count", locale = lang, count = n)) }
                    }
                    p { a href="/admin/users" { (t!("home.city.accounts_link", locale = lang)) } }
                    p { a href="/audit" { (t!("home.city.audit_link", locale = lang)) } }
                }
            }
            HomeRole::AssociationAdmin => {
                section.card aria-labelledby="queue-title" {
                    h2 #queue-title { (t!("home.association.queue_title", locale = lang)) }
                    p.empty-state { (t!("home.association.queue_empty", locale = lang)) }
                }
                section.card aria-labelledby="rooms-title" {
                    h2 #rooms-title { (t!("home.association.rooms_title", locale = lang)) }
                    p.empty-state { (t!("home.association.rooms_empty", locale = lang)) }
                }
            }
            HomeRole::Professional { is_org_manager } => {
                section.card aria-labelledby="rooms-title" {
                    h2 #rooms-title { (t!("home.pro.rooms_title", locale = lang)) }
                    p.empty-state { (t!("home.pro.rooms_empty", locale = lang, office = v.association_office)) }
                }
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
            p { a href="/account" { (t!("home.account_link", locale = lang)) } }
        }
    }
}
