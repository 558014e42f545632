//! The 連絡帳 tab: the posts with their replies, versions, read receipts and files (a photo as
//! its thumbnail), the reply form under each post, search and the tag filter folded away, and
//! the link to older posts that htmx appends in place.

use super::*;

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
