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
use crate::http::present::applications::{is_confirmed, step_of};
use crate::http::present::forms::translate;
use crate::http::present::steps::{Refused, confirm_view, step_label};
use crate::http::{AppState, render};
use crate::models::applications::{Application, Office};
use crate::services::applications::{Refusal, Step, StepError, StepRequest, take_step};

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
    // Any step the status allows; whether a withdrawal is too late is the service's answer.
    if !Step::available(app.status(), true).contains(&step) {
        return Err(AppError::Conflict("applications.error.wrong_status"));
    }
    let view = confirm_view((lang, &ctx.csrf), &app, step, office, refused);
    let title = t!(
        "applications.confirm.title",
        locale = lang,
        step = step_label(lang, step),
        receipt = app.receipt_number
    );
    let body = renkei_views::ui::confirm(&view);
    Ok(render::page_with(ctx, state, status, &title, body, None))
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
    let blank = Refused {
        reason: String::new(),
        errors: Errors::new(),
        refusal: None,
    };
    confirm_page(&ctx, &state, id, step, &blank, StatusCode::OK).await
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
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return confirm_page(&ctx, &state, id, step, &refused, status).await;
    }
    let Err(refusal) = take(&state, &ctx, (id, office), step, reason.clone()).await? else {
        let done = format!("{}?notice={segment}", paths::application(id));
        return Ok(render::redirect(&ctx, &done));
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
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    confirm_page(&ctx, &state, id, step, &refused, status).await
}

/// Takes the step in one transaction; why it was refused, if it was.
async fn take(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    (id, office): (i64, Office),
    step: Step,
    reason: String,
) -> Result<Result<(), Refusal>, AppError> {
    let (st, actor) = (state.clone(), ctx.actor());
    state
        .db(move |conn| {
            let (rule, today) = (st.due_rule(), st.clock.today());
            let req = StepRequest {
                id,
                office,
                step,
                reason: &reason,
            };
            match take_step(conn, &req, &actor, &rule, today, st.clock.now()) {
                Ok(_) => Ok(Ok(())),
                Err(StepError::Refused(refusal)) => Ok(Err(refusal)),
                Err(StepError::Db(e)) => Err(e.into()),
            }
        })
        .await
}
