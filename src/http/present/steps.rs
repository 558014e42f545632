//! A clerk's step on an application in words: its button, the label of its reason field, and
//! its confirmation page (what it will do, the application's facts, the reason typed).

use renkei_views::form::Errors;
use rust_i18n::t;

use crate::http::paths;
use crate::http::present::applications::segment_of;
use crate::http::present::labels::{form_label, office_label};
use crate::models::applications::{Application, Office};
use crate::services::applications::Step;

pub fn step_label(lang: &str, step: Step) -> String {
    t!(
        format!("applications.steps_labels.{}", step.as_str()),
        locale = lang
    )
    .into()
}

/// 返戻 names the other office; every other reason is 理由.
fn reason_label(lang: &str, step: Step, office: Office) -> String {
    if step == Step::ReturnMisrouted {
        // From the S管理者 a 7–9 goes back to its 管理者 office (the main one named).
        let other = if office == Office::City {
            crate::models::applications::ASSOCIATION
        } else {
            Office::City
        };
        let other = office_label(lang, other);
        t!("applications.return_reason", locale = lang, office = other).into()
    } else {
        t!("applications.reason", locale = lang).into()
    }
}

/// What the confirmation says the step will do: 承認 applies the form and cannot be undone.
fn lead(lang: &str, app: &Application, step: Step) -> String {
    match step {
        Step::Approve => format!(
            "{} {}",
            t!(format!("applications.effects.{}", app.form), locale = lang),
            t!("applications.confirm.cannot_undo", locale = lang)
        ),
        _ => t!(
            format!("applications.confirm.{}", segment_of(step)),
            locale = lang
        )
        .into(),
    }
}

/// What the confirmation shows again after a refusal: the reason typed, its problems, or why
/// the step could not be taken.
pub struct Refused {
    pub reason: String,
    pub errors: Errors,
    pub refusal: Option<String>,
}

/// The confirmation page of `step` on `app`, for a clerk of `office`.
pub fn confirm_view<'a>(
    (lang, csrf): (&'a str, &'a str),
    app: &Application,
    step: Step,
    office: Office,
    refused: &'a Refused,
) -> renkei_views::ui::Confirm<'a> {
    let segment = segment_of(step);
    let l = |k: &str| -> String { t!(k, locale = lang).into() };
    renkei_views::ui::Confirm {
        lang,
        input: None,
        csrf,
        action: paths::application_step(app.id, segment),
        lead: lead(lang, app, step),
        facts: vec![
            (l("applications.receipt"), app.receipt_number.clone()),
            (l("applications.form"), form_label(lang, &app.form)),
            (
                l("applications.organisation"),
                app.organisation_name.clone(),
            ),
        ],
        reason: step.needs_reason().then(|| {
            (
                format!("reason-{segment}"),
                reason_label(lang, step, office),
                refused.reason.clone(),
            )
        }),
        reason_max: 500,
        errors: &refused.errors,
        refusal: refused.refusal.clone(),
        button: step_label(lang, step),
        danger: matches!(step, Step::Reject | Step::ReturnMisrouted),
        back: paths::application(app.id),
        hidden: Vec::new(),
    }
}
