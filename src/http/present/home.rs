//! The home page as it is shown: the role's cards and the summary of the day's work.

use renkei_views::home::{HomeRole, Summary, WaitingItem};

use crate::http::context::Ctx;
use crate::http::present::applications::paper_form_links;
use crate::http::present::datetime;
use crate::http::present::rooms::my_room;
use crate::models::Role;
use crate::models::users::User;
use crate::models::views::home::HomePage;

pub(crate) fn home_role(user: &User) -> HomeRole {
    match user.role() {
        Role::CityAdmin => HomeRole::CityAdmin,
        Role::AssociationAdmin => HomeRole::AssociationAdmin,
        Role::Professional => HomeRole::Professional {
            is_org_manager: user.is_org_manager,
        },
    }
}

pub(crate) fn summary(ctx: &Ctx, page: HomePage) -> Summary {
    let lang = ctx.lang;
    Summary {
        active_accounts: page.active_accounts,
        open_applications: page.open_applications,
        overdue: page.overdue,
        unread_mail: page.unread_mail,
        rooms: page
            .rooms
            .iter()
            .map(|(r, unread, last)| my_room(lang, r, *unread, *last))
            .collect(),
        rooms_total: page.rooms_total,
        waiting: page
            .waiting
            .into_iter()
            .map(|w| WaitingItem {
                href: w.href,
                reply_asked: w.waiting.reply_asked,
                room: w.room,
                author: w.author,
                at: datetime(lang, w.waiting.post.created_at),
                subject: w.waiting.post.subject,
            })
            .collect(),
        paper_forms: paper_form_links(ctx),
        notices: page
            .notices
            .iter()
            .map(|n| {
                (
                    crate::http::paths::notice(n.id),
                    n.title.clone(),
                    crate::http::present::notices::from(lang, n),
                )
            })
            .collect(),
    }
}
