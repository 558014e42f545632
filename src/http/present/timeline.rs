//! A 連絡帳 page as its reader sees it: each post with its author, time, addressees, 【要返信】,
//! tags, files (thumbnails), read receipts, versions and the reply form; the composer with
//! what a refused post kept; the link to older posts. From the read model
//! (`models::views::timeline::TimelinePage`) to the view struct, in the reader's language.

use crate::http::paths;
use renkei_views::form::Errors;
use renkei_views::rooms::{Composer, FileView, PostView, Thumb, TimelineView};
use rust_i18n::t;

use crate::domain::forms::Raw;
use crate::http::present::datetime;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::{fresh_key, kept_or_fresh_key};
use crate::http::render::size_label;
use crate::models::features::Feature;
use crate::models::posts::{Post, ReplyWanted};
use crate::models::rooms::{Member, RoomKind};
use crate::models::views::timeline::{Cursor, TimelinePage};

/// What a refused post or reply brings back to the page: the composer's fields and problems, or
/// the reply (to which post, what was typed, the problem).
#[derive(Default)]
pub struct Refused {
    composer: Option<(Raw, Errors)>,
    reply: Option<(i64, String, Errors)>,
    /// The composer's problems when nothing was refused: none.
    none: Errors,
}

impl Refused {
    /// A post refused: the composer comes back with what was typed and its problems.
    pub fn post(raw: Raw, errors: Errors) -> Refused {
        Refused {
            composer: Some((raw, errors)),
            ..Refused::default()
        }
    }

    /// A reply refused: under its post, with what was typed and the problem.
    pub fn reply(post: i64, body: String, errors: Errors) -> Refused {
        Refused {
            reply: Some((post, body, errors)),
            ..Refused::default()
        }
    }
}

/// Who reads the page, and how it was asked for.
pub struct Reader<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub viewer: i64,
    pub cursor: &'a Cursor,
    pub refused: &'a Refused,
    /// The composer's fields as typed (empty for a fresh page).
    pub values: &'a dyn Fn(&str) -> String,
    /// The offices (configuration), for the clerks among the authors.
    pub municipality: &'a crate::config::Municipality,
}

/// The composer's typed values, for [`Reader::values`].
pub fn typed(refused: &Refused) -> impl Fn(&str) -> String + '_ {
    move |name: &str| {
        refused
            .composer
            .as_ref()
            .map(|(raw, _)| raw.get(name).to_string())
            .unwrap_or_default()
    }
}

/// The whole page's view.
pub fn timeline_view<'a>(page: &TimelinePage, r: &Reader<'a>) -> TimelineView<'a> {
    let room_id = page.room.id;
    let open = page.writable();
    let posts = page
        .posts
        .iter()
        .map(|p| {
            let replies = page
                .replies
                .iter()
                .filter(|reply| reply.parent_id == Some(p.id))
                .map(|reply| post_view(page, r, reply, Vec::new()))
                .collect();
            post_view(page, r, p, replies)
        })
        .collect();
    let tag_query: String = r.cursor.tags.iter().map(|t| format!("&tag={t}")).collect();
    let more_href = page
        .has_more
        .then(|| page.posts.last())
        .flatten()
        .map(|p| format!("{}?before={}{tag_query}", paths::room(room_id), p.id));
    TimelineView {
        lang: r.lang,
        csrf: r.csrf,
        room_id,
        record_vitals: (page.room.is_open()
            && page.features.has(Feature::Vitals)
            && !page.read_only.has(Feature::Vitals))
        .then(|| format!("{}#vitals-entry", paths::room_vitals(room_id))),
        room_href: paths::room(room_id),
        posts,
        more_href,
        tag_filter: page
            .tags
            .iter()
            .map(|t| (t.id, t.name.clone(), r.cursor.tags.contains(&t.id)))
            .collect(),
        composer: open.then(|| composer(page, r)),
        inter_professional: page.room.kind == RoomKind::InterProfessional.as_str(),
        errors_outside_composer: r.refused.reply.as_ref().map(|(_, _, e)| e),
    }
}

/// The form to write a post, with what a refused one kept.
fn composer<'a>(page: &TimelinePage, r: &Reader<'a>) -> Composer<'a> {
    let refused: &'a Refused = r.refused;
    let (raw, errors): (Option<&Raw>, &'a Errors) = match &refused.composer {
        Some((raw, errors)) => (Some(raw), errors),
        None => (None, &refused.none),
    };
    let picked = |name: &str| -> Vec<i64> {
        raw.map(|raw| {
            raw.0
                .iter()
                .filter(|(k, _)| k == name)
                .filter_map(|(_, v)| v.parse().ok())
                .collect()
        })
        .unwrap_or_default()
    };
    let kept_key = raw.map(|raw| raw.get("key")).unwrap_or("");
    Composer {
        action: paths::room_posts(page.room.id),
        key: kept_or_fresh_key(kept_key),
        values: r.values,
        errors,
        members: page
            .members
            .iter()
            .filter(|m| m.user_id != r.viewer)
            .map(|m| (m.user_id, member_label(r.lang, m)))
            .collect(),
        reply_from: reply_options(r.lang, &page.members, r.viewer),
        tags: page.tags.iter().map(|t| (t.id, t.name.clone())).collect(),
        checked_addressees: picked("addressee"),
        checked_tags: picked("tag"),
    }
}

/// Who wrote a post: the name, or for a clerk their office first (「市川市医師会（真間 太郎）」).
fn author_label(r: &Reader<'_>, page: &TimelinePage, author: i64) -> String {
    let name = page.name_of(author);
    let office = page
        .offices
        .iter()
        .find(|(id, _)| *id == author)
        .and_then(|(_, code)| crate::models::applications::Office::parse(code));
    match office {
        Some(o) => t!(
            "rooms.as_office",
            locale = r.lang,
            office = r.municipality.office(o).name,
            name = name
        )
        .into(),
        None => name,
    }
}

/// One post (or reply) as the page shows it.
fn post_view(page: &TimelinePage, r: &Reader<'_>, p: &Post, replies: Vec<PostView>) -> PostView {
    let lang = r.lang;
    let room_id = page.room.id;
    let open = page.writable();
    let reply_error = match &r.refused.reply {
        Some((pid, body, errors)) if *pid == p.id => errors
            .for_field(&format!("reply-{pid}"))
            .map(|e| (e.to_string(), body.clone())),
        _ => None,
    };
    // Written to everyone is the rule; only a narrower choice is worth a line.
    let to = if p.to_all {
        String::new()
    } else {
        page.addressees
            .iter()
            .filter(|(pid, ..)| *pid == p.id)
            .map(|(_, _, n)| n.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    PostView {
        id: p.id,
        author: author_label(r, page, p.author_id),
        at: datetime(lang, p.created_at),
        subject: p.subject.clone(),
        body: p.body.clone(),
        edited: p.edited_at.map(|t| datetime(lang, t)),
        versions: page
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
            &page.members,
        ),
        tags: page
            .tags_of
            .iter()
            .filter(|(pid, _)| *pid == p.id)
            .map(|(_, n)| n.clone())
            .collect(),
        files: page
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
                    page.thumbs.contains(fid),
                    0,
                )
            })
            .collect(),
        unread: page.unread.contains(&p.id),
        reads: page
            .reads
            .iter()
            .filter(|(pid, reader, ..)| *pid == p.id && *reader != p.author_id)
            .map(|(_, _, n, at)| (n.clone(), datetime(lang, *at)))
            .collect(),
        readers_possible: page.members.len().saturating_sub(1),
        correct_href: (open && p.author_id == r.viewer)
            .then(|| paths::post_correction(room_id, p.id)),
        replies,
        reply: (open && p.parent_id.is_none())
            .then(|| (paths::post_replies(room_id, p.id), fresh_key())),
        reply_error,
    }
}

/// A file of a post as the timeline shows it: photos with their thumbnail (or a placeholder
/// that asks again while the worker makes it; `tries` counts the asking) and a viewer page.
pub fn file_view(
    room_id: i64,
    fid: i64,
    name: &str,
    size: i64,
    content_type: &str,
    has_thumb: bool,
    tries: u32,
) -> FileView {
    let photo = crate::services::files::is_photo(content_type);
    let thumb = match (photo, has_thumb) {
        (false, _) => Thumb::None,
        (true, true) => Thumb::Ready(paths::file_thumbnail(room_id, fid)),
        // After a minute of asking, the placeholder stays (the photo page still works).
        (true, false) if tries < 20 => Thumb::Pending {
            preview: format!("{}?try={}", paths::file_preview(room_id, fid), tries + 1),
        },
        (true, false) => Thumb::None,
    };
    FileView {
        id: fid,
        href: paths::room_file(room_id, fid),
        label: format!("{name} ({})", size_label(size)),
        viewer: photo.then(|| paths::file_view(room_id, fid)),
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
pub fn reply_options(lang: &str, members: &[Member], me: i64) -> Vec<(String, String)> {
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
pub fn reply_wanted_label(lang: &str, wanted: &ReplyWanted, members: &[Member]) -> String {
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
