//! The thumbnail of a stored photo, made and stored by the worker once.

use super::*;

/// Makes and stores the thumbnail of a stored photo (the worker's job); nothing if it exists.
pub fn make_thumbnail(
    conn: &mut DbConnection,
    file_id: i64,
    now: NaiveDateTime,
) -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
    use crate::schema::{file_thumbnails, files};
    let exists: i64 = file_thumbnails::table
        .filter(file_thumbnails::file_id.eq(file_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    let Some(data) = files::table
        .find(file_id)
        .select(files::data)
        .first::<Vec<u8>>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    let (thumb, w, h) = renkei_jobs::images::thumbnail(&data)?;
    diesel::insert_into(file_thumbnails::table)
        .values((
            file_thumbnails::file_id.eq(file_id),
            file_thumbnails::data.eq(thumb),
            file_thumbnails::width.eq(w as i32),
            file_thumbnails::height.eq(h as i32),
            file_thumbnails::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}
