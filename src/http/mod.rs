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
pub mod paths;
pub mod present;
pub mod refusals;
pub mod render;
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
use crate::services::clinical::{CarePoints, PatientInfo};
use errors::AppError;
use handlers::*;

/// What every handler shares.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub assets: Arc<assets::Assets>,
    /// SQLite: small reads on the request's own thread (see `context::resolve_session`).
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
}

/// Declares the routes once: the table the authorisation test walks ([`ROUTES`]) and the
/// registration ([`routes`]) come from the same lines, so a new route cannot miss its row.
macro_rules! route_table {
    ($( $method:ident $path:literal => $handler:path ),* $(,)?) => {
        /// Every (method, path pattern) the application serves.
        pub const ROUTES: &[(&str, &str)] = &[ $( (stringify!($method), $path) ),* ];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, web::$method().to($handler)); )*
        }
    };
}

route_table! {
    get "/" => home::show,
    get "/login" => login::show,
    post "/login" => login::submit,
    get "/login/second-factor" => login::second_factor_show,
    post "/login/second-factor" => login::second_factor_submit,
    post "/logout" => login::logout,
    get "/activate" => onboarding::activate_show,
    post "/activate" => onboarding::activate_submit,
    get "/enrol/totp" => onboarding::enrol_show,
    post "/enrol/totp" => onboarding::enrol_submit,
    get "/account" => account::show,
    get "/account/password" => onboarding::password_show,
    post "/account/password" => onboarding::password_submit,
    post "/account/sessions/revocation" => login::logout_everywhere,
    get "/account/notifications" => notifications::show,
    post "/account/notifications" => notifications::save,
    post "/language" => account::set_language,
    get "/admin/users" => admin_users::list,
    get "/admin/users/{id}/stop" => admin_users::confirm_stop,
    post "/admin/users/{id}/stop" => admin_users::stop,
    post "/admin/users/{id}/notice" => admin_users::reissue,
    get "/admin/users/{id}/views" => access::user,
    get "/admin/tags" => tags::list,
    post "/admin/tags" => tags::create,
    post "/admin/tags/{id}" => tags::rename,
    post "/admin/tags/{id}/retirement" => tags::retire,
    get "/audit" => audit::list,
    get "/applications" => applications::queue,
    get "/applications/new" => applications::choose,
    get "/applications/new/{form}" => applications::new_form,
    post "/applications/new/{form}" => applications::create,
    get "/applications/{id}" => applications::show,
    get "/applications/{id}/files/{file}" => applications::file,
    get "/applications/{id}/{step}" => applications::steps::confirm,
    post "/applications/{id}/{step}" => applications::steps::step,
    get "/apply" => apply::index,
    get "/apply/received/{receipt}" => apply::received,
    get "/apply/{form}" => apply::new_form,
    post "/apply/{form}" => apply::create,
    get "/search" => search::show,
    get "/rooms/admin" => rooms_admin::list,
    get "/rooms/admin/{id}" => rooms_admin::show,
    post "/rooms/admin/{id}/features" => rooms_admin::save_features,
    get "/rooms/admin/{id}/views" => access::room,
    get "/registrants/{id}/views" => access::registrant,
    get "/rooms" => rooms::mine,
    get "/calendar" => calendar::mine,
    get "/rooms/{id}" => rooms::show,
    post "/rooms/{id}/posts" => rooms::create,
    post "/rooms/{id}/posts/{post}/replies" => rooms::reply,
    get "/rooms/{id}/posts/{post}/correction" => rooms::correction_form,
    post "/rooms/{id}/posts/{post}/correction" => rooms::correct,
    get "/rooms/{id}/members" => rooms::members,
    get "/rooms/{id}/files/{file}" => rooms::file,
    get "/rooms/{id}/files/{file}/thumbnail" => rooms::thumbnail,
    get "/rooms/{id}/files/{file}/view" => rooms::photo_page,
    get "/rooms/{id}/files/{file}/image" => rooms::photo,
    get "/rooms/{id}/files/{file}/preview" => rooms::preview,
    get "/rooms/{id}/vitals" => vitals::show,
    post "/rooms/{id}/vitals" => vitals::create,
    post "/rooms/{id}/vitals/{vital}/withdrawal" => withdrawals::vital,
    get "/rooms/{id}/medication" => medication::show,
    post "/rooms/{id}/medication" => medication::create,
    post "/rooms/{id}/medication/{rx}/withdrawal" => withdrawals::prescription,
    get "/rooms/{id}/calendar" => calendar::show,
    get "/rooms/{id}/calendar/new" => calendar::new_event,
    post "/rooms/{id}/calendar" => calendar::create,
    get "/rooms/{id}/calendar/{event}" => calendar::event,
    get "/rooms/{id}/calendar/{event}/edit" => calendar::edit,
    post "/rooms/{id}/calendar/{event}" => calendar::update,
    get "/rooms/{id}/calendar/{event}/cancellation" => calendar::confirm_cancel,
    post "/rooms/{id}/calendar/{event}/cancellation" => calendar::cancel,
    get "/rooms/{id}/calendar/{event}/ics" => calendar::ics,
    get "/rooms/{id}/polls/new" => calendar::new_poll,
    post "/rooms/{id}/polls" => calendar::create_poll,
    get "/rooms/{id}/polls/{poll}" => calendar::poll,
    post "/rooms/{id}/polls/{poll}/answers" => calendar::answer,
    post "/rooms/{id}/polls/{poll}/decision" => calendar::decide,
    get "/rooms/{id}/care-points" => documents::show::<CarePoints>,
    get "/rooms/{id}/care-points/edit" => documents::edit::<CarePoints>,
    post "/rooms/{id}/care-points" => documents::save::<CarePoints>,
    get "/rooms/{id}/patient" => documents::show::<PatientInfo>,
    get "/rooms/{id}/patient/edit" => documents::edit::<PatientInfo>,
    post "/rooms/{id}/patient" => documents::save::<PatientInfo>,
    get "/mail" => mail::inbox,
    post "/mail" => mail::create,
    get "/mail/sent" => mail::sent,
    get "/mail/new" => mail::compose,
    get "/mail/recipients" => mail_recipients::search,
    get "/mail/{id}" => mail::show,
    get "/mail/{id}/files/{file}" => mail::file,
    get "/submissions" => submissions::index,
    get "/submissions/{kind}" => submissions::show,
    post "/submissions/{kind}" => submissions::create,
    post "/drafts/{id}/deletion" => drafts::delete,
    get "/directory" => directory::list,
    get "/letters" => letters::list,
    post "/letters/batches" => letters::create_batch,
    get "/letters/batches/{id}" => letters::show_batch,
    get "/letters/batches/{id}/pdf" => letters::batch_pdf,
    get "/letters/batches/{id}/mailed" => letters::confirm_mailed,
    post "/letters/batches/{id}/mailed" => letters::mark_mailed,
    get "/healthz" => health::show,
    get "/assets/{file}" => assets::serve,
    get "/sw.js" => assets::service_worker,
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
