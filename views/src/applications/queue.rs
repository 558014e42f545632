//! The queue of one administrator office: the counts per status, the filter (form, status,
//! channel, overdue only) and the table of applications, which htmx replaces alone
//! (`queue_rows`).

use super::*;

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
    /// The next 100 (keyset paging), keeping the filter.
    pub more_href: Option<String>,
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
    let tt = |k: &str| t!(k, locale = lang).to_string();
    let headers: Vec<String> = [
        "applications.due",
        "applications.receipt",
        "applications.form",
        "applications.organisation",
        "applications.channel",
        "applications.received",
        "applications.status",
    ]
    .iter()
    .map(|k| tt(k))
    .collect();
    let more = tt("list.more");
    html! {
        div #queue-rows {
            @if v.rows.is_empty() {
                p.empty-state { (tt("applications.empty")) }
            } @else {
                (crate::ui::paged_table((&tt("applications.caption_paged"), false), &headers,
                    v.rows.iter().map(|r| {
                        let cells = vec![
                            html! {
                                (r.due)
                                @if r.overdue { " " strong.badge.badge--danger { (tt("applications.overdue")) } }
                            },
                            html! { a href=(r.href) { (r.receipt) } },
                            html! {
                                (r.form)
                                @if r.paired { " " span.badge { (tt("applications.paired")) } }
                            },
                            html! { (r.organisation) @if !r.summary.is_empty() { br; span.small { (r.summary) } } },
                            html! { (r.channel) },
                            html! { (r.received) },
                            html! { (r.status) },
                        ];
                        (r.overdue.then_some("row--overdue"), cells)
                    }),
                    "applications", v.more_href.as_deref().map(|h| (h, &*more))))
            }
        }
    }
}
