//! Turning views into responses: the shell around a page (system title, navigation by role,
//! offices in the footer), POST→redirect→GET, the one choice between a page and its htmx partial,
//! and `Vary: HX-Request` on every HTML answer and redirect.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use maud::Markup;
use renkei_views::{Flash, NavItem, Shell, UserBadge};
use rust_i18n::t;

use crate::http::AppState;
use crate::http::context::Ctx;
use crate::http::paths;
use crate::http::present::labels::profession_label;
use crate::http::present::labels::role_label;
use crate::models::Role;

fn system_title<'a>(state: &'a AppState, lang: &str) -> &'a str {
    if lang == "en" {
        &state.settings.municipality.system_title_en
    } else {
        &state.settings.municipality.system_title
    }
}

fn nav(ctx: &Ctx) -> Vec<NavItem> {
    let Ok(auth) = ctx.user() else {
        return Vec::new();
    };
    let lang = ctx.lang;
    let mut items = vec![
        (paths::HOME, t!("nav.home", locale = lang)),
        (paths::NOTICES, t!("nav.notices", locale = lang)),
    ];
    if auth.user.is_clerk() {
        items.push((paths::APPLICATIONS, t!("nav.applications", locale = lang)));
        items.push((paths::ROOMS_ADMIN, t!("nav.rooms_admin", locale = lang)));
        // The 職種連携の部屋 a clerk takes part in (研修会・周知の部屋, 市と全施設の連絡部屋).
        items.push((paths::ROOMS, t!("nav.my_rooms", locale = lang)));
    }
    if auth.user.role() == Role::CityAdmin {
        items.push((paths::LETTERS, t!("nav.letters", locale = lang)));
        items.push((paths::ADMIN_USERS, t!("nav.users", locale = lang)));
        items.push((paths::ADMIN_TAGS, t!("nav.tags", locale = lang)));
        items.push((paths::AUDIT, t!("nav.audit", locale = lang)));
    }
    if !auth.user.is_clerk() {
        items.push((paths::ROOMS, t!("nav.rooms", locale = lang)));
        items.push((paths::CALENDAR, t!("nav.calendar", locale = lang)));
        items.push((paths::SEARCH, t!("nav.search", locale = lang)));
    }
    items.push((paths::MAIL, t!("nav.mail", locale = lang)));
    if !auth.user.is_clerk() {
        items.push((paths::SUBMISSIONS, t!("nav.submissions", locale = lang)));
    }
    items.push((paths::DIRECTORY, t!("nav.directory", locale = lang)));
    items.push((paths::ACCOUNT, t!("nav.account", locale = lang)));
    items
        .into_iter()
        .map(|(href, label)| NavItem {
            current: if href == paths::HOME {
                ctx.path == paths::HOME
            } else {
                ctx.path == href || ctx.path.starts_with(&format!("{href}/"))
            },
            count: if href == paths::MAIL {
                ctx.unread_mail
            } else {
                None
            },
            href: href.to_string(),
            label: label.into(),
        })
        .collect()
}

fn offices(state: &AppState) -> Vec<(String, String)> {
    state
        .settings
        .municipality
        .offices()
        .into_iter()
        .map(|(_, o)| (o.name.clone(), o.phone.clone()))
        .collect()
}

/// The notices a redirect may name (`?notice=…`); anything else is ignored.
fn flash(ctx: &Ctx, notice: Option<&str>) -> Option<Flash> {
    let lang = ctx.lang;
    let key = match notice? {
        "logged_out" => "notice.logged_out",
        "logged_out_everywhere" => "notice.logged_out_everywhere",
        "password_changed" => "notice.password_changed",
        "welcome" => "notice.welcome",
        "language_changed" => "notice.language_changed",
        "account_stopped" => "notice.account_stopped",
        "notice_reissued" => "notice.notice_reissued",
        "credentials_reissued" => "notice.credentials_reissued",
        "mail_sent" => "notice.mail_sent",
        "form_sent" => "notice.form_sent",
        "draft_saved" => "notice.draft_saved",
        "tags_saved" => "notice.tags_saved",
        "settings_saved" => "notice.settings_saved",
        "draft_deleted" => "notice.draft_deleted",
        "posted" => "notice.posted",
        "review" => "notice.steps.review",
        "correction" => "notice.steps.correction",
        "correction-received" => "notice.steps.correction_received",
        "approval" => "notice.steps.approval",
        "rejection" => "notice.steps.rejection",
        "return" => "notice.steps.return",
        "completion" => "notice.steps.completion",
        "replied" => "notice.replied",
        "vitals_saved" => "notice.vitals_saved",
        "features_saved" => "notice.features_saved",
        "features_unchanged" => "notice.features_unchanged",
        "rights_saved" => "notice.rights_saved",
        "notice_published" => "notice.notice_published",
        "notice_answered" => "notice.notice_answered",
        "rights_unchanged" => "notice.rights_unchanged",
        "room_closed" => "notice.room_closed",
        "room_renamed" => "notice.room_renamed",
        _ => return None,
    };
    Some(Flash::Success(t!(key, locale = lang).into()))
}

pub fn shell<'a>(ctx: &'a Ctx, state: &'a AppState, notice: Option<&str>) -> Shell<'a> {
    let lang = ctx.lang;
    // Professionals are known by their profession (訪問看護師); clerks by their office role.
    let user = ctx.user().ok().map(|a| UserBadge {
        id: a.user.id,
        name: &a.user.display_name,
        organisation: &a.organisation,
        role_label: if a.user.is_clerk() {
            role_label(lang, a.user.role(), a.user.is_org_manager)
        } else if a.user.is_org_manager {
            format!(
                "{}・{}",
                profession_label(lang, &a.user.profession),
                t!("role.org_manager", locale = lang)
            )
        } else {
            profession_label(lang, &a.user.profession)
        },
    });
    Shell {
        lang,
        system_title: system_title(state, lang),
        css_url: state.assets.url("app.css"),
        js_url: state.assets.url("htmx.js"),
        offline_url: state.assets.url("offline.js"),
        inline_css: ctx.first_visit.then(crate::http::assets::css_text),
        csrf: &ctx.csrf,
        user,
        nav: nav(ctx),
        flash: flash(ctx, notice),
        footer_offices: offices(state),
        path: &ctx.path,
        refresh: None,
    }
}

/// A full page with status 200.
pub fn page(ctx: &Ctx, state: &AppState, title: &str, body: Markup) -> HttpResponse {
    page_with(ctx, state, StatusCode::OK, title, body, None)
}

/// A full page with a status (422 for a form with errors) and an optional notice.
pub fn page_with(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    title: &str,
    body: Markup,
    notice: Option<&str>,
) -> HttpResponse {
    let shell = shell(ctx, state, notice);
    html(status, renkei_views::layout::page(&shell, title, body))
}

/// A page that reloads itself after `seconds` (while the worker is busy with it).
pub fn page_refreshing(
    ctx: &Ctx,
    state: &AppState,
    title: &str,
    body: Markup,
    seconds: u32,
) -> HttpResponse {
    let mut shell = shell(ctx, state, None);
    shell.refresh = Some(seconds);
    html(
        StatusCode::OK,
        renkei_views::layout::page(&shell, title, body),
    )
}

/// A page or, for an htmx request, just its partial.
pub fn page_or_partial(
    ctx: &Ctx,
    state: &AppState,
    title: &str,
    full: impl FnOnce() -> Markup,
    partial: impl FnOnce() -> Markup,
) -> HttpResponse {
    page_or_partial_with(ctx, state, StatusCode::OK, title, None, true, full, partial)
}

/// The one place that decides between a full page and its htmx partial: the partial when the
/// request came from htmx and the page has one to give (`has_partial`: "load more" has, the
/// first page of the same address has not), the page otherwise. Both say `Vary: HX-Request`.
#[allow(clippy::too_many_arguments)]
pub fn page_or_partial_with(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    title: &str,
    notice: Option<&str>,
    has_partial: bool,
    full: impl FnOnce() -> Markup,
    partial: impl FnOnce() -> Markup,
) -> HttpResponse {
    if ctx.htmx && has_partial {
        html(status, partial())
    } else {
        page_with(ctx, state, status, title, full(), notice)
    }
}

/// An HTML answer. Every one says `Vary: HX-Request`: the same address answers an htmx request
/// with a partial, a redirect as `HX-Redirect` or an error as a fragment, so a cache must never
/// hand one kind to the other.
pub fn html(status: StatusCode, markup: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::VARY, "HX-Request"))
        .body(markup.into_string())
}

/// After a successful POST: 303 to the next page (htmx follows `HX-Redirect`).
pub fn redirect(ctx: &Ctx, to: &str) -> HttpResponse {
    // Only to a plain local path, whatever a handler built from user input.
    let to = crate::http::paths::safe_return(to);
    if ctx.htmx {
        HttpResponse::Ok()
            .insert_header(("HX-Redirect", to))
            .insert_header((header::VARY, "HX-Request"))
            .finish()
    } else {
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, to))
            .insert_header((header::VARY, "HX-Request"))
            .finish()
    }
}

/// The shell for an error page, from whatever the request already knows.
pub fn error_shell(
    req: &HttpRequest,
    state: &AppState,
    lang: &'static str,
    title: &str,
    body: Markup,
) -> Markup {
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or(Ctx {
        lang,
        csrf: String::new(),
        auth: None,
        ip: String::new(),
        user_agent: String::new(),
        htmx: false,
        path: req.path().to_string(),
        ended: None,
        first_visit: false,
        unread_mail: None,
    });
    let shell = shell(&ctx, state, None);
    renkei_views::layout::page(&shell, title, body)
}

/// A stored file as a download: never shown inline, never cached, never sniffed. The name is
/// offered in UTF-8 (RFC 5987) with an ASCII fallback.
pub fn download(name: &str, content_type: &str, data: Vec<u8>) -> HttpResponse {
    // Files stored before names followed their type are offered under the right extension too.
    let name = crate::services::files::name_for_type(name, content_type);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    HttpResponse::Ok()
        .content_type(content_type.to_string())
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .insert_header((actix_web::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(data)
}

/// A file size for people: 12 KB, 3.4 MB.
pub fn size_label(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Says where a response's time went, as a `Server-Timing` header (`db;dur=1.20, …`, in ms):
/// the browser's tools show it and the benchmarks read it.
pub fn server_timing(res: &mut HttpResponse, parts: &[(&str, std::time::Duration)]) {
    let value = parts
        .iter()
        .map(|(name, d)| format!("{name};dur={:.2}", d.as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&value) {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("server-timing"),
            v,
        );
    }
}
