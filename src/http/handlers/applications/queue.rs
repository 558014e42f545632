//! An office's queue: its applications with due dates in 開庁日, filtered by form, status and
//! channel (htmx swaps the rows; without script the filter is a plain GET form).

use super::*;
use crate::http::present::applications::{queue_choices, queue_row, status_counts};

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
    let (forms, statuses, channels) = queue_choices(lang, office);
    let view = renkei_views::applications::QueueView {
        lang,
        office_label: office_label(lang, office),
        rows: rows
            .iter()
            .map(|a| queue_row(lang, a, &rows, today))
            .collect(),
        counts: status_counts(lang, &counts),
        forms,
        statuses,
        channels,
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
