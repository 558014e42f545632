//! Keying in a paper form: choosing the form, the form itself (rows, drafts, kept files), and
//! filing it in the clerk's queue — or the form again with every problem and everything typed.

use super::*;

/// GET /applications/new
pub async fn choose(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<crate::http::extract::NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let office = office_of(&ctx)?;
    let saved = form_drafts::listed(&ctx, &state, "paper", paths::application_new).await?;
    let lang = ctx.lang;
    let forms: Vec<(String, String, String)> = paper_forms(office)
        .into_iter()
        .map(|f| {
            (
                paths::application_new(f.as_str()),
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
        (renkei_views::form::drafts(lang, &ctx.csrf, &saved, paths::APPLICATIONS_NEW))
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
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let back = paths::application_new(form.as_str());
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
        max,
        crate::services::files::Accepts::Scans,
    );
    let (prefix, default_rows) = rows_of(form);
    let rows = rows_asked(&raw, prefix, default_rows);
    let again = Again {
        state: &state,
        uid,
        field: "scan",
        raw: &raw,
    };
    // 「欄を増やす」: the same form with one more row, everything typed and chosen kept.
    if adds_row(&raw) {
        let rows = (rows + 1).min(MAX_ROWS);
        let none = Errors::new();
        let shown = again.shown(&none, rows, StatusCode::OK, scans).await?;
        return Ok(paper_page(&ctx, &state, form, shown));
    }
    let (channel, received_on) = read_receipt(&raw, form, state.clock.today(), &mut check);
    let filed = read_form(form, &raw, &mut check);
    let (Some(channel), Some(received_on), Some(filed), true) =
        (channel, received_on, filed, check.problems.is_empty())
    else {
        let errors = translate(lang, &check.problems);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        let shown = again.shown(&errors, rows, status, scans).await?;
        return Ok(paper_page(&ctx, &state, form, shown));
    };
    let (kept_ids, kept_scans) = crate::http::kept::take(&state, uid, "scan", &raw).await?;
    let mut scans = scans;
    scans.extend(kept_scans);
    let id = file(&state, &ctx, (form, channel, received_on), filed, scans).await?;
    form_drafts::discard(&ctx, &state, &raw).await?;
    crate::http::kept::forget(&state, uid, kept_ids).await?;
    Ok(render::redirect(&ctx, &paths::application(id)))
}

/// Files the paper form in its office's queue with its scans; the new application's id.
async fn file(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    (form, channel, received_on): (Form, Channel, chrono::NaiveDate),
    filed: Filed,
    scans: Vec<Attachment>,
) -> Result<i64, AppError> {
    let (st, actor) = (state.clone(), ctx.actor());
    // A paper form goes to the queue of the office that keys it in.
    let office = office_of(ctx)?;
    let (id, _) = state
        .db(move |conn| {
            let sub = Submission {
                form,
                office: form.office_in(office),
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
    Ok(id)
}

/// How and when the paper came: a paper channel the form allows, and a received date not in
/// the future (the due date counts from it; a bad one counts from today for the other checks).
fn read_receipt(
    raw: &Raw,
    form: Form,
    today: chrono::NaiveDate,
    check: &mut Check,
) -> (Option<Channel>, Option<chrono::NaiveDate>) {
    let channel =
        Channel::parse(raw.get("channel")).filter(|c| c.is_paper() && form.channels().contains(c));
    if channel.is_none() {
        check.problem("channel", "form.error.choice", "");
    }
    let received_on = check.date(raw, "received_on", true);
    if received_on.is_some_and(|d| d > today) {
        check.problem("received_on", "applications.error.future", "");
    }
    check.received_on = Some(received_on.filter(|d| *d <= today).unwrap_or(today));
    (channel, received_on)
}
