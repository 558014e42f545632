//! The versioned documents of a room, 療養のポイント and 患者情報: the page (current version,
//! care team, history with what each version changed), the edit form and the save. One flow for
//! both; what differs is in the `Doc` implementations. Every page and action goes through
//! `features::room_with` (a current member, the feature switched on); the edit form and the save
//! also through the member's 閲覧・入力権限 (`http::rights`).

mod care_points;
mod patient;

use crate::models::ids::{RoomId, UserId};
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
use crate::http::present::labels::{profession_label, team_role_label};
use crate::http::present::rooms::{Tab, header_with_rights};
use crate::http::{AppState, render};
use crate::models::access::View;
use crate::models::documents::{DocKind, Documents, Version};
use crate::models::features::{Feature, Features, room_with_rights};
use crate::models::organisations::Organisation;
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

pub(super) fn line(label: String, value: impl Into<String>) -> (String, String) {
    (label, value.into())
}

struct Loaded<D> {
    room: Room,
    features: Features,
    read_only: Features,
    members: Vec<Member>,
    versions: Vec<Version<D>>,
    initial: D,
    organisations: Vec<(i64, String)>,
}

impl<D: Doc> Loaded<D> {
    /// Whether the viewer may change the document now: an open room and a 閲覧・入力 right.
    fn writable(&self) -> bool {
        self.room.is_open() && !self.read_only.has(D::FEATURE)
    }
}

fn load<D: Doc>(
    conn: &mut DbConnection,
    room_id: i64,
    uid: i64,
    limit: i64,
) -> Result<Loaded<D>, AppError> {
    crate::db::read_tx(conn, |conn| {
        let (room, features, read_only) =
            room_with_rights(conn, RoomId(room_id), UserId(uid), D::FEATURE)?
                .ok_or(AppError::NotFound)?;
        let members = Room::members(conn, room_id)?;
        let versions = Documents::versions::<D>(conn, room_id, D::KIND, limit)?;
        let initial = if versions.is_empty() {
            D::initial(conn, &room)?
        } else {
            D::default()
        };
        let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
        let organisations = Organisation::of_users(conn, &ids)?;
        Ok(Loaded {
            room,
            features,
            read_only,
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

/// Each version with what it changed from the one before it, newest first.
fn history<D: Doc>(lang: &str, l: &Loaded<D>) -> Vec<HistoryEntry> {
    l.versions
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
        .collect()
}

/// The version shown on top: the newest, or what the document starts from (the consent's
/// record) before anyone saved it.
fn current<D: Doc>(lang: &str, l: &Loaded<D>) -> Option<(String, String, Shown)> {
    match l.versions.first() {
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
    }
}

/// The care team under 患者情報: name, organisation, profession, role in the team.
fn care_team<D: Doc>(lang: &str, l: &Loaded<D>) -> Markup {
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
                profession_label(lang, &m.profession),
                team_role_label(lang, &m.team_role),
            ]
        })
        .collect();
    let rule = crate::http::present::rooms::membership_rule(lang, &l.room);
    renkei_views::clinical::care_team(lang, &rule, &rows)
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
    let view = renkei_views::clinical::DocumentView {
        lang,
        title: t!(D::TITLE, locale = lang).into(),
        lead: t!(D::LEAD, locale = lang).into(),
        current: current(lang, &l),
        edit_href: l.writable().then(|| D::edit_path(room_id)),
        history: history(lang, &l),
        extra: (D::KIND == DocKind::PatientInfo).then(|| care_team(lang, &l)),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header_with_rights(lang, &l.room, l.features, l.read_only, D::TAB)))
        (renkei_views::clinical::document(&view))
    };
    Ok(render::page(&ctx, &state, &title::<D>(lang, &l.room), body))
}

/// The edit form: what `raw` holds, based on version `base`, with `errors` beside the fields.
fn edit_page<D: Doc>(
    ctx: &Ctx,
    state: &AppState,
    l: &Loaded<D>,
    raw: &Raw,
    base: Option<i64>,
    errors: &Errors,
    status: StatusCode,
) -> HttpResponse {
    let lang = ctx.lang;
    let room = &l.room;
    let view = renkei_views::clinical::EditView {
        lang,
        csrf: &ctx.csrf,
        action: D::TAB.path(room.id),
        back: D::TAB.path(room.id),
        base,
        errors,
        fields: D::fields(lang, raw, errors, &l.members),
    };
    let body = maud::html! {
        (renkei_views::rooms::header(lang, &header_with_rights(lang, room, l.features, l.read_only, D::TAB)))
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
    let mut l = state
        .db(move |conn| load::<D>(conn, room_id, uid, 1))
        .await?;
    state.viewed(&ctx, vec![doc_view::<D>(&l)]).await?;
    if !l.room.is_open() {
        return Err(AppError::Conflict("rooms.error.closed"));
    }
    if !l.writable() {
        return Err(AppError::Refused("rooms.error.read_only"));
    }
    let (base, doc) = match l.versions.pop() {
        Some(v) => (Some(v.id), v.doc),
        None => (None, l.initial.clone()),
    };
    let raw = Raw(doc.values());
    Ok(edit_page(
        &ctx,
        &state,
        &l,
        &raw,
        base,
        &Errors::new(),
        StatusCode::OK,
    ))
}

/// Writes `doc` as the room's new version on top of `base`; the newer version if someone
/// saved one since `base` was read.
async fn save_version<D: Doc>(
    state: &web::Data<AppState>,
    ctx: &Ctx,
    (uid, room_id): (i64, i64),
    doc: D,
    base: Option<i64>,
) -> Result<Option<Version<D>>, AppError> {
    let (st, actor) = (state.clone(), ctx.actor());
    state
        .db(move |conn| {
            let now = st.clock.now();
            match clinical::save_document(conn, uid, room_id, D::KIND, &doc, base, &actor, now) {
                Ok(_) => Ok(None),
                Err(WriteError::Stale) => {
                    let newest = Documents::versions::<D>(conn, room_id, D::KIND, 1)?;
                    Ok(newest.into_iter().next())
                }
                Err(e) => Err(write_error(e)),
            }
        })
        .await
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
    crate::http::rights::check_write(&state, room_id, uid, D::FEATURE).await?;
    let l = state
        .db(move |conn| load::<D>(conn, room_id, uid, 1))
        .await?;
    let mut check = Check::default();
    let doc = D::read(&raw, &mut check, &l.members);
    let Some(doc) = doc.filter(|_| check.problems.is_empty()) else {
        let errors = translate(lang, &check.problems);
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(edit_page(&ctx, &state, &l, &raw, base, &errors, status));
    };
    let unchanged = l
        .versions
        .first()
        .filter(|c| base == Some(c.id) && c.doc == doc);
    if unchanged.is_none()
        && let Some(newer) = save_version(&state, &ctx, (uid, room_id), doc, base).await?
    {
        // Someone saved first: show who and when, keep what was typed, and base the form on
        // their version so that saving again is a deliberate choice.
        let mut errors = Errors::new();
        let (at, by) = (datetime(lang, newer.written_at), newer.writer);
        errors.add(
            "base",
            t!("clinical.error.stale", locale = lang, at = at, by = by),
        );
        let status = StatusCode::CONFLICT;
        return Ok(edit_page(
            &ctx,
            &state,
            &l,
            &raw,
            Some(newer.id),
            &errors,
            status,
        ));
    }
    Ok(render::redirect(&ctx, &D::TAB.path(room_id)))
}
