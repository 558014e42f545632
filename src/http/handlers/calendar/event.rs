//! An event: the form (new, edit), creating and changing it (invitations with .ics follow), its
//! page, cancelling it, and its .ics for one's own calendar program.

use super::*;

/// GET /rooms/{id}/calendar/new
pub async fn new_event(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let (room, features, members) = form_room(&state, room_id, uid).await?;
    let (_, date) = query(&req, state.clock.today());
    let mut fields = vec![
        ("date".to_string(), date.format("%Y-%m-%d").to_string()),
        ("start".to_string(), "10:00".to_string()),
        ("end".to_string(), "11:00".to_string()),
    ];
    fields.extend(
        members
            .iter()
            .map(|m| ("participant".to_string(), m.user_id.to_string())),
    );
    Ok(event_form_page(
        &ctx,
        &state,
        &room,
        features,
        &members,
        paths::room_calendar(room_id),
        &Raw(fields),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/calendar
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    let (room, features, members) = form_room(&state, room_id, uid).await?;
    let mut check = Check::default();
    let data = events::read_event(
        &raw,
        &mut check,
        &members,
        features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    let key = check.form_key(&raw, "kind");
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(event_form_page(
            &ctx,
            &state,
            &room,
            features,
            &members,
            paths::room_calendar(room_id),
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let (st, actor) = (state.clone(), ctx.actor());
    let id = state
        .db(move |conn| {
            let (settings, now) = (Some(&*st.settings), st.clock.now());
            events::create_event(conn, settings, uid, room_id, &data, &key, &actor, now)
                .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::event(room_id, id)))
}

/// GET /rooms/{id}/calendar/{event}
pub async fn event(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    let name = |id: i64| {
        l.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let editable = l.editable_by(uid);
    let view = renkei_views::calendar::EventView {
        lang,
        csrf: &ctx.csrf,
        kind: kind_label(lang, &e.kind),
        title: e.title.clone(),
        when: when_label(lang, e.starts_at, e.ends_at),
        place: e.place.clone(),
        meeting_url: if l.features.has(Feature::WebMeeting) {
            e.meeting_url.clone()
        } else {
            String::new()
        },
        notes: e.notes.clone(),
        organiser: name(e.organiser_id),
        participants: l.participants.iter().map(|u| name(*u)).collect(),
        cancelled: e
            .cancelled_at
            .map(|t| crate::http::present::datetime(lang, t)),
        ics_href: paths::event_ics(room_id, event_id),
        edit_href: editable.then(|| paths::event_edit(room_id, event_id)),
        cancel_href: editable.then(|| paths::event_cancellation(room_id, event_id)),
        back: format!(
            "{}?view=month&date={}",
            paths::room_calendar(room_id),
            from_utc(e.starts_at).format("%Y-%m-%d")
        ),
    };
    let head = named(header_with_rights(
        lang,
        &l.room,
        l.features,
        l.read_only,
        Tab::Calendar,
    ));
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &head))
        (renkei_views::calendar::event(&view))
    };
    Ok(render::page(&ctx, &state, &event_label(lang, e), body))
}

/// GET /rooms/{id}/calendar/{event}/cancellation — the confirmation: cancelling mails every
/// participant.
pub async fn confirm_cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    crate::http::rights::check_write(&state, room_id, uid, Feature::Calendar).await?;
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    if !l.room.is_open() || e.organiser_id != uid || e.is_cancelled() {
        return Err(AppError::NotFound);
    }
    let names: Vec<String> = l
        .participants
        .iter()
        .filter_map(|u| l.names.iter().find(|(i, _)| i == u).map(|(_, n)| n.clone()))
        .collect();
    let errors = Errors::new();
    let view = renkei_views::ui::Confirm {
        lang,
        input: None,
        csrf: &ctx.csrf,
        action: paths::event_cancellation(room_id, event_id),
        lead: t!("calendar.cancel_confirm", locale = lang).into(),
        facts: vec![
            (
                t!("calendar.kind", locale = lang).into(),
                event_label(lang, e),
            ),
            (
                t!("calendar.when", locale = lang).into(),
                when_label(lang, e.starts_at, e.ends_at),
            ),
            (
                t!("calendar.participants", locale = lang).into(),
                names.join("、"),
            ),
        ],
        reason: None,
        reason_max: 0,
        errors: &errors,
        refusal: None,
        button: t!("calendar.cancel", locale = lang).into(),
        danger: true,
        back: paths::event(room_id, event_id),
        hidden: Vec::new(),
    };
    let head = named(header(lang, &l.room, l.features, Tab::Calendar));
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &head))
        (renkei_views::ui::confirm(&view))
    };
    Ok(render::page(
        &ctx,
        &state,
        &t!("calendar.cancel_title", locale = lang),
        body,
    ))
}

/// GET /rooms/{id}/calendar/{event}/ics — the event for one's own calendar program.
pub async fn ics(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let (room_id, event_id) = path.into_inner();
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let invitation =
        crate::services::mails::calendar_event(&state.settings, &l.room, &l.event, lang);
    Ok(render::download(
        &format!("event-{event_id}.ics"),
        "text/calendar; charset=utf-8",
        invitation.to_ics().into_bytes(),
    ))
}

/// GET /rooms/{id}/calendar/{event}/edit
pub async fn edit(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    crate::http::rights::check_write(&state, room_id, uid, Feature::Calendar).await?;
    let l = shown_event(&ctx, &state, room_id, event_id).await?;
    let e = &l.event;
    if e.organiser_id != uid || e.is_cancelled() {
        return Err(AppError::NotFound);
    }
    if !l.room.is_open() {
        return Err(AppError::Conflict("rooms.error.closed"));
    }
    let (s, en) = (from_utc(e.starts_at), from_utc(e.ends_at));
    let mut fields = vec![
        ("key".to_string(), fresh_key()),
        ("kind".to_string(), e.kind.clone()),
        ("title".to_string(), e.title.clone()),
        ("date".to_string(), s.format("%Y-%m-%d").to_string()),
        ("start".to_string(), s.format("%H:%M").to_string()),
        ("end".to_string(), en.format("%H:%M").to_string()),
        ("place".to_string(), e.place.clone()),
        ("meeting_url".to_string(), e.meeting_url.clone()),
        ("notes".to_string(), e.notes.clone()),
    ];
    fields.extend(
        l.participants
            .iter()
            .map(|u| ("participant".to_string(), u.to_string())),
    );
    Ok(event_form_page(
        &ctx,
        &state,
        &l.room,
        l.features,
        &l.members,
        paths::event(room_id, event_id),
        &Raw(fields),
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/calendar/{event} — the organiser's change; invitations follow.
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    let raw = Raw(form.into_inner());
    crate::http::rights::check_write(&state, room_id, uid, Feature::Calendar).await?;
    let l = load_event(&ctx, &state, room_id, event_id).await?;
    if l.event.organiser_id != uid || l.event.is_cancelled() {
        return Err(AppError::NotFound);
    }
    let mut check = Check::default();
    let data = events::read_event(
        &raw,
        &mut check,
        &l.members,
        l.features.has(Feature::WebMeeting),
        state.clock.today(),
    );
    // Without Web会議連携 the form has no URL field: the stored one is kept as it is.
    let data = data.map(|mut d| {
        if !l.features.has(Feature::WebMeeting) {
            d.meeting_url = l.event.meeting_url.clone();
        }
        d
    });
    let Some(data) = data.filter(|_| check.problems.is_empty()) else {
        return Ok(event_form_page(
            &ctx,
            &state,
            &l.room,
            l.features,
            &l.members,
            paths::event(room_id, event_id),
            &raw,
            &translate(ctx.lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if unchanged(&data, &l) {
        // Nothing changed: no new sequence, no mail.
        return Ok(render::redirect(&ctx, &paths::event(room_id, event_id)));
    }
    let (st, actor) = (state.clone(), ctx.actor());
    state
        .db(move |conn| {
            let (settings, now) = (Some(&*st.settings), st.clock.now());
            events::update_event(conn, settings, uid, room_id, event_id, &data, &actor, now)
                .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::event(room_id, event_id)))
}

/// Whether the form changes nothing of the event (its participants in any order).
fn unchanged(data: &crate::models::events::EventData, l: &EventLoaded) -> bool {
    let e = &l.event;
    data.starts_at == e.starts_at
        && data.ends_at == e.ends_at
        && data.kind == e.kind
        && data.title == e.title
        && data.place == e.place
        && data.meeting_url == e.meeting_url
        && data.notes == e.notes
        && data.participants.iter().all(|p| l.participants.contains(p))
        && l.participants.iter().all(|p| data.participants.contains(p))
}

/// POST /rooms/{id}/calendar/{event}/cancellation
pub async fn cancel(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let (room_id, event_id) = path.into_inner();
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            events::cancel_event(
                conn,
                Some(&st.settings),
                uid,
                room_id,
                event_id,
                &actor,
                st.clock.now(),
            )
            .map_err(write_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &paths::event(room_id, event_id)))
}
