//! The files of posts: those a list shows, the one rule for a file page (a file attached to a
//! post of the room), the stored bytes and the thumbnails the worker makes.

use diesel::prelude::*;

use super::{Post, PostFile};
use crate::db::DbConnection;
use crate::schema::{post_files, posts};

impl Post {
    /// The files of these posts: (post, file, name, size, content type).
    pub fn files_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<PostFile>> {
        use crate::schema::files;
        post_files::table
            .inner_join(files::table)
            .filter(post_files::post_id.eq_any(ids))
            .order(files::id.asc())
            .select((
                post_files::post_id,
                files::id,
                files::file_name,
                files::byte_size,
                files::content_type,
            ))
            .load(conn)
    }

    /// A file attached to a post of this room, without its bytes: the one rule behind every
    /// file page (download, photo, thumbnail, preview) — the caller has checked membership.
    pub fn room_file(
        conn: &mut DbConnection,
        room_id: i64,
        file_id: i64,
    ) -> QueryResult<Option<RoomFile>> {
        use crate::schema::{file_thumbnails, files};
        let found: Option<(i64, i64, String, String, i64)> = posts::table
            .inner_join(post_files::table.inner_join(files::table))
            .filter(posts::room_id.eq(room_id))
            .filter(files::id.eq(file_id))
            .select((
                files::id,
                posts::id,
                files::file_name,
                files::content_type,
                files::byte_size,
            ))
            .first(conn)
            .optional()?;
        let Some((id, post_id, file_name, content_type, byte_size)) = found else {
            return Ok(None);
        };
        let has_thumbnail = file_thumbnails::table
            .filter(file_thumbnails::file_id.eq(id))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        Ok(Some(RoomFile {
            id,
            post_id,
            file_name,
            content_type,
            byte_size,
            has_thumbnail,
        }))
    }

    /// The bytes of a stored file (after [`Post::room_file`] said it may be shown).
    pub fn file_bytes(conn: &mut DbConnection, file_id: i64) -> QueryResult<Vec<u8>> {
        use crate::schema::files;
        files::table
            .filter(files::id.eq(file_id))
            .select(files::data)
            .first(conn)
    }

    /// The thumbnail of a stored photo, once the worker has made it.
    pub fn thumbnail_bytes(conn: &mut DbConnection, file_id: i64) -> QueryResult<Option<Vec<u8>>> {
        use crate::schema::file_thumbnails;
        file_thumbnails::table
            .filter(file_thumbnails::file_id.eq(file_id))
            .select(file_thumbnails::data)
            .first(conn)
            .optional()
    }

    /// Which of these files have a thumbnail already.
    pub fn with_thumbnails(conn: &mut DbConnection, file_ids: &[i64]) -> QueryResult<Vec<i64>> {
        use crate::schema::file_thumbnails;
        if file_ids.is_empty() {
            return Ok(Vec::new());
        }
        file_thumbnails::table
            .filter(file_thumbnails::file_id.eq_any(file_ids))
            .select(file_thumbnails::file_id)
            .load(conn)
    }
}

/// A file of a post, as [`Post::room_file`] finds it.
#[derive(Debug, Clone)]
pub struct RoomFile {
    pub id: i64,
    pub post_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub byte_size: i64,
    pub has_thumbnail: bool,
}
