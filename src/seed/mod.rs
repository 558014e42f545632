//! Demo and benchmark data. `seed-demo` builds a small municipality (the two offices, a few
//! organisations, one user of each profession) and can run again without duplicating anything;
//! `seed-scale` adds bulk data for benchmarks. The demo is in `demo`, the bulk data in `scale`;
//! the published demo credentials both use are here.

mod demo;
mod scale;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::{DbConnection, write_tx};
use crate::models::audit::{Actor, AuditEntry, AuditRecord};
use crate::models::factors::{ActivationCode, AuthFactor};
use crate::models::organisations::{NewOrganisation, Organisation};
use crate::models::users::NewUser;
use crate::models::{Role, User, UserStatus};
use crate::services::accounts::ensure_offices;
use crate::services::auth::hash_password;

pub use demo::seed_demo;
pub use scale::{seed_scale, seed_scale_rooms, seed_scale_vitals};

/// The published demo credentials. Demo accounts are flagged `is_demo`; never seed them into a
/// production database.
pub const DEMO_PASSWORD: &str = "renkei-demo-2026";

pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

pub const DEMO_ACTIVATION_CODE: &str = "DEMO-CODE-2026";

pub const DEMO_PENDING_LOGIN: &str = "new-nurse";
