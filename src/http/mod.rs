//! The web application: state, the route table, middleware order and the server.

pub mod assets;
pub mod client_addr;
pub mod compress;
pub mod context;
pub mod errors;
pub mod extract;
pub mod form_drafts;
pub mod handlers;
pub mod kept;
pub mod multipart;
pub mod paging;
pub use renkei_views::paths;
pub mod present;
pub mod refusals;
pub mod render;
pub mod rights;
pub mod security;
pub mod sign_in;

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{DbConnection, DbPool};
use crate::domain::vitals::CarePoints;
use crate::services::clinical::PatientInfo;
use errors::AppError;
use handlers::*;

/// What every handler shares.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub assets: Arc<assets::Assets>,
    /// SQLite: small reads on the request's own thread (see `context::middleware::resolve_session`).
    pub inline_reads: bool,
    /// 開庁日, for due dates.
    pub calendar: Arc<crate::domain::calendar::BusinessCalendar>,
    /// Anonymous refusals, written to the audit trail in aggregate.
    pub refusals: Arc<refusals::Refusals>,
    /// Views of patient data, recorded before they are shown.
    pub access: crate::services::access::AccessLog,
}

impl AppState {
    /// Due dates and retention, as configured.
    pub fn due_rule(&self) -> crate::services::applications::DueRule<'_> {
        crate::services::applications::DueRule {
            calendar: &self.calendar,
            open_days: self.settings.applications.due_open_days,
            retention_years: self.settings.applications.retention_years,
            settings: Some(&self.settings),
        }
    }

    pub fn new(pool: DbPool, settings: Arc<Settings>, clock: Clock) -> AppState {
        let inline_reads = matches!(
            crate::db::Backend::from_url(&settings.database_url),
            Ok(crate::db::Backend::Sqlite)
        );
        let access = crate::services::access::AccessLog::start(pool.clone());
        settings.municipality.register_offices();
        crate::http::present::labels::set_office_names(&settings.municipality);
        AppState {
            pool,
            settings: settings.clone(),
            clock,
            assets: Arc::new(assets::Assets::build()),
            inline_reads,
            refusals: Arc::default(),
            access,
            calendar: Arc::new(crate::domain::calendar::BusinessCalendar::new(
                settings.applications.extra_closed(),
            )),
        }
    }

    /// A small, indexed read (a point lookup, a count on an index). On SQLite it runs on the
    /// request's thread — a WAL read never waits for writers and the hop to the blocking pool
    /// costs more than the query; on PostgreSQL it goes through the pool like everything else.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        if self.inline_reads {
            let mut conn = self.pool.get()?;
            return f(&mut conn);
        }
        self.db(f).await
    }

    /// Records that the request's user saw `views` of patient data; the page may be shown only
    /// when this succeeds (otherwise 503: a view that cannot be recorded is not given).
    pub async fn viewed(
        &self,
        ctx: &context::Ctx,
        views: Vec<crate::models::access::View>,
    ) -> Result<(), AppError> {
        self.access
            .record(&ctx.actor(), self.clock.now(), views)
            .await
            .map_err(|_| AppError::Unavailable)
    }

    /// Runs database work on the blocking pool with a pooled connection.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// [`db`](Self::db) for a read model's `load` (a diesel result).
    pub async fn load<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> diesel::QueryResult<T> + Send + 'static,
    {
        self.db(move |conn| Ok(f(conn)?)).await
    }
}

/// Declares the routes once: the table the authorisation test walks ([`ROUTES`]) and the
/// registration ([`routes`]) come from the same lines, so a new route cannot miss its row.
macro_rules! route_table {
    ($( $method:ident $path:expr => $handler:path ),* $(,)?) => {
        /// Every (method, path pattern) the application serves.
        pub const ROUTES: &[(&str, &str)] = &[ $( (stringify!($method), $path) ),* ];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, web::$method().to($handler)); )*
        }
    };
}

route_table! {
    get paths::HOME => home::show,
    get paths::LOGIN => login::show,
    post paths::LOGIN => login::submit,
    get paths::SECOND_FACTOR => login::second_factor_show,
    post paths::SECOND_FACTOR => login::second_factor_submit,
    post paths::LOGOUT => login::logout,
    get paths::ACTIVATE => onboarding::activate_show,
    post paths::ACTIVATE => onboarding::activate_submit,
    get paths::ENROL_TOTP => onboarding::enrol_show,
    post paths::ENROL_TOTP => onboarding::enrol_submit,
    get paths::ACCOUNT => account::show,
    get paths::PASSWORD => onboarding::password_show,
    post paths::PASSWORD => onboarding::password_submit,
    post paths::SESSIONS_REVOCATION => login::logout_everywhere,
    get paths::NOTIFICATION_SETTINGS => notifications::show,
    post paths::NOTIFICATION_SETTINGS => notifications::save,
    post paths::LANGUAGE => account::set_language,
    get paths::ADMIN_USERS => admin_users::list,
    get paths::REGISTRANTS => registers::registrants::list,
    get paths::REGISTRANTS_CSV => registers::registrants::csv,
    get paths::REGISTRANT => registers::registrants::show,
    get paths::ORGANISATIONS => registers::organisations::list,
    get paths::ORGANISATIONS_CSV => registers::organisations::csv,
    get paths::ORGANISATION => registers::organisations::show,
    get paths::HELP => help::index,
    get paths::HELP_FORMS => help::forms,
    get paths::HELP_FORM => help::form_pdf,
    get paths::HELP_PAGE => help::show,
    get paths::STATISTICS => statistics::show,
    get paths::STATISTICS_CSV => statistics::monthly,
    get paths::STATISTICS_ORGANISATIONS_CSV => statistics::organisations,
    get paths::ADMIN_USERS_CSV => admin_users::csv,
    get paths::ADMIN_USER_STOP => admin_users::confirm_stop,
    post paths::ADMIN_USER_STOP => admin_users::stop,
    post paths::ADMIN_USER_NOTICE => admin_users::reissue,
    get paths::ADMIN_USER_REISSUE => admin_users::confirm_reissue,
    post paths::ADMIN_USER_REISSUE => admin_users::reissue_credentials,
    get paths::ADMIN_USER_VIEWS => access::user,
    get paths::ADMIN_TAGS => tags::list,
    post paths::ADMIN_TAGS => tags::create,
    post paths::ADMIN_TAG => tags::rename,
    post paths::ADMIN_TAG_RETIREMENT => tags::retire,
    get paths::AUDIT => audit::list,
    get paths::APPLICATIONS => applications::queue,
    get paths::APPLICATIONS_NEW => applications::choose,
    get paths::APPLICATION_NEW => applications::new_form,
    post paths::APPLICATION_NEW => applications::create,
    get paths::APPLICATION => applications::show,
    get paths::APPLICATION_FILE => applications::file,
    get paths::APPLICATION_STEP => applications::steps::confirm,
    post paths::APPLICATION_STEP => applications::steps::step,
    get paths::APPLY => apply::index,
    get paths::APPLY_RECEIVED => apply::received,
    get paths::APPLY_FORM => apply::new_form,
    post paths::APPLY_FORM => apply::create,
    get paths::SEARCH => search::show,
    get paths::ROOMS_ADMIN => rooms_admin::list,
    get paths::ROOM_ADMIN => rooms_admin::show,
    post paths::ROOM_ADMIN_FEATURES => rooms_admin::save_features,
    post paths::ROOM_ADMIN_RIGHTS => rooms_admin::rights::save,
    get paths::ROOM_ADMIN_CLOSE => rooms_admin::changes::confirm_close,
    post paths::ROOM_ADMIN_CLOSE => rooms_admin::changes::close,
    get paths::ROOM_ADMIN_NAME => rooms_admin::changes::confirm_rename,
    post paths::ROOM_ADMIN_NAME => rooms_admin::changes::rename,
    get paths::ROOM_ADMIN_VIEWS => access::room,
    get paths::REGISTRANT_VIEWS => access::registrant,
    get paths::NOTICES => notices::list,
    post paths::NOTICES => notices::create,
    get paths::NOTICE_NEW => notices::new,
    get paths::NOTICE => notices::show,
    post paths::NOTICE_ANSWER => notices::answer,
    get paths::NOTICE_FILE => notices::file,
    get paths::ROOMS => rooms::mine,
    get paths::CALENDAR => calendar::mine,
    get paths::ROOM => rooms::show,
    post paths::ROOM_POSTS => rooms::create,
    post paths::POST_REPLIES => rooms::reply,
    get paths::POST_CORRECTION => rooms::correction_form,
    post paths::POST_CORRECTION => rooms::correct,
    get paths::ROOM_MEMBERS => rooms::members,
    get paths::ROOM_FILE => rooms::file,
    get paths::FILE_THUMBNAIL => rooms::thumbnail,
    get paths::FILE_VIEW => rooms::photo_page,
    get paths::FILE_IMAGE => rooms::photo,
    get paths::FILE_PREVIEW => rooms::preview,
    get paths::ROOM_VITALS => vitals::show,
    post paths::ROOM_VITALS => vitals::create,
    post paths::VITAL_WITHDRAWAL => withdrawals::vital,
    get paths::ROOM_MEDICATION => medication::show,
    post paths::ROOM_MEDICATION => medication::create,
    post paths::PRESCRIPTION_WITHDRAWAL => withdrawals::prescription,
    get paths::ROOM_CALENDAR => calendar::show,
    get paths::EVENT_NEW => calendar::new_event,
    post paths::ROOM_CALENDAR => calendar::create,
    get paths::EVENT => calendar::event,
    get paths::EVENT_EDIT => calendar::edit,
    post paths::EVENT => calendar::update,
    get paths::EVENT_CANCELLATION => calendar::confirm_cancel,
    post paths::EVENT_CANCELLATION => calendar::cancel,
    get paths::EVENT_ICS => calendar::ics,
    get paths::POLL_NEW => calendar::new_poll,
    post paths::ROOM_POLLS => calendar::create_poll,
    get paths::POLL => calendar::poll,
    post paths::POLL_ANSWERS => calendar::answer,
    post paths::POLL_DECISION => calendar::decide,
    get paths::CARE_POINTS => documents::show::<CarePoints>,
    get paths::CARE_POINTS_EDIT => documents::edit::<CarePoints>,
    post paths::CARE_POINTS => documents::save::<CarePoints>,
    get paths::PATIENT => documents::show::<PatientInfo>,
    get paths::PATIENT_EDIT => documents::edit::<PatientInfo>,
    post paths::PATIENT => documents::save::<PatientInfo>,
    get paths::MAIL => mail::inbox,
    post paths::MAIL => mail::create,
    get paths::MAIL_SENT => mail::sent,
    get paths::MAIL_NEW => mail::compose,
    get paths::MAIL_RECIPIENTS => mail_recipients::search,
    get paths::MESSAGE => mail::show,
    get paths::MESSAGE_FILE => mail::file,
    get paths::SUBMISSIONS => submissions::index,
    get paths::SUBMISSION => submissions::show,
    post paths::SUBMISSION => submissions::create,
    post paths::DRAFT_DELETION => drafts::delete,
    get paths::DIRECTORY => directory::list,
    get paths::LETTERS => letters::list,
    post paths::LETTER_BATCHES => letters::create_batch,
    get paths::LETTER_BATCH => letters::show_batch,
    get paths::LETTER_BATCH_PDF => letters::batch_pdf,
    get paths::LETTER_BATCH_MAILED => letters::confirm_mailed,
    post paths::LETTER_BATCH_MAILED => letters::mark_mailed,
    get paths::HEALTHZ => health::show,
    get paths::ASSET => assets::serve,
    get paths::SERVICE_WORKER => assets::service_worker,
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The application with all its middleware, for the server and for the tests alike.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.settings.http.max_body_bytes;
    crate::http::present::labels::set_thread_office_names(&state.settings.municipality);
    App::new()
        .app_data(state)
        .app_data(web::FormConfig::default().limit(limit))
        .app_data(web::PayloadConfig::default().limit(limit))
        .configure(routes)
        .default_service(web::to(not_found))
        // Order: the last `wrap` runs first. Compression outermost, then headers, then context.
        .wrap(from_fn(context::context))
        .wrap(from_fn(security::headers))
        .wrap(from_fn(compress::compress))
}

/// Runs the HTTP server until SIGTERM/SIGINT (actix handles both and drains connections).
pub async fn serve(state: web::Data<AppState>) -> std::io::Result<()> {
    let bind = (state.settings.http.bind.clone(), state.settings.http.port);
    tracing::info!(
        "renkei listening on http://{}:{} (public URL {})",
        bind.0,
        bind.1,
        state.settings.http.public_url
    );
    let blocking = state.pool.max_size();
    HttpServer::new(move || app(state.clone()))
        // Database work runs on the blocking pool; more threads than connections only wait.
        .worker_max_blocking_threads((blocking as usize).max(4))
        .bind(bind)?
        .shutdown_timeout(20)
        .run()
        .await
}
