//! Rooms as their members use them: my rooms with unread counts, a room's 連絡帳 (newest first,
//! keyset pages, tag filter, read receipts), writing, replying and correcting, the member list
//! and files. Every page and every file goes through `Room::membership` (and, for the 連絡帳's
//! own pages, `features::room_with`: the feature switched on): only current members
//! see anything, at their next request after being removed; a closed room is read-only.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use renkei_views::form::Errors;
use rust_i18n::t;

use crate::db::{read_tx, write_tx};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::multipart::checked_files;
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::PAGE;
use crate::http::present::rooms::fresh_key;
use crate::http::present::rooms::my_room;
use crate::http::present::rooms::{TABS, header};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::features::{Feature, Features, room_with};
use crate::models::posts::{NewPost, Post, ReplyWanted, RoomFile, Tag};
use crate::models::rooms::{Member, Room, RoomKind};
use crate::schema::{organisations, users};
use crate::services::forms::{Check, Raw};
use crate::services::timeline::{self, PostError};

/// GET /rooms — the rooms I am a member of.
pub async fn mine(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let (rooms, summaries) = state
        .db(move |conn| {
            let rooms = Room::of_member(conn, uid)?;
            let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
            let summaries = Post::room_summaries(conn, uid, &ids)?;
            Ok((rooms, summaries))
        })
        .await?;
    let mut open = Vec::new();
    let mut closed = Vec::new();
    for r in rooms {
        let (unread, last) = summaries
            .iter()
            .find(|(id, ..)| *id == r.id)
            .map(|(_, u, l)| (*u, *l))
            .unwrap_or((0, None));
        let row = my_room(lang, &r, unread, last);
        if r.is_open() {
            open.push(row);
        } else {
            closed.push(row);
        }
    }
    Ok(render::page(
        &ctx,
        &state,
        &t!("rooms.mine_title", locale = lang),
        renkei_views::rooms::my_rooms(lang, &open, &closed),
    ))
}

/// Where a member lands in a room whose 連絡帳 is switched off: its first tab.
fn first_tab(room: &Room, features: Features) -> String {
    let suffix = TABS
        .iter()
        .find(|(f, ..)| f.is_none_or(|f| features.has(f)))
        .map(|(_, s, _)| *s)
        .unwrap_or("/members");
    format!("/rooms/{}{suffix}", room.id)
}

/// What the timeline query asks for: older than `before`, carrying all of `tags`; and the
/// notice of a redirect (「書き込みました」).
#[derive(Default)]
struct TimelineQuery {
    before: Option<i64>,
    tags: Vec<i64>,
    notice: Option<String>,
}

fn timeline_query(req: &HttpRequest) -> TimelineQuery {
    let mut before = None;
    let mut tags = Vec::new();
    let mut notice = None;
    for (k, v) in url::form_urlencoded::parse(req.query_string().as_bytes()) {
        match k.as_ref() {
            "notice" => notice = Some(v.into_owned()),
            "before" => before = v.parse().ok(),
            "tag" => {
                if let Ok(t) = v.parse::<i64>()
                    && !tags.contains(&t)
                    && tags.len() < 10
                {
                    tags.push(t);
                }
            }
            _ => {}
        }
    }
    TimelineQuery {
        before,
        tags,
        notice,
    }
}

/// What a refused post or reply brings back to the page.
#[derive(Default)]
struct Refused {
    composer: Option<(Raw, Errors)>,
    reply: Option<(i64, String, Errors)>,
}

struct Loaded {
    room: Room,
    features: Features,
    posts: Vec<Post>,
    has_more: bool,
    replies: Vec<Post>,
    names: Vec<(i64, String)>,
    tags_of: Vec<(i64, String)>,
    addressees: Vec<(i64, i64, String)>,
    reads: Vec<(i64, i64, String, chrono::NaiveDateTime)>,
    files: Vec<crate::models::posts::PostFile>,
    thumbs: Vec<i64>,
    versions: Vec<crate::models::posts::PostVersion>,
    members: Vec<Member>,
    tags: Vec<Tag>,
    /// What the viewer had not read before this page (marked 未読 on it).
    unread: Vec<i64>,
}

#[allow(clippy::too_many_arguments)]
async fn timeline_page(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    query: TimelineQuery,
    refused: Refused,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let TimelineQuery {
        before,
        tags: tag_ids,
        notice,
    } = query;
    let notice = notice.as_deref();
    let user = ctx.user()?.user.clone();
    let uid = user.id;
    let lang = ctx.lang;
    let now = state.clock.now();
    let filter = tag_ids.clone();
    let ctx_name = user.display_name.clone();
    let l = state
        .db(move |conn| {
            // Everything the page shows is read in one snapshot; what opening it changes (read
            // receipts, the read mark) is written afterwards, and only when something is new.
            let opened = read_tx(conn, |conn| {
                let room = Room::membership(conn, room_id, uid)?.ok_or(AppError::NotFound)?;
                let features = Features::of_room(conn, &room)?;
                if !features.has(Feature::Timeline) {
                    return Ok(Err(first_tab(&room, features)));
                }
                let mut posts = Post::page(conn, room_id, before, &filter, PAGE + 1)?;
                let has_more = posts.len() as i64 > PAGE;
                posts.truncate(PAGE as usize);
                let parents: Vec<i64> = posts.iter().map(|p| p.id).collect();
                let replies = Post::replies(conn, &parents)?;
                let ids: Vec<i64> = parents
                    .iter()
                    .copied()
                    .chain(replies.iter().map(|r| r.id))
                    .collect();
                let reads = Post::reads_of(conn, &ids)?;
                let unread: Vec<i64> = posts
                    .iter()
                    .chain(replies.iter())
                    .filter(|p| p.author_id != uid)
                    .map(|p| p.id)
                    .filter(|id| !reads.iter().any(|(pid, u, ..)| pid == id && *u == uid))
                    .collect();
                let move_mark = if before.is_none() && filter.is_empty() {
                    Post::newest_id(conn, room_id)?
                        .filter(|newest| Post::read_mark(conn, room_id, uid).ok() < Some(*newest))
                } else {
                    None
                };
                let mut author_ids: Vec<i64> = posts
                    .iter()
                    .chain(replies.iter())
                    .map(|p| p.author_id)
                    .collect();
                author_ids.sort_unstable();
                author_ids.dedup();
                use diesel::prelude::*;
                let names: Vec<(i64, String)> = users::table
                    .filter(users::id.eq_any(&author_ids))
                    .select((users::id, users::display_name))
                    .load(conn)?;
                let files = Post::files_of(conn, &ids)?;
                let file_ids: Vec<i64> = files.iter().map(|f| f.1).collect();
                let thumbs: Vec<i64> = if file_ids.is_empty() {
                    Vec::new()
                } else {
                    crate::schema::file_thumbnails::table
                        .filter(crate::schema::file_thumbnails::file_id.eq_any(&file_ids))
                        .select(crate::schema::file_thumbnails::file_id)
                        .load(conn)?
                };
                let loaded = Loaded {
                    features,
                    files,
                    thumbs,
                    tags_of: Post::tags_of(conn, &ids)?,
                    addressees: Post::addressees_of(conn, &ids)?,
                    reads,
                    versions: Post::versions(conn, &ids)?,
                    members: Room::members(conn, room_id)?,
                    tags: Tag::active(conn)?,
                    unread: Vec::new(),
                    room,
                    posts,
                    has_more,
                    replies,
                    names,
                };
                Ok::<_, AppError>(Ok((loaded, unread, move_mark)))
            })?;
            let (mut l, unread, move_mark) = match opened {
                Ok(opened) => opened,
                Err(elsewhere) => return Ok(Err(elsewhere)),
            };
            l.unread = unread.clone();
            // Opening the timeline marks what it shows as read (receipts), and on the first
            // page moves the read mark to the newest post (unread counts). A member reopening a
            // room they have read writes nothing.
            if !unread.is_empty() || move_mark.is_some() {
                write_tx(conn, |conn| {
                    Post::mark_read(conn, uid, &unread, now)?;
                    if let Some(newest) = move_mark {
                        Post::set_read_mark(conn, room_id, uid, newest)?;
                    }
                    Ok::<_, diesel::result::Error>(())
                })?;
                l.reads
                    .extend(unread.iter().map(|id| (*id, uid, ctx_name.clone(), now)));
            }
            Ok(Ok(l))
        })
        .await?;
    let l = match l {
        Ok(l) => l,
        // The 連絡帳 is switched off here: the room opens on its first tab.
        Err(elsewhere) if before.is_none() => return Ok(render::redirect(ctx, &elsewhere)),
        Err(_) => return Err(AppError::NotFound),
    };
    // Which posts were shown: the page's newest and oldest (a page is contiguous).
    let shown = match (l.posts.first(), l.posts.last()) {
        (Some(a), Some(b)) => {
            View::in_room(&l.room, "timeline").record("posts", format!("{}-{}", b.id, a.id))
        }
        _ => View::in_room(&l.room, "timeline"),
    };
    state.viewed(ctx, vec![shown]).await?;
    let unread_shown = l.unread.clone();
    let open = l.room.is_open();
    let unread_ids = &unread_shown;
    let name_of = |id: i64| {
        l.names
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let readers_possible = l.members.len().saturating_sub(1);
    let view_post = |p: &Post, replies: Vec<renkei_views::rooms::PostView>| {
        let reply_error = match &refused.reply {
            Some((pid, body, errors)) if *pid == p.id => errors
                .for_field(&format!("reply-{pid}"))
                .map(|e| (e.to_string(), body.clone())),
            _ => None,
        };
        // Written to everyone is the rule; only a narrower choice is worth a line.
        let to = if p.to_all {
            String::new()
        } else {
            l.addressees
                .iter()
                .filter(|(pid, ..)| *pid == p.id)
                .map(|(_, _, n)| n.clone())
                .collect::<Vec<_>>()
                .join("、")
        };
        renkei_views::rooms::PostView {
            id: p.id,
            author: name_of(p.author_id),
            at: datetime(lang, p.created_at),
            subject: p.subject.clone(),
            body: p.body.clone(),
            edited: p.edited_at.map(|t| datetime(lang, t)),
            versions: l
                .versions
                .iter()
                .filter(|v| v.post_id == p.id)
                .map(|v| {
                    (
                        datetime(lang, v.written_at),
                        v.subject.clone(),
                        v.body.clone(),
                    )
                })
                .collect(),
            to,
            reply_wanted: reply_wanted_label(
                lang,
                &ReplyWanted::parse(&p.reply_wanted_from),
                &l.members,
            ),
            tags: l
                .tags_of
                .iter()
                .filter(|(pid, _)| *pid == p.id)
                .map(|(_, n)| n.clone())
                .collect(),
            files: l
                .files
                .iter()
                .filter(|(pid, ..)| *pid == p.id)
                .map(|(_, fid, name, size, content_type)| {
                    file_view(
                        room_id,
                        *fid,
                        name,
                        *size,
                        content_type,
                        l.thumbs.contains(fid),
                        0,
                    )
                })
                .collect(),
            unread: unread_ids.contains(&p.id),
            reads: l
                .reads
                .iter()
                .filter(|(pid, uid2, ..)| *pid == p.id && *uid2 != p.author_id)
                .map(|(_, _, n, at)| (n.clone(), datetime(lang, *at)))
                .collect(),
            readers_possible,
            correct_href: (open && p.author_id == uid)
                .then(|| format!("/rooms/{room_id}/posts/{}/correction", p.id)),
            replies,
            reply: (open && p.parent_id.is_none()).then(|| {
                (
                    format!("/rooms/{room_id}/posts/{}/replies", p.id),
                    fresh_key(),
                )
            }),
            reply_error,
        }
    };
    let posts: Vec<renkei_views::rooms::PostView> = l
        .posts
        .iter()
        .map(|p| {
            let replies = l
                .replies
                .iter()
                .filter(|r| r.parent_id == Some(p.id))
                .map(|r| view_post(r, Vec::new()))
                .collect();
            view_post(p, replies)
        })
        .collect();
    let tag_query: String = tag_ids.iter().map(|t| format!("&tag={t}")).collect();
    let more_href = if l.has_more {
        l.posts
            .last()
            .map(|p| format!("/rooms/{room_id}?before={}{tag_query}", p.id))
    } else {
        None
    };
    let empty = Raw(Vec::new());
    let no_errors = Errors::new();
    let (raw, errors) = match &refused.composer {
        Some((raw, errors)) => (raw, errors),
        None => (&empty, &no_errors),
    };
    let values = |name: &str| raw.get(name).to_string();
    let picked = |name: &str| -> Vec<i64> {
        raw.0
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.parse().ok())
            .collect()
    };
    let composer = open.then(|| renkei_views::rooms::Composer {
        action: format!("/rooms/{room_id}/posts"),
        key: if raw.get("key").is_empty() {
            fresh_key()
        } else {
            raw.get("key").to_string()
        },
        values: &values,
        errors,
        members: l
            .members
            .iter()
            .filter(|m| m.user_id != uid)
            .map(|m| (m.user_id, member_label(lang, m)))
            .collect(),
        reply_from: reply_options(lang, &l.members, uid),
        tags: l.tags.iter().map(|t| (t.id, t.name.clone())).collect(),
        checked_addressees: picked("addressee"),
        checked_tags: picked("tag"),
    });
    let reply_errors = refused.reply.as_ref().map(|(_, _, e)| e);
    let record_vitals = (open && l.features.has(Feature::Vitals))
        .then(|| format!("/rooms/{room_id}/vitals#vitals-entry"));
    let view = renkei_views::rooms::TimelineView {
        lang,
        csrf: &ctx.csrf,
        room_id,
        record_vitals,
        room_href: format!("/rooms/{room_id}"),
        posts,
        more_href,
        tag_filter: l
            .tags
            .iter()
            .map(|t| (t.id, t.name.clone(), tag_ids.contains(&t.id)))
            .collect(),
        composer,
        inter_professional: l.room.kind == RoomKind::InterProfessional.as_str(),
        errors_outside_composer: reply_errors,
    };
    // "Load more" by htmx needs only the posts and the next link.
    Ok(render::page_or_partial_with(
        ctx,
        state,
        status,
        &l.room.name,
        notice,
        before.is_some(),
        || {
            maud::html! {
                (renkei_views::rooms::header(lang, &header(lang, &l.room, l.features, "")))
                (renkei_views::rooms::timeline(&view))
            }
        },
        || renkei_views::rooms::posts(&view),
    ))
}

/// A file of a post as the timeline shows it: photos with their thumbnail (or a placeholder
/// that asks again while the worker makes it; `tries` counts the asking) and a viewer page.
pub(crate) fn file_view(
    room_id: i64,
    fid: i64,
    name: &str,
    size: i64,
    content_type: &str,
    has_thumb: bool,
    tries: u32,
) -> renkei_views::rooms::FileView {
    use renkei_views::rooms::Thumb;
    let photo = crate::services::files::is_photo(content_type);
    let thumb = match (photo, has_thumb) {
        (false, _) => Thumb::None,
        (true, true) => Thumb::Ready(format!("/rooms/{room_id}/files/{fid}/thumbnail")),
        // After a minute of asking, the placeholder stays (the photo page still works).
        (true, false) if tries < 20 => Thumb::Pending {
            preview: format!("/rooms/{room_id}/files/{fid}/preview?try={}", tries + 1),
        },
        (true, false) => Thumb::None,
    };
    renkei_views::rooms::FileView {
        id: fid,
        href: format!("/rooms/{room_id}/files/{fid}"),
        label: format!("{name} ({})", render::size_label(size)),
        viewer: photo.then(|| format!("/rooms/{room_id}/files/{fid}/view")),
        thumb,
    }
}

fn member_label(lang: &str, m: &Member) -> String {
    let role = team_role_label(lang, &m.team_role);
    if role.is_empty() {
        m.display_name.clone()
    } else {
        format!("{}（{role}）", m.display_name)
    }
}

/// Whom a reply may be asked from: (code, label) — a team role (主治医) where a member has one,
/// else the member by name; and everyone.
fn reply_options(lang: &str, members: &[Member], me: i64) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for m in members.iter().filter(|m| m.user_id != me) {
        let wanted = if m.team_role.is_empty() {
            ReplyWanted::Member(m.user_id)
        } else {
            ReplyWanted::Role(m.team_role.clone())
        };
        let code = wanted.code();
        if !out.iter().any(|(v, _)| *v == code) {
            out.push((code, reply_wanted_label(lang, &wanted, members)));
        }
    }
    out.push((
        ReplyWanted::Everyone.code(),
        t!("rooms.everyone", locale = lang).into(),
    ));
    out
}

/// 【要返信:…】 in the reader's language: the team role, the member's name, or 全員.
pub(crate) fn reply_wanted_label(lang: &str, wanted: &ReplyWanted, members: &[Member]) -> String {
    match wanted {
        ReplyWanted::Nobody => String::new(),
        ReplyWanted::Everyone => t!("rooms.everyone", locale = lang).into(),
        ReplyWanted::Role(r) => team_role_label(lang, r),
        ReplyWanted::Member(id) => members
            .iter()
            .find(|m| m.user_id == *id)
            .map(|m| m.display_name.clone())
            .unwrap_or_else(|| t!("rooms.former_member", locale = lang).into()),
        ReplyWanted::Text(t) => t.clone(),
    }
}

/// GET /rooms/{id}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    timeline_page(
        &ctx,
        &state,
        path.into_inner(),
        timeline_query(&req),
        Refused::default(),
        StatusCode::OK,
    )
    .await
}

fn post_error(e: PostError) -> AppError {
    match e {
        PostError::NotMember | PostError::NotAuthor => AppError::NotFound,
        PostError::Closed => AppError::Conflict("rooms.error.closed"),
        PostError::Db(e) => e.into(),
    }
}

/// POST /rooms/{id}/posts
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let room_id = path.into_inner();
    let lang = ctx.lang;
    let max = state.settings.applications.max_file_bytes;
    let (fields, uploads) = crate::http::multipart::read(&req, payload, max)
        .await?
        .into_fields();
    let raw = Raw(fields);
    let uid = user.id;
    let (members, tags) = state
        .db(move |conn| {
            room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            Ok((Room::members(conn, room_id)?, Tag::active(conn)?))
        })
        .await?;
    let mut check = Check::default();
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 5000);
    let to_all = raw.get("to") != "some";
    let mut addressees = Vec::new();
    for (k, v) in &raw.0 {
        if k == "addressee" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| *id != uid && members.iter().any(|m| m.user_id == *id))
            {
                Some(id) if !addressees.contains(&id) => addressees.push(id),
                Some(_) => {}
                None => check.problem("to", "rooms.error.addressee", ""),
            }
        }
    }
    if !to_all && addressees.is_empty() {
        check.problem("to", "rooms.error.no_addressee", "");
    }
    let mut tag_ids = Vec::new();
    for (k, v) in &raw.0 {
        if k == "tag" {
            match v
                .parse::<i64>()
                .ok()
                .filter(|id| tags.iter().any(|t| t.id == *id))
            {
                Some(id) if !tag_ids.contains(&id) => tag_ids.push(id),
                Some(_) => {}
                None => check.problem("tag", "rooms.error.tag", ""),
            }
        }
    }
    let reply_from = raw.get("reply_from").trim().to_string();
    if !reply_from.is_empty()
        && !reply_options(lang, &members, uid)
            .iter()
            .any(|(v, _)| *v == reply_from)
    {
        check.problem("reply_from", "form.error.choice", "");
    }
    let files = checked_files(&uploads, "attachment", &mut check, max);
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem("subject", "rooms.error.stale_form", "");
    }
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return timeline_page(
            &ctx,
            &state,
            room_id,
            TimelineQuery::default(),
            Refused {
                composer: Some((raw, errors)),
                reply: None,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let st = state.clone();
    let actor = ctx.actor();
    let id = state
        .db(move |conn| {
            let new = NewPost {
                room_id,
                author_id: uid,
                parent_id: None,
                subject: &subject,
                body: &body,
                to_all,
                reply_wanted_from: &reply_from,
                idempotency_key: &key,
                addressees: if to_all { &[] } else { &addressees },
                tags: &tag_ids,
            };
            timeline::write(
                conn,
                &st.settings,
                &user,
                &new,
                &files,
                &actor,
                st.clock.now(),
            )
            .map_err(post_error)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &format!("/rooms/{room_id}?notice=posted#post-{id}"),
    ))
}

/// POST /rooms/{id}/posts/{post}/replies
pub async fn reply(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let (room_id, parent_id) = path.into_inner();
    let lang = ctx.lang;
    let raw = Raw(form.into_inner());
    let uid = user.id;
    let parent = state
        .db(move |conn| {
            room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            Post::find_in_room(conn, room_id, parent_id)?
                .filter(|p| p.parent_id.is_none())
                .ok_or(AppError::NotFound)
        })
        .await?;
    let mut check = Check::default();
    let field = format!("reply-{parent_id}");
    let body = raw.get("body").to_string();
    let text = check.text_multiline(
        &Raw(vec![(field.clone(), body.clone())]),
        &field,
        true,
        5000,
    );
    let key: String = raw.get("key").chars().take(64).collect();
    if key.len() < 16 {
        check.problem(&field, "rooms.error.stale_form", "");
    }
    if !check.problems.is_empty() {
        let errors = translate(lang, &check.problems);
        return timeline_page(
            &ctx,
            &state,
            room_id,
            TimelineQuery::default(),
            Refused {
                composer: None,
                reply: Some((parent_id, body, errors)),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let subject: String = format!("Re: {}", parent.subject)
        .chars()
        .take(100)
        .collect();
    let st = state.clone();
    let actor = ctx.actor();
    let link = state
        .db(move |conn| {
            let new = NewPost {
                room_id,
                author_id: uid,
                parent_id: Some(parent_id),
                subject: &subject,
                body: &text,
                to_all: true,
                reply_wanted_from: "",
                idempotency_key: &key,
                addressees: &[],
                tags: &[],
            };
            let id = timeline::write(conn, &st.settings, &user, &new, &[], &actor, st.clock.now())
                .map_err(post_error)?;
            let reply = Post::find_in_room(conn, room_id, id)?.ok_or(AppError::NotFound)?;
            Ok(Post::link(conn, &reply, PAGE)?)
        })
        .await?;
    Ok(render::redirect(
        &ctx,
        &crate::http::paths::with_notice(&link, "replied"),
    ))
}

/// One's own post in an open room, and where it is on the timeline.
async fn own_post(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    post_id: i64,
) -> Result<(Room, Post, String), AppError> {
    let uid = ctx.user()?.user.id;
    state
        .db(move |conn| {
            let (room, _) =
                room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            if !room.is_open() {
                return Err(AppError::Conflict("rooms.error.closed"));
            }
            let post = Post::find_in_room(conn, room_id, post_id)?
                .filter(|p| p.author_id == uid)
                .ok_or(AppError::NotFound)?;
            let link = Post::link(conn, &post, PAGE)?;
            Ok((room, post, link))
        })
        .await
}

#[allow(clippy::too_many_arguments)]
fn correction_page(
    ctx: &Ctx,
    state: &AppState,
    room_id: i64,
    post_id: i64,
    back: &str,
    subject: &str,
    body: &str,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let view = renkei_views::rooms::CorrectionView {
        lang: ctx.lang,
        csrf: &ctx.csrf,
        action: format!("/rooms/{room_id}/posts/{post_id}/correction"),
        back: back.to_string(),
        subject,
        body,
        errors,
    };
    render::page_with(
        ctx,
        state,
        status,
        &t!("rooms.correction_title", locale = ctx.lang),
        renkei_views::rooms::correction(&view),
        None,
    )
}

/// GET /rooms/{id}/posts/{post}/correction
pub async fn correction_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, post_id) = path.into_inner();
    let (room, post, back) = own_post(&ctx, &state, room_id, post_id).await?;
    state
        .viewed(
            &ctx,
            vec![View::in_room(&room, "post").record("post", post_id)],
        )
        .await?;
    Ok(correction_page(
        &ctx,
        &state,
        room_id,
        post_id,
        &back,
        &post.subject,
        &post.body,
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/posts/{post}/correction
pub async fn correct(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user()?.user.clone();
    let (room_id, post_id) = path.into_inner();
    let (_, _, back) = own_post(&ctx, &state, room_id, post_id).await?;
    let raw = Raw(form.into_inner());
    let mut check = Check::default();
    let subject = check.text(&raw, "subject", true, 100);
    let body = check.text_multiline(&raw, "body", true, 5000);
    if !check.problems.is_empty() {
        let errors = translate(ctx.lang, &check.problems);
        return Ok(correction_page(
            &ctx,
            &state,
            room_id,
            post_id,
            &back,
            raw.get("subject"),
            raw.get("body"),
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let st = state.clone();
    let actor = ctx.actor();
    state
        .db(move |conn| {
            timeline::correct(
                conn,
                &user,
                room_id,
                post_id,
                &subject,
                &body,
                &actor,
                st.clock.now(),
            )
            .map_err(post_error)
        })
        .await?;
    Ok(render::redirect(&ctx, &back))
}

/// GET /rooms/{id}/members
pub async fn members(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let room_id = path.into_inner();
    let (room, features, rows) = state
        .db(move |conn| {
            use diesel::prelude::*;
            let room = Room::membership(conn, room_id, uid)?.ok_or(AppError::NotFound)?;
            let features = Features::of_room(conn, &room)?;
            let members = Room::members(conn, room_id)?;
            let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
            let orgs: Vec<(i64, String)> = users::table
                .inner_join(organisations::table)
                .filter(users::id.eq_any(&ids))
                .select((users::id, organisations::name))
                .load(conn)?;
            let rows: Vec<(Member, String)> = members
                .into_iter()
                .map(|m| {
                    let org = orgs
                        .iter()
                        .find(|(i, _)| *i == m.user_id)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default();
                    (m, org)
                })
                .collect();
            Ok((room, features, rows))
        })
        .await?;
    state
        .viewed(&ctx, vec![View::in_room(&room, "members")])
        .await?;
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(m, org)| {
            vec![
                m.display_name.clone(),
                org.clone(),
                crate::http::present::labels::profession_label(lang, &m.profession),
                team_role_label(lang, &m.team_role),
            ]
        })
        .collect();
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &room, features, "/members")))
        (renkei_views::rooms::members(lang, &rows))
    };
    Ok(render::page(&ctx, &state, &room.name, body))
}

/// The file if the request's user may see it — a current member of a room with its 連絡帳 on,
/// and the file attached to a post there — with the view recorded as `what`.
async fn room_file(
    ctx: &Ctx,
    state: &web::Data<AppState>,
    room_id: i64,
    file_id: i64,
    what: &'static str,
) -> Result<(Room, RoomFile), AppError> {
    let uid = ctx.user()?.user.id;
    let (room, file) = state
        .db(move |conn| {
            let (room, _) =
                room_with(conn, room_id, uid, Feature::Timeline)?.ok_or(AppError::NotFound)?;
            let file = Post::room_file(conn, room_id, file_id)?.ok_or(AppError::NotFound)?;
            Ok((room, file))
        })
        .await?;
    state
        .viewed(
            ctx,
            vec![View::in_room(&room, what).record("file", file_id)],
        )
        .await?;
    Ok((room, file))
}

/// GET /rooms/{id}/files/{file}
pub async fn file(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "file").await?;
    let data = state
        .db(move |conn| Ok(Post::file_bytes(conn, file_id)?))
        .await?;
    Ok(render::download(&f.file_name, &f.content_type, data))
}

/// GET /rooms/{id}/files/{file}/view — a photo full size on its own page (no script needed),
/// with the way back to its post.
pub async fn photo_page(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (room, f) = room_file(&ctx, &state, room_id, file_id, "photo").await?;
    if !crate::services::files::is_photo(&f.content_type) {
        return Err(AppError::NotFound);
    }
    let post_id = f.post_id;
    let post = state
        .db(move |conn| Post::find_in_room(conn, room_id, post_id)?.ok_or(AppError::NotFound))
        .await?;
    let lang = ctx.lang;
    let view = renkei_views::rooms::PhotoView {
        lang,
        src: format!("/rooms/{room_id}/files/{file_id}/image"),
        name: f.file_name.clone(),
        download: format!("/rooms/{room_id}/files/{file_id}"),
        back: format!(
            "/rooms/{room_id}#post-{}",
            post.parent_id.unwrap_or(post.id)
        ),
        subject: post.subject.clone(),
    };
    Ok(render::page(
        &ctx,
        &state,
        &format!("{} — {}", room.name, t!("rooms.photo_title", locale = lang)),
        renkei_views::rooms::photo(&view),
    ))
}

/// GET /rooms/{id}/files/{file}/image — a photo for the photo page: shown, not downloaded,
/// never kept by the browser.
pub async fn photo(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "image").await?;
    if !crate::services::files::is_photo(&f.content_type) {
        return Err(AppError::NotFound);
    }
    let data = state
        .db(move |conn| Ok(Post::file_bytes(conn, file_id)?))
        .await?;
    Ok(image(&f.content_type, data))
}

fn image(content_type: &str, data: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, "inline"))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .insert_header((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(data)
}

/// GET /rooms/{id}/files/{file}/thumbnail — the small picture a phone loads first.
pub async fn thumbnail(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    room_file(&ctx, &state, room_id, file_id, "thumbnail").await?;
    let data = state
        .db(move |conn| Post::thumbnail_bytes(conn, file_id)?.ok_or(AppError::NotFound))
        .await?;
    Ok(image("image/jpeg", data))
}

/// GET /rooms/{id}/files/{file}/preview — the file's place on the timeline, asked again by
/// htmx while the worker makes the thumbnail.
pub async fn preview(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (room_id, file_id) = path.into_inner();
    let (_, f) = room_file(&ctx, &state, room_id, file_id, "file_name").await?;
    let tries = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == "try")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .unwrap_or(0);
    let view = file_view(
        room_id,
        f.id,
        &f.file_name,
        f.byte_size,
        &f.content_type,
        f.has_thumbnail,
        tries,
    );
    Ok(render::html(
        StatusCode::OK,
        renkei_views::rooms::file_item(ctx.lang, &view),
    ))
}
