//! The help section, open to everyone (a user who cannot sign in needs it most): the index and
//! each page, from the operator's Markdown or the built-in text (`domain::help`), the offices
//! and their hours from configuration, and the blank forms to print (様式第4〜9号).

use std::path::Path;

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::config::Office;
use crate::domain::help::{PAGES, builtin, render};
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::present::blank_forms::{BLANK_FORMS, blank_form};
use crate::http::present::labels::form_label;
use crate::http::{AppState, paths, render as page_render};
use renkei_views::help::{ContactOffice, HelpIndex, HelpPageView};

/// The offices to contact, each with what it handles (an area office also with its area).
fn offices(lang: &str, state: &AppState) -> Vec<ContactOffice> {
    state
        .settings
        .municipality
        .offices()
        .into_iter()
        .map(
            |(role, o): (crate::models::applications::Office, &Office)| {
                let key = if role.is_association() {
                    "help.association_handles"
                } else {
                    "help.city_handles"
                };
                let handles: String = t!(key, locale = lang).into();
                ContactOffice {
                    role: crate::http::present::labels::office_label(lang, role),
                    name: o.name.clone(),
                    address: format!("〒{} {}", o.postcode, o.address),
                    phone: o.phone.clone(),
                    hours: o.hours.clone(),
                    handles: if o.area.is_empty() {
                        handles
                    } else {
                        t!(
                            "help.area_handles",
                            locale = lang,
                            handles = handles,
                            area = o.area
                        )
                        .into()
                    },
                }
            },
        )
        .collect()
}

/// The text of `page`: the operator's file `{dir}/{lang}/{page}.md` when there is one (read at
/// each request, so an edit shows at once), else the built-in text. `None` for an unknown page.
fn source(dir: &str, lang: &str, page: &str) -> Option<String> {
    let builtin = builtin(lang, page)?;
    if !dir.is_empty() {
        let file = Path::new(dir).join(lang).join(format!("{page}.md"));
        if let Ok(text) = std::fs::read_to_string(file) {
            return Some(text);
        }
    }
    Some(builtin.to_string())
}

/// [`source`], reading the operator's file off the request thread (the built-in texts need no
/// reading).
async fn text_of(state: &AppState, lang: &str, page: &str) -> Option<String> {
    let dir = state.settings.help.dir.clone();
    if dir.is_empty() {
        return builtin(lang, page).map(str::to_string);
    }
    let (lang, page) = (lang.to_string(), page.to_string());
    web::block(move || source(&dir, &lang, &page))
        .await
        .ok()
        .flatten()
}

/// GET /help
pub async fn index(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let mut pages = Vec::new();
    for p in PAGES {
        let Some(text) = text_of(&state, lang, p).await else {
            continue;
        };
        let about = t!(format!("help.about.{p}"), locale = lang).into();
        pages.push((paths::help_page(p), render(&text).title, about));
    }
    let view = HelpIndex {
        lang,
        pages,
        offices: offices(lang, &state),
    };
    let title = t!("help.title", locale = lang);
    Ok(page_render::page(
        &ctx,
        &state,
        &title,
        renkei_views::help::index(&view),
    ))
}

/// GET /help/{page}
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let name = path.into_inner();
    let text = text_of(&state, lang, &name)
        .await
        .ok_or(AppError::NotFound)?;
    let help = render(&text);
    let view = HelpPageView {
        lang,
        html: &help.html,
        offices: if name == "contact" {
            offices(lang, &state)
        } else {
            Vec::new()
        },
        back: paths::HELP,
    };
    Ok(page_render::page(
        &ctx,
        &state,
        &help.title,
        renkei_views::help::page(&view),
    ))
}

/// GET /help/forms — the forms to print blank.
pub async fn forms(ctx: Ctx, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let links = BLANK_FORMS
        .iter()
        .map(|f| {
            let label = t!("help.form_pdf", locale = lang, form = form_label(lang, f)).into();
            (paths::help_form(f), label)
        })
        .collect();
    let view = renkei_views::help::FormsView { lang, links };
    let title = t!("help.forms_title", locale = lang);
    Ok(page_render::page(
        &ctx,
        &state,
        &title,
        renkei_views::help::forms(&view),
    ))
}

/// GET /help/forms/{form}.pdf — one form, blank, as a PDF (drawn at each request: a page or
/// two in the letters' face, well under a second).
pub async fn form_pdf(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let form = path.into_inner();
    let blank = blank_form(ctx.lang, &state.settings, &form).ok_or(AppError::NotFound)?;
    let pdf = web::block(move || renkei_jobs::blank::render_blank(&blank))
        .await
        .map_err(|e| AppError::Internal(format!("blank form: {e}")))?
        .map_err(|e| AppError::Internal(format!("blank form: {e}")))?;
    let name = format!("{}.pdf", form_label(ctx.lang, &form));
    Ok(page_render::download(&name, "application/pdf", pdf))
}
