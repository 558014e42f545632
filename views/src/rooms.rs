//! Rooms as their members see them — my rooms, a room's header and tabs, the 連絡帳 (posts,
//! replies, read receipts, files, the composer), the member list, the photo page — and as the
//! administrators see them: their office's rooms and one room's membership (never its content).

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub struct AdminRow {
    pub href: String,
    pub label: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub closed: bool,
    pub members: i64,
    pub opened: String,
}

pub fn admin_list(lang: &str, rows: &[AdminRow]) -> Markup {
    html! {
        p { (t!("rooms.admin_lead", locale = lang)) }
        @if rows.is_empty() {
            p.empty-state { (t!("rooms.none", locale = lang)) }
        } @else {
            div.table-scroll {
                table.table.table--stack {
                    caption { (t!("rooms.caption", locale = lang, count = rows.len())) }
                    thead { tr {
                        th scope="col" { (t!("rooms.label", locale = lang)) }
                        th scope="col" { (t!("rooms.name", locale = lang)) }
                        th scope="col" { (t!("rooms.kind", locale = lang)) }
                        th scope="col" { (t!("rooms.status", locale = lang)) }
                        th scope="col" { (t!("rooms.members", locale = lang)) }
                        th scope="col" { (t!("rooms.opened", locale = lang)) }
                    } }
                    tbody {
                        @for r in rows {
                            tr class={ @if r.closed { "row--muted" } } {
                                td data-label=(t!("rooms.label", locale = lang)) { a href=(r.href) { (r.label) } }
                                td data-label=(t!("rooms.name", locale = lang)) { (r.name) }
                                td data-label=(t!("rooms.kind", locale = lang)) { (r.kind) }
                                td data-label=(t!("rooms.status", locale = lang)) { (r.status) }
                                td data-label=(t!("rooms.members", locale = lang)) { (r.members) }
                                td data-label=(t!("rooms.opened", locale = lang)) { (r.opened) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub struct AdminDetail<'a> {
    pub lang: &'a str,
    pub label: String,
    pub name: String,
    pub purpose: String,
    pub kind: String,
    pub status: String,
    pub opened: String,
    pub closed: Option<String>,
    pub purge_after: Option<String>,
    /// name, login ID, profession, role, since
    pub members: Vec<Vec<String>>,
    pub lacks_doctor_or_nurse: bool,
    pub csrf: &'a str,
    /// Where the feature switches are saved (an open room only).
    pub features_action: Option<String>,
    /// (code, label, on now, on by default for the room's kind)
    pub features: Vec<(&'static str, String, bool, bool)>,
    /// 閲覧履歴 links: (href, label).
    pub history: Vec<(String, String)>,
}

pub fn admin_detail(v: &AdminDetail<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @if v.lacks_doctor_or_nurse {
            div.notice.notice--error role="alert" { p { (t!("rooms.lacks_doctor_or_nurse", locale = lang)) } }
        }
        dl.definition {
            dt { (t!("rooms.label", locale = lang)) } dd { (v.label) }
            dt { (t!("rooms.name", locale = lang)) } dd { (v.name) }
            @if !v.purpose.is_empty() { dt { (t!("rooms.purpose", locale = lang)) } dd { (v.purpose) } }
            dt { (t!("rooms.kind", locale = lang)) } dd { (v.kind) }
            dt { (t!("rooms.status", locale = lang)) } dd { (v.status) }
            dt { (t!("rooms.opened", locale = lang)) } dd { (v.opened) }
            @if let Some(c) = &v.closed { dt { (t!("rooms.closed", locale = lang)) } dd { (c) } }
            @if let Some(p) = &v.purge_after { dt { (t!("rooms.purge_after", locale = lang)) } dd { (p) } }
        }
        section.card aria-labelledby="members-title" {
            h2 #members-title { (t!("rooms.members", locale = lang)) }
            p.support { (t!("rooms.membership_rule", locale = lang)) }
            @if v.members.is_empty() {
                p.empty-state { (t!("rooms.no_members", locale = lang)) }
            } @else {
                (crate::ui::stacked_table(&t!("rooms.members", locale = lang), true,
                    &[t!("form.name", locale = lang).into(), t!("login.login_id", locale = lang).into(),
                      t!("account.profession", locale = lang).into(), t!("form8.role", locale = lang).into(),
                      t!("rooms.since", locale = lang).into()],
                    crate::ui::text_rows(&v.members)))
            }
        }
        section.card aria-labelledby="history-title" {
            h2 #history-title { (t!("access.heading", locale = lang)) }
            p.support { (t!("access.explain", locale = lang)) }
            ul.link-list { @for (href, label) in &v.history { li { a href=(href) { (label) } } } }
        }
        section.card aria-labelledby="features-title" {
            h2 #features-title { (t!("features.title", locale = lang)) }
            p.support { (t!("features.help", locale = lang)) }
            @match &v.features_action {
                Some(action) => {
                    form method="post" action=(action) novalidate {
                        (crate::form::csrf(v.csrf))
                        fieldset.fieldset {
                            legend.visually-hidden { (t!("features.title", locale = lang)) }
                            @for (code, label, on, default) in &v.features {
                                label.checkbox {
                                    input type="checkbox" name="feature" value=(code) checked[*on];
                                    span { (label) @if on != default { " " span.small { (t!("features.changed_from_default", locale = lang)) } } }
                                }
                            }
                        }
                        button.button.button--primary type="submit" { (t!("features.save", locale = lang)) }
                    }
                }
                None => {
                    ul { @for (_, label, on, _) in &v.features { @if *on { li { (label) } } } }
                }
            }
        }
        p { a href=(paths::ROOMS_ADMIN) { (t!("rooms.back", locale = lang)) } }
    }
}

// ---- The rooms of a member ---------------------------------------------------------------

pub struct MyRoom {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub unread: i64,
    /// "最終更新 2026/12/02（水）13:05", or that nothing is written yet.
    pub last: String,
}

/// One room as a card that is a link as a whole: name, unread count, kind and last activity.
pub fn room_item(lang: &str, r: &MyRoom) -> Markup {
    html! {
        li.room-list__item {
            a.room-list__link href=(r.href) {
                span.room-list__name { (r.name) }
                @if r.unread > 0 {
                    span.badge.badge--danger { (t!("rooms.unread", locale = lang, count = r.unread)) }
                }
                span.room-list__meta { (r.kind) " ・ " (r.last) }
            }
        }
    }
}

pub fn my_rooms(lang: &str, open: &[MyRoom], closed: &[MyRoom]) -> Markup {
    html! {
        @if open.is_empty() && closed.is_empty() {
            p.empty-state { (t!("rooms.none_mine", locale = lang)) }
        }
        @if !open.is_empty() { ul.room-list { @for r in open { (room_item(lang, r)) } } }
        @if !closed.is_empty() {
            section aria-labelledby="closed-title" {
                h2 #closed-title { (t!("rooms.closed_rooms", locale = lang)) }
                ul.room-list { @for r in closed { (room_item(lang, r)) } }
            }
        }
    }
}

// ---- One room ------------------------------------------------------------------------------

pub struct Header {
    pub name: String,
    pub label: String,
    pub kind: String,
    pub closed: bool,
    /// (href, label, current)
    pub tabs: Vec<(String, String, bool)>,
    /// The direct way to record vitals (where the room has them and is open).
    pub record_vitals: Option<String>,
    /// The page's heading is not the room's name (an event, a poll): name the room here.
    pub name_in_meta: bool,
    pub href: String,
}

/// Below the room's name: what room it is, and its tabs as one row that scrolls sideways.
pub fn header(lang: &str, h: &Header) -> Markup {
    html! {
        p.room-meta {
            @if h.name_in_meta { a href=(h.href) { (h.name) } " ・ " }
            (h.kind) " ・ " (h.label)
        }
        @if h.closed {
            div.notice role="status" { p { (t!("rooms.closed_notice", locale = lang)) } }
        }
        nav.tabs aria-label=(t!("rooms.tabs", locale = lang)) {
            ul { @for (href, label, current) in &h.tabs {
                li { a href=(href) aria-current=[current.then_some("page")] { (label) } }
            } }
        }
    }
}

/// A picture's small version on the timeline.
pub enum Thumb {
    /// Not a photo (a PDF): the name only.
    None,
    /// The thumbnail's address.
    Ready(String),
    /// The worker has not made it yet: a placeholder (htmx asks again at `preview`).
    Pending { preview: String },
}

pub struct FileView {
    pub id: i64,
    /// The download.
    pub href: String,
    /// "name (12 KB)"
    pub label: String,
    /// The page that shows a photo full size.
    pub viewer: Option<String>,
    pub thumb: Thumb,
}

pub struct PostView {
    pub id: i64,
    pub author: String,
    pub at: String,
    pub subject: String,
    pub body: String,
    pub edited: Option<String>,
    /// (written, subject, body) of earlier texts
    pub versions: Vec<(String, String, String)>,
    pub to: String,
    pub reply_wanted: String,
    pub tags: Vec<String>,
    pub files: Vec<FileView>,
    /// (name, when)
    pub reads: Vec<(String, String)>,
    pub readers_possible: usize,
    /// New to the viewer: not read before this page was opened.
    pub unread: bool,
    pub correct_href: Option<String>,
    pub replies: Vec<PostView>,
    /// Where a reply is posted, with its fresh key.
    pub reply: Option<(String, String)>,
    /// A refused reply: its message and the text typed.
    pub reply_error: Option<(String, String)>,
}

pub struct TimelineView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub room_href: String,
    pub room_id: i64,
    pub posts: Vec<PostView>,
    pub more_href: Option<String>,
    /// (id, name, selected)
    pub tag_filter: Vec<(i64, String, bool)>,
    pub composer: Option<Composer<'a>>,
    pub inter_professional: bool,
    /// Problems of a reply (the composer shows its own).
    pub errors_outside_composer: Option<&'a crate::form::Errors>,
    /// The direct way to record vitals (where the room has them and is open).
    pub record_vitals: Option<String>,
}

pub struct Composer<'a> {
    pub action: String,
    pub key: String,
    pub values: &'a dyn Fn(&str) -> String,
    pub errors: &'a crate::form::Errors,
    /// (user id, label)
    pub members: Vec<(i64, String)>,
    /// (value, label) of whom a reply is wanted from
    pub reply_from: Vec<(String, String)>,
    /// (id, name)
    pub tags: Vec<(i64, String)>,
    pub checked_addressees: Vec<i64>,
    pub checked_tags: Vec<i64>,
}

/// One file of a post: a photo as its thumbnail (tap: the photo page), every file as a download.
pub fn file_item(lang: &str, f: &FileView) -> Markup {
    html! {
        li id={ "file-" (f.id) } {
            @match (&f.thumb, &f.viewer) {
                (Thumb::Ready(src), Some(viewer)) => {
                    a href=(viewer) { img.post__thumb src=(src) alt=(t!("rooms.photo_alt", locale = lang, name = f.label)) width="160" height="120" loading="lazy"; }
                }
                (Thumb::Pending { preview }, Some(viewer)) => {
                    a.thumb-pending href=(viewer) hx-get=(preview) hx-trigger="load delay:3s" hx-target={ "#file-" (f.id) } hx-swap="outerHTML" {
                        (t!("rooms.thumb_pending", locale = lang))
                    }
                }
                _ => {}
            }
            a.post__file href=(f.href) download { (f.label) }
        }
    }
}

fn post(lang: &str, csrf_token: &str, p: &PostView, reply_level: bool) -> Markup {
    let subject_id = format!("post-{}-subject", p.id);
    html! {
        article id={ "post-" (p.id) } class={ "post" @if reply_level { " post--reply" } @if p.unread { " post--unread" } }
            aria-labelledby=(subject_id) {
            header.post__header {
                @if reply_level {
                    h4.visually-hidden id=(subject_id) { (t!("rooms.reply_by", locale = lang, name = p.author)) }
                } @else {
                    h3.post__subject id=(subject_id) {
                        @if !p.reply_wanted.is_empty() { span.post__reply-wanted { "【" (t!("rooms.reply_wanted_prefix", locale = lang)) ":" (p.reply_wanted) "】" } }
                        (p.subject)
                    }
                }
                p.post__meta {
                    @if p.unread { span.badge { (t!("rooms.new", locale = lang)) } }
                    strong { (p.author) } " ・ " time { (p.at) }
                    @if let Some(e) = &p.edited { " ・ " (t!("rooms.corrected_at", locale = lang, at = e)) }
                    @if !reply_level && !p.to.is_empty() { span.post__to { (t!("rooms.to", locale = lang)) (p.to) } }
                }
                @if !p.tags.is_empty() {
                    ul.tag-list aria-label=(t!("rooms.tags", locale = lang)) { @for tg in &p.tags { li.tag { (tg) } } }
                }
            }
            div.post__body { (p.body) }
            @if !p.files.is_empty() {
                ul.post__files aria-label=(t!("mail.files", locale = lang)) {
                    @for f in &p.files { (file_item(lang, f)) }
                }
            }
            @if !p.versions.is_empty() {
                details.post__history {
                    summary { (t!("rooms.history", locale = lang, count = p.versions.len())) }
                    ol { @for (at, s, b) in &p.versions {
                        li { p.small { (at) } p { strong { (s) } } div.post__body { (b) } }
                    } }
                }
            }
            footer.post__footer {
                details.post__reads {
                    summary { (t!("rooms.read_by", locale = lang, count = p.reads.len(), total = p.readers_possible)) }
                    @if p.reads.is_empty() {
                        p.small { (t!("rooms.read_by_none", locale = lang)) }
                    } @else {
                        ul { @for (name, at) in &p.reads { li { (name) " — " (at) } } }
                    }
                }
                @if let Some(href) = &p.correct_href { a.post__correct href=(href) { (t!("rooms.correct", locale = lang)) } }
            }
            @if !p.replies.is_empty() {
                section.post__replies aria-label=(t!("rooms.replies_to", locale = lang, subject = p.subject)) {
                    @for r in &p.replies { (post(lang, csrf_token, r, true)) }
                }
            }
            @if let Some((action, key)) = &p.reply {
                details.post__reply open[p.reply_error.is_some()] {
                    summary.button.button--secondary.button--small { (t!("rooms.reply", locale = lang)) }
                    form method="post" action=(action) novalidate {
                        (crate::form::csrf(csrf_token))
                        input type="hidden" name="key" value=(key);
                        @let field = format!("reply-{}", p.id);
                        label.field__label for=(field) { (t!("rooms.reply_body", locale = lang)) }
                        textarea.field__textarea id=(field) name="body" rows="3" maxlength="5000" required
                            aria-invalid=[p.reply_error.as_ref().map(|_| "true")]
                            aria-describedby=[p.reply_error.as_ref().map(|_| format!("{field}-error"))] {
                            @if let Some((_, v)) = &p.reply_error { (v) }
                        }
                        @if let Some((e, _)) = &p.reply_error { p.field__error id={ (field) "-error" } { (e) } }
                        button.button.button--primary type="submit" { (t!("rooms.send_reply", locale = lang)) }
                    }
                }
            }
        }
    }
}

/// The posts and the "more" link: what htmx appends when loading older posts.
pub fn posts(v: &TimelineView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        div #timeline-posts {
            @for p in &v.posts { (post(lang, v.csrf, p, false)) }
        }
        div #timeline-more {
            @if let Some(href) = &v.more_href {
                p { a.button.button--secondary href=(href)
                    hx-get=(href) hx-select="#timeline-posts > *, #timeline-more" hx-target="#timeline-more" hx-swap="outerHTML" {
                    (t!("rooms.more", locale = lang))
                } }
            }
        }
    }
}

/// The 連絡帳: the composer behind one 「書き込む」 control, then the newest posts; search and the
/// tag filter folded away until wanted.
pub fn timeline(v: &TimelineView<'_>) -> Markup {
    let lang = v.lang;
    let filtering = v.tag_filter.iter().any(|(.., on)| *on);
    html! {
        @if let Some(e) = &v.errors_outside_composer { (crate::form::error_summary(lang, e)) }
        div.room-actions {
            @if let Some(c) = &v.composer { (composer(lang, v.csrf, c, v.inter_professional)) }
            @if let Some(href) = &v.record_vitals { a.button.button--secondary href=(href) { (t!("vitals.record", locale = lang)) } }
        }
        section aria-labelledby="timeline-title" {
            h2.visually-hidden #timeline-title { (t!("rooms.timeline", locale = lang)) }
            div.timeline-tools {
                details open[filtering] {
                    summary { (t!("rooms.find_and_filter", locale = lang)) }
                    form.search-form method="get" action=(paths::SEARCH) role="search" {
                        input type="hidden" name="room" value=(v.room_id);
                        label for="room-q" { (t!("search.in_room", locale = lang)) }
                        input #room-q type="search" name="q" maxlength="100";
                        button.button.button--secondary type="submit" { (t!("search.submit", locale = lang)) }
                    }
                    @if !v.tag_filter.is_empty() {
                        form.filter-form method="get" action=(v.room_href) {
                            fieldset.fieldset {
                                legend { (t!("rooms.filter_tags", locale = lang)) }
                                div.checkbox-row {
                                    @for (id, name, on) in &v.tag_filter {
                                        label.checkbox { input type="checkbox" name="tag" value=(id) checked[*on]; span { (name) } }
                                    }
                                }
                            }
                            button.button.button--secondary type="submit" { (t!("applications.filter", locale = lang)) }
                        }
                    }
                }
            }
            @if v.posts.is_empty() { p.empty-state { (t!("rooms.no_posts", locale = lang)) } }
            (posts(v))
        }
    }
}

fn composer(lang: &str, csrf_token: &str, c: &Composer<'_>, inter: bool) -> Markup {
    use crate::form::{Field, field, textarea, with_summary};
    let val = c.values;
    let to_some = val("to") == "some";
    let reply_from = val("reply_from");
    // The options stay folded unless something in them was chosen or refused.
    let options_open = to_some
        || !reply_from.is_empty()
        || !c.checked_tags.is_empty()
        || ["to", "reply_from", "tag"]
            .iter()
            .any(|f| c.errors.for_field(f).is_some());
    let chosen = if to_some {
        t!("rooms.to_some_short", locale = lang).to_string()
    } else {
        t!("rooms.to_all", locale = lang).to_string()
    };
    html! {
        details.composer #composer open[!c.errors.is_empty()] {
            summary.button.button--primary { (t!("rooms.write", locale = lang)) }
            section aria-labelledby="composer-title" {
                h2.visually-hidden #composer-title { (t!("rooms.write", locale = lang)) }
                p.notice.notice--warning { strong { (t!("rooms.not_for_emergencies", locale = lang)) } }
                (with_summary(lang, c.errors, html! {
                form method="post" action=(c.action) enctype="multipart/form-data" novalidate data-offline="post" {
                    (crate::form::csrf(csrf_token))
                    input type="hidden" name="key" value=(c.key);
                    (field(lang, &Field::text("subject", t!("rooms.subject", locale = lang).into(), &val("subject")).required().maxlength(100).support(t!("rooms.subject_support", locale = lang).into()), c.errors))
                    (textarea(lang, "body", &t!("rooms.body", locale = lang), &val("body"), true, 5000, c.errors))
                    details.composer__options open[options_open] {
                        summary { (t!("rooms.options", locale = lang)) " " span.small { "（" (t!("rooms.to", locale = lang)) (chosen) "）" } }
                        fieldset.fieldset {
                            legend { (t!("rooms.to_legend", locale = lang)) }
                            @let to_error = c.errors.for_field("to");
                            ({ c.errors.label("to", &t!("rooms.to_legend", locale = lang)); maud::html! {} })
                            label.checkbox { input #to type="radio" name="to" value="all" checked[!to_some]; span { (t!("rooms.to_all", locale = lang)) } }
                            label.checkbox { input type="radio" name="to" value="some" checked[to_some]; span { (t!("rooms.to_some", locale = lang)) } }
                            div.checkbox-row {
                                @for (id, name) in &c.members {
                                    label.checkbox { input type="checkbox" name="addressee" value=(id) checked[c.checked_addressees.contains(id)]; span { (name) } }
                                }
                            }
                            @if let Some(e) = to_error { p.field__error { (e) } }
                        }
                        (crate::form::select(lang, "reply_from", &t!("rooms.reply_wanted", locale = lang), &c.reply_from, &reply_from, false, c.errors))
                        @if !c.tags.is_empty() {
                            fieldset.fieldset #tag tabindex="-1" {
                                legend { (t!("rooms.tags", locale = lang)) }
                                ({ c.errors.label("tag", &t!("rooms.tags", locale = lang)); maud::html! {} })
                                div.checkbox-row {
                                    @for (id, name) in &c.tags {
                                        label.checkbox { input type="checkbox" name="tag" value=(id) checked[c.checked_tags.contains(id)]; span { (name) } }
                                    }
                                }
                                @if let Some(e) = c.errors.for_field("tag") { p.field__error { (e) } }
                            }
                        }
                    }
                    (crate::applications::file_input(lang, "attachment", &t!("rooms.attachments", locale = lang), c.errors))
                    p.offline-status hidden aria-live="polite" {}
                    button.button.button--primary type="submit" { (t!("rooms.post", locale = lang)) }
                }
                }))
                details.writing-guide {
                    summary { (t!("rooms.guide_title", locale = lang)) }
                    ul {
                        li { (t!("rooms.guide_1", locale = lang)) }
                        li { (t!("rooms.guide_2", locale = lang)) }
                        li { (t!("rooms.guide_3", locale = lang)) }
                    }
                }
                @if inter { p.support { strong { (t!("rooms.guide_inter", locale = lang)) } } }
            }
        }
    }
}

/// A photo full size, with the way back to its post and the download.
pub struct PhotoView<'a> {
    pub lang: &'a str,
    pub src: String,
    pub name: String,
    pub download: String,
    pub back: String,
    pub subject: String,
}

pub fn photo(v: &PhotoView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        p.actions {
            a.button.button--secondary href=(v.back) { (t!("rooms.back_to_post", locale = lang)) }
            a.button.button--text href=(v.download) download { (t!("rooms.download_photo", locale = lang)) }
        }
        figure.photo {
            img src=(v.src) alt=(t!("rooms.photo_alt", locale = lang, name = v.name));
            figcaption.small { (v.name) " — " (v.subject) }
        }
    }
}

pub struct CorrectionView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub subject: &'a str,
    pub body: &'a str,
    pub errors: &'a crate::form::Errors,
}

pub fn correction(v: &CorrectionView<'_>) -> Markup {
    use crate::form::{Field, field, textarea, with_summary};
    let lang = v.lang;
    html! {
        p { (t!("rooms.correction_lead", locale = lang)) }
        (with_summary(lang, v.errors, html! {
        form method="post" action=(v.action) novalidate {
            (crate::form::csrf(v.csrf))
            (field(lang, &Field::text("subject", t!("rooms.subject", locale = lang).into(), v.subject).required().maxlength(100), v.errors))
            (textarea(lang, "body", &t!("rooms.body", locale = lang), v.body, true, 5000, v.errors))
            button.button.button--primary type="submit" { (t!("rooms.save_correction", locale = lang)) }
        }
        }))
        p { a href=(v.back) { (t!("rooms.back_to_timeline", locale = lang)) } }
    }
}

/// The members tab: who is in the room (name, organisation, profession, role).
pub fn members(lang: &str, rows: &[Vec<String>]) -> Markup {
    html! {
        p.support { (t!("rooms.membership_rule", locale = lang)) }
        (crate::ui::stacked_table(&t!("rooms.members", locale = lang), false,
            &[t!("form.name", locale = lang).into(), t!("account.organisation", locale = lang).into(),
              t!("account.profession", locale = lang).into(), t!("form8.role", locale = lang).into()],
            crate::ui::text_rows(rows)))
    }
}

// ---- Search --------------------------------------------------------------------------------

pub struct Hit {
    pub href: String,
    pub room: String,
    pub subject: String,
    pub snippet: String,
    pub at: String,
}

pub struct SearchView<'a> {
    pub lang: &'a str,
    pub query: &'a str,
    pub room: Option<i64>,
    /// (id, name) of my rooms
    pub rooms: Vec<(i64, String)>,
    pub hits: Vec<Hit>,
    pub searched: bool,
}

pub fn search(v: &SearchView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        form.search-form method="get" action=(paths::SEARCH) role="search" {
            label for="q" { (t!("search.label", locale = lang)) }
            input #q type="search" name="q" value=(v.query) maxlength="100";
            label for="room" { (t!("search.where", locale = lang)) }
            select #room name="room" {
                option value="0" { (t!("search.all_rooms", locale = lang)) }
                @for (id, name) in &v.rooms {
                    option value=(id) selected[v.room == Some(*id)] { (name) }
                }
            }
            button.button.button--secondary type="submit" { (t!("search.submit", locale = lang)) }
        }
        @if v.searched {
            @if v.hits.is_empty() {
                p.empty-state { (t!("search.none", locale = lang)) }
            } @else {
                p { (t!("search.count", locale = lang, count = v.hits.len())) }
                ol.search-results {
                    @for h in &v.hits {
                        li {
                            a href=(h.href) { (h.subject) }
                            br;
                            span.small { (h.room) " ・ " (h.at) }
                            p.small { (h.snippet) }
                        }
                    }
                }
            }
        }
    }
}
