//! The versioned documents of a room, 療養のポイント and 患者情報: the page (current version,
//! care team, history with what each version changed), the edit form and the save. One flow for
//! both; what differs is in the `Doc` implementations. Every page and action goes through
//! `features::room_with` (a current member, the feature switched on).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use maud::Markup;
use renkei_views::clinical::{HistoryEntry, Shown};
use renkei_views::form::Errors;
use rust_i18n::t;
use serde::{Serialize, de::DeserializeOwned};

use crate::db::DbConnection;
use crate::domain::forms::{Check, Raw};
use crate::domain::vitals::CarePoints;
use crate::domain::vitals::Measure;
use crate::http::context::Ctx;
use crate::http::errors::AppError;
use crate::http::errors::write_error;
use crate::http::paths;
use crate::http::present::datetime;
use crate::http::present::forms::translate;
use crate::http::present::labels::date_label;
use crate::http::present::labels::measure_label;
use crate::http::present::labels::range_label;
use crate::http::present::labels::team_role_label;
use crate::http::present::rooms::{Tab, header};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::documents::{DocKind, Documents, Version};
use crate::models::features::{Feature, Features, room_with};
use crate::models::rooms::{Member, Registrant, Room};
use crate::services::clinical::{self, CARE_LEVELS, PatientInfo, SEXES, SPARE_ROWS, WriteError};

/// How many versions the history lists.
const HISTORY: i64 = 50;

pub trait Doc: Serialize + DeserializeOwned + Default + Clone + PartialEq + Send + 'static {
    const KIND: DocKind;
    const FEATURE: Feature;
    /// The room's tab the document is (its page is `TAB.path(room)`, its form under `/edit`).
    const TAB: Tab;
    /// The form that edits the document.
    fn edit_path(room: i64) -> String;
    const TITLE: &'static str;
    const LEAD: &'static str;
    /// The document's parts as labelled lines.
    fn shown(&self, lang: &str, members: &[Member]) -> Shown;
    /// The labels of the parts that differ from `older`.
    fn changed(&self, older: &Self, lang: &str) -> Vec<String>;
    /// The document as form fields.
    fn values(&self) -> Vec<(String, String)>;
    fn read(raw: &Raw, check: &mut Check, members: &[Member]) -> Option<Self>;
    fn fields(lang: &str, raw: &Raw, errors: &Errors, members: &[Member]) -> Markup;
    /// What the document starts from before anyone saved it.
    fn initial(conn: &mut DbConnection, room: &Room) -> diesel::QueryResult<Self>;
}

fn line(label: String, value: impl Into<String>) -> (String, String) {
    (label, value.into())
}

impl Doc for CarePoints {
    const KIND: DocKind = DocKind::CarePoints;
    const FEATURE: Feature = Feature::CarePoints;
    const TAB: Tab = Tab::CarePoints;
    fn edit_path(room: i64) -> String {
        paths::care_points_edit(room)
    }
    const TITLE: &'static str = "rooms.tab_care_points";
    const LEAD: &'static str = "care_points.lead";

    fn shown(&self, lang: &str, members: &[Member]) -> Shown {
        let l = |k: &str| -> String { t!(k, locale = lang).into() };
        let ranges = self
            .ranges
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    measure_label(lang, r.measure),
                    range_label(lang, r)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let recipients = self
            .recipients
            .iter()
            .map(|id| {
                members
                    .iter()
                    .find(|m| m.user_id == *id)
                    .map(|m| m.display_name.clone())
                    .unwrap_or_else(|| t!("care_points.former_member", locale = lang).into())
            })
            .collect::<Vec<_>>()
            .join("、");
        Shown {
            sections: vec![(
                String::new(),
                vec![
                    line(l("care_points.observation"), self.observation.clone()),
                    line(l("care_points.report_when"), self.report_when.clone()),
                    line(l("care_points.ranges"), ranges),
                    line(l("care_points.recipients"), recipients),
                ],
            )],
        }
    }

    fn changed(&self, older: &Self, lang: &str) -> Vec<String> {
        [
            (
                self.observation != older.observation,
                "care_points.observation",
            ),
            (
                self.report_when != older.report_when,
                "care_points.report_when",
            ),
            (self.ranges != older.ranges, "care_points.ranges"),
            (
                self.recipients != older.recipients,
                "care_points.recipients",
            ),
        ]
        .iter()
        .filter(|(c, _)| *c)
        .map(|(_, k)| t!(*k, locale = lang).into())
        .collect()
    }

    fn values(&self) -> Vec<(String, String)> {
        let mut v = vec![
            ("observation".to_string(), self.observation.clone()),
            ("report_when".to_string(), self.report_when.clone()),
        ];
        for r in &self.ranges {
            let m = r.measure;
            if let Some(x) = r.low {
                v.push((format!("{}_low", m.code()), m.show(x)));
            }
            if let Some(x) = r.high {
                v.push((format!("{}_high", m.code()), m.show(x)));
            }
        }
        for id in &self.recipients {
            v.push(("recipient".to_string(), id.to_string()));
        }
        v
    }

    fn read(raw: &Raw, check: &mut Check, members: &[Member]) -> Option<Self> {
        clinical::read_care_points(raw, check, members)
    }

    fn fields(lang: &str, raw: &Raw, errors: &Errors, members: &[Member]) -> Markup {
        let values = |name: &str| raw.get(name).to_string();
        let ranges: Vec<_> = Measure::ALL
            .into_iter()
            .map(|m| renkei_views::clinical::RangeRow {
                code: m.code(),
                label: measure_label(lang, m),
                unit: crate::http::present::labels::unit_label(lang, m),
                inputmode: if m.decimals() > 0 {
                    "decimal"
                } else {
                    "numeric"
                },
            })
            .collect();
        let people: Vec<(i64, String)> = members
            .iter()
            .map(|m| {
                let role = team_role_label(lang, &m.team_role);
                let name = if role.is_empty() {
                    m.display_name.clone()
                } else {
                    format!("{}（{role}）", m.display_name)
                };
                (m.user_id, name)
            })
            .collect();
        let chosen: Vec<i64> = raw
            .0
            .iter()
            .filter(|(k, _)| k == "recipient")
            .filter_map(|(_, v)| v.parse().ok())
            .collect();
        renkei_views::clinical::care_points_fields(lang, &values, errors, &ranges, &people, &chosen)
    }

    fn initial(_: &mut DbConnection, _: &Room) -> diesel::QueryResult<Self> {
        Ok(CarePoints::default())
    }
}

fn choice_label(lang: &str, group: &str, code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        t!(format!("{group}.{code}"), locale = lang).into()
    }
}

impl Doc for PatientInfo {
    const KIND: DocKind = DocKind::PatientInfo;
    const FEATURE: Feature = Feature::PatientInfo;
    const TAB: Tab = Tab::Patient;
    fn edit_path(room: i64) -> String {
        paths::patient_edit(room)
    }
    const TITLE: &'static str = "rooms.tab_patient";
    const LEAD: &'static str = "patient.lead";

    fn shown(&self, lang: &str, _: &[Member]) -> Shown {
        let l = |k: &str| -> String { t!(k, locale = lang).into() };
        let basic = vec![
            line(l("patient.name"), self.name.clone()),
            line(l("patient.kana"), self.kana.clone()),
            line(
                l("patient.birth_date"),
                self.birth_date
                    .map(|d| date_label(lang, d))
                    .unwrap_or_default(),
            ),
            line(
                l("patient.sex"),
                choice_label(lang, "form7.sexes", &self.sex),
            ),
            line(
                l("patient.address"),
                if self.postcode.is_empty() {
                    self.address.clone()
                } else {
                    format!("〒{} {}", self.postcode, self.address)
                },
            ),
            line(l("patient.phone"), self.phone.clone()),
            line(
                l("patient.care_level"),
                choice_label(lang, "patient.care_levels", &self.care_level),
            ),
            line(l("patient.medical_notes"), self.medical_notes.clone()),
        ];
        let family = self
            .family
            .iter()
            .map(|p| {
                let mut parts = Vec::new();
                if !p.phone.is_empty() {
                    parts.push(format!("{} {}", l("patient.phone"), p.phone));
                }
                if p.key_person {
                    parts.push(l("patient.key_person"));
                }
                if p.lives_with {
                    parts.push(l("patient.lives_with"));
                }
                if !p.note.is_empty() {
                    parts.push(p.note.clone());
                }
                line(
                    format!("{}（{}）", p.name, p.relationship),
                    parts.join(" ／ "),
                )
            })
            .collect();
        let services = self
            .services
            .iter()
            .map(|s| {
                let parts: Vec<&str> = [s.provider.as_str(), s.frequency.as_str()]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                    .collect();
                line(s.name.clone(), parts.join(" ・ "))
            })
            .collect();
        Shown {
            sections: vec![
                (l("patient.basic"), basic),
                (l("patient.family"), family),
                (l("patient.services"), services),
            ],
        }
    }

    fn changed(&self, older: &Self, lang: &str) -> Vec<String> {
        [
            (self.name != older.name, "patient.name"),
            (self.kana != older.kana, "patient.kana"),
            (self.birth_date != older.birth_date, "patient.birth_date"),
            (self.sex != older.sex, "patient.sex"),
            (
                self.postcode != older.postcode || self.address != older.address,
                "patient.address",
            ),
            (self.phone != older.phone, "patient.phone"),
            (self.care_level != older.care_level, "patient.care_level"),
            (
                self.medical_notes != older.medical_notes,
                "patient.medical_notes",
            ),
            (self.family != older.family, "patient.family"),
            (self.services != older.services, "patient.services"),
        ]
        .iter()
        .filter(|(c, _)| *c)
        .map(|(_, k)| t!(*k, locale = lang).into())
        .collect()
    }

    fn values(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            ("name", self.name.clone()),
            ("kana", self.kana.clone()),
            (
                "birth_date",
                self.birth_date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            ("sex", self.sex.clone()),
            ("postcode", self.postcode.clone()),
            ("address", self.address.clone()),
            ("phone", self.phone.clone()),
            ("care_level", self.care_level.clone()),
            ("medical_notes", self.medical_notes.clone()),
        ]
        .into_iter()
        .map(|(k, x)| (k.to_string(), x))
        .collect();
        for (i, p) in self.family.iter().enumerate() {
            let f = |n: &str| format!("family_{}_{n}", i + 1);
            v.push((f("name"), p.name.clone()));
            v.push((f("relationship"), p.relationship.clone()));
            v.push((f("phone"), p.phone.clone()));
            if p.key_person {
                v.push((f("key_person"), "yes".into()));
            }
            if p.lives_with {
                v.push((f("lives_with"), "yes".into()));
            }
            v.push((f("note"), p.note.clone()));
        }
        for (i, s) in self.services.iter().enumerate() {
            let f = |n: &str| format!("service_{}_{n}", i + 1);
            v.push((f("name"), s.name.clone()));
            v.push((f("provider"), s.provider.clone()));
            v.push((f("frequency"), s.frequency.clone()));
        }
        v
    }

    fn read(raw: &Raw, check: &mut Check, _: &[Member]) -> Option<Self> {
        clinical::read_patient_info(raw, check)
    }

    fn fields(lang: &str, raw: &Raw, errors: &Errors, _: &[Member]) -> Markup {
        let values = |name: &str| raw.get(name).to_string();
        let options = |group: &str, codes: &[&str]| {
            codes
                .iter()
                .map(|c| (c.to_string(), choice_label(lang, group, c)))
                .collect::<Vec<_>>()
        };
        let rows = |prefix: &str| crate::domain::forms::rows_in(raw, prefix) + SPARE_ROWS;
        renkei_views::clinical::patient_fields(
            lang,
            &values,
            errors,
            &renkei_views::clinical::PatientOptions {
                birth_help: t!("patient.birth_help", locale = lang).into(),
                sexes: options("form7.sexes", SEXES),
                care_levels: options("patient.care_levels", CARE_LEVELS),
                family_rows: rows("family_"),
                service_rows: rows("service_"),
            },
        )
    }

    /// A patient room starts from the consent form's record of the registrant (様式第7号).
    fn initial(conn: &mut DbConnection, room: &Room) -> diesel::QueryResult<Self> {
        let Some(r) = room
            .registrant_id
            .map(|id| Registrant::find(conn, id))
            .transpose()?
            .flatten()
        else {
            return Ok(PatientInfo::default());
        };
        Ok(PatientInfo {
            name: r.name,
            kana: r.kana,
            birth_date: Some(r.birth_date),
            sex: r.sex,
            postcode: r.postcode,
            address: r.address,
            phone: r.phone,
            ..PatientInfo::default()
        })
    }
}

struct Loaded<D> {
    room: Room,
    features: Features,
    members: Vec<Member>,
    versions: Vec<Version<D>>,
    initial: D,
    organisations: Vec<(i64, String)>,
}

fn load<D: Doc>(
    conn: &mut DbConnection,
    room_id: i64,
    uid: i64,
    limit: i64,
) -> Result<Loaded<D>, AppError> {
    crate::db::read_tx(conn, |conn| {
        let (room, features) =
            room_with(conn, room_id, uid, D::FEATURE)?.ok_or(AppError::NotFound)?;
        let members = Room::members(conn, room_id)?;
        let versions = Documents::versions::<D>(conn, room_id, D::KIND, limit)?;
        let initial = if versions.is_empty() {
            D::initial(conn, &room)?
        } else {
            D::default()
        };
        use crate::schema::{organisations, users};
        use diesel::prelude::*;
        let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        let organisations = users::table
            .inner_join(organisations::table)
            .filter(users::id.eq_any(&ids))
            .select((users::id, organisations::name))
            .load(conn)?;
        Ok(Loaded {
            room,
            features,
            members,
            versions,
            initial,
            organisations,
        })
    })
}

/// The view of a document page: the version shown, if there is one yet.
fn doc_view<D: Doc>(l: &Loaded<D>) -> View {
    let view = View::in_room(&l.room, D::KIND.code());
    match l.versions.first() {
        Some(v) => view.record("version", v.id),
        None => view,
    }
}

fn title<D: Doc>(lang: &str, room: &Room) -> String {
    format!("{} — {}", room.name, t!(D::TITLE, locale = lang))
}

/// GET /rooms/{id}/care-points, /rooms/{id}/patient
pub async fn show<D: Doc>(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let room_id = path.into_inner();
    let l = state
        .db(move |conn| load::<D>(conn, room_id, uid, HISTORY))
        .await?;
    state.viewed(&ctx, vec![doc_view::<D>(&l)]).await?;
    let history = l
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| HistoryEntry {
            at: datetime(lang, v.written_at),
            by: v.writer.clone(),
            changed: l
                .versions
                .get(i + 1)
                .map(|older| v.doc.changed(&older.doc, lang).join("、"))
                .unwrap_or_default(),
            doc: v.doc.shown(lang, &l.members),
        })
        .collect();
    let current = match l.versions.first() {
        Some(v) => Some((
            datetime(lang, v.written_at),
            v.writer.clone(),
            v.doc.shown(lang, &l.members),
        )),
        None if l.initial != D::default() => Some((
            String::new(),
            t!("patient.from_consent", locale = lang).into(),
            l.initial.shown(lang, &l.members),
        )),
        None => None,
    };
    let extra = (D::KIND == DocKind::PatientInfo).then(|| {
        let rows: Vec<Vec<String>> = l
            .members
            .iter()
            .map(|m| {
                vec![
                    m.display_name.clone(),
                    l.organisations
                        .iter()
                        .find(|(i, _)| *i == m.user_id)
                        .map(|(_, o)| o.clone())
                        .unwrap_or_default(),
                    crate::http::present::labels::profession_label(lang, &m.profession),
                    team_role_label(lang, &m.team_role),
                ]
            })
            .collect();
        renkei_views::clinical::care_team(lang, &rows)
    });
    let view = renkei_views::clinical::DocumentView {
        lang,
        title: t!(D::TITLE, locale = lang).into(),
        lead: t!(D::LEAD, locale = lang).into(),
        current,
        edit_href: l.room.is_open().then(|| D::edit_path(room_id)),
        history,
        extra,
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, &l.room, l.features, D::TAB)))
        (renkei_views::clinical::document(&view))
    };
    Ok(render::page(&ctx, &state, &title::<D>(lang, &l.room), body))
}

#[allow(clippy::too_many_arguments)]
fn edit_page<D: Doc>(
    ctx: &Ctx,
    state: &AppState,
    room: &Room,
    features: Features,
    members: &[Member],
    raw: &Raw,
    base: Option<i64>,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang;
    let view = renkei_views::clinical::EditView {
        lang,
        csrf: &ctx.csrf,
        action: D::TAB.path(room.id),
        back: D::TAB.path(room.id),
        base,
        errors,
        fields: D::fields(lang, raw, errors, members),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header(lang, room, features, D::TAB)))
        (renkei_views::clinical::edit(&view))
    };
    render::page_with(ctx, state, status, &title::<D>(lang, room), body, None)
}

/// GET /rooms/{id}/care-points/edit, /rooms/{id}/patient/edit
pub async fn edit<D: Doc>(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let room_id = path.into_inner();
    let l = state
        .db(move |conn| load::<D>(conn, room_id, uid, 1))
        .await?;
    state.viewed(&ctx, vec![doc_view::<D>(&l)]).await?;
    if !l.room.is_open() {
        return Err(AppError::Conflict("rooms.error.closed"));
    }
    let (base, doc) = match l.versions.into_iter().next() {
        Some(v) => (Some(v.id), v.doc),
        None => (None, l.initial),
    };
    Ok(edit_page::<D>(
        &ctx,
        &state,
        &l.room,
        l.features,
        &l.members,
        &Raw(doc.values()),
        base,
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// POST /rooms/{id}/care-points, /rooms/{id}/patient — a new version, unless someone saved
/// one since the form was opened: then the form comes back with what was typed and a message.
pub async fn save<D: Doc>(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let uid = ctx.user()?.user.id;
    let lang = ctx.lang;
    let room_id = path.into_inner();
    let raw = Raw(form.into_inner());
    let base: Option<i64> = raw.get("base").parse().ok();
    let l = state
        .db(move |conn| load::<D>(conn, room_id, uid, 1))
        .await?;
    let mut check = Check::default();
    let doc = D::read(&raw, &mut check, &l.members);
    let Some(doc) = doc.filter(|_| check.problems.is_empty()) else {
        return Ok(edit_page::<D>(
            &ctx,
            &state,
            &l.room,
            l.features,
            &l.members,
            &raw,
            base,
            &translate(lang, &check.problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if let Some(current) = l.versions.first()
        && base == Some(current.id)
        && current.doc == doc
    {
        // Saved without a change: no new version.
        return Ok(render::redirect(&ctx, &D::TAB.path(room_id)));
    }
    let st = state.clone();
    let actor = ctx.actor();
    let saved = state
        .db(move |conn| {
            match clinical::save_document(
                conn,
                uid,
                room_id,
                D::KIND,
                &doc,
                base,
                &actor,
                st.clock.now(),
            ) {
                Ok(_) => Ok(None),
                Err(WriteError::Stale) => {
                    let newest = Documents::versions::<D>(conn, room_id, D::KIND, 1)?;
                    Ok(newest.into_iter().next())
                }
                Err(e) => Err(write_error(e)),
            }
        })
        .await?;
    if let Some(newer) = saved {
        // Someone saved first: show who and when, keep what was typed, and base the form on
        // their version so that saving again is a deliberate choice.
        let mut errors = Errors::new();
        errors.add(
            "base",
            t!(
                "clinical.error.stale",
                locale = lang,
                at = datetime(lang, newer.written_at),
                by = newer.writer
            ),
        );
        return Ok(edit_page::<D>(
            &ctx,
            &state,
            &l.room,
            l.features,
            &l.members,
            &raw,
            Some(newer.id),
            &errors,
            StatusCode::CONFLICT,
        ));
    }
    Ok(render::redirect(&ctx, &D::TAB.path(room_id)))
}
