//! The members tab of a room: who is in it (name, organisation, profession, role).

use super::*;

/// The members tab: who is in the room (name, organisation, profession, role).
/// `rule` says who sets the members of this kind of room.
pub fn members(lang: &str, rule: &str, rows: &[Vec<String>]) -> Markup {
    html! {
        p.support { (rule) }
        (crate::ui::stacked_table(&t!("rooms.members", locale = lang), false,
            &[t!("form.name", locale = lang).into(), t!("account.organisation", locale = lang).into(),
              t!("account.profession", locale = lang).into(), t!("form8.role", locale = lang).into()],
            crate::ui::text_rows(rows)))
    }
}
