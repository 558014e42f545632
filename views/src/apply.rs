//! 電子申請: the public page that lists the online forms, and the receipt after sending one.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub fn index(
    lang: &str,
    forms: &[(String, String, String)],
    office: &str,
    phone: &str,
    days: u32,
) -> Markup {
    html! {
        p { (t!("apply.lead", locale = lang)) }
        ul.link-list {
            @for (href, label, note) in forms {
                li { a href=(href) { (label) } br; span.small { (note) } }
            }
        }
        aside.notice {
            p { (t!("apply.how", locale = lang, days = days)) }
            p { (t!("apply.other_forms", locale = lang)) }
            p { (t!("apply.contact", locale = lang, office = office, phone = phone)) }
        }
    }
}

pub fn received(lang: &str, receipt: &str, office: &str, phone: &str, days: u32) -> Markup {
    html! {
        div.notice.notice--success role="status" {
            p { (t!("apply.received_lead", locale = lang)) }
            p.receipt-number { (t!("applications.receipt", locale = lang)) "： " strong { (receipt) } }
        }
        p { (t!("apply.received_next", locale = lang, days = days)) }
        p { (t!("apply.contact", locale = lang, office = office, phone = phone)) }
        p { a href=(paths::APPLY) { (t!("apply.back", locale = lang)) } }
    }
}
