//! Form pieces in the DADS manner: the label above the field, "※必須" written as text, support
//! and error text tied to the field with `aria-describedby`, `aria-invalid` on errors, and an
//! error summary at the top of the form linking to each field.

use maud::{Markup, html};
use rust_i18n::t;

/// One message for one field. `field` is the input's name (and id).
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn new() -> Errors {
        Errors(Vec::new())
    }
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// The summary at the top of a form with errors; focusable so it can be announced.
pub fn error_summary(lang: &str, errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 #error-summary-title { (t!("form.error_summary_title", locale = lang)) }
                ul {
                    @for e in &errors.0 {
                        li { a href={ "#" (e.field) } { (e.message) } }
                    }
                }
            }
        }
    }
}

/// Describes one input field.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: String,
    pub value: &'a str,
    pub input_type: &'static str,
    pub required: bool,
    pub support: Option<String>,
    pub autocomplete: &'static str,
    pub inputmode: Option<&'static str>,
    pub maxlength: Option<usize>,
}

impl<'a> Field<'a> {
    pub fn text(name: &'a str, label: String, value: &'a str) -> Field<'a> {
        Field {
            name,
            label,
            value,
            input_type: "text",
            required: false,
            support: None,
            autocomplete: "off",
            inputmode: None,
            maxlength: None,
        }
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn kind(mut self, input_type: &'static str) -> Self {
        self.input_type = input_type;
        self
    }
    pub fn support(mut self, text: String) -> Self {
        self.support = Some(text);
        self
    }
    pub fn autocomplete(mut self, value: &'static str) -> Self {
        self.autocomplete = value;
        self
    }
    pub fn inputmode(mut self, value: &'static str) -> Self {
        self.inputmode = Some(value);
        self
    }
    pub fn maxlength(mut self, n: usize) -> Self {
        self.maxlength = Some(n);
        self
    }
}

pub fn field(lang: &str, f: &Field<'_>, errors: &Errors) -> Markup {
    let error = errors.for_field(f.name);
    let support_id = format!("{}-support", f.name);
    let error_id = format!("{}-error", f.name);
    let mut described = Vec::new();
    if f.support.is_some() {
        described.push(support_id.clone());
    }
    if error.is_some() {
        described.push(error_id.clone());
    }
    let described = described.join(" ");
    // Password fields never carry the value back, and never invite the browser to store it.
    let value = if f.input_type == "password" {
        ""
    } else {
        f.value
    };
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(f.name) {
                (f.label)
                @if f.required {
                    span.field__required { (t!("form.required", locale = lang)) }
                }
            }
            @if let Some(s) = &f.support {
                p.field__support id=(support_id) { (s) }
            }
            @if let Some(e) = error {
                p.field__error id=(error_id) { (e) }
            }
            input.field__input id=(f.name) name=(f.name) type=(f.input_type) value=(value)
                autocomplete=(f.autocomplete)
                required[f.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then_some(described.as_str())]
                inputmode=[f.inputmode]
                maxlength=[f.maxlength]
                spellcheck="false"
                autocapitalize="off";
        }
    }
}

pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// A `<select>` with the label above; `options` are (value, label).
pub fn select(
    lang: &str,
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &str,
    required: bool,
    errors: &Errors,
) -> Markup {
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) {
                (label)
                @if required { span.field__required { (t!("form.required", locale = lang)) } }
            }
            @if let Some(e) = error { p.field__error id=(error_id) { (e) } }
            select.field__input id=(name) name=(name) required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                option value="" selected[selected.is_empty()] { (t!("form.choose", locale = lang)) }
                @for (value, text) in options {
                    option value=(value) selected[selected == value] { (text) }
                }
            }
        }
    }
}

/// A single check box (a pledge, a confirmation).
pub fn checkbox(name: &str, label: &str, checked: bool, errors: &Errors) -> Markup {
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field field--checkbox" @if error.is_some() { " field--error" } } {
            @if let Some(e) = error { p.field__error id=(error_id) { (e) } }
            label.checkbox for=(name) {
                input type="checkbox" id=(name) name=(name) value="yes" checked[checked]
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                " " (label)
            }
        }
    }
}

/// A multi-line text field.
pub fn textarea(
    lang: &str,
    name: &str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
    errors: &Errors,
) -> Markup {
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) {
                (label)
                @if required { span.field__required { (t!("form.required", locale = lang)) } }
            }
            @if let Some(e) = error { p.field__error id=(error_id) { (e) } }
            textarea.field__input id=(name) name=(name) rows="3" maxlength=(max) required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] { (value) }
        }
    }
}

/// A saved draft in a list: resume link, title, last saved, delete action.
pub struct DraftRow {
    pub href: String,
    pub label: String,
    pub updated: String,
    pub delete: String,
}

/// The user's drafts, each with "resume" and "delete" (a POST with the CSRF token).
pub fn drafts(lang: &str, csrf_token: &str, rows: &[DraftRow], back: &str) -> Markup {
    html! {
        @if !rows.is_empty() {
            section.card aria-labelledby="drafts-title" {
                h2 #drafts-title { (t!("drafts.title", locale = lang)) }
                p.support { (t!("drafts.lead", locale = lang)) }
                ul.draft-list {
                    @for r in rows {
                        li {
                            a href=(r.href) { (r.label) }
                            " " span.small { (t!("drafts.saved_at", locale = lang, at = r.updated)) }
                            form.inline-form method="post" action=(r.delete) {
                                (csrf(csrf_token))
                                input type="hidden" name="back" value=(back);
                                button.button.button--link type="submit" {
                                    (t!("drafts.delete", locale = lang))
                                    span.visually-hidden { "（" (r.label) "）" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
