//! The page shell: DADS-style header with the system title, skip link, landmarks, the language
//! switch and logout as real forms (they work without JavaScript), and the footer with the
//! offices' contacts.

use crate::paths;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_i18n::t;

/// Everything the shell needs to know about the request.
pub struct Shell<'a> {
    pub lang: &'a str,
    pub system_title: &'a str,
    pub css_url: &'a str,
    pub js_url: &'a str,
    /// Offline entry (assets/offline.js): loaded for logged-in users only.
    pub offline_url: &'a str,
    /// The style sheet's text, on a device's first visit: written into the page so that it
    /// needs no second round trip; the file itself is fetched afterwards for the next pages.
    pub inline_css: Option<&'a str>,
    /// The CSRF token for the shell's own forms and for htmx requests.
    pub csrf: &'a str,
    pub user: Option<UserBadge<'a>>,
    pub nav: Vec<NavItem>,
    pub flash: Option<Flash>,
    pub footer_offices: Vec<(String, String)>,
    /// The current path, so the language switch returns to it.
    pub path: &'a str,
    /// Seconds after which the page reloads itself (a letter batch being rendered).
    pub refresh: Option<u32>,
}

pub struct UserBadge<'a> {
    /// The account's id: entries kept offline belong to it.
    pub id: i64,
    pub name: &'a str,
    pub organisation: &'a str,
    /// The profession (医師, 訪問看護師…) or, for a clerk, the office role.
    pub role_label: String,
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
    /// A count beside the label (unread messages).
    pub count: Option<i64>,
}

pub enum Flash {
    Info(String),
    Success(String),
    Warning(String),
}

/// The scripts' loader: they come after the page has loaded, so the page is drawn and usable
/// (every page works without them) without waiting for them — on a slow phone the load event
/// no longer waits for htmx to be parsed. In order; when the last has run, the root element says
/// `data-scripts="ready"` (the browser tests wait for it). Its hash is in the CSP.
pub const DEFERRED_SCRIPTS: &str = "(function(s){addEventListener('load',function(){var l=s.split(' ');l.forEach(function(u,i){var e=document.createElement('script');e.src=u;e.async=false;if(i===l.length-1)e.onload=function(){document.documentElement.setAttribute('data-scripts','ready')};document.head.appendChild(e)})})})(document.currentScript.dataset.load)";

fn nav_link(item: &NavItem) -> Markup {
    html! {
        a href=(item.href) aria-current=[item.current.then_some("page")] {
            span { (item.label) }
            @if let Some(n) = item.count.filter(|n| *n > 0) {
                " " span.badge.badge--danger { (n) }
            }
        }
    }
}

fn logout_form(shell: &Shell<'_>) -> Markup {
    html! {
        form method="post" action=(paths::LOGOUT) class="inline-form" {
            input type="hidden" name="csrf_token" value=(shell.csrf);
            button.button.button--secondary.button--small type="submit" { (t!("shell.logout", locale = shell.lang)) }
        }
    }
}

fn user_badge(user: &UserBadge<'_>) -> Markup {
    html! {
        p.user-badge {
            span.user-badge__name { (user.name) }
            span.user-badge__meta { (user.organisation) " / " (user.role_label) }
        }
    }
}

/// A whole page: `title` goes into `<title>` and the `<h1>`.
pub fn page(shell: &Shell<'_>, title: &str, body: Markup) -> Markup {
    let lang = shell.lang;
    let hx_headers = format!(r#"{{"X-CSRF-Token":"{}"}}"#, shell.csrf);
    let scripts = if shell.user.is_some() {
        format!("{} {}", shell.js_url, shell.offline_url)
    } else {
        shell.js_url.to_string()
    };
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=r#"{"allowEval":false,"allowScriptTags":false,"includeIndicatorStyles":false,"historyCacheSize":0,"selfRequestsOnly":true}"#;
                meta name="referrer" content="same-origin";
                // Without script the page reloads itself; with it, htmx asks for the part.
                @if let Some(s) = shell.refresh { noscript { meta http-equiv="refresh" content=(s); } }
                title { (title) " | " (shell.system_title) }
                @match shell.inline_css {
                    Some(css) => { style { (PreEscaped(css)) } }
                    None => { link rel="stylesheet" href=(shell.css_url); }
                }
                script data-load=(scripts) { (PreEscaped(DEFERRED_SCRIPTS)) }
            }
            body hx-headers=(hx_headers) {
                a.skip-link href="#main" { (t!("shell.skip_to_content", locale = lang)) }
                header.site-header {
                    div.site-header__inner {
                        a.site-title href=(paths::HOME) { (shell.system_title) }
                        // On a phone the menu opens as the link's target (:target, no script).
                        a.menu-toggle href="#site-menu" { (t!("shell.menu", locale = lang)) }
                    }
                    div #site-menu .site-menu {
                        a.menu-close href="#" { (t!("shell.close_menu", locale = lang)) }
                        @if !shell.nav.is_empty() {
                            nav.site-nav aria-label=(t!("shell.nav_label", locale = lang)) {
                                ul { @for item in &shell.nav { li { (nav_link(item)) } } }
                            }
                        }
                        div.site-menu__tools {
                            (language_switch(shell))
                            @if let Some(user) = &shell.user {
                                (user_badge(user))
                                (logout_form(shell))
                            }
                        }
                    }
                }
                main #main tabindex="-1" {
                    @if let Some(flash) = &shell.flash {
                        (flash_box(flash))
                    }
                    @if let Some(user) = &shell.user { (unsent_box(lang, user.id)) }
                    h1 { (title) }
                    (body)
                }
                footer.site-footer {
                    p { (t!("shell.footer_emergency", locale = lang)) " " a href=(paths::HELP) { (t!("help.footer_link", locale = lang)) } }
                    @if !shell.footer_offices.is_empty() {
                        ul.footer-offices {
                            @for (name, phone) in &shell.footer_offices {
                                li { (name) " " (t!("shell.phone", locale = lang)) " " (phone) }
                            }
                        }
                    }
                }
                @if shell.inline_css.is_some() {
                    // Fetched when the browser is idle, for the pages after this one.
                    link rel="prefetch" href=(shell.css_url) as="style";
                }
            }
        }
    }
}

/// Where assets/offline.js lists the entries kept on this device (未送信); its strings.
fn unsent_box(lang: &str, user: i64) -> Markup {
    let l = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
        section #unsent .unsent hidden aria-live="polite"
            data-user=(user) data-sw=(paths::SERVICE_WORKER)
            data-title=(l("offline.title")) data-help=(l("offline.help")) data-offline=(l("offline.offline"))
            data-kind-post=(l("offline.kind_post")) data-kind-vitals=(l("offline.kind_vitals"))
            data-saved-at=(l("offline.saved_at")) data-send=(l("offline.send"))
            data-discard=(l("offline.discard")) data-discard-confirm=(l("offline.discard_confirm"))
            data-kept=(l("offline.kept")) data-no-files=(l("offline.no_files"))
            data-login-again=(l("offline.login_again")) data-refused=(l("offline.refused")) data-forbidden=(l("offline.forbidden"))
            data-failed=(l("offline.failed")) data-sent=(l("offline.sent")) {}
    }
}

fn language_switch(shell: &Shell<'_>) -> Markup {
    let lang = shell.lang;
    let (target, label, target_lang) = if lang == "en" {
        ("ja", "日本語", "ja")
    } else {
        ("en", "English", "en")
    };
    html! {
        form method="post" action=(paths::LANGUAGE) class="inline-form lang-switch" {
            input type="hidden" name="csrf_token" value=(shell.csrf);
            input type="hidden" name="lang" value=(target);
            input type="hidden" name="return_to" value=(shell.path);
            // The visible language name starts the accessible name (WCAG 2.5.3, label in name).
            button.button.button--text type="submit" {
                span lang=(target_lang) { (label) }
                span.visually-hidden { " (" (t!("shell.switch_language", locale = lang)) ")" }
            }
        }
    }
}

pub fn flash_box(flash: &Flash) -> Markup {
    let (class, text) = match flash {
        Flash::Info(t) => ("notice notice--info", t),
        Flash::Success(t) => ("notice notice--success", t),
        Flash::Warning(t) => ("notice notice--warning", t),
    };
    html! { div class=(class) role="status" { p { (text) } } }
}

/// A minimal page for situations where no shell data exists (a broken request, say).
pub fn bare_page(lang: &str, title: &str, css_url: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href=(css_url);
            }
            body {
                main #main {
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

/// Marks text as already-escaped markup (for server-built SVG such as the QR code).
pub fn trusted_svg(svg: &str) -> Markup {
    PreEscaped(svg.to_string())
}
