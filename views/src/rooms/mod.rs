//! Rooms as their members see them — my rooms, a room's header and tabs, the 連絡帳 (posts,
//! replies, read receipts, files, the composer), the member list, the photo page — and as the
//! administrators see them: their office's rooms and one room's membership (never its content).
//! Search in my rooms is here too. One part per file: `admin`, `mine`, `header`, `timeline`
//! with its `composer`, `post_pages` (photo, correction), `members` and `search`.

mod admin;
mod composer;
mod header;
mod members;
mod mine;
mod post_pages;
mod search;
mod timeline;

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

pub use admin::{AdminDetail, AdminList, AdminRow, MemberRights, admin_detail, admin_list};
pub use composer::Composer;
pub use header::{Header, header};
pub use members::members;
pub use mine::{MyRoom, my_rooms, room_item};
pub use post_pages::{CorrectionView, PhotoView, correction, photo};
pub use search::{Hit, SearchView, search};
pub use timeline::{FileView, PostView, Thumb, TimelineView, file_item, posts, timeline};

use composer::composer;
