//! Stored files and their links to applications and messages (a post's files and thumbnails
//! are reached through the post: `Post::room_file`, `Post::files_of`). Each list query and each
//! download goes through the record the file belongs to, so a file is visible exactly when its
//! application, message or post is.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{application_files, files, message_files};

/// A file without its content (for lists).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = files)]
pub struct FileInfo {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
}

pub struct StoredFile;

impl StoredFile {
    pub fn insert(
        conn: &mut DbConnection,
        file_name: &str,
        content_type: &str,
        data: &[u8],
        created_by: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(files::table)
            .values((
                files::file_name.eq(file_name),
                files::content_type.eq(content_type),
                files::byte_size.eq(data.len() as i64),
                files::data.eq(data),
                files::created_by.eq(created_by),
                files::created_at.eq(now),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    pub fn attach_to_application(
        conn: &mut DbConnection,
        application_id: i64,
        file_id: i64,
    ) -> QueryResult<()> {
        diesel::insert_into(application_files::table)
            .values((
                application_files::application_id.eq(application_id),
                application_files::file_id.eq(file_id),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn attach_to_message(
        conn: &mut DbConnection,
        message_id: i64,
        file_id: i64,
    ) -> QueryResult<()> {
        diesel::insert_into(message_files::table)
            .values((
                message_files::message_id.eq(message_id),
                message_files::file_id.eq(file_id),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn of_application(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<FileInfo>> {
        application_files::table
            .inner_join(files::table)
            .filter(application_files::application_id.eq(id))
            .order(files::id.asc())
            .select(FileInfo::as_select())
            .load(conn)
    }

    pub fn of_message(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<FileInfo>> {
        message_files::table
            .inner_join(files::table)
            .filter(message_files::message_id.eq(id))
            .order(files::id.asc())
            .select(FileInfo::as_select())
            .load(conn)
    }

    /// A file's name, type and content if it belongs to the application.
    pub fn of_application_content(
        conn: &mut DbConnection,
        application_id: i64,
        file_id: i64,
    ) -> QueryResult<Option<(String, String, Vec<u8>)>> {
        application_files::table
            .inner_join(files::table)
            .filter(application_files::application_id.eq(application_id))
            .filter(files::id.eq(file_id))
            .select((files::file_name, files::content_type, files::data))
            .first(conn)
            .optional()
    }

    /// A file's name, type and content if it belongs to the message.
    pub fn of_message_content(
        conn: &mut DbConnection,
        message_id: i64,
        file_id: i64,
    ) -> QueryResult<Option<(String, String, Vec<u8>)>> {
        message_files::table
            .inner_join(files::table)
            .filter(message_files::message_id.eq(message_id))
            .filter(files::id.eq(file_id))
            .select((files::file_name, files::content_type, files::data))
            .first(conn)
            .optional()
    }
}
