//! Every path renkei serves, written once. Each entry is a pattern constant (what the route table
//! in `src/http/mod.rs` registers, with actix's `{name}` segments) and, when the path has
//! segments, a typed builder made from the same pattern (`room(3)` → `/rooms/3`), so a link can
//! not drift from its route. Queries and `#fragments` are added by the caller
//! (`format!("{}#post-{id}", paths::room(room))`, `with_notice`). Besides these, only tests write
//! a path as a literal; `python3 bench/layout.py -v` lists any that appear elsewhere.

macro_rules! paths {
    ($( $(#[$doc:meta])* $konst:ident $( $name:ident ( $($arg:ident : $ty:ty),* ) )? = $pattern:literal; )*) => {
        $(
            $(#[$doc])*
            pub const $konst: &str = $pattern;
            $(
                #[doc = concat!("`", $pattern, "` with its segments filled in.")]
                pub fn $name($($arg: $ty),*) -> String {
                    format!($pattern)
                }
            )?
        )*
    };
}

paths! {
    /// The home page (the day's work).
    HOME = "/";
    LOGIN = "/login";
    SECOND_FACTOR = "/login/second-factor";
    LOGOUT = "/logout";
    /// First sign-in with the code from the アカウント発行通知.
    ACTIVATE = "/activate";
    ENROL_TOTP = "/enrol/totp";
    ACCOUNT = "/account";
    PASSWORD = "/account/password";
    SESSIONS_REVOCATION = "/account/sessions/revocation";
    NOTIFICATION_SETTINGS = "/account/notifications";
    LANGUAGE = "/language";

    ADMIN_USERS = "/admin/users";
    /// 登録者台帳 (管理者): registrants with consent, status and rooms.
    REGISTRANTS = "/admin/registrants";
    REGISTRANTS_CSV = "/admin/registrants.csv";
    REGISTRANT registrant(id: i64) = "/admin/registrants/{id}";
    /// 利用団体台帳 (S管理者): organisations with their manager, contacts and staff.
    ORGANISATIONS = "/admin/organisations";
    ORGANISATIONS_CSV = "/admin/organisations.csv";
    ORGANISATION organisation(id: i64) = "/admin/organisations/{id}";
    STATISTICS = "/admin/statistics";
    STATISTICS_CSV = "/admin/statistics.csv";
    STATISTICS_ORGANISATIONS_CSV = "/admin/statistics/organisations.csv";
    ADMIN_USERS_CSV = "/admin/users.csv";
    ADMIN_USER_STOP admin_user_stop(id: i64) = "/admin/users/{id}/stop";
    ADMIN_USER_NOTICE admin_user_notice(id: i64) = "/admin/users/{id}/notice";
    ADMIN_USER_REISSUE admin_user_reissue(id: i64) = "/admin/users/{id}/reissue";
    ADMIN_USER_VIEWS admin_user_views(id: i64) = "/admin/users/{id}/views";
    ADMIN_TAGS = "/admin/tags";
    ADMIN_TAG admin_tag(id: i64) = "/admin/tags/{id}";
    ADMIN_TAG_RETIREMENT admin_tag_retirement(id: i64) = "/admin/tags/{id}/retirement";
    AUDIT = "/audit";

    /// The clerks' queue of forms 4–9.
    APPLICATIONS = "/applications";
    APPLICATIONS_NEW = "/applications/new";
    APPLICATION_NEW application_new(form: &str) = "/applications/new/{form}";
    APPLICATION application(id: i64) = "/applications/{id}";
    APPLICATION_FILE application_file(id: i64, file: i64) = "/applications/{id}/files/{file}";
    /// A step of an application (`accept`, `approve`, …): GET confirms, POST does it.
    APPLICATION_STEP application_step(id: i64, step: &str) = "/applications/{id}/{step}";

    /// 電子申請: the public forms.
    APPLY = "/apply";
    APPLY_RECEIVED apply_received(receipt: &str) = "/apply/received/{receipt}";
    APPLY_FORM apply_form(form: &str) = "/apply/{form}";

    SEARCH = "/search";

    ROOMS_ADMIN = "/rooms/admin";
    ROOM_ADMIN room_admin(id: i64) = "/rooms/admin/{id}";
    ROOM_ADMIN_FEATURES room_admin_features(id: i64) = "/rooms/admin/{id}/features";
    ROOM_ADMIN_RIGHTS room_admin_rights(id: i64) = "/rooms/admin/{id}/rights";
    ROOM_ADMIN_CLOSE room_admin_close(id: i64) = "/rooms/admin/{id}/close";
    ROOM_ADMIN_NAME room_admin_name(id: i64) = "/rooms/admin/{id}/name";
    ROOM_ADMIN_VIEWS room_admin_views(id: i64) = "/rooms/admin/{id}/views";
    REGISTRANT_VIEWS registrant_views(id: i64) = "/registrants/{id}/views";

    /// My rooms.
    /// お知らせ: what I received, and what my office published.
    NOTICES = "/notices";
    NOTICE_NEW = "/notices/new";
    NOTICE notice(id: i64) = "/notices/{id}";
    NOTICE_ANSWER notice_answer(id: i64) = "/notices/{id}/answer";
    NOTICE_FILE notice_file(id: i64) = "/notices/{id}/file";
    ROOMS = "/rooms";
    /// My calendar (every room's events).
    CALENDAR = "/calendar";
    /// A room: its 連絡帳.
    ROOM room(id: i64) = "/rooms/{id}";
    ROOM_POSTS room_posts(id: i64) = "/rooms/{id}/posts";
    POST_REPLIES post_replies(id: i64, post: i64) = "/rooms/{id}/posts/{post}/replies";
    POST_CORRECTION post_correction(id: i64, post: i64) = "/rooms/{id}/posts/{post}/correction";
    ROOM_MEMBERS room_members(id: i64) = "/rooms/{id}/members";
    ROOM_FILE room_file(id: i64, file: i64) = "/rooms/{id}/files/{file}";
    FILE_THUMBNAIL file_thumbnail(id: i64, file: i64) = "/rooms/{id}/files/{file}/thumbnail";
    /// A photo's own page (the image with its post).
    FILE_VIEW file_view(id: i64, file: i64) = "/rooms/{id}/files/{file}/view";
    FILE_IMAGE file_image(id: i64, file: i64) = "/rooms/{id}/files/{file}/image";
    FILE_PREVIEW file_preview(id: i64, file: i64) = "/rooms/{id}/files/{file}/preview";
    ROOM_VITALS room_vitals(id: i64) = "/rooms/{id}/vitals";
    VITAL_WITHDRAWAL vital_withdrawal(id: i64, vital: i64) = "/rooms/{id}/vitals/{vital}/withdrawal";
    ROOM_MEDICATION room_medication(id: i64) = "/rooms/{id}/medication";
    PRESCRIPTION_WITHDRAWAL prescription_withdrawal(id: i64, rx: i64) = "/rooms/{id}/medication/{rx}/withdrawal";
    ROOM_CALENDAR room_calendar(id: i64) = "/rooms/{id}/calendar";
    EVENT_NEW event_new(id: i64) = "/rooms/{id}/calendar/new";
    EVENT event(id: i64, event: i64) = "/rooms/{id}/calendar/{event}";
    EVENT_EDIT event_edit(id: i64, event: i64) = "/rooms/{id}/calendar/{event}/edit";
    EVENT_CANCELLATION event_cancellation(id: i64, event: i64) = "/rooms/{id}/calendar/{event}/cancellation";
    EVENT_ICS event_ics(id: i64, event: i64) = "/rooms/{id}/calendar/{event}/ics";
    POLL_NEW poll_new(id: i64) = "/rooms/{id}/polls/new";
    ROOM_POLLS room_polls(id: i64) = "/rooms/{id}/polls";
    POLL poll(id: i64, poll: i64) = "/rooms/{id}/polls/{poll}";
    POLL_ANSWERS poll_answers(id: i64, poll: i64) = "/rooms/{id}/polls/{poll}/answers";
    POLL_DECISION poll_decision(id: i64, poll: i64) = "/rooms/{id}/polls/{poll}/decision";
    /// 観察ポイント.
    CARE_POINTS care_points(id: i64) = "/rooms/{id}/care-points";
    CARE_POINTS_EDIT care_points_edit(id: i64) = "/rooms/{id}/care-points/edit";
    /// 患者情報.
    PATIENT patient(id: i64) = "/rooms/{id}/patient";
    PATIENT_EDIT patient_edit(id: i64) = "/rooms/{id}/patient/edit";

    /// Messages between users (inbox).
    MAIL = "/mail";
    MAIL_SENT = "/mail/sent";
    MAIL_NEW = "/mail/new";
    MAIL_RECIPIENTS = "/mail/recipients";
    MESSAGE message(id: i64) = "/mail/{id}";
    MESSAGE_FILE message_file(id: i64, file: i64) = "/mail/{id}/files/{file}";

    /// A user's own forms (changes, stops, …) sent online.
    SUBMISSIONS = "/submissions";
    SUBMISSION submission(kind: &str) = "/submissions/{kind}";
    DRAFT_DELETION draft_deletion(id: i64) = "/drafts/{id}/deletion";
    DIRECTORY = "/directory";

    /// アカウント発行通知 letters.
    LETTERS = "/letters";
    LETTER_BATCHES = "/letters/batches";
    LETTER_BATCH letter_batch(id: i64) = "/letters/batches/{id}";
    LETTER_BATCH_PDF letter_batch_pdf(id: i64) = "/letters/batches/{id}/pdf";
    LETTER_BATCH_MAILED letter_batch_mailed(id: i64) = "/letters/batches/{id}/mailed";

    HEALTHZ = "/healthz";
    /// The help section (open to everyone) and one of its pages.
    HELP = "/help";
    HELP_FORMS = "/help/forms";
    HELP_FORM help_form(form: &str) = "/help/forms/{form}.pdf";
    HELP_PAGE help_page(page: &str) = "/help/{page}";
    /// Vendored static files (htmx, CSS); fingerprinted names.
    ASSET asset(file: &str) = "/assets/{file}";
    SERVICE_WORKER = "/sw.js";
}

/// The prefix every static file is served under.
pub const ASSETS_PREFIX: &str = "/assets/";
/// What a link to an asset the binary does not have points to (it answers 404).
pub const MISSING_ASSET: &str = "/assets/missing";

/// A path with a notice key for the page after a redirect (POST → redirect → GET); a query the
/// path has is kept and its `#fragment` stays last.
pub fn with_notice(path: &str, notice: &str) -> String {
    let (path, fragment) = match path.find('#') {
        Some(at) => path.split_at(at),
        None => (path, ""),
    };
    let joint = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joint}notice={notice}{fragment}")
}

/// Only local paths may be redirect targets (no open redirect through `return_to`): one that
/// starts with a single `/`, without backslashes or control characters (a browser drops a TAB or
/// a line break, so `/\t/evil.example` would leave the site; CR/LF could not be a header).
pub fn safe_return(path: &str) -> &str {
    let plain = path.chars().all(|c| !c.is_control() && c != '\\');
    if plain && path.starts_with('/') && !path.starts_with("//") && path.len() <= 2000 {
        path
    } else {
        HOME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_builder_fills_the_pattern_the_route_table_registers() {
        assert_eq!(ROOM, "/rooms/{id}");
        assert_eq!(room(3), "/rooms/3");
        assert_eq!(post_replies(3, 9), "/rooms/3/posts/9/replies");
        assert_eq!(application_step(12, "approve"), "/applications/12/approve");
    }

    #[test]
    fn only_a_plain_local_path_is_a_way_back() {
        assert_eq!(safe_return("/rooms/3?tab=vitals"), "/rooms/3?tab=vitals");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/a\r\nSet-Cookie: x=1",
            "/a\u{0000}",
            "https://evil.example",
            "",
        ] {
            assert_eq!(safe_return(bad), HOME, "{bad:?}");
        }
    }

    #[test]
    fn a_notice_joins_the_query_and_keeps_the_fragment_last() {
        assert_eq!(with_notice("/mail", "sent"), "/mail?notice=sent");
        assert_eq!(
            with_notice("/rooms/3#post-9", "replied"),
            "/rooms/3?notice=replied#post-9"
        );
        assert_eq!(
            with_notice("/rooms/3?before=10#post-9", "replied"),
            "/rooms/3?before=10&notice=replied#post-9"
        );
    }
}
