//! Applications as the clerk's pages show them: the paper forms offered, step segments, and
//! one application's page.

use chrono::NaiveDate;
use renkei_views::applications::{DetailView, HistoryRow, QueueRow, StepButton};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::paths;
use crate::http::present::application_detail::{describe, natural_next};
use crate::http::present::labels::summary_label;
use crate::http::present::labels::{channel_label, date_label, form_label, status_label};
use crate::http::present::{date, datetime};
use crate::http::render::size_label;
use crate::models::applications::{ALL_FORMS, ALL_STATUSES, Application, Channel, Form, Office};
use crate::models::views::application::ApplicationPage;
use crate::services::applications::Step;

/// The clerk's paper forms as links straight to the form (the home page offers them).
pub fn paper_form_links(ctx: &Ctx) -> Vec<(String, String)> {
    let Ok(office) = office_of(ctx) else {
        return Vec::new();
    };
    paper_forms(office)
        .into_iter()
        .map(|f| {
            (
                paths::application_new(f.as_str()),
                form_label(ctx.lang, f.as_str()),
            )
        })
        .collect()
}

/// The forms an office keys in from paper (those that may arrive by 持参 or 郵送).
pub fn paper_forms(office: Office) -> Vec<Form> {
    ALL_FORMS
        .iter()
        .copied()
        .filter(|f| f.office_in(office) == office && f.channels().iter().any(|c| c.is_paper()))
        .collect()
}

pub fn step_of(segment: &str) -> Option<Step> {
    Some(match segment {
        "review" => Step::StartReview,
        "correction" => Step::RequestCorrection,
        "correction-received" => Step::CorrectionReceived,
        "approval" => Step::Approve,
        "rejection" => Step::Reject,
        "return" => Step::ReturnMisrouted,
        "completion" => Step::Complete,
        "withdrawal" => Step::Withdraw,
        _ => return None,
    })
}

pub fn segment_of(step: Step) -> &'static str {
    match step {
        Step::StartReview => "review",
        Step::RequestCorrection => "correction",
        Step::CorrectionReceived => "correction-received",
        Step::Approve => "approval",
        Step::Reject => "rejection",
        Step::ReturnMisrouted => "return",
        Step::Complete => "completion",
        Step::Withdraw => "withdrawal",
    }
}

/// Whether the step is confirmed on its own page first.
pub fn is_confirmed(step: Step) -> bool {
    step.needs_reason() || step == Step::Approve
}

/// An application's page: what was submitted, its history, the steps its status allows (the
/// usual next one primary), its scans, letters and the form it is paired with.
pub fn detail_view<'a>(
    lang: &'a str,
    csrf: &'a str,
    page: &'a ApplicationPage,
    today: NaiveDate,
) -> DetailView<'a> {
    let app = &page.app;
    let id = app.id;
    let (fields, table) = describe(lang, app);
    let next = natural_next(app.status());
    let step_label = |code: &str| -> String {
        t!(format!("applications.steps_labels.{code}"), locale = lang).into()
    };
    DetailView {
        lang,
        csrf,
        receipt: &app.receipt_number,
        form: form_label(lang, &app.form),
        status: status_label(lang, &app.status),
        channel: channel_label(lang, &app.channel),
        received: date_label(lang, app.received_on),
        due: app
            .due_on
            .map(|d| date_label(lang, d))
            .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
        overdue: app.is_overdue(today),
        fields,
        table,
        history: page
            .events
            .iter()
            .map(|e| HistoryRow {
                at: datetime(lang, e.at),
                actor: e.actor_name.clone(),
                action: step_label(&e.action),
                status: status_label(lang, &e.to_status),
                // The receipt records its channel as the reason: show it in words.
                reason: if e.action == "receive" {
                    channel_label(lang, &e.reason)
                } else {
                    e.reason.clone()
                },
            })
            .collect(),
        steps: Step::available(app.status(), page.effect_pending)
            .into_iter()
            .map(|s| StepButton {
                path: paths::application_step(id, segment_of(s)),
                label: step_label(s.as_str()),
                confirm: is_confirmed(s),
                primary: Some(s) == next,
            })
            .collect(),
        files: page
            .files
            .iter()
            .map(|f| {
                (
                    paths::application_file(id, f.id),
                    format!("{} ({})", f.file_name, size_label(f.byte_size)),
                )
            })
            .collect(),
        letters: page
            .letters
            .iter()
            .map(|l| {
                (
                    l.notice_number.clone(),
                    l.login.clone(),
                    t!(format!("letters.status.{}", l.status), locale = lang).into(),
                )
            })
            .collect(),
        print_letters: page.queued_letters(),
        pair: page
            .pair
            .iter()
            .map(|p| {
                (
                    paths::application(p.id),
                    format!(
                        "{} {} ({})",
                        form_label(lang, &p.form),
                        p.receipt_number,
                        status_label(lang, &p.status)
                    ),
                )
            })
            .collect(),
    }
}

/// A row of the queue; `all` (the rows listed) tells whether its pair (7 + 8) is listed too.
/// `paired` are the pair keys whose form 7 and form 8 are both in the office
/// (`Application::paired_keys`).
pub fn queue_row(lang: &str, a: &Application, paired: &[String], today: NaiveDate) -> QueueRow {
    QueueRow {
        href: paths::application(a.id),
        receipt: a.receipt_number.clone(),
        form: form_label(lang, &a.form),
        organisation: a.organisation_name.clone(),
        summary: summary_label(lang, &a.summary),
        channel: channel_label(lang, &a.channel),
        received: date(lang, a.received_on),
        due: a
            .due_on
            .map(|d| date(lang, d))
            .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
        overdue: a.is_overdue(today),
        status: status_label(lang, &a.status),
        paired: a.pair_key.as_ref().is_some_and(|k| paired.contains(k)),
    }
}

/// (code, label, count) for every status, zero included.
pub fn status_counts(lang: &str, counts: &[(String, i64)]) -> Vec<(String, String, i64)> {
    ALL_STATUSES
        .iter()
        .map(|s| {
            let n = counts
                .iter()
                .find(|(c, _)| c == s.as_str())
                .map(|(_, n)| *n)
                .unwrap_or(0);
            (s.as_str().to_string(), status_label(lang, s.as_str()), n)
        })
        .collect()
}

type Choices = Vec<(String, String)>;

/// The queue filter's choices: the office's forms, every status, every channel (code, label).
pub fn queue_choices(lang: &str, office: Office) -> (Choices, Choices, Choices) {
    let forms = ALL_FORMS
        .iter()
        .filter(|f| f.office_in(office) == office)
        .map(|f| (f.as_str().to_string(), form_label(lang, f.as_str())))
        .collect();
    let statuses = ALL_STATUSES
        .iter()
        .map(|s| (s.as_str().to_string(), status_label(lang, s.as_str())))
        .collect();
    let channels = [
        Channel::Counter,
        Channel::Post,
        Channel::Online,
        Channel::SystemMail,
    ]
    .iter()
    .map(|c| (c.as_str().to_string(), channel_label(lang, c.as_str())))
    .collect();
    (forms, statuses, channels)
}
