//! Form pieces in the DADS manner: the label above the field, "※必須" written as text, support
//! and error text tied to the field with `aria-describedby`, `aria-invalid` on errors, and an
//! error summary at the top of the form linking to each field.

use std::cell::RefCell;

use maud::{Markup, html};
use rust_i18n::t;

/// One message for one field. `field` is the input's name (and id).
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The problems of a submitted form, by field. While the form is drawn, each field tells it its
/// label (with the row it is in), so that the summary above the form can name the field of each
/// message — 「フリガナ（利用者 2）：カタカナで入力してください。」 — and not repeat one message ten times.
#[derive(Debug, Clone, Default)]
pub struct Errors {
    list: Vec<FieldError>,
    /// (field, label, row)
    labels: RefCell<Vec<(String, String, Option<String>)>>,
    scope: RefCell<Option<String>>,
}

impl Errors {
    pub fn new() -> Errors {
        Errors::default()
    }
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.list.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.list.iter()
    }
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
    /// Remembers the label of a field drawn (only when there are problems to name).
    pub fn label(&self, field: &str, label: &str) {
        if self.list.is_empty() || label.is_empty() {
            return;
        }
        let scope = self.scope.borrow().clone();
        self.labels
            .borrow_mut()
            .push((field.to_string(), label.to_string(), scope));
    }
    /// Draws `f` with the labels of its fields qualified by `scope` (a row: 「利用者 2」).
    pub fn in_scope(&self, scope: &str, f: impl FnOnce() -> Markup) -> Markup {
        let before = self.scope.replace(Some(scope.to_string()));
        let m = f();
        self.scope.replace(before);
        m
    }
    /// The field's label with its row, punctuated for `lang`: 「フリガナ（利用者 2）：」.
    fn label_of(&self, lang: &str, field: &str) -> Option<String> {
        self.labels
            .borrow()
            .iter()
            .find(|(f, ..)| f == field)
            .map(|(_, label, scope)| match (scope, lang) {
                (Some(s), "en") => format!("{label} ({s}): "),
                (Some(s), _) => format!("{label}（{s}）："),
                (None, "en") => format!("{label}: "),
                (None, _) => format!("{label}："),
            })
    }
}

/// The summary at the top of a form with errors (DADS): focused when the page opens, one line
/// per problem naming its field and linking to it. Use [`with_summary`] so the fields are
/// drawn first and their labels are known.
pub fn error_summary(lang: &str, errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                h2 #error-summary-title { (t!("form.error_summary_title", locale = lang)) }
                ul {
                    @for e in errors.iter() {
                        li { a href={ "#" (e.field) } {
                            @if let Some(label) = errors.label_of(lang, &e.field) { (label) }
                            (e.message)
                        } }
                    }
                }
            }
        }
    }
}

/// The error summary followed by `form`: `form` is drawn first (its fields name themselves),
/// so write `(with_summary(lang, errors, html! { form … }))`.
pub fn with_summary(lang: &str, errors: &Errors, form: Markup) -> Markup {
    html! {
        (error_summary(lang, errors))
        (form)
    }
}

/// A field's error, below the field (DADS).
fn error_text(id: &str, error: Option<&str>) -> Markup {
    html! { @if let Some(e) = error { p.field__error id=(id) { (e) } } }
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
    errors.label(f.name, &f.label);
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
            input.field__input id=(f.name) name=(f.name) type=(f.input_type) value=(value)
                autocomplete=(f.autocomplete)
                required[f.required]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[(!described.is_empty()).then_some(described.as_str())]
                inputmode=[f.inputmode]
                maxlength=[f.maxlength]
                spellcheck="false"
                autocapitalize="off";
            (error_text(&error_id, error))
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
    errors.label(name, label);
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) {
                (label)
                @if required { span.field__required { (t!("form.required", locale = lang)) } }
            }
            select.field__input id=(name) name=(name) required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] {
                option value="" selected[selected.is_empty()] { (t!("form.choose", locale = lang)) }
                @for (value, text) in options {
                    option value=(value) selected[selected == value] { (text) }
                }
            }
            (error_text(&error_id, error))
        }
    }
}

/// A single check box (a pledge, a confirmation).
pub fn checkbox(name: &str, label: &str, checked: bool, errors: &Errors) -> Markup {
    errors.label(name, label);
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field field--checkbox" @if error.is_some() { " field--error" } } {
            label.checkbox for=(name) {
                input type="checkbox" id=(name) name=(name) value="yes" checked[checked]
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())];
                span { (label) }
            }
            (error_text(&error_id, error))
        }
    }
}

/// A box tall enough for what it is for: a note of a few lines, or a letter.
fn rows_for(max: usize) -> usize {
    if max >= 2000 {
        6
    } else if max >= 500 {
        4
    } else {
        3
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
    errors.label(name, label);
    let error = errors.for_field(name);
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) {
                (label)
                @if required { span.field__required { (t!("form.required", locale = lang)) } }
            }
            textarea.field__input id=(name) name=(name) rows=(rows_for(max)) maxlength=(max) required[required]
                aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| error_id.as_str())] { (value) }
            (error_text(&error_id, error))
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
