//! The S管理者's changes to a 職種連携の部屋 after confirming them with a reason: closing a stale
//! room (members told, read-only from then on) and 部屋名称の変更. A problem with what was typed
//! shows the page again with it kept; a patient room or a closed one is refused.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::Deserialize;

use crate::http::context::{Ctx, office_of};
use crate::http::errors::AppError;
use crate::http::present::labels::kind_label;
use crate::http::{AppState, paths, render};
use crate::models::rooms::Room;
use crate::services::topic_rooms::{self, changeable};

/// The longest room name (as in the 開設申請, `domain::forms::rooms`).
const NAME_MAX: usize = 50;
const REASON_MAX: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Change {
    Close,
    Rename,
}

impl Change {
    fn action(self, id: i64) -> String {
        match self {
            Change::Close => paths::room_admin_close(id),
            Change::Rename => paths::room_admin_name(id),
        }
    }
    /// The locale keys of its page: title, lead, button.
    fn keys(self) -> [&'static str; 3] {
        match self {
            Change::Close => ["rooms.close_title", "rooms.close_confirm", "rooms.close"],
            Change::Rename => ["rooms.rename_title", "rooms.rename_confirm", "rooms.rename"],
        }
    }
}

/// The room if this clerk's office administers it and it may be changed here.
async fn room(ctx: &Ctx, state: &web::Data<AppState>, id: i64) -> Result<Room, AppError> {
    let office = office_of(ctx)?;
    let room = state
        .db(move |conn| Room::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound))
        .await?;
    changeable(&room).map_err(|why| AppError::Conflict(why.message_key()))?;
    Ok(room)
}

/// What the confirmation says the room is: its number, name and kind.
fn facts(lang: &str, room: &Room) -> Vec<(String, String)> {
    vec![
        (t!("rooms.label", locale = lang).into(), room.label()),
        (t!("rooms.name", locale = lang).into(), room.name.clone()),
        (
            t!("rooms.kind", locale = lang).into(),
            kind_label(lang, &room.kind),
        ),
    ]
}

/// The confirmation page, with what was typed and its problems.
async fn page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    (id, change): (i64, Change),
    typed: &ChangeForm,
    errors: &Errors,
) -> Result<HttpResponse, AppError> {
    let room = room(ctx, state, id).await?;
    let lang = ctx.lang;
    let [title, lead, button] = change.keys();
    let name = if typed.name.is_empty() && errors.is_empty() {
        room.name.clone()
    } else {
        typed.name.clone()
    };
    let view = renkei_views::ui::Confirm {
        lang,
        input: (change == Change::Rename).then(|| {
            (
                "name".into(),
                t!("rooms.new_name", locale = lang).into(),
                name,
                NAME_MAX,
            )
        }),
        csrf: &ctx.csrf,
        action: change.action(id),
        lead: t!(lead, locale = lang).into(),
        facts: facts(lang, &room),
        reason: Some((
            "reason".into(),
            t!("rooms.change_reason", locale = lang).into(),
            typed.reason.clone(),
        )),
        reason_max: REASON_MAX,
        errors,
        refusal: None,
        button: t!(button, locale = lang).into(),
        danger: change == Change::Close,
        back: paths::room_admin(id),
        hidden: Vec::new(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = t!(title, locale = lang, room = room.label());
    Ok(render::page_with(
        ctx,
        state,
        status,
        &title,
        renkei_views::ui::confirm(&view),
        None,
    ))
}

/// The problems of what was typed: required, not too long, no control characters (and a name on
/// one line, as when a room is opened), a new name that differs from the room's.
fn problems(lang: &str, change: Change, typed: &ChangeForm, room: &Room) -> Errors {
    let mut errors = Errors::new();
    let mut check = |field: &str, value: &str, max: usize, one_line: bool| {
        let value = value.trim();
        let breaks = one_line && value.contains(['\n', '\r', '\t']);
        if value.is_empty() {
            errors.add(field, t!("form.error.required", locale = lang));
        } else if breaks
            || crate::domain::text::has_control_chars(value)
            || value.chars().count() > max
        {
            errors.add(
                field,
                t!("rooms.error.change_invalid", locale = lang, max = max),
            );
        }
    };
    if change == Change::Rename {
        check("name", &typed.name, NAME_MAX, true);
    }
    check("reason", &typed.reason, REASON_MAX, false);
    if change == Change::Rename && errors.is_empty() && typed.name.trim() == room.name {
        errors.add("name", t!("rooms.error.same_name", locale = lang));
    }
    errors
}

/// GET /rooms/admin/{id}/close
pub async fn confirm_close(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let key = (path.into_inner(), Change::Close);
    page(&ctx, &state, key, &ChangeForm::default(), &Errors::new()).await
}

/// GET /rooms/admin/{id}/name
pub async fn confirm_rename(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let key = (path.into_inner(), Change::Rename);
    page(&ctx, &state, key, &ChangeForm::default(), &Errors::new()).await
}

/// Checks what was typed, then makes the change in one transaction with its audit row and the
/// members' mails; back to the room's admin page with a notice.
async fn make(
    ctx: Ctx,
    state: web::Data<AppState>,
    (id, change): (i64, Change),
    typed: ChangeForm,
) -> Result<HttpResponse, AppError> {
    let room = room(&ctx, &state, id).await?;
    let errors = problems(ctx.lang, change, &typed, &room);
    if !errors.is_empty() {
        return page(&ctx, &state, (id, change), &typed, &errors).await;
    }
    let office = office_of(&ctx)?;
    let (st, actor) = (state.clone(), ctx.actor());
    let done = state
        .db(move |conn| {
            crate::db::write_tx(conn, |conn| {
                // Read again inside the change: the audited old name is the one replaced.
                let room =
                    Room::find_for_office(conn, id, office.as_str())?.ok_or(AppError::NotFound)?;
                let told = (&actor, Some(&*st.settings));
                let (name, reason) = (typed.name.trim(), typed.reason.trim());
                let now = st.clock.now();
                Ok::<_, AppError>(match change {
                    Change::Close => {
                        topic_rooms::close(conn, &room, None, reason.into(), told, now)?
                    }
                    Change::Rename => topic_rooms::rename(conn, &room, (name, reason), told, now)?,
                })
            })
        })
        .await?;
    done.map_err(|why| AppError::Conflict(why.message_key()))?;
    let notice = if change == Change::Close {
        "room_closed"
    } else {
        "room_renamed"
    };
    Ok(render::redirect(
        &ctx,
        &paths::with_notice(&paths::room_admin(id), notice),
    ))
}

/// POST /rooms/admin/{id}/close
pub async fn close(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    make(
        ctx,
        state,
        (path.into_inner(), Change::Close),
        form.into_inner(),
    )
    .await
}

/// POST /rooms/admin/{id}/name
pub async fn rename(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    make(
        ctx,
        state,
        (path.into_inner(), Change::Rename),
        form.into_inner(),
    )
    .await
}
