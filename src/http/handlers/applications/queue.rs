//! An office's queue: its applications with due dates in 開庁日, filtered by form, status and
//! channel (htmx swaps the rows; without script the filter is a plain GET form).

use super::*;

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
                href: paths::application(a.id),
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
