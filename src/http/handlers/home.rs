//! The home page, by role.

use actix_web::{HttpResponse, web};
use rust_i18n::t;

use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::extract::NoticeQuery;
use crate::http::present::datetime;
use crate::http::{AppState, render};
use crate::models::Role;
use crate::models::access::View;
use crate::models::features::{Feature, rooms_with};
use crate::models::posts::Post;
use crate::models::rooms::Room;
use crate::models::views::timeline::PAGE;

/// How many waiting posts the home page lists.
const WAITING: usize = 10;

/// GET /
pub async fn show(
    ctx: Ctx,
    state: web::Data<AppState>,
    q: web::Query<NoticeQuery>,
) -> Result<HttpResponse, AppError> {
    let auth = ctx.user()?;
    let role = match auth.user.role() {
        Role::CityAdmin => renkei_views::home::HomeRole::CityAdmin,
        Role::AssociationAdmin => renkei_views::home::HomeRole::AssociationAdmin,
        Role::Professional => renkei_views::home::HomeRole::Professional {
            is_org_manager: auth.user.is_org_manager,
        },
    };
    let role_now = auth.user.role();
    let uid = auth.user.id;
    let lang = ctx.lang;
    let today = state.clock.today();
    let (mut summary, views) = state
        .db(move |conn| {
            use crate::models::applications::{Application, Office, QueueFilter};
            use crate::models::messages::{Message, Viewer};
            let mut s = renkei_views::home::Summary::default();
            let mut views = Vec::new();
            let viewer = Viewer {
                user_id: uid,
                office: Office::of_role(role_now),
            };
            s.unread_mail = Message::unread_count(conn, viewer)?;
            if let Some(office) = Office::of_role(role_now) {
                let counts = Application::counts(conn, office)?;
                s.open_applications = counts
                    .iter()
                    .filter(|(st, _)| st == "received" || st == "in_review")
                    .map(|(_, n)| *n)
                    .sum();
                let filter = QueueFilter {
                    overdue_on: Some(today),
                    ..Default::default()
                };
                s.overdue = Application::queue(conn, office, &filter, 100)?.len() as i64;
            }
            if role_now == Role::CityAdmin {
                s.active_accounts = Some(crate::models::users::count_active(conn)?);
            }
            if role_now == Role::Professional {
                let rooms = Room::of_member(conn, uid)?;
                let open: Vec<_> = rooms.into_iter().filter(|r| r.is_open()).collect();
                let sums = Post::room_summaries(conn, uid, &open[..open.len().min(10)])?;
                s.rooms_total = open.len();
                s.rooms = open
                    .iter()
                    .take(10)
                    .map(|r| {
                        let (unread, last) = sums
                            .iter()
                            .find(|(id, ..)| *id == r.id)
                            .map(|(_, u, l)| (*u, *l))
                            .unwrap_or((0, None));
                        crate::http::present::rooms::my_room(lang, r, unread, last)
                    })
                    .collect();
                // What waits for me where I can answer: open rooms with their 連絡帳 on.
                let readable = rooms_with(conn, uid, Feature::Timeline)?;
                let roles = Room::roles_of(conn, uid)?;
                let mine: Vec<(i64, String)> = readable
                    .iter()
                    .filter(|r| r.is_open())
                    .map(|r| {
                        let role = roles
                            .iter()
                            .find(|(id, _)| *id == r.id)
                            .map(|(_, x)| x.clone());
                        (r.id, role.unwrap_or_default())
                    })
                    .collect();
                let waiting = Post::waiting_for(conn, uid, &mine, WAITING)?;
                let mut authors: Vec<i64> = waiting.iter().map(|w| w.post.author_id).collect();
                authors.sort_unstable();
                authors.dedup();
                let names = crate::models::users::names_of(conn, &authors)?;
                let mut links = Vec::with_capacity(waiting.len());
                for w in &waiting {
                    links.push(Post::link(conn, &w.post, PAGE)?);
                    if let Some(r) = readable.iter().find(|r| r.id == w.post.room_id) {
                        views.push(View::in_room(r, "waiting").record("post", w.post.id));
                    }
                }
                s.waiting = waiting
                    .into_iter()
                    .zip(links)
                    .map(|(w, href)| renkei_views::home::WaitingItem {
                        href,
                        reply_asked: w.reply_asked,
                        room: readable
                            .iter()
                            .find(|r| r.id == w.post.room_id)
                            .map(|r| r.name.clone())
                            .unwrap_or_default(),
                        author: names
                            .iter()
                            .find(|(id, _)| *id == w.post.author_id)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_default(),
                        at: datetime(lang, w.post.created_at),
                        subject: w.post.subject,
                    })
                    .collect();
            }
            Ok((s, views))
        })
        .await?;
    // The posts waiting for me are listed by subject: a view of each.
    state.viewed(&ctx, views).await?;
    summary.paper_forms = crate::http::present::applications::paper_form_links(&ctx);
    let m = &state.settings.municipality;
    let body = renkei_views::home::home(&renkei_views::home::HomeView {
        lang: ctx.lang,
        role,
        display_name: &auth.user.display_name,
        city_office: &m.city_office.name,
        association_office: &m.association_office.name,
        summary,
    });
    Ok(render::page_with(
        &ctx,
        &state,
        actix_web::http::StatusCode::OK,
        &t!("home.title", locale = ctx.lang),
        body,
        q.notice.as_deref(),
    ))
}
