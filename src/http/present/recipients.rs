//! The people and offices a 利用者間メール may be addressed to, found by name, 職種 or
//! organisation, as the suggestions under the 宛先 field and the search page show them.

use actix_web::web;

use crate::http::AppState;
use crate::http::errors::AppError;
use crate::models::User;

/// At most this many suggestions: a name narrows the list better than scrolling.
const LIMIT: i64 = 20;

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
                let professions = crate::http::present::labels::professions_matching(&q);
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
