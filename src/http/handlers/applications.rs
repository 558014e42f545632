//! The clerks' back office: each office's queue, keying in a paper form, an application's
//! detail and its steps. One rule decides what a clerk may see: the application's office is
//! the clerk's office (`Application::find_for`, `Application::queue`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::domain::forms::{self, Check, MAX_ROWS, Raw};
use crate::http::context::Ctx;
use crate::http::context::office_of;
use crate::http::errors::AppError;
use crate::http::extract::RowsQuery;
use crate::http::extract::adds_row;
use crate::http::extract::read_form;
use crate::http::extract::rows_asked;
use crate::http::extract::rows_of;
use crate::http::form_drafts;
use crate::http::multipart::checked_files;
use crate::http::present::application_form::Shown;
use crate::http::present::application_form::form_page;
use crate::http::present::application_form::{FormMode, FormPage};
use crate::http::present::applications::paper_forms;
use crate::http::present::applications::{is_confirmed, segment_of};
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::labels::channel_label;
use crate::http::present::labels::date_label;
use crate::http::present::labels::form_label;
use crate::http::present::labels::office_label;
use crate::http::present::labels::status_label;
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::applications::{
    ALL_FORMS, ALL_STATUSES, Application, Channel, Form, Office, QueueFilter, Status,
};
use crate::services::applications::{Step, Submission, receive};
use crate::services::registrations::registrant_named_in;

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
                summary: crate::http::present::labels::summary_label(lang, &a.summary),
                channel: channel_label(lang, &a.channel),
                received: crate::http::present::date(lang, a.received_on),
                due: a
                    .due_on
                    .map(|d| crate::http::present::date(lang, d))
                    .unwrap_or_else(|| t!("applications.paused", locale = lang).into()),
                overdue: a.is_overdue(today),
                status: status_label(lang, &a.status),
                paired: a.pair_key.as_ref().is_some_and(|k| {
                    rows.iter()
                        .any(|b| b.pair_key.as_ref() == Some(k) && b.form != a.form)
                }),
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

/// GET /applications/new
pub async fn choose(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let saved =
        form_drafts::listed(&ctx, &state, "paper", |f| format!("/applications/new/{f}")).await?;
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
    let body = maud::html! {
        @if forms.is_empty() {
            p.empty-state { (t!("applications.no_paper_forms", locale = lang)) }
        } @else {
            (renkei_views::applications::choose_form(lang, &forms))
        }
        (renkei_views::form::drafts(lang, &ctx.csrf, &saved, "/applications/new"))
    };
    Ok(render::page_with(
        &ctx,
        &state,
        StatusCode::OK,
        &t!("applications.new_title", locale = lang),
        body,
        q.notice.as_deref(),
    ))
}

/// A paper form keyed by a clerk.
fn paper_page(ctx: &Ctx, state: &AppState, form: Form, p: Shown<'_>) -> HttpResponse {
    let lang = ctx.lang;
    form_page(
        ctx,
        state,
        &FormPage {
            kind: form.as_str(),
            mode: FormMode::Paper,
            action: format!("/applications/new/{}", form.as_str()),
            title: format!(
                "{} — {}",
                t!("applications.key_paper", locale = lang),
                form_label(lang, form.as_str())
            ),
            channels: form
                .channels()
                .iter()
                .filter(|c| c.is_paper())
                .map(|c| c.as_str())
                .collect(),
            rooms: Vec::new(),
            shown: p,
        },
    )
}

fn paper_form(ctx: &Ctx, path: &str) -> Result<(Office, Form), AppError> {
    let office = office_of(ctx)?;
    let form = Form::parse(path)
        .filter(|f| paper_forms(office).contains(f))
        .ok_or(AppError::NotFound)?;
    Ok((office, form))
}

/// GET /applications/new/{form} — `?draft=ID` resumes a saved draft.
pub async fn new_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<RowsQuery>,
) -> Result<HttpResponse, AppError> {
    let (_, form) = paper_form(&ctx, &path)?;
    let today = state.clock.today();
    let raw = match form_drafts::load(&ctx, &state, q.draft, form.as_str()).await? {
        Some(values) => Raw(values),
        None => Raw(vec![(
            "received_on".into(),
            today.format("%Y-%m-%d").to_string(),
        )]),
    };
    let (prefix, default_rows) = rows_of(form);
    let rows = q
        .rows
        .unwrap_or(forms::rows_in(&raw, prefix).max(default_rows))
        .clamp(1, MAX_ROWS);
    Ok(paper_page(
        &ctx,
        &state,
        form,
        Shown {
            raw: &raw,
            errors: &Errors::new(),
            rows,
            status: StatusCode::OK,
            notice: q.notice.as_deref(),
            kept: Vec::new(),
        },
    ))
}

/// POST /applications/new/{form}
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (_, form) = paper_form(&ctx, &path)?;
    let lang = ctx.lang;
    let (fields, uploads) =
        crate::http::multipart::read(&req, payload, state.settings.applications.max_file_bytes)
            .await?
            .into_fields();
    let raw = Raw(fields);
    let back = format!("/applications/new/{}", form.as_str());
    if let Some(saved) =
        form_drafts::save_if_asked(&ctx, &state, &raw, form.as_str(), "paper", &back).await?
    {
        return Ok(saved);
    }
    let uid = ctx.user()?.user.id;
    let mut check = Check::default();
    let scans = checked_files(
        &uploads,
        "scan",
        &mut check,
        state.settings.applications.max_file_bytes,
    );
    let (prefix, default_rows) = rows_of(form);
    let rows = rows_asked(&raw, prefix, default_rows);
    // 「欄を増やす」: the same form with one more row, everything typed and chosen kept.
    if adds_row(&raw) {
        let kept = crate::http::kept::keep(&state, uid, "scan", &raw, scans).await?;
        return Ok(paper_page(
            &ctx,
            &state,
            form,
            Shown {
                raw: &raw,
                errors: &Errors::new(),
                rows: (rows + 1).min(MAX_ROWS),
                status: StatusCode::OK,
                notice: None,
                kept,
            },
        ));
    }
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
    check.received_on = Some(received_on.filter(|d| *d <= today).unwrap_or(today));
    let filed = read_form(form, &raw, &mut check);
    let (Some(channel), Some(received_on), Some(filed), true) =
        (channel, received_on, filed, check.problems.is_empty())
    else {
        let errors = translate(lang, &check.problems);
        let kept = crate::http::kept::keep(&state, uid, "scan", &raw, scans).await?;
        return Ok(paper_page(
            &ctx,
            &state,
            form,
            Shown {
                raw: &raw,
                errors: &errors,
                rows,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                notice: None,
                kept,
            },
        ));
    };
    let (kept_ids, kept_scans) = crate::http::kept::take(&state, uid, "scan", &raw).await?;
    let mut scans = scans;
    scans.extend(kept_scans);
    let st = state.clone();
    let actor = ctx.actor();
    let (id, _) = state
        .db(move |conn| {
            let sub = Submission {
                form,
                channel,
                received_on,
                organisation_name: &filed.organisation,
                summary: &filed.summary,
                payload: &filed.payload,
                pair_key: filed.pair_key.as_deref(),
                files: &scans,
            };
            Ok(receive(conn, &sub, &actor, &st.due_rule(), st.clock.now())?)
        })
        .await?;
    form_drafts::discard(&ctx, &state, &raw).await?;
    crate::http::kept::forget(&state, uid, kept_ids).await?;
    Ok(render::redirect(&ctx, &format!("/applications/{id}")))
}

/// GET /applications/{id}/files/{file}: a scan of an application the clerk's office may see.
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let (id, file_id) = path.into_inner();
    let ((name, content_type, data), registrant) = state
        .db(move |conn| {
            let app = Application::find_for(conn, id, office)?.ok_or(AppError::NotFound)?;
            let file = crate::models::files::StoredFile::of_application_content(conn, id, file_id)?
                .ok_or(AppError::NotFound)?;
            Ok((file, registrant_named_in(conn, &app)?))
        })
        .await?;
    let view = View::of("application_file")
        .record("file", file_id)
        .registrant(registrant);
    state.viewed(&ctx, vec![view]).await?;
    Ok(render::download(&name, &content_type, data))
}

/// The steps by path segment.
async fn detail_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    id: i64,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(ctx)?;
    let lang = ctx.lang;
    let (app, events, letters, pair, files, registrant) = state
        .db(move |conn| {
            let app = Application::find_for(conn, id, office)?.ok_or(AppError::NotFound)?;
            let registrant = registrant_named_in(conn, &app)?;
            let events = Application::events(conn, id)?;
            let pair = Application::pair_of(conn, &app)?;
            let files = crate::models::files::StoredFile::of_application(conn, id)?;
            let letters = crate::models::letters::Letter::for_application(conn, id)?
                .into_iter()
                .map(|l| {
                    let login = crate::models::User::find(conn, l.user_id)
                        .ok()
                        .flatten()
                        .map(|u| u.login_id)
                        .unwrap_or_default();
                    (l.id, l.notice_number, login, l.status)
                })
                .collect::<Vec<_>>();
            Ok((app, events, letters, pair, files, registrant))
        })
        .await?;
    let view = View::of("application")
        .record("application", id)
        .registrant(registrant);
    state.viewed(ctx, vec![view]).await?;
    let today = state.clock.today();
    let (fields, table) = describe(lang, &app);
    let next = natural_next(app.status());
    let steps = Step::available(app.status())
        .into_iter()
        .map(|s| {
            let segment = segment_of(s);
            renkei_views::applications::StepButton {
                path: format!("/applications/{id}/{segment}"),
                label: t!(
                    format!("applications.steps_labels.{}", s.as_str()),
                    locale = lang
                )
                .into(),
                confirm: is_confirmed(s),
                primary: Some(s) == next,
            }
        })
        .collect();
    let print_letters: Vec<i64> = letters
        .iter()
        .filter(|(.., status)| status == "queued")
        .map(|(id, ..)| *id)
        .collect();
    let view = renkei_views::applications::DetailView {
        lang,
        csrf: &ctx.csrf,
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
        history: events
            .iter()
            .map(|e| renkei_views::applications::HistoryRow {
                at: datetime(lang, e.at),
                actor: e.actor_name.clone(),
                action: t!(
                    format!("applications.steps_labels.{}", e.action),
                    locale = lang
                )
                .into(),
                status: status_label(lang, &e.to_status),
                // The receipt records its channel as the reason: show it in words.
                reason: if e.action == "receive" {
                    channel_label(lang, &e.reason)
                } else {
                    e.reason.clone()
                },
            })
            .collect(),
        steps,
        files: files
            .iter()
            .map(|f| {
                (
                    format!("/applications/{id}/files/{}", f.id),
                    format!("{} ({})", f.file_name, render::size_label(f.byte_size)),
                )
            })
            .collect(),
        letters: letters
            .into_iter()
            .map(|(_, n, login, s)| {
                (
                    n,
                    login,
                    t!(format!("letters.status.{s}"), locale = lang).into(),
                )
            })
            .collect(),
        print_letters,
        pair: pair
            .iter()
            .map(|p| {
                (
                    format!("/applications/{}", p.id),
                    format!(
                        "{} {} ({})",
                        form_label(lang, &p.form),
                        p.receipt_number,
                        status_label(lang, &p.status)
                    ),
                )
            })
            .collect(),
    };
    let title = format!(
        "{} {}",
        t!("applications.detail_title", locale = lang),
        app.receipt_number
    );
    Ok(render::page_with(
        ctx,
        state,
        StatusCode::OK,
        &title,
        renkei_views::applications::detail(&view),
        notice,
    ))
}

/// The step that usually comes next from a status: the one primary button on the page.
fn natural_next(status: Status) -> Option<Step> {
    match status {
        Status::Received => Some(Step::StartReview),
        Status::InReview => Some(Step::Approve),
        Status::CorrectionRequested => Some(Step::CorrectionReceived),
        Status::Approved => Some(Step::Complete),
        _ => None,
    }
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
                        date_label(lang, f.application_date),
                    ),
                    (tt("form4.org_name"), format!("{} ({})", o.name, o.kana)),
                    (
                        tt("form4.org_kind"),
                        tt(&format!("organisation_kind.{}", o.kind)),
                    ),
                    (tt("form.address"), address_line(&o.postcode, &o.address)),
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
                        address_line(&f.notice_postcode, &f.notice_address),
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
                        date_label(lang, f.application_date),
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
                    (tt("form6.last_day"), date_label(lang, f.last_day)),
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
        Some(Form::Form5) => match serde_json::from_str::<forms::Form5>(&app.payload) {
            Ok(f) => {
                let fields = vec![
                    (
                        tt("applications.application_date"),
                        date_label(lang, f.application_date),
                    ),
                    (tt("form5.org_name"), f.organisation_name.clone()),
                ];
                let header = vec![
                    tt("form5.target"),
                    tt("form5.field"),
                    tt("form5.login_id"),
                    tt("form5.old"),
                    tt("form5.new"),
                ];
                let rows = f
                    .changes
                    .iter()
                    .map(|c| {
                        vec![
                            tt(&format!("form5.targets.{}", c.target)),
                            if c.field.is_empty() {
                                String::new()
                            } else {
                                tt(&format!("form5.fields.{}", c.field))
                            },
                            c.login_id.clone(),
                            c.old_value.clone(),
                            c.new_value.clone(),
                        ]
                    })
                    .collect();
                (fields, Some((tt("form5.changes"), header, rows)))
            }
            Err(_) => (Vec::new(), None),
        },
        Some(Form::Form7) => match serde_json::from_str::<forms::Form7>(&app.payload) {
            Ok(f) => {
                let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
                fields.extend([
                    (tt("form7.sex"), tt(&format!("form7.sexes.{}", f.sex))),
                    (tt("form.address"), address_line(&f.postcode, &f.address)),
                    (tt("form.phone"), f.phone.clone()),
                    (
                        tt("form7.signer"),
                        format!(
                            "{} {} {}",
                            tt(&format!("form7.signers.{}", f.signer)),
                            f.proxy_name,
                            f.proxy_relationship
                        ),
                    ),
                    (tt("form7.consent_on"), date_label(lang, f.consent_on)),
                    (
                        tt("form7.digital_consent"),
                        tt(if f.digital_consent {
                            "form.answer_yes"
                        } else {
                            "form.answer_no"
                        }),
                    ),
                ]);
                (fields, None)
            }
            Err(_) => (Vec::new(), None),
        },
        Some(Form::Form8) => match serde_json::from_str::<forms::Form8>(&app.payload) {
            Ok(f) => {
                let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
                fields.push((
                    tt("form8.coordinator"),
                    format!(
                        "{} / {} / {}",
                        f.coordinator_name, f.coordinator_organisation, f.coordinator_phone
                    ),
                ));
                let header = vec![
                    tt("form8.action"),
                    tt("login.login_id"),
                    tt("form.name"),
                    tt("form8.role"),
                ];
                let rows = f
                    .members
                    .iter()
                    .map(|m| {
                        vec![
                            tt(&format!("form8.actions.{}", m.action)),
                            m.login_id.clone(),
                            m.name.clone(),
                            if m.role.is_empty() {
                                String::new()
                            } else {
                                tt(&format!("form8.roles.{}", m.role))
                            },
                        ]
                    })
                    .collect();
                (fields, Some((tt("form8.members"), header, rows)))
            }
            Err(_) => (Vec::new(), None),
        },
        Some(Form::Form9) => match serde_json::from_str::<forms::Form9>(&app.payload) {
            Ok(f) => {
                let mut fields = registrant_rows(lang, &f.application_date, &f.registrant);
                fields.extend([
                    (
                        tt("form9.submitter"),
                        format!(
                            "{} {}",
                            tt(&format!("form9.submitters.{}", f.submitter)),
                            f.submitter_name
                        ),
                    ),
                    (
                        tt("form9.reason"),
                        format!(
                            "{} {}",
                            tt(&format!("form9.reasons.{}", f.reason)),
                            f.reason_detail
                        ),
                    ),
                    (
                        tt("form9.discontinued_on"),
                        date_label(lang, f.discontinued_on),
                    ),
                ]);
                (fields, None)
            }
            Err(_) => (Vec::new(), None),
        },
        Some(Form::RoomOpen) => match serde_json::from_str::<forms::RoomOpenForm>(&app.payload) {
            Ok(f) => (
                vec![
                    (
                        tt("applications.application_date"),
                        date_label(lang, f.application_date),
                    ),
                    (tt("rooms.name"), f.room_name.clone()),
                    (tt("rooms.purpose"), f.purpose.clone()),
                ],
                Some(people_table(lang, &f.members)),
            ),
            Err(_) => (Vec::new(), None),
        },
        Some(Form::RoomMembership) => {
            match serde_json::from_str::<forms::RoomMembershipForm>(&app.payload) {
                Ok(f) => (
                    vec![
                        (
                            tt("applications.application_date"),
                            date_label(lang, f.application_date),
                        ),
                        (
                            tt("submit.choice"),
                            tt(&format!("submit.choices.{}", f.choice)),
                        ),
                        (tt("rooms.room"), f.room_name.clone()),
                    ],
                    Some(people_table(lang, &f.members)),
                ),
                Err(_) => (Vec::new(), None),
            }
        }
        Some(Form::RoomClose) => match serde_json::from_str::<forms::RoomCloseForm>(&app.payload) {
            Ok(f) => (
                vec![
                    (
                        tt("applications.application_date"),
                        date_label(lang, f.application_date),
                    ),
                    (tt("rooms.room"), f.room_name.clone()),
                    (tt("submit.close_reason"), f.reason.clone()),
                ],
                None,
            ),
            Err(_) => (Vec::new(), None),
        },
        None => (Vec::new(), None),
    }
}

fn people_table(
    lang: &str,
    people: &[forms::PersonRow],
) -> (String, Vec<String>, Vec<Vec<String>>) {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    (
        tt("rooms.members"),
        vec![tt("login.login_id"), tt("form.name")],
        people
            .iter()
            .map(|p| vec![p.login_id.clone(), p.name.clone()])
            .collect(),
    )
}

/// 〒 and postcode, then the address; just the address when there is no postcode.
fn address_line(postcode: &str, address: &str) -> String {
    if postcode.is_empty() {
        address.to_string()
    } else {
        format!("〒{postcode} {address}")
    }
}

fn registrant_rows(
    lang: &str,
    application_date: &NaiveDate,
    r: &forms::RegistrantRef,
) -> Vec<(String, String)> {
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    vec![
        (
            tt("applications.application_date"),
            date_label(lang, *application_date),
        ),
        (
            tt("registrations.registrant"),
            format!("{} ({})", r.name, r.kana),
        ),
        (
            tt("registrations.birth_date"),
            date_label(lang, r.birth_date),
        ),
    ]
}

/// GET /applications/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    detail_page(&ctx, &state, path.into_inner(), q.notice.as_deref()).await
}
