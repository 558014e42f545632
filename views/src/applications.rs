//! The clerks' back office: the queue of one administrator office, an application's detail with
//! its history and the steps that may follow, and the paper forms keyed in at the counter.

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, Field, checkbox, csrf, field, select, textarea, with_summary};

pub struct QueueRow {
    pub href: String,
    pub receipt: String,
    pub form: String,
    pub organisation: String,
    pub summary: String,
    pub channel: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub status: String,
    /// A form 7 or 8 whose other half is in the list too.
    pub paired: bool,
}

pub struct QueueView<'a> {
    pub lang: &'a str,
    pub office_label: String,
    pub rows: Vec<QueueRow>,
    /// (status code, label, count)
    pub counts: Vec<(String, String, i64)>,
    pub forms: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub channels: Vec<(String, String)>,
    pub form: &'a str,
    pub status: &'a str,
    pub channel: &'a str,
    pub overdue: bool,
    pub can_key_paper: bool,
}

pub fn queue(v: &QueueView<'_>) -> Markup {
    let lang = v.lang;
    let no_errors = Errors::new();
    html! {
        p { (t!("applications.queue_lead", locale = lang, office = v.office_label)) }
        @if v.can_key_paper {
            p { a.button.button--primary href=(paths::APPLICATIONS_NEW) { (t!("applications.key_paper", locale = lang)) } }
        }
        ul.status-counts aria-label=(t!("applications.counts_label", locale = lang)) {
            @for (code, label, n) in &v.counts {
                li { a href={ (paths::APPLICATIONS) "?status=" (code) } { (label) " " strong { (n) } } }
            }
        }
        form.filter-form method="get" action=(paths::APPLICATIONS)
            hx-get=(paths::APPLICATIONS) hx-target="#queue-rows" hx-select="#queue-rows" hx-swap="outerHTML" hx-push-url="true" {
            div.filter-grid {
                (select(lang, "form", &t!("applications.form", locale = lang), &v.forms, v.form, false, &no_errors))
                (select(lang, "status", &t!("applications.status", locale = lang), &v.statuses, v.status, false, &no_errors))
                (select(lang, "channel", &t!("applications.channel", locale = lang), &v.channels, v.channel, false, &no_errors))
                div.field.field--checkbox {
                    label.checkbox for="overdue" {
                        input #overdue type="checkbox" name="overdue" value="1" checked[v.overdue];
                        " " (t!("applications.overdue_only", locale = lang))
                    }
                }
            }
            button.button.button--secondary type="submit" { (t!("applications.filter", locale = lang)) }
        }
        (queue_rows(v))
    }
}

pub fn queue_rows(v: &QueueView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        div #queue-rows {
            @if v.rows.is_empty() {
                p.empty-state { (t!("applications.empty", locale = lang)) }
            } @else {
                div.table-scroll {
                    table.table.table--stack {
                        caption { (t!("applications.caption", locale = lang, count = v.rows.len())) }
                        thead { tr {
                            th scope="col" { (t!("applications.due", locale = lang)) }
                            th scope="col" { (t!("applications.receipt", locale = lang)) }
                            th scope="col" { (t!("applications.form", locale = lang)) }
                            th scope="col" { (t!("applications.organisation", locale = lang)) }
                            th scope="col" { (t!("applications.channel", locale = lang)) }
                            th scope="col" { (t!("applications.received", locale = lang)) }
                            th scope="col" { (t!("applications.status", locale = lang)) }
                        } }
                        tbody {
                            @for r in &v.rows {
                                tr class={ @if r.overdue { "row--overdue" } } {
                                    td data-label=(t!("applications.due", locale = lang)) {
                                        (r.due)
                                        @if r.overdue { " " strong.badge.badge--danger { (t!("applications.overdue", locale = lang)) } }
                                    }
                                    td data-label=(t!("applications.receipt", locale = lang)) { a href=(r.href) { (r.receipt) } }
                                    td data-label=(t!("applications.form", locale = lang)) {
                                        (r.form)
                                        @if r.paired { " " span.badge { (t!("applications.paired", locale = lang)) } }
                                    }
                                    td data-label=(t!("applications.organisation", locale = lang)) { (r.organisation) @if !r.summary.is_empty() { br; span.small { (r.summary) } } }
                                    td data-label=(t!("applications.channel", locale = lang)) { (r.channel) }
                                    td data-label=(t!("applications.received", locale = lang)) { (r.received) }
                                    td data-label=(t!("applications.status", locale = lang)) { (r.status) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub status: String,
    pub reason: String,
}

pub struct StepButton {
    /// Where the step is posted, or where its confirmation page is.
    pub path: String,
    pub label: String,
    /// The step has a confirmation page (it cannot be undone, or needs a reason).
    pub confirm: bool,
    /// The natural next step (the one primary button).
    pub primary: bool,
}

pub struct DetailView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub receipt: &'a str,
    pub form: String,
    pub status: String,
    pub channel: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
    pub fields: Vec<(String, String)>,
    /// A table of rows (applicants, accounts): (caption, header, rows).
    pub table: Option<(String, Vec<String>, Vec<Vec<String>>)>,
    pub history: Vec<HistoryRow>,
    pub steps: Vec<StepButton>,
    pub letters: Vec<(String, String, String)>,
    /// The scans and files sent with it: (href, label).
    pub files: Vec<(String, String)>,
    /// The other half of a form 7 + 8 pair: (href, label).
    pub pair: Vec<(String, String)>,
    /// The queued letters of an approved form 4, to print as one batch: their ids.
    pub print_letters: Vec<i64>,
}

pub fn detail(v: &DetailView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        dl.definition {
            dt { (t!("applications.form", locale = lang)) } dd { (v.form) }
            dt { (t!("applications.status", locale = lang)) } dd { strong { (v.status) } }
            dt { (t!("applications.channel", locale = lang)) } dd { (v.channel) }
            dt { (t!("applications.received", locale = lang)) } dd { (v.received) }
            dt { (t!("applications.due", locale = lang)) } dd {
                (v.due)
                @if v.overdue { " " strong.badge.badge--danger { (t!("applications.overdue", locale = lang)) } }
            }
        }
        @if !v.pair.is_empty() {
            aside.notice aria-labelledby="pair-title" {
                h2 #pair-title { (t!("applications.pair_title", locale = lang)) }
                ul { @for (href, label) in &v.pair { li { a href=(href) { (label) } } } }
            }
        }
        section.card aria-labelledby="submitted-title" {
            h2 #submitted-title { (t!("applications.submitted", locale = lang)) }
            dl.definition {
                @for (k, val) in &v.fields { dt { (k) } dd { (val) } }
            }
            @if let Some((caption, header, rows)) = &v.table {
                (crate::ui::stacked_table(caption, false, header, crate::ui::text_rows(rows)))
            }
        }
        section.card aria-labelledby="files-title" {
            h2 #files-title { (t!("files.title", locale = lang)) }
            @if v.files.is_empty() {
                p.empty-state { (t!("files.none", locale = lang)) }
            } @else {
                ul { @for (href, label) in &v.files { li { a href=(href) download { (label) } } } }
            }
        }
        @if !v.letters.is_empty() {
            section.card aria-labelledby="letters-title" {
                h2 #letters-title { (t!("applications.letters", locale = lang)) }
                (crate::ui::stacked_table(&t!("applications.letters", locale = lang), true,
                    &[t!("letters.notice_number", locale = lang).into(), t!("login.login_id", locale = lang).into(), t!("applications.status", locale = lang).into()],
                    v.letters.iter().map(|(n, login, status)| (None, vec![html! { (n) }, html! { (login) }, html! { (status) }]))))
                @if !v.print_letters.is_empty() {
                    form method="post" action=(paths::LETTER_BATCHES) {
                        (csrf(v.csrf))
                        @for id in &v.print_letters { input type="hidden" name="letter" value=(id); }
                        button.button.button--primary type="submit" { (t!("applications.print_letters", locale = lang, count = v.print_letters.len())) }
                    }
                    p.support { (t!("applications.print_letters_help", locale = lang)) }
                }
            }
        }
        @if !v.steps.is_empty() {
            section.card aria-labelledby="steps-title" {
                h2 #steps-title { (t!("applications.steps", locale = lang)) }
                div.actions {
                    @for s in &v.steps {
                        @let class = if s.primary { "button button--primary" } else { "button button--secondary" };
                        @if s.confirm {
                            a class=(class) href=(s.path) { (s.label) }
                        } @else {
                            form.step-form method="post" action=(s.path) {
                                (csrf(v.csrf))
                                button type="submit" class=(class) { (s.label) }
                            }
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="history-title" {
            h2 #history-title { (t!("applications.history", locale = lang)) }
            table.table.table--stack.table--compact {
                caption.visually-hidden { (t!("applications.history", locale = lang)) }
                thead { tr {
                    th scope="col" { (t!("audit.at", locale = lang)) }
                    th scope="col" { (t!("audit.actor", locale = lang)) }
                    th scope="col" { (t!("applications.step", locale = lang)) }
                    th scope="col" { (t!("applications.status", locale = lang)) }
                    th scope="col" { (t!("applications.reason", locale = lang)) }
                } }
                tbody { @for h in &v.history { tr {
                    td data-label=(t!("audit.at", locale = lang)) { (h.at) } td data-label=(t!("audit.actor", locale = lang)) { (h.actor) } td data-label=(t!("applications.step", locale = lang)) { (h.action) } td data-label=(t!("applications.status", locale = lang)) { (h.status) } td data-label=(t!("applications.reason", locale = lang)) { (h.reason) }
                } } }
            }
        }
        p { a href=(paths::APPLICATIONS) { (t!("applications.back_to_queue", locale = lang)) } }
    }
}

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
    fn pick(&self, name: &str, list: &str, label: &str, required: bool) -> Markup {
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
    fn text(&self, name: &str, label_key: &str, required: bool, max: usize) -> Markup {
        let value = (self.values)(name);
        let mut f =
            Field::text(name, t!(label_key, locale = self.lang).into(), &value).maxlength(max);
        if required {
            f = f.required();
        }
        field(self.lang, &f, self.errors)
    }
    fn date(&self, name: &str, label_key: &str, required: bool) -> Markup {
        let value = (self.values)(name);
        let mut f = Field::text(name, t!(label_key, locale = self.lang).into(), &value)
            .maxlength(20)
            .support(t!("form.date_support", locale = self.lang).into());
        if required {
            f = f.required();
        }
        field(self.lang, &f, self.errors)
    }
    fn tick(&self, name: &str, label_key: &str) -> Markup {
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

/// The field, marked ※必須 when `on` (the first row of a repeated part).
fn required_if(f: Field<'_>, on: bool) -> Field<'_> {
    if on { f.required() } else { f }
}

fn form4_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let val = v.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            div.form-columns {
            fieldset.fieldset.fieldset--boxed {
                legend { (tt("form4.organisation")) }
                (field(lang, &Field::text("org_name", tt("form4.org_name"), &val("org_name")).required().maxlength(100), v.errors))
                (field(lang, &Field::text("org_kana", tt("form4.org_kana"), &val("org_kana")).required().maxlength(100).support(tt("form.kana_support")), v.errors))
                (v.pick("org_kind", "kinds", &tt("form4.org_kind"), true))
                (field(lang, &Field::text("org_postcode", tt("form.postcode"), &val("org_postcode")).required().maxlength(10).inputmode("numeric").support(tt("form.postcode_support")), v.errors))
                (field(lang, &Field::text("org_address", tt("form.address"), &val("org_address")).required().maxlength(200), v.errors))
                (field(lang, &Field::text("org_phone", tt("form.phone"), &val("org_phone")).required().maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("org_fax", tt("form.fax"), &val("org_fax")).maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("org_representative", tt("form4.representative"), &val("org_representative")).required().maxlength(50), v.errors))
            }
            fieldset.fieldset.fieldset--boxed {
                legend { (tt("form4.manager")) }
                (field(lang, &Field::text("manager_name", tt("form.name"), &val("manager_name")).required().maxlength(50), v.errors))
                (field(lang, &Field::text("manager_title", tt("form4.manager_title"), &val("manager_title")).maxlength(50), v.errors))
                (field(lang, &Field::text("manager_phone", tt("form.phone"), &val("manager_phone")).required().maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("manager_email", tt("form4.manager_email"), &val("manager_email")).required().maxlength(254).kind("email"), v.errors))
            }
            }
            div #applicant-rows {
                p.support { (tt("form4.applicants_help")) }
                div.form-columns {
                @for i in 1..=v.rows {
                    @let n = |f: &str| format!("applicant_{i}_{f}");
                    @let legend = t!("form4.applicant", locale = lang, n = i).to_string();
                    // The first applicant is required; a further row, once begun, needs all of it.
                    fieldset.fieldset.fieldset--boxed {
                        legend { (legend) }
                        (v.errors.in_scope(&legend, || html! {
                            (field(lang, &required_if(Field::text(&n("name"), tt("form.name"), &val(&n("name"))).maxlength(50), i == 1), v.errors))
                            (field(lang, &required_if(Field::text(&n("kana"), tt("form.kana"), &val(&n("kana"))).maxlength(100).support(tt("form.kana_support")), i == 1), v.errors))
                            (v.pick(&n("profession"), "professions", &tt("account.profession"), i == 1))
                            (field(lang, &required_if(Field::text(&n("email"), tt("form4.notification_email"), &val(&n("email"))).maxlength(254).kind("email"), i == 1), v.errors))
                            (v.pick(&n("device"), "devices", &tt("form4.device"), i == 1))
                            (checkbox(&n("work_device"), &tt("form4.work_device"), !val(&n("work_device")).is_empty(), v.errors))
                        }))
                    }
                }
                }
                (add_row_button(v, "form4.more_rows", "applicant-rows"))
            }
            fieldset.fieldset {
                legend { (tt("form4.notice_to")) }
                div.radio-group.radio-group--inline {
                    label { input type="radio" name="notice_to" value="organisation" checked[val("notice_to") != "other"]; span { (tt("form4.notice_to_org")) } }
                    label { input type="radio" name="notice_to" value="other" checked[val("notice_to") == "other"]; span { (tt("form4.notice_to_other")) } }
                }
                (field(lang, &Field::text("notice_postcode", tt("form.postcode"), &val("notice_postcode")).maxlength(10), v.errors))
                (field(lang, &Field::text("notice_address", tt("form.address"), &val("notice_address")).maxlength(200), v.errors))
            }
            (pledges(v))
    }
}

fn pledges(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        fieldset.fieldset {
            legend { (t!("form.pledges", locale = lang)) }
            @for (i, p) in v.pledges.iter().enumerate() {
                @let name = format!("pledge_{}", i + 1);
                (checkbox(&name, p, !(v.values)(&name).is_empty(), v.errors))
            }
        }
    }
}

fn form6_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let val = v.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (field(lang, &Field::text("org_name", tt("form4.org_name"), &val("org_name")).required().maxlength(100), v.errors))
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("account_{i}_{f}");
                fieldset.fieldset {
                    legend { (t!("form6.account", locale = lang, n = i)) }
                    (field(lang, &Field::text(&n("login_id"), tt("login.login_id"), &val(&n("login_id"))).maxlength(64), v.errors))
                    (field(lang, &Field::text(&n("name"), tt("form.name"), &val(&n("name"))).maxlength(50), v.errors))
                }
            }
            (v.pick("reason", "stop_reasons", &tt("form6.reason"), true))
            (field(lang, &Field::text("reason_detail", tt("form6.reason_detail"), &val("reason_detail")).maxlength(200), v.errors))
            (field(lang, &Field::text("last_day", tt("form6.last_day"), &val("last_day")).required().maxlength(20).support(tt("form.date_support")), v.errors))
            @let contact_value = val("contact_email");
            @let contact = Field::text("contact_email", tt("form6.contact_email"), &contact_value).maxlength(254).kind("email").support(tt("form6.contact_support"));
            (field(lang, &if v.mode == FormMode::Online { contact.required() } else { contact }, v.errors))
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

/// 「欄を増やす」: one more row, posting what is typed (and chosen) so nothing is lost; with
/// script only the rows are replaced.
fn add_row_button(v: &PaperView<'_>, label_key: &str, rows_id: &str) -> Markup {
    html! {
        input type="hidden" name="rows" value=(v.rows);
        p {
            button.button.button--secondary type="submit" name="op" value="add_row" formnovalidate
                hx-post=(v.action) hx-vals=r#"{"op":"add_row"}"# hx-select={ "#" (rows_id) } hx-target={ "#" (rows_id) } hx-swap="outerHTML" {
                (t!(label_key, locale = v.lang))
            }
        }
    }
}

/// A file input (PDF or image), with its message when the file was refused.
pub fn file_input(lang: &str, name: &str, label: &str, errors: &Errors) -> Markup {
    let error = errors.for_field(name);
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    html! {
        div class={ "field" @if error.is_some() { " field--error" } } {
            label.field__label for=(name) { (label) }
            p.field__support id=(hint_id) { (t!("files.support", locale = lang)) }
            @if let Some(e) = error { p.field__error id=(error_id) { (e) } }
            input #(name) type="file" name=(name) multiple
                accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"
                aria-describedby={ (hint_id) @if error.is_some() { " " (error_id) } }
                aria-invalid=[error.map(|_| "true")];
        }
    }
}

/// The registrant as forms 7, 8 and 9 name them.
fn registrant_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        fieldset.fieldset {
            legend { (t!("registrations.registrant", locale = lang)) }
            (v.text("reg_name", "form.name", true, 50))
            (field(lang, &Field::text("reg_kana", t!("form.kana", locale = lang).into(), &(v.values)("reg_kana")).required().maxlength(100).support(t!("form.kana_support", locale = lang).into()), v.errors))
            (v.date("reg_birth_date", "registrations.birth_date", true))
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

/// 職種連携の部屋 開設申請: the room's name and purpose, and who else joins from the start.
fn room_open_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.text("room_name", "rooms.name", true, 50))
        (textarea(lang, "room_purpose", &t!("rooms.purpose", locale = lang), &(v.values)("room_purpose"), true, 1000, v.errors))
        p.support { (t!("submit.room_members_lead", locale = lang)) }
        (member_rows(v))
    }
}

fn member_rows(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @for i in 1..=v.rows {
            @let n = |f: &str| format!("member_{i}_{f}");
            fieldset.fieldset {
                legend { (t!("form8.member", locale = lang, n = i)) }
                (v.text(&n("login_id"), "login.login_id", false, 64))
                (v.text(&n("name"), "form.name", false, 50))
            }
        }
    }
}

/// 職種連携の部屋 参加・退出申請 — one form, the choice at the top.
fn room_membership_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.pick("choice", "room_choices", &t!("submit.choice", locale = lang), true))
        (v.pick("room_id", "rooms", &t!("rooms.room", locale = lang), true))
        p.support { (t!("submit.membership_lead", locale = lang)) }
        (member_rows(v))
    }
}

/// 職種連携の部屋 閉鎖の申し出.
fn room_close_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.pick("room_id", "rooms", &t!("rooms.room", locale = lang), true))
        (textarea(lang, "reason", &t!("submit.close_reason", locale = lang), &(v.values)("reason"), true, 1000, v.errors))
    }
}

/// 様式第5号 利用団体登録情報変更届出書兼誓約書.
fn form5_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (v.text("org_name", "form5.org_name", true, 100))
            p.support { (tt("form5.lead")) }
            div #change-rows {
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("change_{i}_{f}");
                @let legend = t!("form5.change", locale = lang, n = i).to_string();
                fieldset.fieldset.fieldset--boxed {
                    legend { (legend) }
                    (v.errors.in_scope(&legend, || html! {
                        (v.pick(&n("target"), "change_targets", &tt("form5.target"), false))
                        (v.pick(&n("field"), "change_fields", &tt("form5.field"), false))
                        (v.text(&n("login_id"), "form5.login_id", false, 64))
                        (v.text(&n("old"), "form5.old", false, 200))
                        (v.text(&n("new"), "form5.new", false, 200))
                    }))
                }
            }
            (add_row_button(v, "form5.more_rows", "change-rows"))
            }
            (pledges(v))
    }
}

/// 様式第7号 個人情報取り扱い同意書.
fn form7_fields(v: &PaperView<'_>, registrant: bool) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            @if registrant { (registrant_fields(v)) }
            fieldset.fieldset {
                legend { (tt("form7.details")) }
                (v.pick("reg_sex", "sexes", &tt("form7.sex"), true))
                (field(lang, &Field::text("reg_postcode", tt("form.postcode"), &(v.values)("reg_postcode")).maxlength(10).inputmode("numeric").support(tt("form.postcode_support")), v.errors))
                (v.text("reg_address", "form.address", true, 200))
                (field(lang, &Field::text("reg_phone", tt("form.phone"), &(v.values)("reg_phone")).maxlength(20).inputmode("tel"), v.errors))
            }
            fieldset.fieldset {
                legend { (tt("form7.signer")) }
                (v.pick("signer", "signers", &tt("form7.signer"), true))
                (v.text("proxy_name", "form7.proxy_name", false, 50))
                (v.text("proxy_relationship", "form7.proxy_relationship", false, 30))
                (v.date("consent_on", "form7.consent_on", true))
                (v.tick("digital_consent", "form7.digital_consent"))
            }
    }
}

/// 様式第8号 担当者届出書.
fn form8_fields(v: &PaperView<'_>, registrant: bool) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            @if registrant { (registrant_fields(v)) }
            fieldset.fieldset {
                legend { (tt("form8.coordinator")) }
                (v.text("coordinator_name", "form.name", true, 50))
                (v.text("coordinator_org", "form8.coordinator_org", true, 100))
                (field(lang, &Field::text("coordinator_phone", tt("form.phone"), &(v.values)("coordinator_phone")).required().maxlength(20).inputmode("tel"), v.errors))
            }
            p.support { (tt("form8.rule")) }
            div #member-rows {
            div.form-columns {
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("member_{i}_{f}");
                @let legend = t!("form8.member", locale = lang, n = i).to_string();
                fieldset.fieldset.fieldset--boxed {
                    legend { (legend) }
                    (v.errors.in_scope(&legend, || html! {
                        (v.pick(&n("action"), "member_actions", &tt("form8.action"), false))
                        (v.text(&n("login_id"), "login.login_id", false, 64))
                        (v.text(&n("name"), "form.name", false, 50))
                        (v.pick(&n("role"), "team_roles", &tt("form8.role"), false))
                    }))
                }
            }
            }
            (add_row_button(v, "form8.more_rows", "member-rows"))
            }
    }
}

/// 様式第9号 登録者利用中止届出書.
fn form9_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (registrant_fields(v))
            fieldset.fieldset {
                legend { (tt("form9.submitter_legend")) }
                (v.pick("submitter", "submitters", &tt("form9.submitter"), true))
                (v.text("submitter_name", "form.name", true, 50))
            }
            (v.pick("reason", "discontinue_reasons", &tt("form9.reason"), true))
            (v.text("reason_detail", "form6.reason_detail", false, 200))
            (v.date("discontinued_on", "form9.discontinued_on", true))
            p.support { (tt("form9.effect")) }
    }
}
