//! Ids that must not be swapped. The one rule of who may see a room (`Room::membership`,
//! `features::room_with`) takes a room and a reader; as two bare `i64`s a call with them the
//! wrong way round compiles and answers for someone else's room. As `RoomId` and `UserId` it
//! does not compile.

/// A room's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoomId(pub i64);

/// An account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UserId(pub i64);
