//! バイタル: one entry of several measures taken at one time, read from what was typed and
//! refused with a reason next to the field when it is malformed or implausible (the plausible
//! range is named). Values are kept as integers in their unit, 体温 and 体重 in tenths.
//!
//! Typing rules: digits and one '.' as the decimal point, in either width (a Japanese keyboard
//! types ３６．５ — it is read as 36.5); a decimal comma is refused with a message saying what
//! to type instead (36,5 could be a slip for 36.5 or for 365).
//!
//! The measures and how one value is read are in `measure`, the entry form in `entry`, the
//! reference ranges of 療養のポイント in `care_points`.

mod care_points;
mod entry;
mod measure;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::forms::{Check, Raw};
use crate::domain::text::fold_number;

pub use care_points::{CarePoints, Range, outside};
pub use entry::{Entry, parse_time, read_entry};
pub use measure::Measure;
