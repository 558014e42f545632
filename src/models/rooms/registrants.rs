//! Registrants (登録者): the record an approved form 7 makes (kept out of logs), finding one by
//! identity (reading and birth date) or by the application that names them, renewing a consent
//! and discontinuing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::registrants;

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
    /// The 管理者 office that approved the consent (`Office::as_str`): its register, its
    /// rooms.
    pub office: String,
}

crate::redacted_debug!(Registrant, id, status, office, consent_application_id);

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
    pub office: &'a str,
}

crate::redacted_debug!(RegistrantData<'a>);

impl Registrant {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    /// The registrants of `office` with this identity (reading without spaces + birth date).
    /// More than one means the clerk must tell them apart; the caller refuses to guess.
    pub fn find_by_identity(
        conn: &mut DbConnection,
        office: &str,
        kana: &str,
        birth_date: NaiveDate,
    ) -> QueryResult<Vec<Registrant>> {
        let key = crate::domain::forms::identity_key(kana, birth_date);
        Ok(registrants::table
            .filter(registrants::office.eq(office))
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
        let found = Registrant::find_by_identity(conn, &app.office, &r.kana, r.birth_date)?;
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

    /// A registrant if `office` keeps them: the same rule as the register's.
    pub fn find_for_office(
        conn: &mut DbConnection,
        id: i64,
        office: &str,
    ) -> QueryResult<Option<Registrant>> {
        registrants::table
            .find(id)
            .filter(registrants::office.eq(office))
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

    /// Undoes a discontinuation whose form was withdrawn before its 中止日.
    pub fn resume(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(registrants::table.find(id))
            .set((
                registrants::status.eq("active"),
                registrants::discontinued_on.eq(None::<NaiveDate>),
                registrants::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }
}
