//! Finding whom to write to by name, reading, organisation or profession (not by login ID):
//! the suggestions htmx shows under the 宛先 field as one types, and the same search as a page
//! of its own (each result a link to write to that person) for a browser without script.

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::recipients::find;
use crate::http::{AppState, render};

#[derive(Debug, Default, Deserialize)]
pub struct RecipientQuery {
    /// What the compose form's search field sends, or the page's own field.
    #[serde(default, alias = "to_search")]
    pub q: String,
}

/// GET /mail/recipients — the suggestions (htmx) or the search page.
pub async fn search(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<RecipientQuery>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (_, found) = find(&state, lang, &q.q, None, me).await?;
    let view = renkei_views::mail::RecipientsView {
        lang,
        query: &q.q,
        searched: !q.q.trim().is_empty(),
        found,
        chosen: None,
    };
    Ok(render::page_or_partial(
        &ctx,
        &state,
        &t!("mail.find_recipient", locale = lang),
        || renkei_views::mail::recipients_page(&view),
        || renkei_views::mail::recipient_options(&view),
    ))
}
