//! Fixture builders: accounts and patient rooms made through the app's own services, so a test
//! says what it needs instead of leaning on the demo seed's names.

use super::*;

/// The actor of what a test sets up (in the audit trail like the demo seed's).
fn fixture_actor() -> renkei::models::audit::Actor {
    renkei::models::audit::Actor {
        user_id: None,
        login: "test fixture".into(),
        role: "system".into(),
        ip: "test".into(),
    }
}

/// The organisation kind that goes with a profession (a doctor's clinic, a nurse's station).
fn organisation_kind(profession: &str) -> &'static str {
    match profession {
        "doctor" => "clinic",
        "dentist" => "dental_clinic",
        "pharmacist" => "pharmacy",
        "visiting_nurse" | "physical_therapist" | "occupational_therapist" | "speech_therapist" => {
            "visiting_nurse_station"
        }
        "care_manager" => "care_management_office",
        "home_helper" => "home_help_office",
        _ => "other",
    }
}

/// The care-team role (form 8) that goes with a profession.
fn team_role(profession: &str) -> &'static str {
    match profession {
        "doctor" => "attending_doctor",
        "dentist" => "dentist",
        "pharmacist" => "pharmacy",
        "visiting_nurse" => "visiting_nursing",
        "care_manager" => "care_management",
        "physical_therapist" | "occupational_therapist" | "speech_therapist" => "rehabilitation",
        "home_helper" => "home_help",
        "dietitian" => "nutrition",
        _ => "other",
    }
}

/// An account a test needs, made the way the service makes one (`services::accounts`), then
/// activated with the demo credentials so that `Browser::login` works for it:
/// `let (id, login) = t.account("nurse").organisation("訪問看護ステーションA").create();`
pub struct AccountBuilder<'a> {
    t: &'a TestApp,
    login: String,
    name: Option<String>,
    organisation: String,
    profession: String,
    role: renkei::models::Role,
    manager: bool,
    email: Option<String>,
    office: Option<String>,
}

impl AccountBuilder<'_> {
    /// The display name (「試験 {login}」 unless set).
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.into());
        self
    }
    /// The organisation, created if no organisation has that name (「試験事業所」 unless set).
    pub fn organisation(mut self, name: &str) -> Self {
        self.organisation = name.into();
        self
    }
    /// One of `models::users::PROFESSIONS` (visiting_nurse unless set).
    pub fn profession(mut self, profession: &str) -> Self {
        self.profession = profession.into();
        self
    }
    /// A professional unless set.
    pub fn role(mut self, role: renkei::models::Role) -> Self {
        self.role = role;
        self
    }
    /// The organisation's system manager (no unless set).
    pub fn manager(mut self) -> Self {
        self.manager = true;
        self
    }
    /// A clerk's office code (the role's main office unless set: `city`, `association`).
    pub fn office(mut self, code: &str) -> Self {
        self.office = Some(code.into());
        self
    }
    /// The registered address (`{login}@test.invalid` unless set).
    pub fn email(mut self, email: &str) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Creates the active account; returns its id and login ID (the one asked for, or with
    /// `-2`, `-3`, … if an account of that ID exists).
    pub fn create(self) -> (i64, String) {
        use renkei::models::User;
        use renkei::models::factors::AuthFactor;
        use renkei::models::organisations::{NewOrganisation, Organisation};
        use renkei::services::accounts::{AccountRequest, create_account};
        let now = self.t.clock.now();
        let mut conn = self.t.conn();
        renkei::db::write_tx(&mut conn, |conn| -> diesel::QueryResult<(i64, String)> {
            let mut login = self.login.clone();
            let mut n = 1;
            while User::find_by_login(conn, &login)?.is_some() {
                n += 1;
                login = format!("{}-{n}", self.login);
            }
            let organisation_id = Organisation::ensure(
                conn,
                &NewOrganisation {
                    name: &self.organisation,
                    kana: "",
                    kind: organisation_kind(&self.profession),
                    postcode: "272-0000",
                    address: "市川市八幡1-1-1",
                    phone: "047-300-9999",
                    created_at: now,
                },
            )?;
            let name = self.name.clone().unwrap_or_else(|| format!("試験 {login}"));
            let email = self
                .email
                .clone()
                .unwrap_or_else(|| format!("{login}@test.invalid"));
            let office = self.office.clone().unwrap_or_else(|| match self.role {
                renkei::models::Role::CityAdmin => "city".into(),
                renkei::models::Role::AssociationAdmin => "association".into(),
                renkei::models::Role::Professional => String::new(),
            });
            let id = create_account(
                conn,
                &AccountRequest {
                    login_id: &login,
                    display_name: &name,
                    kana: "シケン",
                    organisation_id,
                    profession: &self.profession,
                    role: self.role,
                    is_org_manager: self.manager,
                    email: &email,
                    office: &office,
                },
                &fixture_actor(),
                now,
            )?;
            // What the first login does (password, authenticator), with the demo credentials.
            User::set_password(
                conn,
                id,
                &renkei::services::auth::hash_password(renkei::seed::DEMO_PASSWORD),
                now,
            )?;
            User::activate(conn, id)?;
            AuthFactor::insert_confirmed(conn, id, renkei::seed::DEMO_TOTP_SECRET, now)?;
            Ok((id, login))
        })
        .expect("test account")
    }
}

impl TestApp {
    /// An active account to create (see [`AccountBuilder`]).
    pub fn account(&self, login: &str) -> AccountBuilder<'_> {
        AccountBuilder {
            t: self,
            login: login.into(),
            name: None,
            organisation: "試験事業所".into(),
            profession: "visiting_nurse".into(),
            role: renkei::models::Role::Professional,
            manager: false,
            email: None,
            office: None,
        }
    }

    /// A new patient room (a registrant with consent, the room opened like form 8 opens it)
    /// with these accounts as its care team, each in the role of their profession. Nobody is
    /// mailed: the room exists before the test begins.
    pub fn patient_room(&self, members: &[i64]) -> i64 {
        let n: i64 = {
            use diesel::prelude::*;
            renkei::schema::registrants::table
                .count()
                .get_result(&mut self.conn())
                .unwrap()
        };
        self.patient_room_for(&format!("試験 患者{}", n + 1), members)
    }

    /// [`TestApp::patient_room`] for a patient of this name.
    pub fn patient_room_for(&self, patient: &str, members: &[i64]) -> i64 {
        use renkei::models::User;
        use renkei::models::rooms::{Registrant, RegistrantData, Room, RoomKind};
        let now = self.clock.now();
        let mut conn = self.conn();
        renkei::db::write_tx(&mut conn, |conn| -> diesel::QueryResult<i64> {
            // (a registrant is known by kana and birth date: each one new)
            let known: i64 = {
                use diesel::prelude::*;
                renkei::schema::registrants::table
                    .count()
                    .get_result(conn)?
            };
            let kana = format!("シケン カンジャ{}", known + 1);
            let registrant = Registrant::insert(
                conn,
                &RegistrantData {
                    name: patient,
                    kana: &kana,
                    birth_date: chrono::NaiveDate::from_ymd_opt(1940, 4, 1).unwrap(),
                    sex: "female",
                    postcode: "272-0021",
                    address: "市川市八幡8-8-8",
                    phone: "047-399-9999",
                    consent_on: now.date(),
                    signer: "self",
                    proxy_name: "",
                    proxy_relationship: "",
                    digital_consent: false,
                    consent_application_id: None,
                    office: "association",
                },
                now,
            )?;
            let id = Room::open(
                conn,
                RoomKind::Patient,
                Some(registrant),
                patient,
                "",
                "association",
                None,
                now,
            )?;
            let actor = fixture_actor();
            renkei::services::memberships::audit_room(
                conn,
                &actor,
                "room.open",
                id,
                String::new(),
                now,
            )?;
            let room = Room::find(conn, id)?.expect("the room just opened");
            for member in members {
                let user = User::find(conn, *member)?.expect("a member account");
                let role = team_role(&user.profession);
                renkei::services::memberships::add(
                    conn, &room, &user, role, None, &actor, None, now,
                )?;
            }
            Ok(id)
        })
        .expect("test room")
    }
}
