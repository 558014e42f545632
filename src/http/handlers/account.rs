//! The account page and the language setting.

use actix_web::{HttpResponse, web};
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::{Ctx, LANG_COOKIE, make_cookie};
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::present::datetime;
use crate::http::{AppState, paths, render};
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::{Session, User};

fn device_label(user_agent: &str) -> String {
    let ua = user_agent;
    let os = if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Mac OS") {
        "macOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        "?"
    };
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Chrome/") {
        "Chrome"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "?"
    };
    format!("{browser} / {os}")
}

/// GET /account
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let auth = ctx.user()?.clone();
    let lang = ctx.lang;
    let user_id = auth.user.id;
    let sessions = state
        .db(move |conn| Ok(Session::open_for_user(conn, user_id)?))
        .await?;
    let rows = sessions
        .iter()
        .map(|s| renkei_views::account::SessionRow {
            started: datetime(lang, s.created_at),
            last_seen: datetime(lang, s.last_seen_at),
            device: device_label(&s.user_agent),
            current: s.id_hash == auth.session.id_hash,
        })
        .collect();
    let body = renkei_views::account::account(&renkei_views::account::AccountView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        login_id: &auth.user.login_id,
        display_name: &auth.user.display_name,
        organisation: &auth.organisation,
        profession: crate::http::present::labels::profession_label(ctx.lang, &auth.user.profession),
        sessions: rows,
    });
    Ok(render::page_with(
        &ctx,
        &state,
        actix_web::http::StatusCode::OK,
        &t!("account.title", locale = ctx.lang),
        body,
        q.notice.as_deref(),
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub return_to: String,
}

/// POST /language — for everyone; kept on the account for logged-in users, in a cookie otherwise.
pub async fn set_language(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let lang = match form.lang.as_str() {
        "ja" => "ja",
        "en" => "en",
        _ => return Err(AppError::BadRequest),
    };
    if let Ok(auth) = ctx.user() {
        let user_id = auth.user.id;
        let st = state.clone();
        let actor = ctx.actor();
        state
            .db(move |conn| {
                let now = st.clock.now();
                crate::db::write_tx(conn, |conn| {
                    User::set_locale(conn, user_id, lang)?;
                    AuditRecord::append(
                        conn,
                        AuditEntry::new(&actor, "settings.language", "success").detail(lang),
                        now,
                    )?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
    let back = paths::safe_return(&form.return_to);
    let mut res = render::redirect(&ctx, back);
    let mut cookie = make_cookie(&state, LANG_COOKIE, lang.to_string());
    cookie.set_max_age(actix_web::cookie::time::Duration::days(365));
    let _ = res.add_cookie(&cookie);
    Ok(res)
}
