//! Finding a date: the organiser proposes candidates, members answer ○/△/×, the organiser fixes
//! one and the event and its invitations follow.

use super::*;

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
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("kind", "rooms.error.stale_form", "");
    }
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
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            events::create_poll(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                &data,
                &key,
                &actor,
                st.clock.now(),
            )
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
    let (room, features, poll, options, answers, members, organiser) = state
        .db(move |conn| {
            let (room, f) =
                room_with(conn, room_id, uid, Feature::Calendar)?.ok_or(AppError::NotFound)?;
            let poll = Poll::find_in_room(conn, room_id, poll_id)?.ok_or(AppError::NotFound)?;
            let options = Poll::options(conn, poll_id)?;
            let ids: Vec<i64> = options.iter().map(|o| o.id).collect();
            let answers = Poll::answers(conn, &ids)?;
            let members = Room::members(conn, room_id)?;
            use diesel::prelude::*;
            let organiser: String = users::table
                .find(poll.organiser_id)
                .select(users::display_name)
                .first(conn)?;
            Ok((room, f, poll, options, answers, members, organiser))
        })
        .await?;
    state
        .viewed(
            &ctx,
            vec![View::in_room(&room, "poll").record("poll", poll_id)],
        )
        .await?;
    let open = room.is_open() && poll.fixed_at.is_none();
    let mark = |a: &str| match a {
        "yes" => "○",
        "maybe" => "△",
        "no" => "×",
        _ => "–",
    };
    let view = renkei_views::calendar::PollView {
        lang,
        csrf: &ctx.csrf,
        kind: kind_label(lang, &poll.kind),
        title: poll.title.clone(),
        organiser,
        notes: poll.notes.clone(),
        options: options
            .iter()
            .map(|o| {
                let of = |u: i64| {
                    answers
                        .iter()
                        .find(|(opt, who, _)| *opt == o.id && *who == u)
                        .map(|(_, _, a)| a.as_str())
                        .unwrap_or("")
                };
                let count = |what: &str| {
                    answers
                        .iter()
                        .filter(|(opt, _, a)| *opt == o.id && a == what)
                        .count()
                };
                (
                    o.id,
                    when_label(lang, o.starts_at, o.ends_at),
                    members.iter().map(|m| mark(of(m.user_id))).collect(),
                    count("yes"),
                    count("maybe"),
                )
            })
            .collect(),
        members: members.iter().map(|m| m.display_name.clone()).collect(),
        mine: options
            .iter()
            .map(|o| {
                answers
                    .iter()
                    .find(|(opt, who, _)| *opt == o.id && *who == uid)
                    .map(|(_, _, a)| a.clone())
                    .unwrap_or_default()
            })
            .collect(),
        answer_action: open.then(|| paths::poll_answers(room_id, poll_id)),
        decide_action: (open && poll.organiser_id == uid)
            .then(|| paths::poll_decision(room_id, poll_id)),
        fixed: poll.event_id.map(|e| paths::event(room_id, e)),
        back: paths::room_calendar(room_id),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &named(header(lang, &room, features, Tab::Calendar))))
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
