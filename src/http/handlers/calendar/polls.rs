//! Finding a date: the organiser proposes candidates, members answer ○/△/×, the organiser fixes
//! one and the event and its invitations follow.

use super::*;
use crate::http::present::calendar::poll_view;
use crate::models::views::poll::PollPage;

/// GET /rooms/{id}/polls/new
pub async fn new_poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room, features, _) = form_room(&state, path.into_inner(), uid).await?;
    Ok(poll_form_page(
        &ctx,
        &state,
        &room,
        features,
        &Raw(vec![("kind".into(), "care_conference".into())]),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/polls
pub async fn create_poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    let (room, features, _) = form_room(&state, room_id, uid).await?;
    let mut check = Check::default();
    let data = events::read_poll(
        &raw,
        &mut check,
        features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    let key = check.form_key(&raw, "kind");
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(poll_form_page(
            &ctx,
            &state,
            &room,
            features,
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let (st, actor) = (state.clone(), ctx.actor());
    let id = state
        .db(move |conn| {
            let (settings, now) = (Some(&*st.settings), st.clock.now());
            events::create_poll(conn, settings, uid, room_id, &data, &key, &actor, now)
                .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::poll(room_id, id)))
}

/// GET /rooms/{id}/polls/{poll}
pub async fn poll(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, poll_id) = path.into_inner();
    let page = state
        .load(move |conn| PollPage::load(conn, uid, room_id, poll_id))
        .await?
        .ok_or(AppError::NotFound)?;
    state.viewed(&ctx, page.views()).await?;
    let view = poll_view(lang, &ctx.csrf, &page, uid);
    let head = named(header(lang, &page.room, page.features, Tab::Calendar));
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &head))
        (renkei_views::calendar::poll(&view))
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("calendar.poll_title", locale = lang),
        body,
    ))
}

/// POST /rooms/{id}/polls/{poll}/answers — my ○/△/× (option_{id} = yes | maybe | no).
pub async fn answer(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, poll_id) = path.into_inner();
    let mut answers = Vec::new();
    for (k, v) in form.into_inner() {
        let Some(id) = k
            .strip_prefix("option_")
            .and_then(|x| x.parse::<i64>().ok())
        else {
            continue;
        };
        if !events::ANSWERS.contains(&v.as_str()) {
            return Err(AppError::BadRequest);
        }
        answers.push((id, v));
    }
    let now = state.clock.now();
    state
        .db(move |conn| {
            events::answer_poll(conn, uid, room_id, poll_id, &answers, now).map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::poll(room_id, poll_id)))
}

/// POST /rooms/{id}/polls/{poll}/decision — the organiser fixes a candidate.
pub async fn decide(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, poll_id) = path.into_inner();
    let option: i64 = Raw(form.into_inner())
        .get("option")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            events::fix_poll(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                poll_id,
                option,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::event(room_id, id)))
}
