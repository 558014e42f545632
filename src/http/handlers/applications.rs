//! The clerks' back office: each office's queue, keying in a paper form, an application's
//! detail and its steps. One rule decides what a clerk may see: the application's office is
//! the clerk's office (`Application::find_for`, `Application::queue`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::handlers::account::jst;
use crate::http::{AppState, render};
use crate::models::applications::{
    ALL_FORMS, ALL_STATUSES, Application, Channel, Form, Office, QueueFilter, Status,
};
use crate::services::applications::{
    DueRule, Refusal, Step, StepError, StepRequest, receive, take_step,
};
use crate::services::dates::to_wareki;
use crate::services::forms::{self, Check, FORM4_ROWS, MAX_ROWS, Raw};

/// The clerk's office, or 403 for everyone else.
fn office_of(ctx: &Ctx) -> Result<Office, AppError> {
    let auth = ctx.user()?;
    Office::of_role(auth.user.role()).ok_or(AppError::Forbidden)
}

fn date_label(d: NaiveDate) -> String {
    format!("{} ({})", d.format("%Y-%m-%d"), to_wareki(d))
}

pub fn form_label(lang: &str, form: &str) -> String {
    t!(format!("applications.forms.{form}"), locale = lang).into()
}
fn status_label(lang: &str, status: &str) -> String {
    t!(format!("applications.statuses.{status}"), locale = lang).into()
}
fn channel_label(lang: &str, channel: &str) -> String {
    t!(format!("applications.channels.{channel}"), locale = lang).into()
}
fn office_label(lang: &str, office: Office) -> String {
    t!(
        format!("applications.offices.{}", office.as_str()),
        locale = lang
    )
    .into()
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub overdue: String,
}

/// GET /applications
pub async fn queue(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let today = state.clock.today();
    let filter = QueueFilter {
        form: Form::parse(&q.form),
        status: Status::parse(&q.status),
        channel: Channel::parse(&q.channel),
        overdue_on: (!q.overdue.is_empty()).then_some(today),
    };
    let (rows, counts) = state
        .db(move |conn| {
            Ok((
                Application::queue(conn, office, &filter, 500)?,
                Application::counts(conn, office)?,
            ))
        })
        .await?;
    let view = renkei_views::applications::QueueView {
        lang,
        office_label: office_label(lang, office),
        rows: rows
            .iter()
            .map(|a| renkei_views::applications::QueueRow {
                href: format!("/applications/{}", a.id),
                receipt: a.receipt_number.clone(),
                form: form_label(lang, &a.form),
                organisation: a.organisation_name.clone(),
                summary: a.summary.clone(),
                channel: channel_label(lang, &a.channel),
                received: a.received_on.format("%Y-%m-%d").to_string(),
                due: a
                    .due_on
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
                overdue: a.is_overdue(today),
                status: status_label(lang, &a.status),
            })
            .collect(),
        counts: ALL_STATUSES
            .iter()
            .map(|s| {
                let n = counts
                    .iter()
                    .find(|(c, _)| c == s.as_str())
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                (s.as_str().to_string(), status_label(lang, s.as_str()), n)
            })
            .collect(),
        forms: ALL_FORMS
            .iter()
            .filter(|f| f.office() == office)
            .map(|f| (f.as_str().to_string(), form_label(lang, f.as_str())))
            .collect(),
        statuses: ALL_STATUSES
            .iter()
            .map(|s| (s.as_str().to_string(), status_label(lang, s.as_str())))
            .collect(),
        channels: [
            Channel::Counter,
            Channel::Post,
            Channel::Online,
            Channel::SystemMail,
        ]
        .iter()
        .map(|c| (c.as_str().to_string(), channel_label(lang, c.as_str())))
        .collect(),
        form: &q.form,
        status: &q.status,
        channel: &q.channel,
        overdue: !q.overdue.is_empty(),
        can_key_paper: true,
    };
    let title = t!("applications.title", locale = lang);
    Ok(render::page_or_partial(
        &ctx,
        &state,
        &title,
        || renkei_views::applications::queue(&view),
        || renkei_views::applications::queue_rows(&view),
    ))
}

/// The forms that can be keyed in from paper today.
fn paper_forms(office: Office) -> Vec<Form> {
    [Form::Form4, Form::Form6]
        .into_iter()
        .filter(|f| f.office() == office)
        .collect()
}

/// GET /applications/new
pub async fn choose(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let lang = ctx.lang;
    let forms: Vec<(String, String, String)> = paper_forms(office)
        .into_iter()
        .map(|f| {
            (
                format!("/applications/new/{}", f.as_str()),
                form_label(lang, f.as_str()),
                String::new(),
            )
        })
        .collect();
    let body = if forms.is_empty() {
        maud::html! { p.empty-state { (t!("applications.no_paper_forms", locale = lang)) } }
    } else {
        renkei_views::applications::choose_form(lang, &forms)
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("applications.new_title", locale = lang),
        body,
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct RowsQuery {
    pub rows: Option<usize>,
}

fn paper_page(
    ctx: &Ctx,
    state: &AppState,
    form: Form,
    raw: &Raw,
    errors: &Errors,
    rows: usize,
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang;
    let values = |name: &str| raw.get(name).to_string();
    let options = |codes: &[&str], prefix: &str| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|c| {
                (
                    c.to_string(),
                    t!(format!("{prefix}.{c}"), locale = lang).into(),
                )
            })
            .collect()
    };
    let channels: Vec<&str> = form
        .channels()
        .iter()
        .filter(|c| c.is_paper())
        .map(|c| c.as_str())
        .collect();
    let kinds: Vec<&str> = crate::models::organisations::KINDS
        .iter()
        .copied()
        .filter(|k| !matches!(*k, "city_office" | "association_office"))
        .collect();
    let professions: Vec<&str> = crate::models::users::PROFESSIONS
        .iter()
        .copied()
        .filter(|p| *p != "clerk")
        .collect();
    let view = renkei_views::applications::PaperView {
        lang,
        csrf: &ctx.csrf,
        action: format!("/applications/new/{}", form.as_str()),
        values: &values,
        errors,
        channels: options(&channels, "applications.channels"),
        kinds: options(&kinds, "organisation_kind"),
        professions: options(&professions, "profession"),
        devices: options(forms::DEVICES, "form4.devices"),
        reasons: options(forms::STOP_REASONS, "form6.reasons"),
        rows,
        pledges: (1..=forms::PLEDGES)
            .map(|i| t!(format!("form4.pledge_{i}"), locale = lang).into())
            .collect(),
    };
    let body = match form {
        Form::Form6 => renkei_views::applications::form6(&view),
        _ => renkei_views::applications::form4(&view),
    };
    let title = format!(
        "{} — {}",
        t!("applications.key_paper", locale = lang),
        form_label(lang, form.as_str())
    );
    render::page_with(ctx, state, status, &title, body, None)
}

fn paper_form(ctx: &Ctx, path: &str) -> Result<(Office, Form), AppError> {
    let office = office_of(ctx)?;
    let form = Form::parse(path)
        .filter(|f| paper_forms(office).contains(f))
        .ok_or(AppError::NotFound)?;
    Ok((office, form))
}

/// GET /applications/new/{form}
pub async fn new_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<RowsQuery>,
) -> Result<HttpResponse, AppError> {
    let (_, form) = paper_form(&ctx, &path)?;
    let rows = q.rows.unwrap_or(FORM4_ROWS).clamp(1, MAX_ROWS);
    let today = state.clock.today();
    let raw = Raw(vec![(
        "received_on".into(),
        today.format("%Y-%m-%d").to_string(),
    )]);
    Ok(paper_page(
        &ctx,
        &state,
        form,
        &raw,
        &Errors::new(),
        rows,
        StatusCode::OK,
    ))
}

fn translate(lang: &str, problems: &[forms::Problem]) -> Errors {
    let mut errors = Errors::new();
    for p in problems {
        errors.add(p.field.clone(), t!(p.key, locale = lang, arg = p.arg));
    }
    errors
}

/// POST /applications/new/{form}
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (_, form) = paper_form(&ctx, &path)?;
    let lang = ctx.lang;
    let raw = Raw(body
        .into_inner()
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect());
    let mut check = Check::default();
    let channel =
        Channel::parse(raw.get("channel")).filter(|c| c.is_paper() && form.channels().contains(c));
    if channel.is_none() {
        check.problem("channel", "form.error.choice", "");
    }
    let today = state.clock.today();
    let received_on = check.date(&raw, "received_on", true);
    if received_on.is_some_and(|d| d > today) {
        check.problem("received_on", "applications.error.future", "");
    }
    let parsed: Option<(String, String, String)> = match form {
        Form::Form4 => forms::read_form4(&raw, &mut check).map(|f| {
            let summary = t!(
                "applications.summary_accounts",
                locale = lang,
                count = f.applicants.len()
            )
            .into();
            (
                f.organisation.name.clone(),
                summary,
                serde_json::to_string(&f).unwrap_or_default(),
            )
        }),
        Form::Form6 => forms::read_form6(&raw, &mut check).map(|f| {
            let summary = t!(
                "applications.summary_stops",
                locale = lang,
                count = f.accounts.len()
            )
            .into();
            (
                f.organisation_name.clone(),
                summary,
                serde_json::to_string(&f).unwrap_or_default(),
            )
        }),
        _ => None,
    };
    let rows = forms::rows_in(
        &raw,
        if form == Form::Form6 {
            "account_"
        } else {
            "applicant_"
        },
    )
    .max(FORM4_ROWS);
    let (Some(channel), Some(received_on), Some((org, summary, payload)), true) =
        (channel, received_on, parsed, check.problems.is_empty())
    else {
        let errors = translate(lang, &check.problems);
        return Ok(paper_page(
            &ctx,
            &state,
            form,
            &raw,
            &errors,
            rows,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let st = state.clone();
    let actor = ctx.actor();
    let (id, _) = state
        .db(move |conn| {
            let rule = DueRule {
                calendar: &st.calendar,
                open_days: st.settings.applications.due_open_days,
            };
            Ok(receive(
                conn,
                form,
                channel,
                received_on,
                &org,
                &summary,
                &payload,
                &actor,
                &rule,
                st.clock.now(),
            )?)
        })
        .await?;
    Ok(render::redirect(&ctx, &format!("/applications/{id}")))
}

/// The steps by path segment.
fn step_of(segment: &str) -> Option<Step> {
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

fn segment_of(step: Step) -> &'static str {
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

async fn detail_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    errors: &Errors,
    reason: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let office = office_of(ctx)?;
    let lang = ctx.lang;
    let (app, events, letters) = state
        .db(move |conn| {
            let app = Application::find_for(conn, id, office)?.ok_or(AppError::NotFound)?;
            let events = Application::events(conn, id)?;
            let letters = crate::models::letters::Letter::for_application(conn, id)?
                .into_iter()
                .map(|l| {
                    let login = crate::models::User::find(conn, l.user_id)
                        .ok()
                        .flatten()
                        .map(|u| u.login_id)
                        .unwrap_or_default();
                    (l.notice_number, login, l.status)
                })
                .collect::<Vec<_>>();
            Ok((app, events, letters))
        })
        .await?;
    let today = state.clock.today();
    let (fields, table) = describe(lang, &app);
    let steps = Step::available(app.status())
        .into_iter()
        .map(|s| renkei_views::applications::StepButton {
            path: format!("/applications/{id}/{}", segment_of(s)),
            label: t!(
                format!("applications.steps_labels.{}", s.as_str()),
                locale = lang
            )
            .into(),
            needs_reason: s.needs_reason(),
            danger: matches!(s, Step::Reject | Step::ReturnMisrouted),
            reason_label: if s == Step::ReturnMisrouted {
                t!(
                    "applications.return_reason",
                    locale = lang,
                    office = office_label(
                        lang,
                        if office == Office::City {
                            Office::Association
                        } else {
                            Office::City
                        }
                    )
                )
                .into()
            } else {
                t!("applications.reason", locale = lang).into()
            },
        })
        .collect();
    let view = renkei_views::applications::DetailView {
        lang,
        csrf: &ctx.csrf,
        receipt: &app.receipt_number,
        form: form_label(lang, &app.form),
        status: status_label(lang, &app.status),
        channel: channel_label(lang, &app.channel),
        received: date_label(app.received_on),
        due: app
            .due_on
            .map(date_label)
            .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
        overdue: app.is_overdue(today),
        fields,
        table,
        history: events
            .iter()
            .map(|e| renkei_views::applications::HistoryRow {
                at: jst(e.at),
                actor: e.actor_name.clone(),
                action: t!(
                    format!("applications.steps_labels.{}", e.action),
                    locale = lang
                )
                .into(),
                status: status_label(lang, &e.to_status),
                reason: e.reason.clone(),
            })
            .collect(),
        steps,
        letters: letters
            .into_iter()
            .map(|(n, login, s)| {
                (
                    n,
                    login,
                    t!(format!("letters.status.{s}"), locale = lang).into(),
                )
            })
            .collect(),
        errors,
        reason,
    };
    let title = format!(
        "{} {}",
        t!("applications.detail_title", locale = lang),
        app.receipt_number
    );
    Ok(render::page_with(
        ctx,
        state,
        status,
        &title,
        renkei_views::applications::detail(&view),
        None,
    ))
}

type Described = (
    Vec<(String, String)>,
    Option<(String, Vec<String>, Vec<Vec<String>>)>,
);

/// The submitted data as label/value pairs and a table of rows, for the detail page.
fn describe(lang: &str, app: &Application) -> Described {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    match app.form() {
        Some(Form::Form4) => match serde_json::from_str::<forms::Form4>(&app.payload) {
            Ok(f) => {
                let o = &f.organisation;
                let fields = vec![
                    (
                        tt("applications.application_date"),
                        date_label(f.application_date),
                    ),
                    (tt("form4.org_name"), format!("{} ({})", o.name, o.kana)),
                    (
                        tt("form4.org_kind"),
                        tt(&format!("organisation_kind.{}", o.kind)),
                    ),
                    (
                        tt("form.address"),
                        format!("〒{} {}", o.postcode, o.address),
                    ),
                    (tt("form.phone"), o.phone.clone()),
                    (tt("form.fax"), o.fax.clone()),
                    (tt("form4.representative"), o.representative.clone()),
                    (
                        tt("form4.manager"),
                        format!(
                            "{} {} / {} / {}",
                            f.manager_name, f.manager_title, f.manager_phone, f.manager_email
                        ),
                    ),
                    (
                        tt("form4.notice_to"),
                        format!("〒{} {}", f.notice_postcode, f.notice_address),
                    ),
                ];
                let header = vec![
                    tt("form.name"),
                    tt("form.kana"),
                    tt("account.profession"),
                    tt("form4.notification_email"),
                    tt("form4.device"),
                ];
                let rows = f
                    .applicants
                    .iter()
                    .map(|a| {
                        vec![
                            a.name.clone(),
                            a.kana.clone(),
                            tt(&format!("profession.{}", a.profession)),
                            a.email.clone(),
                            tt(&format!("form4.devices.{}", a.device)),
                        ]
                    })
                    .collect();
                (fields, Some((tt("form4.applicants"), header, rows)))
            }
            Err(_) => (Vec::new(), None),
        },
        Some(Form::Form6) => match serde_json::from_str::<forms::Form6>(&app.payload) {
            Ok(f) => {
                let fields = vec![
                    (
                        tt("applications.application_date"),
                        date_label(f.application_date),
                    ),
                    (tt("form4.org_name"), f.organisation_name.clone()),
                    (
                        tt("form6.reason"),
                        format!(
                            "{} {}",
                            tt(&format!("form6.reasons.{}", f.reason)),
                            f.reason_detail
                        ),
                    ),
                    (tt("form6.last_day"), date_label(f.last_day)),
                ];
                let header = vec![tt("login.login_id"), tt("form.name")];
                let rows = f
                    .accounts
                    .iter()
                    .map(|a| vec![a.login_id.clone(), a.name.clone()])
                    .collect();
                (fields, Some((tt("form6.accounts"), header, rows)))
            }
            Err(_) => (Vec::new(), None),
        },
        _ => (Vec::new(), None),
    }
}

/// GET /applications/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    detail_page(
        &ctx,
        &state,
        path.into_inner(),
        &Errors::new(),
        "",
        StatusCode::OK,
    )
    .await
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
    let reason_field = format!("reason-{segment}");
    let mut check = Check::default();
    let reason = check.text(&raw, &reason_field, step.needs_reason(), 500);
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return detail_page(
            &ctx,
            &state,
            id,
            &errors,
            &reason,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let r = reason.clone();
    let outcome = state
        .db(move |conn| {
            let rule = DueRule {
                calendar: &st.calendar,
                open_days: st.settings.applications.due_open_days,
            };
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
    match outcome {
        Ok(_) => Ok(render::redirect(&ctx, &format!("/applications/{id}"))),
        Err(refusal) => {
            let mut errors = Errors::new();
            let arg = match &refusal {
                Refusal::UnknownAccount(login) => login.clone(),
                _ => String::new(),
            };
            errors.add(
                reason_field,
                t!(refusal.message_key(), locale = lang, arg = arg),
            );
            let status = if refusal == Refusal::WrongStatus {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            detail_page(&ctx, &state, id, &errors, &reason, status).await
        }
    }
}
