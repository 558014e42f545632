//! The home page as one read, by role: unread messages; a clerk's open and overdue forms; the
//! city's active accounts; a professional's open rooms with their unread counts, and the posts
//! waiting for them in the rooms whose 連絡帳 they may read (`features::rooms_with`).

use chrono::{NaiveDate, NaiveDateTime};

use crate::db::{DbConnection, read_tx};
use crate::models::Role;
use crate::models::access::View;
use crate::models::applications::{Application, Office, QueueFilter};
use crate::models::features::{Feature, rooms_with};
use crate::models::messages::{Message, Viewer};
use crate::models::posts::{Post, Waiting};
use crate::models::rooms::Room;
use crate::models::users::{Names, count_active};
use crate::models::views::timeline::PAGE;

/// How many rooms and waiting posts the home page lists.
pub const LISTED: usize = 10;

#[derive(Default)]
pub struct HomePage {
    pub unread_mail: i64,
    /// Forms 受付 or 審査中 in the clerk's queue, and how many are past their due date.
    pub open_applications: i64,
    pub overdue: i64,
    pub active_accounts: Option<i64>,
    /// The first open rooms with (unread, last activity), and how many open rooms there are.
    pub rooms: Vec<(Room, i64, Option<NaiveDateTime>)>,
    pub rooms_total: usize,
    /// Posts waiting for me, each with its room's name, its author's name and its link.
    pub waiting: Vec<WaitingPost>,
    /// お知らせ I have not read yet (shown until read).
    pub notices: Vec<crate::models::notices::Notice>,
    views: Vec<View>,
}

pub struct WaitingPost {
    pub waiting: Waiting,
    pub room: String,
    pub author: String,
    pub href: String,
}

impl HomePage {
    pub fn load(
        conn: &mut DbConnection,
        viewer: i64,
        (role, office): (Role, Option<Office>),
        today: NaiveDate,
    ) -> diesel::QueryResult<HomePage> {
        read_tx(conn, |conn| {
            let mut page = HomePage {
                unread_mail: Message::unread_count(
                    conn,
                    Viewer {
                        user_id: viewer,
                        office,
                    },
                )?,
                ..HomePage::default()
            };
            if let Some(office) = office {
                page.open_applications = Application::counts(conn, office)?
                    .iter()
                    .filter(|(st, _)| st == "received" || st == "in_review")
                    .map(|(_, n)| *n)
                    .sum();
                let filter = QueueFilter {
                    overdue_on: Some(today),
                    ..Default::default()
                };
                page.overdue = Application::count(conn, office, &filter)?;
            }
            if role == Role::CityAdmin {
                page.active_accounts = Some(count_active(conn)?);
            }
            page.notices = crate::models::notices::Notice::unread(conn, viewer, 5)?;
            if role == Role::Professional {
                page.load_rooms(conn, viewer)?;
            }
            Ok(page)
        })
    }

    fn load_rooms(&mut self, conn: &mut DbConnection, viewer: i64) -> diesel::QueryResult<()> {
        let open: Vec<Room> = Room::of_member(conn, viewer)?
            .into_iter()
            .filter(|r| r.is_open())
            .collect();
        let listed = &open[..open.len().min(LISTED)];
        let sums = Post::room_summaries(conn, viewer, listed)?;
        self.rooms_total = open.len();
        self.rooms = listed
            .iter()
            .map(|r| {
                let (unread, last) = sums
                    .iter()
                    .find(|(id, ..)| *id == r.id)
                    .map(|(_, u, l)| (*u, *l))
                    .unwrap_or((0, None));
                (r.clone(), unread, last)
            })
            .collect();
        // What waits for me where I can answer: open rooms with their 連絡帳 on.
        let readable: Vec<Room> = rooms_with(conn, viewer, Feature::Timeline)?
            .into_iter()
            .filter(|r| r.is_open())
            .collect();
        let roles = Room::roles_of(conn, viewer)?;
        let mine: Vec<(i64, String)> = readable
            .iter()
            .map(|r| {
                let role = roles
                    .iter()
                    .find(|(id, _)| *id == r.id)
                    .map(|(_, x)| x.clone());
                (r.id, role.unwrap_or_default())
            })
            .collect();
        let waiting = Post::waiting_for(conn, viewer, &mine, LISTED)?;
        let authors: Vec<i64> = waiting.iter().map(|w| w.post.author_id).collect();
        let names = Names::load(conn, &authors)?;
        for w in waiting {
            let Some(room) = readable.iter().find(|r| r.id == w.post.room_id) else {
                continue;
            };
            // The posts waiting for me are listed by subject: a view of each.
            self.views
                .push(View::in_room(room, "waiting").record("post", w.post.id));
            self.waiting.push(WaitingPost {
                href: Post::link(conn, &w.post, PAGE)?,
                room: room.name.clone(),
                author: names.of(w.post.author_id),
                waiting: w,
            });
        }
        Ok(())
    }

    /// What the access log records: each waiting post listed by its subject.
    pub fn views(&self) -> Vec<View> {
        self.views.clone()
    }
}
