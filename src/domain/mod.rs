//! Pure types and rules: no database, no translations, no HTTP. Japan time (`jst`), 開庁日
//! (`calendar`), dates as people type them and 和暦 (`dates`), width folding and text checks
//! (`text`), the paper forms' fields and checks (`forms`), vital measures and ranges (`vitals`),
//! spreadsheet files for the clerks (`csv`).

pub mod calendar;
pub mod csv;
pub mod dates;
pub mod forms;
pub mod help;
pub mod jst;
pub mod text;
pub mod vitals;
