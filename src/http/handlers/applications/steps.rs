//! The steps a clerk takes on an application (審査, 補正依頼, 承認, 却下, 返戻, 完了). A step that
//! cannot be undone (承認 applies the form: accounts, rooms, stops) or that tells the submitter
//! something (補正依頼, 却下, 返戻: with a reason) first shows its confirmation page, where the
//! reason is typed; the others are one button on the application. Every step is a POST.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::paths;
use crate::http::present::applications::is_confirmed;
use crate::http::present::applications::segment_of;
use crate::http::present::applications::step_of;
use crate::http::present::forms::translate;
use crate::http::present::labels::form_label;
use crate::http::present::labels::office_label;
use crate::http::{AppState, render};
use crate::models::applications::{Application, Office};
use crate::services::applications::{Refusal, Step, StepError, StepRequest, take_step};

fn step_label(lang: &str, step: Step) -> String {
    t!(
        format!("applications.steps_labels.{}", step.as_str()),
        locale = lang
    )
    .into()
}

fn reason_label(lang: &str, step: Step, office: Office) -> String {
    if step == Step::ReturnMisrouted {
        let other = if office == Office::City {
            Office::Association
        } else {
            Office::City
        };
        t!(
            "applications.return_reason",
            locale = lang,
            office = office_label(lang, other)
        )
        .into()
    } else {
        t!("applications.reason", locale = lang).into()
    }
}

/// What a refused step brings back to its page: the reason typed, its problem or the refusal.
#[derive(Default)]
struct Refused {
    reason: String,
    errors: Errors,
    refusal: Option<String>,
}

/// The confirmation page of a step (200, or 422 with the problems and the reason kept).
async fn confirm_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    step: Step,
    refused: &Refused,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let office = office_of(ctx)?;
    let lang = ctx.lang;
    let app = state
        .db(move |conn| Application::find_for(conn, id, office)?.ok_or(AppError::NotFound))
        .await?;
    if !Step::available(app.status()).contains(&step) {
        return Err(AppError::Conflict("applications.error.wrong_status"));
    }
    let segment = segment_of(step);
    let lead = match step {
        Step::Approve => format!(
            "{} {}",
            t!(format!("applications.effects.{}", app.form), locale = lang),
            t!("applications.confirm.cannot_undo", locale = lang)
        ),
        _ => t!(format!("applications.confirm.{segment}"), locale = lang).into(),
    };
    let view = renkei_views::ui::Confirm {
        lang,
        csrf: &ctx.csrf,
        action: paths::application_step(id, segment),
        lead,
        facts: vec![
            (
                t!("applications.receipt", locale = lang).into(),
                app.receipt_number.clone(),
            ),
            (
                t!("applications.form", locale = lang).into(),
                form_label(lang, &app.form),
            ),
            (
                t!("applications.organisation", locale = lang).into(),
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
        back: paths::application(id),
        hidden: Vec::new(),
    };
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!(
            "applications.confirm.title",
            locale = lang,
            step = step_label(lang, step),
            receipt = app.receipt_number
        ),
        renkei_views::ui::confirm(&view),
        None,
    ))
}

/// GET /applications/{id}/{step} — the confirmation of a step.
pub async fn confirm(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, segment) = path.into_inner();
    let step = step_of(&segment)
        .filter(|s| is_confirmed(*s))
        .ok_or(AppError::NotFound)?;
    confirm_page(&ctx, &state, id, step, &Refused::default(), StatusCode::OK).await
}

/// POST /applications/{id}/{step}
pub async fn step(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let (id, segment) = path.into_inner();
    let step = step_of(&segment).ok_or(AppError::NotFound)?;
    let lang = ctx.lang;
    let raw = Raw(body.into_inner());
    let mut check = Check::default();
    let reason = check.text_multiline(&raw, &format!("reason-{segment}"), step.needs_reason(), 500);
    if !check.problems.is_empty() {
        let refused = Refused {
            reason,
            errors: translate(lang, &check.problems),
            refusal: None,
        };
        return confirm_page(
            &ctx,
            &state,
            id,
            step,
            &refused,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let r = reason.clone();
    let outcome = state
        .db(move |conn| {
            let rule = st.due_rule();
            let today = st.clock.today();
            let req = StepRequest {
                id,
                office,
                step,
                reason: &r,
            };
            match take_step(conn, &req, &actor, &rule, today, st.clock.now()) {
                Ok(s) => Ok(Ok(s)),
                Err(StepError::Refused(refusal)) => Ok(Err(refusal)),
                Err(StepError::Db(e)) => Err(e.into()),
            }
        })
        .await?;
    let refusal = match outcome {
        Ok(_) => {
            return Ok(render::redirect(
                &ctx,
                &format!("{}?notice={segment}", paths::application(id)),
            ));
        }
        Err(refusal) => refusal,
    };
    // Its page says why: 404 for another office's application, 409 when the status moved on,
    // the refusal (an unknown account, a room without a doctor or nurse) otherwise.
    let arg = match &refusal {
        Refusal::UnknownAccount(login) => login.clone(),
        _ => String::new(),
    };
    let refused = Refused {
        reason,
        errors: Errors::new(),
        refusal: Some(t!(refusal.message_key(), locale = lang, arg = arg).into()),
    };
    confirm_page(
        &ctx,
        &state,
        id,
        step,
        &refused,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
