//! Records and their queries. Each resource is one module; queries are associated functions.

/// The two lookups of every record a room's form writes: by the form's idempotency key (a
/// double submit finds the first write instead of writing twice) and by id within its room (an
/// id from another room is not found). One definition for posts, vitals, prescriptions, events
/// and polls.
macro_rules! room_record {
    ($record:ident, $table:ident) => {
        impl $record {
            /// The record already written with this form key (a double submit), if any.
            pub fn by_key(
                conn: &mut crate::db::DbConnection,
                key: &str,
            ) -> diesel::QueryResult<Option<$record>> {
                use diesel::prelude::*;
                crate::schema::$table::table
                    .filter(crate::schema::$table::idempotency_key.eq(key))
                    .select($record::as_select())
                    .first(conn)
                    .optional()
            }

            /// Record `id` if it belongs to room `room_id`.
            pub fn find_in_room(
                conn: &mut crate::db::DbConnection,
                room_id: i64,
                id: i64,
            ) -> diesel::QueryResult<Option<$record>> {
                use diesel::prelude::*;
                crate::schema::$table::table
                    .find(id)
                    .filter(crate::schema::$table::room_id.eq(room_id))
                    .select($record::as_select())
                    .first(conn)
                    .optional()
            }
        }
    };
}

pub mod access;
pub mod applications;
pub mod audit;
pub mod documents;
pub mod drafts;
pub mod events;
pub mod factors;
pub mod features;
pub mod files;
pub mod ids;
pub mod kept_uploads;
pub mod letters;
pub mod login_attempts;
pub mod messages;
pub mod notices;
pub mod organisations;
pub mod outbox;
pub mod posts;
pub mod prescriptions;
pub mod rooms;
pub mod sessions;
pub mod users;
pub mod views;
pub mod vitals;

pub use audit::{AuditEntry, AuditRecord};
pub use organisations::Organisation;
pub use sessions::Session;
pub use users::{Role, User, UserStatus};
