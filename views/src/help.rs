//! The help section: the index (each page with what it answers, the offices to contact with
//! their hours and what goes to which), and one page of rendered Markdown (`domain::help`),
//! readable without signing in.

use maud::{Markup, PreEscaped, html};
use rust_i18n::t;

/// An office to contact: its role (S管理者（市）), name, address, phone, hours and what it handles.
pub struct ContactOffice {
    pub role: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub handles: String,
}

pub struct HelpIndex<'a> {
    pub lang: &'a str,
    /// (href, title, what it answers)
    pub pages: Vec<(String, String, String)>,
    pub offices: Vec<ContactOffice>,
}

fn offices(lang: &str, offices: &[ContactOffice]) -> Markup {
    html! {
        section.card aria-labelledby="contact-title" {
            h2 #contact-title { (t!("help.contact_title", locale = lang)) }
            p { (t!("help.emergency", locale = lang)) }
            @for o in offices {
                h3 { (o.role) }
                dl.definition {
                    dt { (t!("help.office", locale = lang)) } dd { (o.name) }
                    dt { (t!("help.handles", locale = lang)) } dd { (o.handles) }
                    dt { (t!("help.phone", locale = lang)) } dd { a href={ "tel:" (o.phone) } { (o.phone) } }
                    @if !o.hours.is_empty() { dt { (t!("help.hours", locale = lang)) } dd { (o.hours) } }
                    dt { (t!("help.address", locale = lang)) } dd { (o.address) }
                }
            }
        }
    }
}

pub fn index(v: &HelpIndex<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("help.lead", locale = lang)) }
        ul.link-list.help-pages {
            @for (href, title, about) in &v.pages {
                li { a href=(href) { strong { (title) } } br; span.small { (about) } }
            }
        }
        p { a.button.button--secondary href=(crate::paths::HELP_FORMS) { (t!("help.forms_link", locale = lang)) } }
        (offices(lang, &v.offices))
    }
}

pub struct FormsView<'a> {
    pub lang: &'a str,
    /// (href of the PDF, label)
    pub links: Vec<(String, String)>,
}

pub fn forms(v: &FormsView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p { (t!("help.forms_lead", locale = lang)) }
        ul.link-list { @for (href, label) in &v.links { li { a href=(href) download { (label) } } } }
        p { a href=(crate::paths::HELP) { (t!("help.back", locale = lang)) } }
    }
}

pub struct HelpPageView<'a> {
    pub lang: &'a str,
    /// The page's HTML, rendered safely from Markdown by `domain::help::render`.
    pub html: &'a str,
    /// The offices, above the text (the contact page).
    pub offices: Vec<ContactOffice>,
    pub back: &'a str,
}

pub fn page(v: &HelpPageView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if !v.offices.is_empty() { (offices(lang, &v.offices)) }
        div.prose { (PreEscaped(v.html)) }
        p { a href=(v.back) { (t!("help.back", locale = lang)) } }
    }
}
