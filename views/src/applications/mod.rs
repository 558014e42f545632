//! The clerks' back office: the queue of one administrator office, an application's detail with
//! its history and the steps that may follow, and the paper forms keyed in at the counter (the
//! same form pages serve the public 電子申請 and a logged-in user's submission: `FormMode`).
//! One page per file: `queue`, `detail`, `paper` (the form page and the parts every form shares)
//! and `form_fields` (the fields of each form).

mod detail;
mod form_fields;
mod paper;
mod queue;

use crate::paths;
use maud::{Markup, html};
use rust_i18n::t;

use crate::form::{Errors, Field, checkbox, csrf, field, select, textarea, with_summary};

pub use detail::{DetailView, HistoryRow, StepButton, detail};
pub use paper::{
    FormMode, PaperView, choose_form, document_input, file_input, form_page, kept_files,
};
pub use queue::{QueueRow, QueueView, queue, queue_rows};

use form_fields::{
    form4_fields, form5_fields, form6_fields, form7_fields, form8_fields, form9_fields,
    registrant_fields, room_close_fields, room_membership_fields, room_open_fields,
};
