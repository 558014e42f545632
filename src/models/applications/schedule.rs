//! Whether an approved application still has a dated effect to come: a form 6 whose accounts
//! wait for their 最終利用日, a form 9 whose room waits for its 中止日. The one rule for offering
//! the withdrawal and for taking it.

use diesel::prelude::*;

use super::{Application, Form, Status};
use crate::db::DbConnection;
use crate::models::{User, UserStatus};
use crate::schema::rooms;

impl Application {
    /// True while the stop or closing this approved application scheduled has not happened.
    pub fn effect_pending(&self, conn: &mut DbConnection) -> QueryResult<bool> {
        if self.status() != Status::Approved {
            return Ok(false);
        }
        match self.form() {
            Some(Form::Form6) => {
                let scheduled = User::scheduled_by(conn, self.id)?;
                Ok(!scheduled.is_empty()
                    && scheduled.iter().all(|u| u.status() != UserStatus::Stopped))
            }
            Some(Form::Form9) => {
                let waiting: i64 = rooms::table
                    .filter(rooms::closed_by_application.eq(self.id))
                    .filter(rooms::status.eq("open"))
                    .filter(rooms::close_on.is_not_null())
                    .count()
                    .get_result(conn)?;
                Ok(waiting > 0)
            }
            _ => Ok(false),
        }
    }
}
