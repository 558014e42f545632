//! Applications as the clerk's pages show them.

use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::paths;
use crate::http::present::labels::form_label;
use crate::models::applications::{ALL_FORMS, Form, Office};
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
        .filter(|f| f.office() == office && f.channels().iter().any(|c| c.is_paper()))
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
    }
}

/// Whether the step is confirmed on its own page first.
pub fn is_confirmed(step: Step) -> bool {
    step.needs_reason() || step == Step::Approve
}
