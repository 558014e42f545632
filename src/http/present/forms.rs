//! A form's problems as messages: each problem's locale key with its argument, on its field.

use renkei_views::form::Errors;
use rust_i18n::t;

use crate::domain::forms;

pub fn translate(lang: &str, problems: &[forms::Problem]) -> Errors {
    let mut errors = Errors::new();
    for p in problems {
        errors.add(p.field.clone(), t!(p.key, locale = lang, arg = p.arg));
    }
    errors
}
