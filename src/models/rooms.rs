//! Registrants (登録者), rooms and room membership. A registrant is recorded by an approved
//! form 7; their one patient room (登録者支援の部屋) is opened by a form 8 and closed by a form 9;
//! inter-professional rooms (職種連携の部屋) are opened by the city. Membership is a history: a
//! row per period, the current members being the rows without `removed_at`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::models::User;
use crate::schema::{registrants, room_members, rooms, users};

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = registrants)]
pub struct Registrant {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub sex: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub consent_on: NaiveDate,
    pub signer: String,
    pub proxy_name: String,
    pub proxy_relationship: String,
    pub digital_consent: bool,
    pub status: String,
    pub discontinued_on: Option<NaiveDate>,
    pub consent_application_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

crate::redacted_debug!(Registrant, id, status, consent_application_id);

#[derive(Clone, Insertable, AsChangeset)]
#[diesel(table_name = registrants)]
pub struct RegistrantData<'a> {
    pub name: &'a str,
    pub kana: &'a str,
    pub birth_date: NaiveDate,
    pub sex: &'a str,
    pub postcode: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub consent_on: NaiveDate,
    pub signer: &'a str,
    pub proxy_name: &'a str,
    pub proxy_relationship: &'a str,
    pub digital_consent: bool,
    pub consent_application_id: Option<i64>,
}

crate::redacted_debug!(RegistrantData<'a>);

impl Registrant {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    /// The registrants with this identity (reading without spaces + birth date). More than one
    /// means the clerk must tell them apart; the caller refuses to guess.
    pub fn find_by_identity(
        conn: &mut DbConnection,
        kana: &str,
        birth_date: NaiveDate,
    ) -> QueryResult<Vec<Registrant>> {
        let key = crate::domain::forms::identity_key(kana, birth_date);
        Ok(registrants::table
            .filter(registrants::birth_date.eq(birth_date))
            .select(Registrant::as_select())
            .load(conn)?
            .into_iter()
            .filter(|r| crate::domain::forms::identity_key(&r.kana, r.birth_date) == key)
            .collect())
    }

    /// The registrant an application is about, if it names exactly one who is registered
    /// (forms 7, 8 and 9 name one by reading and birth date; the others none): whose 閲覧履歴 a
    /// view of the application belongs to.
    pub fn named_in(
        conn: &mut DbConnection,
        app: &crate::models::applications::Application,
    ) -> QueryResult<Option<i64>> {
        #[derive(serde::Deserialize)]
        struct Names {
            registrant: crate::domain::forms::RegistrantRef,
        }
        if let Some(id) = Registrant::of_consent_application(conn, app.id)? {
            return Ok(Some(id));
        }
        let Ok(Names { registrant: r }) = serde_json::from_str::<Names>(&app.payload) else {
            return Ok(None);
        };
        let found = Registrant::find_by_identity(conn, &r.kana, r.birth_date)?;
        Ok(match found.as_slice() {
            [one] => Some(one.id),
            _ => None,
        })
    }

    /// The registrant whose consent (form 7) this application recorded.
    pub fn of_consent_application(
        conn: &mut DbConnection,
        application_id: i64,
    ) -> QueryResult<Option<i64>> {
        registrants::table
            .filter(registrants::consent_application_id.eq(application_id))
            .select(registrants::id)
            .first(conn)
            .optional()
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Registrant>> {
        registrants::table
            .find(id)
            .select(Registrant::as_select())
            .first(conn)
            .optional()
    }

    pub fn insert(
        conn: &mut DbConnection,
        data: &RegistrantData<'_>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(registrants::table)
            .values((
                data,
                registrants::status.eq("active"),
                registrants::created_at.eq(now),
                registrants::updated_at.eq(now),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// A renewed consent: the record takes the new form's data and is active again.
    pub fn renew(
        conn: &mut DbConnection,
        id: i64,
        data: &RegistrantData<'_>,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(registrants::table.find(id))
            .set((
                data,
                registrants::status.eq("active"),
                registrants::discontinued_on.eq(None::<NaiveDate>),
                registrants::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn discontinue(
        conn: &mut DbConnection,
        id: i64,
        on: NaiveDate,
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(registrants::table.find(id))
            .set((
                registrants::status.eq("discontinued"),
                registrants::discontinued_on.eq(Some(on)),
                registrants::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomKind {
    /// 登録者支援の部屋
    Patient,
    /// 職種連携の部屋
    InterProfessional,
}

impl RoomKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoomKind::Patient => "patient",
            RoomKind::InterProfessional => "interprofessional",
        }
    }
}

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = rooms)]
pub struct Room {
    pub id: i64,
    pub kind: String,
    pub registrant_id: Option<i64>,
    pub name: String,
    pub purpose: String,
    pub office: String,
    pub status: String,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub purge_after: Option<NaiveDate>,
    pub opened_by_application: Option<i64>,
    pub closed_by_application: Option<i64>,
}

// A patient room is named after its patient: the name stays out of logs.
crate::redacted_debug!(Room, id, kind, status, registrant_id);

/// A current member with the account behind it.
#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: i64,
    pub login_id: String,
    pub display_name: String,
    pub profession: String,
    pub team_role: String,
    pub added_at: NaiveDateTime,
}

impl Member {
    /// The members who satisfy FAQ 5.6: a patient room always has a doctor or a visiting nurse.
    pub fn is_doctor_or_nurse(&self) -> bool {
        matches!(self.profession.as_str(), "doctor" | "visiting_nurse")
    }
}

impl Room {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }

    /// A neutral label for mails and lists that must not carry the patient's name.
    pub fn label(&self) -> String {
        format!("R-{:06}", self.id)
    }

    pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Room>> {
        rooms::table
            .find(id)
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    /// A room if `office` administers it: the same rule as `list_for_office`.
    pub fn find_for_office(
        conn: &mut DbConnection,
        id: i64,
        office: &str,
    ) -> QueryResult<Option<Room>> {
        rooms::table
            .find(id)
            .filter(rooms::office.eq(office))
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    pub fn of_registrant(conn: &mut DbConnection, registrant_id: i64) -> QueryResult<Option<Room>> {
        rooms::table
            .filter(rooms::registrant_id.eq(registrant_id))
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    #[allow(clippy::too_many_arguments)]
    pub fn open(
        conn: &mut DbConnection,
        kind: RoomKind,
        registrant_id: Option<i64>,
        name: &str,
        purpose: &str,
        office: &str,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        diesel::insert_into(rooms::table)
            .values((
                rooms::kind.eq(kind.as_str()),
                rooms::registrant_id.eq(registrant_id),
                rooms::name.eq(name),
                rooms::purpose.eq(purpose),
                rooms::office.eq(office),
                rooms::status.eq("open"),
                rooms::opened_at.eq(now),
                rooms::opened_by_application.eq(application_id),
            ))
            .execute(conn)?;
        crate::db::last_insert_id(conn)
    }

    /// Closes an open room: read-only from now on, purged after `purge_after`. Returns whether
    /// it was open.
    pub fn close(
        conn: &mut DbConnection,
        id: i64,
        purge_after: Option<NaiveDate>,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(rooms::table.find(id).filter(rooms::status.eq("open")))
            .set((
                rooms::status.eq("closed"),
                rooms::closed_at.eq(Some(now)),
                rooms::purge_after.eq(purge_after),
                rooms::closed_by_application.eq(application_id),
            ))
            .execute(conn)?;
        Ok(n == 1)
    }

    /// The rooms of an office with their current member counts, open ones first.
    pub fn list_for_office(
        conn: &mut DbConnection,
        office: &str,
        limit: i64,
    ) -> QueryResult<Vec<(Room, i64)>> {
        let rooms: Vec<Room> = rooms::table
            .filter(rooms::office.eq(office))
            .order((rooms::status.desc(), rooms::id.desc()))
            .limit(limit)
            .select(Room::as_select())
            .load(conn)?;
        let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
        let counts: Vec<(i64, i64)> = room_members::table
            .filter(room_members::room_id.eq_any(&ids))
            .filter(room_members::removed_at.is_null())
            .group_by(room_members::room_id)
            .select((room_members::room_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rooms
            .into_iter()
            .map(|r| {
                let n = counts
                    .iter()
                    .find(|(id, _)| *id == r.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                (r, n)
            })
            .collect())
    }

    /// The current members, by the order they joined.
    pub fn members(conn: &mut DbConnection, room_id: i64) -> QueryResult<Vec<Member>> {
        let rows: Vec<(String, NaiveDateTime, User)> = room_members::table
            .inner_join(users::table)
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::removed_at.is_null())
            .order(room_members::id.asc())
            .select((
                room_members::team_role,
                room_members::added_at,
                User::as_select(),
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team_role, added_at, u)| Member {
                user_id: u.id,
                login_id: u.login_id,
                display_name: u.display_name,
                profession: u.profession,
                team_role,
                added_at,
            })
            .collect())
    }

    /// Adds a member, or changes the role of one who already is; returns whether the account
    /// is new to the room.
    pub fn add_member(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        team_role: &str,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let current = room_members::table
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null());
        let n = diesel::update(current)
            .set(room_members::team_role.eq(team_role))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(room_members::table)
                .values((
                    room_members::room_id.eq(room_id),
                    room_members::user_id.eq(user_id),
                    room_members::team_role.eq(team_role),
                    room_members::added_at.eq(now),
                    room_members::added_by_application.eq(application_id),
                ))
                .execute(conn)?;
        }
        Ok(n == 0)
    }

    /// Ends a current membership; returns whether there was one.
    pub fn remove_member(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
        reason: &str,
        application_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let n = diesel::update(
            room_members::table
                .filter(room_members::room_id.eq(room_id))
                .filter(room_members::user_id.eq(user_id))
                .filter(room_members::removed_at.is_null()),
        )
        .set((
            room_members::removed_at.eq(Some(now)),
            room_members::removed_reason.eq(reason),
            room_members::removed_by_application.eq(application_id),
        ))
        .execute(conn)?;
        Ok(n == 1)
    }

    /// Ends every membership of an account (a stopped account); returns how many.
    pub fn end_memberships_of(
        conn: &mut DbConnection,
        user_id: i64,
        reason: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            room_members::table
                .filter(room_members::user_id.eq(user_id))
                .filter(room_members::removed_at.is_null()),
        )
        .set((
            room_members::removed_at.eq(Some(now)),
            room_members::removed_reason.eq(reason),
        ))
        .execute(conn)
    }

    /// The room, if `user_id` is a current member of it (and it has not been purged after its
    /// retention): the one rule for "may see this room's content", used by every room page,
    /// post, file and list.
    pub fn membership(
        conn: &mut DbConnection,
        room_id: i64,
        user_id: i64,
    ) -> QueryResult<Option<Room>> {
        rooms::table
            .inner_join(room_members::table)
            .filter(rooms::id.eq(room_id))
            .filter(rooms::status.ne("purged"))
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .select(Room::as_select())
            .first(conn)
            .optional()
    }

    /// The account's team role in each room it is a current member of: (room, role).
    pub fn roles_of(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<(i64, String)>> {
        room_members::table
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .select((room_members::room_id, room_members::team_role))
            .load(conn)
    }

    /// The rooms an account is a current member of (the one rule for "may see this room").
    pub fn of_member(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<Room>> {
        rooms::table
            .inner_join(room_members::table)
            .filter(room_members::user_id.eq(user_id))
            .filter(room_members::removed_at.is_null())
            .filter(rooms::status.ne("purged"))
            .order(rooms::id.desc())
            .select(Room::as_select())
            .load(conn)
    }
}
