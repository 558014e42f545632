//! One application's detail: its form, status and due date, what was submitted, the scans and
//! files sent with it, its letters (and the batch print of a form 4's), the other half of a
//! form 7 + 8 pair, the steps that may follow and its history.

use super::*;

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
