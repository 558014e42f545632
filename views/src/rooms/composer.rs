//! The composer of the 連絡帳, folded behind one 「書き込む」 control: subject and body, the
//! options (to all or some members, whom a reply is wanted from, tags), attachments, the
//! writing guide and the guide's etiquette (seed 000 §9) and, in an inter-professional room, the
//! FAQ's guidance on personal information there (seed 001 7.2–7.4).

use super::*;

pub struct Composer<'a> {
    pub action: String,
    pub key: String,
    pub values: &'a dyn Fn(&str) -> String,
    pub errors: &'a crate::form::Errors,
    /// (user id, label)
    pub members: Vec<(i64, String)>,
    /// (value, label) of whom a reply is wanted from
    pub reply_from: Vec<(String, String)>,
    /// (id, name)
    pub tags: Vec<(i64, String)>,
    pub checked_addressees: Vec<i64>,
    pub checked_tags: Vec<i64>,
}

pub(super) fn composer(lang: &str, csrf_token: &str, c: &Composer<'_>, inter: bool) -> Markup {
    use crate::form::{Field, field, textarea, with_summary};
    let val = c.values;
    let to_some = val("to") == "some";
    let reply_from = val("reply_from");
    // The options stay folded unless something in them was chosen or refused.
    let options_open = to_some
        || !reply_from.is_empty()
        || !c.checked_tags.is_empty()
        || ["to", "reply_from", "tag"]
            .iter()
            .any(|f| c.errors.for_field(f).is_some());
    let chosen = if to_some {
        t!("rooms.to_some_short", locale = lang).to_string()
    } else {
        t!("rooms.to_all", locale = lang).to_string()
    };
    html! {
        details.composer #composer open[!c.errors.is_empty()] {
            summary.button.button--primary { (t!("rooms.write", locale = lang)) }
            section aria-labelledby="composer-title" {
                h2.visually-hidden #composer-title { (t!("rooms.write", locale = lang)) }
                p.notice.notice--warning { strong { (t!("rooms.not_for_emergencies", locale = lang)) } }
                @if inter {
                    div.notice role="note" {
                        p { strong { (t!("rooms.guide_inter", locale = lang)) } }
                        ul {
                            li { (t!("rooms.guide_inter_patient_room", locale = lang)) }
                            li { (t!("rooms.guide_inter_inferred", locale = lang)) }
                            li { (t!("rooms.guide_inter_minimum", locale = lang)) }
                        }
                    }
                }
                (with_summary(lang, c.errors, html! {
                form method="post" action=(c.action) enctype="multipart/form-data" novalidate data-offline="post" {
                    (crate::form::csrf(csrf_token))
                    input type="hidden" name="key" value=(c.key);
                    (field(lang, &Field::text("subject", t!("rooms.subject", locale = lang).into(), &val("subject")).required().maxlength(100).support(t!("rooms.subject_support", locale = lang).into()), c.errors))
                    (textarea(lang, "body", &t!("rooms.body", locale = lang), &val("body"), true, 5000, c.errors))
                    details.composer__options open[options_open] {
                        summary { (t!("rooms.options", locale = lang)) " " span.small { "（" (t!("rooms.to", locale = lang)) (chosen) "）" } }
                        fieldset.fieldset {
                            legend { (t!("rooms.to_legend", locale = lang)) }
                            @let to_error = c.errors.for_field("to");
                            ({ c.errors.label("to", &t!("rooms.to_legend", locale = lang)); maud::html! {} })
                            label.checkbox { input #to type="radio" name="to" value="all" checked[!to_some]; span { (t!("rooms.to_all", locale = lang)) } }
                            label.checkbox { input type="radio" name="to" value="some" checked[to_some]; span { (t!("rooms.to_some", locale = lang)) } }
                            div.checkbox-row {
                                @for (id, name) in &c.members {
                                    label.checkbox { input type="checkbox" name="addressee" value=(id) checked[c.checked_addressees.contains(id)]; span { (name) } }
                                }
                            }
                            @if let Some(e) = to_error { p.field__error { (e) } }
                        }
                        (crate::form::select(lang, "reply_from", &t!("rooms.reply_wanted", locale = lang), &c.reply_from, &reply_from, false, c.errors))
                        @if !c.tags.is_empty() {
                            fieldset.fieldset #tag tabindex="-1" {
                                legend { (t!("rooms.tags", locale = lang)) }
                                ({ c.errors.label("tag", &t!("rooms.tags", locale = lang)); maud::html! {} })
                                div.checkbox-row {
                                    @for (id, name) in &c.tags {
                                        label.checkbox { input type="checkbox" name="tag" value=(id) checked[c.checked_tags.contains(id)]; span { (name) } }
                                    }
                                }
                                @if let Some(e) = c.errors.for_field("tag") { p.field__error { (e) } }
                            }
                        }
                    }
                    (crate::applications::document_input(lang, "attachment", &t!("rooms.attachments", locale = lang), c.errors))
                    p.offline-status hidden aria-live="polite" {}
                    button.button.button--primary type="submit" { (t!("rooms.post", locale = lang)) }
                }
                }))
                details.writing-guide {
                    summary { (t!("rooms.guide_title", locale = lang)) }
                    ul {
                        li { (t!("rooms.guide_1", locale = lang)) }
                        li { (t!("rooms.guide_2", locale = lang)) }
                        li { (t!("rooms.guide_3", locale = lang)) }
                    }
                }
                details.writing-guide {
                    summary { (t!("rooms.etiquette_title", locale = lang)) }
                    dl {
                        dt { (t!("rooms.etiquette_1_title", locale = lang)) } dd { (t!("rooms.etiquette_1", locale = lang)) }
                        dt { (t!("rooms.etiquette_2_title", locale = lang)) } dd { (t!("rooms.etiquette_2", locale = lang)) }
                        dt { (t!("rooms.etiquette_3_title", locale = lang)) } dd { (t!("rooms.etiquette_3", locale = lang)) }
                    }
                }
            }
        }
    }
}
