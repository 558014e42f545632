//! The two registers, each in one read: the 登録者台帳 (the 管理者's registrants with their
//! consent, status and rooms, one registrant with their rooms' team history and the applications
//! about them) and the 利用団体台帳 (the S管理者's organisations with their manager, contacts and
//! staff counts, one organisation with its staff). Pages are keyset pages (`http::paging`).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::{DbConnection, read_tx};
use crate::models::User;
use crate::models::applications::{Application, Office};
use crate::models::organisations::Organisation;
use crate::models::rooms::{Registrant, Room, TeamPeriod};
use crate::schema::{applications, users};

/// A page of the 登録者台帳: each registrant with their rooms.
pub struct RegistrantsPage {
    pub rows: Vec<(Registrant, Vec<Room>)>,
}

impl RegistrantsPage {
    /// `office`'s registrants matching the search (a name, or a birth date).
    pub fn load(
        conn: &mut DbConnection,
        office: Office,
        search: (&str, Option<NaiveDate>),
        page: (Option<i64>, i64),
    ) -> QueryResult<RegistrantsPage> {
        read_tx(conn, |conn| {
            let registrants = Registrant::register(conn, office.as_str(), search, page)?;
            let ids: Vec<i64> = registrants.iter().map(|r| r.id).collect();
            let rooms = Room::of_registrants(conn, &ids)?;
            let rows = registrants
                .into_iter()
                .map(|r| {
                    let mine = rooms
                        .iter()
                        .filter(|room| room.registrant_id == Some(r.id))
                        .cloned()
                        .collect();
                    (r, mine)
                })
                .collect();
            Ok(RegistrantsPage { rows })
        })
    }
}

/// One registrant in the 登録者台帳: the record, each room with its team history, and the
/// applications about them (consent, care team, discontinuation; newest first).
pub struct RegistrantRecord {
    pub registrant: Registrant,
    pub rooms: Vec<(Room, Vec<TeamPeriod>)>,
    pub applications: Vec<Application>,
}

impl RegistrantRecord {
    /// Registrant `id` if `office` keeps them (the register's rule).
    pub fn load(
        conn: &mut DbConnection,
        office: Office,
        id: i64,
    ) -> QueryResult<Option<RegistrantRecord>> {
        read_tx(conn, |conn| {
            let Some(registrant) = Registrant::find_for_office(conn, id, office.as_str())? else {
                return Ok(None);
            };
            let mut rooms = Vec::new();
            for room in Room::of_registrants(conn, &[id])? {
                let team = Room::team_history(conn, room.id)?;
                rooms.push((room, team));
            }
            // Forms 7 and 8 carry the registrant's identity; the rooms name the forms that
            // opened and closed them; the record names its consent.
            let key = crate::domain::forms::identity_key(&registrant.kana, registrant.birth_date);
            let named: Vec<i64> = rooms
                .iter()
                .flat_map(|(r, _)| [r.opened_by_application, r.closed_by_application])
                .chain([registrant.consent_application_id])
                .flatten()
                .collect();
            // This office's applications only: another 管理者 office may hold forms for a
            // person of the same reading and birth date.
            let applications = applications::table
                .filter(applications::office.eq(office.as_str()))
                .filter(
                    applications::pair_key
                        .eq(&key)
                        .or(applications::id.eq_any(&named)),
                )
                .order(applications::id.desc())
                .select(Application::as_select())
                .load(conn)?;
            Ok(Some(RegistrantRecord {
                registrant,
                rooms,
                applications,
            }))
        })
    }
}

/// A page of the 利用団体台帳: each organisation with its accounts by status.
pub struct OrganisationsPage {
    pub rows: Vec<(Organisation, Vec<(String, i64)>)>,
}

impl OrganisationsPage {
    pub fn load(
        conn: &mut DbConnection,
        query: &str,
        page: (Option<i64>, i64),
    ) -> QueryResult<OrganisationsPage> {
        read_tx(conn, |conn| {
            let orgs = Organisation::register(conn, query, page)?;
            let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
            let counts = Organisation::staff_counts(conn, &ids)?;
            let rows = orgs
                .into_iter()
                .map(|o| {
                    let mine = counts
                        .iter()
                        .filter(|(org, _, _)| *org == o.id)
                        .map(|(_, status, n)| (status.clone(), *n))
                        .collect();
                    (o, mine)
                })
                .collect();
            Ok(OrganisationsPage { rows })
        })
    }
}

/// One organisation in the 利用団体台帳, with its staff (every account, stopped ones too).
pub struct OrganisationRecord {
    pub organisation: Organisation,
    pub staff: Vec<User>,
}

impl OrganisationRecord {
    pub fn load(conn: &mut DbConnection, id: i64) -> QueryResult<Option<OrganisationRecord>> {
        read_tx(conn, |conn| {
            let Some(organisation) = Organisation::find(conn, id)? else {
                return Ok(None);
            };
            let staff = users::table
                .filter(users::organisation_id.eq(id))
                .order((users::kana.asc(), users::id.asc()))
                .select(User::as_select())
                .load(conn)?;
            Ok(Some(OrganisationRecord {
                organisation,
                staff,
            }))
        })
    }
}
