//! The directory of account holders (seed 002, policy 2: the names of all account holders are
//! visible to other users): name, organisation and profession of every active account,
//! searchable. Contact details are not shown.

use crate::http::paths;
use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::{AppState, paging, render};
use crate::models::User;

#[derive(Debug, Default, Deserialize)]
pub struct DirectoryQuery {
    #[serde(default)]
    pub q: String,
    /// Keyset paging: the last account of the page before.
    pub after: Option<i64>,
}

/// GET /directory — every logged-in user.
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<DirectoryQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.user()?;
    let lang = ctx.lang;
    let query: String = q.q.chars().take(64).collect();
    let qq = query.clone();
    let after = q.after;
    let rows = state
        .db(move |conn| {
            let professions = crate::http::present::labels::professions_matching(&qq);
            Ok(User::list_with_organisation(
                conn,
                &qq,
                &professions,
                true,
                (after, paging::fetch()),
            )?)
        })
        .await?;
    let (rows, next) = paging::split(rows, |(u, _)| u.id);
    let rows = rows
        .into_iter()
        .map(|(u, org)| renkei_views::directory::Row {
            write_href: format!("{}?to={}", paths::MAIL_NEW, u.id),
            name: u.display_name,
            kana: u.kana,
            organisation: org,
            profession: crate::http::present::labels::profession_label(lang, &u.profession),
        })
        .collect();
    let view = renkei_views::directory::DirectoryView {
        lang,
        query: &query,
        rows,
        more_href: next.map(|after| paging::next_href(paths::DIRECTORY, &[("q", &query)], after)),
    };
    let title = t!("directory.title", locale = lang);
    Ok(render::page_or_partial(
        &ctx,
        &state,
        &title,
        || renkei_views::directory::directory(&view),
        || renkei_views::directory::rows(&view),
    ))
}
