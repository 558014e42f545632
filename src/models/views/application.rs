//! One application as its clerk sees it, in one read: the application (its office's only —
//! `Application::find_for`, the rule the queue uses too), its history, its scans, the letters
//! its approval made, the form it is paired with (7 + 8), and the registrant it names (whose
//! 閲覧履歴 the view belongs to).

use crate::db::{DbConnection, read_tx};
use crate::models::User;
use crate::models::access::View;
use crate::models::applications::{Application, ApplicationEvent, Office};
use crate::models::files::{FileInfo, StoredFile};
use crate::models::letters::Letter;
use crate::models::rooms::Registrant;

/// A letter of the application: its id, notice number, the login it is for and its status code.
pub struct LetterLine {
    pub id: i64,
    pub notice_number: String,
    pub login: String,
    pub status: String,
}

pub struct ApplicationPage {
    pub app: Application,
    pub events: Vec<ApplicationEvent>,
    pub files: Vec<FileInfo>,
    pub letters: Vec<LetterLine>,
    pub pair: Vec<Application>,
    pub registrant: Option<i64>,
    /// An approved form 6 or 9 whose dated effect is still to come (it may be withdrawn).
    pub effect_pending: bool,
}

impl ApplicationPage {
    /// Application `id` if `office` handles it.
    pub fn load(
        conn: &mut DbConnection,
        id: i64,
        office: Office,
    ) -> diesel::QueryResult<Option<ApplicationPage>> {
        read_tx(conn, |conn| {
            let Some(app) = Application::find_for(conn, id, office)? else {
                return Ok(None);
            };
            let mut letters = Vec::new();
            for l in Letter::for_application(conn, id)? {
                let login = User::find(conn, l.user_id)?
                    .map(|u| u.login_id)
                    .unwrap_or_default();
                letters.push(LetterLine {
                    id: l.id,
                    notice_number: l.notice_number,
                    login,
                    status: l.status,
                });
            }
            Ok(Some(ApplicationPage {
                registrant: Registrant::named_in(conn, &app)?,
                effect_pending: app.effect_pending(conn)?,
                events: Application::events(conn, id)?,
                pair: Application::pair_of(conn, &app)?,
                files: StoredFile::of_application(conn, id)?,
                letters,
                app,
            }))
        })
    }

    pub fn views(&self) -> Vec<View> {
        vec![
            View::of("application")
                .record("application", self.app.id)
                .registrant(self.registrant),
        ]
    }

    /// The letters still to be printed.
    pub fn queued_letters(&self) -> Vec<i64> {
        self.letters
            .iter()
            .filter(|l| l.status == "queued")
            .map(|l| l.id)
            .collect()
    }
}
