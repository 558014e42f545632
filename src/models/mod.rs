//! Records and their queries. Each resource is one module; queries are associated functions.

pub mod access;
pub mod applications;
pub mod audit;
pub mod documents;
pub mod drafts;
pub mod events;
pub mod factors;
pub mod features;
pub mod files;
pub mod kept_uploads;
pub mod letters;
pub mod login_attempts;
pub mod messages;
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
