//! A 利用者間メール message as its page reads it: the message (behind `Message::find_visible`),
//! its sender and addressee, its files, and — for a clerk of the office it went to — the
//! application it filed.

use crate::db::{DbConnection, read_tx};
use crate::models::User;
use crate::models::applications::Application;
use crate::models::files::{FileInfo, StoredFile};
use crate::models::messages::{Message, Viewer};

pub struct MessagePage {
    pub message: Message,
    pub sender: Option<User>,
    pub recipient: Option<User>,
    pub files: Vec<FileInfo>,
    pub application: Option<Application>,
}

impl MessagePage {
    pub fn load(
        conn: &mut DbConnection,
        id: i64,
        viewer: Viewer,
    ) -> diesel::QueryResult<Option<MessagePage>> {
        read_tx(conn, |conn| {
            let Some(message) = Message::find_visible(conn, id, viewer)? else {
                return Ok(None);
            };
            let sender = User::find(conn, message.sender_id)?;
            let recipient = match message.recipient_user_id {
                Some(uid) => User::find(conn, uid)?,
                None => None,
            };
            let files = StoredFile::of_message(conn, id)?;
            let application = match (message.application_id, viewer.office) {
                (Some(app), Some(office)) => Application::find_for(conn, app, office)?,
                _ => None,
            };
            Ok(Some(MessagePage {
                message,
                sender,
                recipient,
                files,
                application,
            }))
        })
    }
}
