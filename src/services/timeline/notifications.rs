//! What a member chose to be told about (the address, posts: all, addressed or none, a daily
//! digest instead), and the mail of what happened to their membership or room.

use super::*;

/// What a member chose to be told about (domain.md §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationChoice {
    pub email: String,
    /// all | addressed | none
    pub posts: String,
    pub digest: bool,
}

pub const POST_CHOICES: &[&str] = &["all", "addressed", "none"];

impl NotificationChoice {
    pub fn of(conn: &mut DbConnection, user: &User) -> QueryResult<NotificationChoice> {
        let row: Option<(String, String, bool)> = notification_settings::table
            .find(user.id)
            .select((
                notification_settings::email,
                notification_settings::posts,
                notification_settings::digest,
            ))
            .first(conn)
            .optional()?;
        Ok(match row {
            Some((email, posts, digest)) => NotificationChoice {
                email,
                posts,
                digest,
            },
            None => NotificationChoice {
                email: String::new(),
                posts: "all".into(),
                digest: false,
            },
        })
    }

    /// The address mails go to: the one set here, else the account's.
    pub fn address<'a>(&'a self, user: &'a User) -> &'a str {
        if self.email.is_empty() {
            &user.email
        } else {
            &self.email
        }
    }

    pub fn save(
        &self,
        conn: &mut DbConnection,
        user_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        let n = diesel::update(notification_settings::table.find(user_id))
            .set((
                notification_settings::email.eq(&self.email),
                notification_settings::posts.eq(&self.posts),
                notification_settings::digest.eq(self.digest),
                notification_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(notification_settings::table)
                .values((
                    notification_settings::user_id.eq(user_id),
                    notification_settings::email.eq(&self.email),
                    notification_settings::posts.eq(&self.posts),
                    notification_settings::digest.eq(self.digest),
                    notification_settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

/// What happened to a member's room: each has its mail in `locales/` (rooms.event_mail.*).
#[derive(Debug, Clone, Copy)]
pub enum RoomEvent {
    Added,
    Removed,
    Closed,
    /// The S管理者 renamed the room (部屋名称の変更).
    Renamed,
    /// A vital outside the ranges of 療養のポイント was entered (told to the members named there).
    VitalAlert,
    /// A date poll asks for the member's ○/△/× (the poll's id).
    PollOpened(i64),
}

/// Tells a member what happened to their membership or room: the room's neutral label and a
/// link, never a name or content. Nothing when there is no address (or no settings, in tests of
/// the services alone).
pub fn tell_member(
    conn: &mut DbConnection,
    settings: Option<&Settings>,
    user_id: i64,
    room: &Room,
    event: RoomEvent,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(settings) = settings else {
        return Ok(());
    };
    let Some(user) = User::find(conn, user_id)? else {
        return Ok(());
    };
    let choice = NotificationChoice::of(conn, &user)?;
    let address = choice.address(&user).to_string();
    if address.is_empty() {
        return Ok(());
    }
    Outbox::push(
        conn,
        &crate::services::mails::room_event(settings, room, event, &user, &address, now),
        now,
    )
}
