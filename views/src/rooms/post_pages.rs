//! The pages reached from a post: a photo full size (with the way back to its post and the
//! download), and the correction of a post's subject and body by its author.

use super::*;

/// A photo full size, with the way back to its post and the download.
pub struct PhotoView<'a> {
    pub lang: &'a str,
    pub src: String,
    pub name: String,
    pub download: String,
    pub back: String,
    pub subject: String,
}

pub fn photo(v: &PhotoView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.actions {
            a.button.button--secondary href=(v.back) { (t!("rooms.back_to_post", locale = lang)) }
            a.button.button--text href=(v.download) download { (t!("rooms.download_photo", locale = lang)) }
        }
        figure.photo {
            img src=(v.src) alt=(t!("rooms.photo_alt", locale = lang, name = v.name));
            figcaption.small { (v.name) " — " (v.subject) }
        }
    }
}

pub struct CorrectionView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub subject: &'a str,
    pub body: &'a str,
    pub errors: &'a crate::form::Errors,
}

pub fn correction(v: &CorrectionView<'_>) -> Markup {
    use crate::form::{Field, field, textarea, with_summary};
    let lang = v.lang;
    html! {
        p { (t!("rooms.correction_lead", locale = lang)) }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(v.action) novalidate {
            (crate::form::csrf(v.csrf))
            (field(lang, &Field::text("subject", t!("rooms.subject", locale = lang).into(), v.subject).required().maxlength(100), v.errors))
            (textarea(lang, "body", &t!("rooms.body", locale = lang), v.body, true, 5000, v.errors))
            button.button.button--primary type="submit" { (t!("rooms.save_correction", locale = lang)) }
        }
        }))
        p { a href=(v.back) { (t!("rooms.back_to_timeline", locale = lang)) } }
    }
}
