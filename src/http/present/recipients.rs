//! The people and offices a 利用者間メール may be addressed to, found by name, 職種 or
//! organisation, as the suggestions under the 宛先 field and the search page show them.

use actix_web::web;

use crate::http::AppState;
use crate::http::errors::AppError;
use crate::http::present::labels::professions_matching;
use crate::models::User;
use crate::models::views::recipients::Recipients;

fn choice(lang: &str, u: &User, organisation: &str) -> renkei_views::mail::Choice {
    renkei_views::mail::Choice {
        id: u.id,
        name: u.display_name.clone(),
        meta: format!(
            "{}・{}",
            organisation,
            crate::http::present::labels::profession_label(lang, &u.profession)
        ),
    }
}

/// The chosen account and the suggestions as the 宛先 field and the search page show them.
pub fn choices(
    lang: &str,
    r: &Recipients,
) -> (
    Option<renkei_views::mail::Choice>,
    Vec<renkei_views::mail::Choice>,
) {
    (
        r.chosen.as_ref().map(|(u, o)| choice(lang, u, o)),
        r.found.iter().map(|(u, o)| choice(lang, u, o)).collect(),
    )
}

/// Loads and presents the recipients for `query` (what both the compose form and the search
/// page show).
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
    let (query, professions) = (query.to_string(), professions_matching(query));
    let loaded = state
        .db(move |conn| Ok(Recipients::load(conn, &query, &professions, chosen, me)?))
        .await?;
    Ok(choices(lang, &loaded))
}
