//! The page of a form (`form_page`) and the parts every form shares: the choice of paper form
//! to key in, `PaperView` with its field helpers and `FormMode`, the receipt fields of a paper
//! form, the scans kept from an earlier try, the file input and the submit buttons.

use super::*;

/// The choice of paper form to key in.
pub fn choose_form(lang: &str, forms: &[(String, String, String)]) -> Markup {
    html! {
        p { (t!("applications.choose_lead", locale = lang)) }
        ul.link-list {
            @for (href, label, note) in forms {
                li { a href=(href) { (label) } @if !note.is_empty() { " " span.small { (note) } } }
            }
        }
    }
}

/// What a paper form page needs: the typed values by field name, and the options.
pub struct PaperView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub values: &'a dyn Fn(&str) -> String,
    pub errors: &'a Errors,
    /// Option lists by name (channels, kinds, professions, devices, …): (code, label).
    pub options: &'a dyn Fn(&str) -> Vec<(String, String)>,
    pub rows: usize,
    pub pledges: Vec<String>,
    /// Keyed from paper, the public 電子申請, or sent by a logged-in user.
    pub mode: FormMode,
    /// Rooms to choose from (room applications): (id, label).
    pub rooms: Vec<(String, String)>,
    /// Scans kept from an earlier try (the form came back): (id, "name (size)").
    pub kept: &'a [(i64, String)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    /// A clerk keys in a paper form: receipt fields and the scan.
    Paper,
    /// The public 電子申請 (no login): no receipt fields, a contact address.
    Online,
    /// A logged-in user sends it (利用者間メール or 電子申請): a note and attachments.
    User,
}

impl PaperView<'_> {
    /// A select of one of the option lists, with the typed value kept.
    pub(super) fn pick(&self, name: &str, list: &str, label: &str, required: bool) -> Markup {
        select(
            self.lang,
            name,
            label,
            &(self.options)(list),
            &(self.values)(name),
            required,
            self.errors,
        )
    }
    pub(super) fn text(&self, name: &str, label_key: &str, required: bool, max: usize) -> Markup {
        let value = (self.values)(name);
        let mut f =
            Field::text(name, t!(label_key, locale = self.lang).into(), &value).maxlength(max);
        if required {
            f = f.required();
        }
        field(self.lang, &f, self.errors)
    }
    pub(super) fn date(&self, name: &str, label_key: &str, required: bool) -> Markup {
        let value = (self.values)(name);
        let mut f = Field::text(name, t!(label_key, locale = self.lang).into(), &value)
            .maxlength(20)
            .support(t!("form.date_support", locale = self.lang).into());
        if required {
            f = f.required();
        }
        field(self.lang, &f, self.errors)
    }
    pub(super) fn tick(&self, name: &str, label_key: &str) -> Markup {
        checkbox(
            name,
            &t!(label_key, locale = self.lang),
            !(self.values)(name).is_empty(),
            self.errors,
        )
    }
}

fn receipt_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if v.mode != FormMode::Paper {
            (v.date("application_date", "applications.application_date", true))
        } @else {
            fieldset.fieldset {
                legend { (t!("applications.receipt_legend", locale = lang)) }
                (v.pick("channel", "channels", &t!("applications.channel", locale = lang), true))
                (v.date("received_on", "applications.received", true))
                (v.date("application_date", "applications.application_date", true))
                (kept_files(lang, "scan", v.kept))
                (file_input(lang, "scan", &t!(if v.kept.is_empty() { "files.scan" } else { "files.scan_more" }, locale = lang), v.errors))
            }
        }
    }
}

/// Files kept from an earlier try of the form, offered again as ticked boxes.
pub fn kept_files(lang: &str, field: &str, kept: &[(i64, String)]) -> Markup {
    html! {
        @if !kept.is_empty() {
            div.field.file-kept {
                p.field__label { (t!("files.kept", locale = lang)) }
                @for (id, label) in kept {
                    label.checkbox {
                        input type="checkbox" name={ "kept_" (field) } value=(id) checked;
                        span { (label) }
                    }
                }
            }
        }
    }
}

/// A file input for scans (PDF or image), with its message when the file was refused.
pub fn file_input(lang: &str, name: &str, label: &str, errors: &Errors) -> Markup {
    files_field(lang, name, label, errors, "files.support", SCANS)
}

/// A file input for a post's or a mail's attachments: scans, office documents and text.
pub fn document_input(lang: &str, name: &str, label: &str, errors: &Errors) -> Markup {
    files_field(
        lang,
        name,
        label,
        errors,
        "files.support_documents",
        DOCUMENTS,
    )
}

const SCANS: &str =
    ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff";
const DOCUMENTS: &str = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.xlsx,.pptx,.doc,.xls,.csv,.txt,\
application/pdf,image/png,image/jpeg,image/tiff,text/csv,text/plain";

fn files_field(
    lang: &str,
    name: &str,
    label: &str,
    errors: &Errors,
    support: &str,
    accept: &str,
) -> Markup {
    let error = errors.for_field(name);
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) { (label) }
            p.field__support id=(hint_id) { (t!(support, locale = lang)) }
            @if let Some(e) = error { p.field__error id=(error_id) { (e) } }
            input #(name) type="file" name=(name) multiple accept=(accept)
                aria-describedby={ (hint_id) @if error.is_some() { " " (error_id) } }
                aria-invalid=[error.map(|_| "true")];
        }
    }
}

fn submit(lang: &str, mode: FormMode) -> Markup {
    let key = match mode {
        FormMode::Paper => "applications.file",
        FormMode::Online | FormMode::User => "apply.send",
    };
    html! { button.button.button--primary type="submit" { (t!(key, locale = lang)) } }
}

/// A whole form page: the fields of `kind` (form4 … form9, form7_8, room_open,
/// room_membership, room_close) inside the form with what its mode needs.
pub fn form_page(v: &PaperView<'_>, kind: &str) -> Markup {
    let lang = v.lang;
    html! {
        (with_summary(lang, v.errors, html! {
        form method="post" action=(v.action) enctype="multipart/form-data" novalidate {
            (csrf(v.csrf))
            input type="hidden" name="draft_id" value=((v.values)("draft_id"));
            (receipt_fields(v))
            // Where there is more than one 管理者 office, the sender chooses which (first: it
            // decides who reads the rest).
            @if v.mode == FormMode::User && matches!(kind, "form7" | "form8" | "form7_8" | "form9")
                && (v.options)("association_offices").len() > 1 {
                (v.pick("office", "association_offices", &t!("submit.office", locale = lang), true))
            }
            @match kind {
                "form4" => (form4_fields(v)),
                "form5" => (form5_fields(v)),
                "form6" => (form6_fields(v)),
                "form7" => (form7_fields(v, true)),
                "form8" => (form8_fields(v, true)),
                "form7_8" => {
                    (registrant_fields(v))
                    h2 { (t!("applications.forms.form7", locale = lang)) }
                    (form7_fields(v, false))
                    h2 { (t!("applications.forms.form8", locale = lang)) }
                    (form8_fields(v, false))
                },
                "form9" => (form9_fields(v)),
                "room_open" => (room_open_fields(v)),
                "room_membership" => (room_membership_fields(v)),
                "room_close" => (room_close_fields(v)),
                _ => {},
            }
            @if v.mode == FormMode::User {
                (textarea(lang, "note", &t!("submit.note", locale = lang), &(v.values)("note"), false, 2000, v.errors))
                (kept_files(lang, "attachment", v.kept))
                (file_input(lang, "attachment", &t!(if matches!(kind, "form7" | "form7_8") { "submit.consent_scan" } else { "mail.attachments" }, locale = lang), v.errors))
            }
            p.actions {
                (submit(lang, v.mode))
                @if v.mode != FormMode::Online {
                    " "
                    button.button.button--secondary type="submit" name="save_draft" value="1" {
                        (t!("drafts.save", locale = lang))
                    }
                }
            }
            @if v.mode != FormMode::Online {
                p.support { (t!("drafts.files_not_kept", locale = lang)) }
            }
        }
        }))
    }
}
