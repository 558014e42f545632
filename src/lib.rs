//! renkei (連携): a municipal care-coordination service. Doctors, visiting nurses, pharmacists,
//! care managers and home helpers share what they know about a person cared for at home; the
//! city's and the doctors' association's clerks process the paper-equivalent applications.

// User text is never cut by byte index: a slice inside a character panics the request.
#![deny(clippy::string_slice)]

rust_i18n::i18n!("locales", fallback = "ja");

/// A `Debug` for a record that holds personal data: it prints only the named fields (ids, codes,
/// dates of the paperwork), so a `{:?}` in a log or a panic message never carries a patient's
/// name, reading, birth date, address or phone number.
#[macro_export]
macro_rules! redacted_debug {
    ($ty:ident $(<$lt:lifetime>)? $(, $field:ident)*) => {
        impl $(<$lt>)? std::fmt::Debug for $ty $(<$lt>)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    };
}

pub mod backup;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod models;
pub mod schema;
pub mod seed;
pub mod services;
pub mod worker;
