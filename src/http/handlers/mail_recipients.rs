//! Finding whom to write to by name, reading, organisation or profession (not by login ID):
//! the suggestions htmx shows under the 宛先 field as one types, and the same search as a page
//! of its own (each result a link to write to that person) for a browser without script.

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, render};
use crate::models::User;

/// At most this many suggestions: a name narrows the list better than scrolling.
const LIMIT: i64 = 20;

#[derive(Debug, Default, Deserialize)]
pub struct RecipientQuery {
    /// What the compose form's search field sends, or the page's own field.
    #[serde(default, alias = "to_search")]
    pub q: String,
}

fn choice(lang: &str, u: &User, organisation: &str) -> renkei_views::mail::Choice {
    renkei_views::mail::Choice {
        id: u.id,
        name: u.display_name.clone(),
        meta: format!(
            "{}・{}",
            organisation,
            render::profession_label(lang, &u.profession)
        ),
    }
}

/// The active accounts matching `query` (none for an empty query), and the one chosen.
pub async fn find(
    state: &web::Data<AppState>,
    lang: &'static str,
    query: &str,
    chosen: Option<i64>,
    me: i64,
) -> Result<
    (
        Option<renkei_views::mail::Choice>,
        Vec<renkei_views::mail::Choice>,
    ),
    AppError,
> {
    let q: String = query.trim().chars().take(64).collect();
    state
        .db(move |conn| {
            let found = if q.is_empty() {
                Vec::new()
            } else {
                let professions = render::professions_matching(&q);
                User::list_with_organisation(conn, &q, &professions, true, LIMIT)?
            };
            let picked = match chosen {
                Some(id) => User::with_organisation(conn, id)?
                    .filter(|(u, _)| crate::models::messages::can_receive(u)),
                None => None,
            };
            Ok((
                picked.map(|(u, o)| choice(lang, &u, &o)),
                found
                    .iter()
                    .filter(|(u, _)| u.id != me)
                    .map(|(u, o)| choice(lang, u, o))
                    .collect(),
            ))
        })
        .await
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
