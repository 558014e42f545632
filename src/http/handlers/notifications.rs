//! Each user's notification settings (domain.md §5; FAQ 9.3 — "notifications don't arrive" is
//! the most common question, so the page says plainly where mails go): the address, which posts
//! (all / only those addressed to me / none), and a daily digest instead of single mails.

use crate::http::paths;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms::{Check, Raw};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::present::forms::translate;
use crate::http::{AppState, render};
use crate::models::User;
use crate::services::accounts::save_notifications;
use crate::services::timeline::{NotificationChoice, POST_CHOICES};

fn page(
    ctx: &Ctx,
    state: &AppState,
    raw: &Raw,
    account_email: &str,
    errors: &Errors,
    status: StatusCode,
    notice: Option<&str>,
) -> HttpResponse {
    let lang = ctx.lang;
    let values = |n: &str| raw.get(n).to_string();
    let choices: Vec<(String, String)> = POST_CHOICES
        .iter()
        .map(|c| {
            (
                c.to_string(),
                t!(format!("notifications.posts.{c}"), locale = lang).into(),
            )
        })
        .collect();
    render::page_with(
        ctx,
        state,
        status,
        &t!("notifications.title", locale = lang),
        renkei_views::account::notifications(
            lang,
            &ctx.csrf,
            &values,
            account_email,
            &choices,
            errors,
        ),
        notice,
    )
}

/// GET /account/notifications
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let u = user.clone();
    let choice = state
        .db(move |conn| Ok(NotificationChoice::of(conn, &u)?))
        .await?;
    let mut raw = vec![
        ("email".to_string(), choice.email.clone()),
        ("posts".to_string(), choice.posts.clone()),
    ];
    if choice.digest {
        raw.push(("digest".into(), "1".into()));
    }
    Ok(page(
        &ctx,
        &state,
        &Raw(raw),
        &user.email,
        &Errors::new(),
        StatusCode::OK,
        q.notice.as_deref(),
    ))
}

/// POST /account/notifications
pub async fn save(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let raw = Raw(form.into_inner());
    let mut check = Check::default();
    let email = check.email(&raw, "email", false);
    let posts = check.choice(&raw, "posts", POST_CHOICES);
    let digest = raw.checked("digest");
    // A new address receives every notice from now on: changing it takes the password, so a
    // session left open cannot divert them.
    let uid = user.id;
    let u = user.clone();
    let saved = state
        .db(move |conn| Ok(NotificationChoice::of(conn, &u)?.email))
        .await?;
    if !email.is_empty() && email != saved && !password_confirmed(&user, &raw) {
        check.problem("current_password", "notifications.error.password", "");
    }
    if !check.problems.is_empty() {
        let errors = translate(ctx.lang, &check.problems);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page(&ctx, &state, &raw, &user.email, &errors, status, None));
    }
    let (now, actor) = (state.clock.now(), ctx.actor());
    let choice = NotificationChoice {
        email,
        posts,
        digest,
    };
    state
        .db(move |conn| Ok(save_notifications(conn, uid, &choice, &actor, now)?))
        .await?;
    let saved = paths::with_notice(paths::NOTIFICATION_SETTINGS, "settings_saved");
    Ok(render::redirect(&ctx, &saved))
}

/// Whether the account's current password was typed (a new address takes it).
fn password_confirmed(user: &User, raw: &Raw) -> bool {
    let typed = raw.get("current_password");
    !typed.is_empty()
        && user
            .password_hash
            .as_deref()
            .is_some_and(|h| crate::services::auth::verify_password(h, typed))
}
