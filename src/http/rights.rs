//! The 閲覧・入力権限 check a write handler makes before it reads the form: a member whose
//! right for the feature is 閲覧のみ gets 403 with the reason (not a 422 about the fields they
//! could not have filled); not a member, or the feature off, is 404. The services check the
//! same rule again inside their transaction (`features::room_to_write`).

use actix_web::web;

use crate::db::DbConnection;
use crate::http::AppState;
use crate::http::errors::AppError;
use crate::models::features::{Feature, Features, ToWrite, room_to_write};
use crate::models::ids::{RoomId, UserId};
use crate::models::rooms::Room;

/// The room and its features when `uid` may write through `feature` (the room may be closed:
/// the caller says so in its own words).
pub fn may_write(
    conn: &mut DbConnection,
    room_id: i64,
    uid: i64,
    feature: Feature,
) -> Result<(Room, Features), AppError> {
    match room_to_write(conn, RoomId(room_id), UserId(uid), feature)? {
        ToWrite::Allowed(room, features) => Ok((*room, features)),
        ToWrite::ReadOnly => Err(AppError::Refused("rooms.error.read_only")),
        ToWrite::NotFound => Err(AppError::NotFound),
    }
}

/// [`may_write`] on the database pool, for a handler that only needs the answer.
pub async fn check_write(
    state: &web::Data<AppState>,
    room_id: i64,
    uid: i64,
    feature: Feature,
) -> Result<(), AppError> {
    state
        .db(move |conn| may_write(conn, room_id, uid, feature).map(|_| ()))
        .await
}
