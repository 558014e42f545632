//! An office's queue: its applications with due dates in 開庁日, filtered by form, status and
//! channel (htmx swaps the rows; without script the filter is a plain GET form).

use super::*;
use crate::http::paging;
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
    /// Keyset paging: the last application of the page before.
    pub after: Option<i64>,
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
    let after = q.after;
    let (rows, counts, paired) = state
        .db(move |conn| {
            let rows = Application::queue(conn, office, &filter, (after, paging::fetch()))?;
            let keys: Vec<String> = rows.iter().filter_map(|a| a.pair_key.clone()).collect();
            Ok((
                rows,
                Application::counts(conn, office)?,
                Application::paired_keys(conn, office, &keys)?,
            ))
        })
        .await?;
    let (rows, next) = paging::split(rows, |a| a.id);
    let (forms, statuses, channels) = queue_choices(lang, office);
    let filters = [
        ("form", q.form.as_str()),
        ("status", q.status.as_str()),
        ("channel", q.channel.as_str()),
        ("overdue", q.overdue.as_str()),
    ];
    let view = renkei_views::applications::QueueView {
        lang,
        office_label: office_label(lang, office),
        rows: rows
            .iter()
            .map(|a| queue_row(lang, a, &paired, today))
            .collect(),
        more_href: next.map(|after| paging::next_href(paths::APPLICATIONS, &filters, after)),
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
