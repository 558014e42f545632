//! Tags of the 連絡帳 are global and managed by S管理者 only: add, rename, retire (a retired tag
//! is no longer offered; the posts that carry it keep it) and restore.

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
use crate::models::Role;
use crate::models::audit::{AuditEntry, AuditRecord};
use crate::models::posts::Tag;

pub const ROLES: &[Role] = &[Role::CityAdmin];

async fn page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    errors: &Errors,
    typed: &Raw,
    status: StatusCode,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let tags = state.db(|conn| Ok(Tag::all(conn)?)).await?;
    let rows: Vec<renkei_views::admin::TagRow> = tags
        .iter()
        .map(|t| renkei_views::admin::TagRow {
            id: t.id,
            name: t.name.clone(),
            retired: t.retired_at.is_some(),
        })
        .collect();
    Ok(render::page_with(
        ctx,
        state,
        status,
        &t!("tags.title", locale = ctx.lang),
        renkei_views::admin::tags(ctx.lang, &ctx.csrf, &rows, errors, &|n| {
            typed.get(n).to_string()
        }),
        notice,
    ))
}

/// GET /admin/tags
pub async fn list(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    page(
        &ctx,
        &state,
        &Errors::new(),
        &Raw(Vec::new()),
        StatusCode::OK,
        q.notice.as_deref(),
    )
    .await
}

/// A tag name: 1–20 characters, one line, not taken by another tag.
async fn checked_name(
    state: &web::Data<AppState>,
    raw: &Raw,
    field: &str,
    except: Option<i64>,
    check: &mut Check,
) -> Result<String, AppError> {
    let name = check.text(raw, field, true, 20);
    if check.problems.is_empty() {
        let n = name.clone();
        let taken = state
            .db(move |conn| Ok(Tag::by_name(conn, &n)?))
            .await?
            .is_some_and(|t| Some(t.id) != except);
        if taken {
            check.problem(field, "tags.error.taken", "");
        }
    }
    Ok(name)
}

/// POST /admin/tags
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let raw = Raw(form.into_inner());
    let mut check = Check::default();
    let name = checked_name(&state, &raw, "name", None, &mut check).await?;
    if !check.problems.is_empty() {
        let errors = translate(ctx.lang, &check.problems);
        return page(
            &ctx,
            &state,
            &errors,
            &raw,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await;
    }
    let actor = ctx.actor();
    let now = state.clock.now();
    state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                let id = Tag::add(conn, &name, now)?;
                AuditRecord::append(
                    conn,
                    AuditEntry::new(&actor, "tag.add", "success")
                        .target("tag", id)
                        .detail(name.clone()),
                    now,
                )
            })?;
            Ok(())
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::ADMIN_TAGS, "tags_saved"),
    ))
}

/// POST /admin/tags/{id} — rename.
pub async fn rename(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let raw = Raw(form.into_inner());
    let field = format!("name-{id}");
    let mut check = Check::default();
    let name = checked_name(&state, &raw, &field, Some(id), &mut check).await?;
    if !check.problems.is_empty() {
        let errors = translate(ctx.lang, &check.problems);
        return page(
            &ctx,
            &state,
            &errors,
            &raw,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await;
    }
    let actor = ctx.actor();
    let now = state.clock.now();
    let found = state
        .db(move |conn| {
            Ok(crate::db::write_tx(conn, |conn| {
                let found = Tag::rename(conn, id, &name)?;
                if found {
                    AuditRecord::append(
                        conn,
                        AuditEntry::new(&actor, "tag.rename", "success")
                            .target("tag", id)
                            .detail(name.clone()),
                        now,
                    )?;
                }
                Ok::<_, diesel::result::Error>(found)
            })?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::ADMIN_TAGS, "tags_saved"),
    ))
}

/// POST /admin/tags/{id}/retirement — `retire=1` retires, `retire=0` restores.
pub async fn retire(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    ctx.require(ROLES)?;
    let id = path.into_inner();
    let retire = Raw(form.into_inner()).get("retire") == "1";
    let actor = ctx.actor();
    let now = state.clock.now();
    let found = state
        .db(move |conn| {
            Ok(crate::db::write_tx(conn, |conn| {
                let found = Tag::set_retired(conn, id, retire.then_some(now))?;
                if found {
                    AuditRecord::append(
                        conn,
                        AuditEntry::new(
                            &actor,
                            if retire { "tag.retire" } else { "tag.restore" },
                            "success",
                        )
                        .target("tag", id),
                        now,
                    )?;
                }
                Ok::<_, diesel::result::Error>(found)
            })?)
        })
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(paths::ADMIN_TAGS, "tags_saved"),
    ))
}
