//! The authorisation table: every route × every kind of visitor → the status they get. The route
//! list comes from the application itself (`renkei::http::ROUTES`), so a route added without a
//! row here fails this test.

use crate::common::{Browser, Rng, TestApp};
use actix_web::test::init_service;

/// Columns: anonymous, S管理者, 管理者, org manager, professional, stopped account.
const WHO: [&str; 6] = [
    "anonymous",
    "city-admin",
    "assoc-admin",
    "dr-tanaka",
    "pt-watanabe",
    "stopped",
];

/// (method, route pattern, concrete path, form fields, expected status per column)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    [u16; 6],
);

const R: u16 = 303; // redirect (to the login page for those not logged in)

const TABLE: &[Row] = &[
    ("GET", "/", "/", &[], [R, 200, 200, 200, 200, R]),
    ("GET", "/login", "/login", &[], [200, R, R, R, R, 200]),
    (
        "POST",
        "/login",
        "/login",
        &[],
        [422, 422, 422, 422, 422, 422],
    ),
    (
        "GET",
        "/login/second-factor",
        "/login/second-factor",
        &[],
        [R, R, R, R, R, R],
    ),
    (
        "POST",
        "/login/second-factor",
        "/login/second-factor",
        &[("code", "123456")],
        [R, R, R, R, R, R],
    ),
    ("POST", "/logout", "/logout", &[], [R, R, R, R, R, R]),
    ("GET", "/activate", "/activate", &[], [200, R, R, R, R, 200]),
    (
        "POST",
        "/activate",
        "/activate",
        &[],
        [422, 422, 422, 422, 422, 422],
    ),
    ("GET", "/enrol/totp", "/enrol/totp", &[], [R, R, R, R, R, R]),
    (
        "POST",
        "/enrol/totp",
        "/enrol/totp",
        &[("code", "123456")],
        [R, R, R, R, R, R],
    ),
    (
        "GET",
        "/account",
        "/account",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/account/password",
        "/account/password",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "POST",
        "/account/password",
        "/account/password",
        &[],
        [R, 422, 422, 422, 422, R],
    ),
    (
        "POST",
        "/account/sessions/revocation",
        "/account/sessions/revocation",
        &[],
        [R, R, R, R, R, R],
    ),
    (
        "POST",
        "/language",
        "/language",
        &[("lang", "en"), ("return_to", "/")],
        [R, R, R, R, R, R],
    ),
    (
        "GET",
        "/admin/users",
        "/admin/users",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/registrants",
        "/admin/registrants",
        &[],
        [R, 403, 200, 403, 403, R],
    ),
    (
        "GET",
        "/admin/registrants.csv",
        "/admin/registrants.csv",
        &[],
        [R, 403, 200, 403, 403, R],
    ),
    (
        "GET",
        "/admin/registrants/{id}",
        "/admin/registrants/999999",
        &[],
        [R, 403, 404, 403, 403, R],
    ),
    (
        "GET",
        "/admin/organisations",
        "/admin/organisations",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/organisations.csv",
        "/admin/organisations.csv",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/organisations/{id}",
        "/admin/organisations/999999",
        &[],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/statistics",
        "/admin/statistics?year=abc",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/admin/statistics.csv",
        "/admin/statistics.csv",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/admin/statistics/organisations.csv",
        "/admin/statistics/organisations.csv?year=1999",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/admin/users.csv",
        "/admin/users.csv",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    // The victim is not active yet: a 再発行 is refused with a clear message.
    (
        "GET",
        "/admin/users/{id}/reissue",
        "/admin/users/VICTIM/reissue",
        &[],
        [R, 409, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/users/{id}/reissue",
        "/admin/users/VICTIM/reissue",
        &[("reason", "紛失")],
        [R, 409, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/users/{id}/views",
        "/admin/users/DOCTOR/views",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "GET",
        "/admin/users/{id}/stop",
        "/admin/users/VICTIM/stop",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/users/{id}/stop",
        "/admin/users/VICTIM/stop",
        &[("reason", "test")],
        [R, R, 403, 403, 403, R],
    ),
    ("GET", "/audit", "/audit", &[], [R, 200, 403, 403, 403, R]),
    (
        "GET",
        "/account/notifications",
        "/account/notifications",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "POST",
        "/account/notifications",
        "/account/notifications",
        &[],
        [R, 422, 422, 422, 422, R],
    ),
    (
        "GET",
        "/admin/tags",
        "/admin/tags",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/tags",
        "/admin/tags",
        &[],
        [R, 422, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/tags/{id}",
        "/admin/tags/999",
        &[("name-999", "新しいタグ")],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/tags/{id}/retirement",
        "/admin/tags/999/retirement",
        &[("retire", "1")],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "POST",
        "/admin/users/{id}/notice",
        "/admin/users/VICTIM/notice",
        &[],
        [R, R, 403, 403, 403, R],
    ),
    (
        "GET",
        "/directory",
        "/directory",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/letters",
        "/letters",
        &[],
        [R, 200, 403, 403, 403, R],
    ),
    (
        "POST",
        "/letters/batches",
        "/letters/batches",
        &[],
        [R, 422, 403, 403, 403, R],
    ),
    (
        "GET",
        "/letters/batches/{id}",
        "/letters/batches/999",
        &[],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "GET",
        "/letters/batches/{id}/pdf",
        "/letters/batches/999/pdf",
        &[],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "GET",
        "/letters/batches/{id}/mailed",
        "/letters/batches/999/mailed",
        &[],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "POST",
        "/letters/batches/{id}/mailed",
        "/letters/batches/999/mailed",
        &[],
        [R, 404, 403, 403, 403, R],
    ),
    (
        "GET",
        "/applications",
        "/applications",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/applications/new",
        "/applications/new",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/applications/new/{form}",
        "/applications/new/form4",
        &[],
        [R, 200, 404, 403, 403, R],
    ),
    (
        "POST",
        "/applications/new/{form}",
        "/applications/new/form4",
        &[],
        [R, 422, 404, 403, 403, R],
    ),
    (
        "GET",
        "/applications/{id}",
        "/applications/CITYAPP",
        &[],
        [R, 200, 404, 403, 403, R],
    ),
    (
        "GET",
        "/applications/{id}/files/{file}",
        "/applications/CITYAPP/files/999",
        &[],
        [R, 404, 404, 403, 403, R],
    ),
    (
        "GET",
        "/applications/{id}/{step}",
        "/applications/CITYAPP/approval",
        &[],
        [R, 200, 404, 403, 403, R],
    ),
    (
        "POST",
        "/applications/{id}/{step}",
        "/applications/CITYAPP/review",
        &[],
        [R, R, 404, 403, 403, R],
    ),
    ("GET", "/help", "/help", &[], [200, 200, 200, 200, 200, 200]),
    (
        "GET",
        "/help/forms",
        "/help/forms",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/help/forms/{form}.pdf",
        "/help/forms/form7.pdf",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/help/{page}",
        "/help/faq",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/apply",
        "/apply",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/apply/{form}",
        "/apply/form4",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "POST",
        "/apply/{form}",
        "/apply/form6",
        &[],
        [422, 422, 422, 422, 422, 422],
    ),
    (
        "GET",
        "/apply/received/{receipt}",
        "/apply/received/S-2026-0001",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    ("GET", "/rooms", "/rooms", &[], [R, 200, 200, 200, 200, R]),
    (
        "GET",
        "/calendar",
        "/calendar",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/search",
        "/search?q=%E8%A8%AA%E5%95%8F",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/rooms/{id}",
        "/rooms/PATIENTROOM",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/posts",
        "/rooms/PATIENTROOM/posts",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/posts/{post}/replies",
        "/rooms/PATIENTROOM/posts/PATIENTPOST/replies",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/posts/{post}/correction",
        "/rooms/PATIENTROOM/posts/PATIENTPOST/correction",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/posts/{post}/correction",
        "/rooms/PATIENTROOM/posts/PATIENTPOST/correction",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/members",
        "/rooms/PATIENTROOM/members",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/files/{file}",
        "/rooms/PATIENTROOM/files/999",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/files/{file}/thumbnail",
        "/rooms/PATIENTROOM/files/999/thumbnail",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/files/{file}/view",
        "/rooms/PATIENTROOM/files/999/view",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/files/{file}/image",
        "/rooms/PATIENTROOM/files/999/image",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/files/{file}/preview",
        "/rooms/PATIENTROOM/files/999/preview",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/vitals",
        "/rooms/PATIENTROOM/vitals?days=30",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/vitals",
        "/rooms/PATIENTROOM/vitals",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/vitals/{vital}/withdrawal",
        "/rooms/PATIENTROOM/vitals/PATIENTVITAL/withdrawal",
        &[("reason", "入力の誤り")],
        [R, 404, 404, 303, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/medication",
        "/rooms/PATIENTROOM/medication",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/medication",
        "/rooms/PATIENTROOM/medication",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/medication/{rx}/withdrawal",
        "/rooms/PATIENTROOM/medication/999/withdrawal",
        &[("reason", "入力の誤り")],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar",
        "/rooms/PATIENTROOM/calendar?view=week&date=2026-11-20",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar/new",
        "/rooms/PATIENTROOM/calendar/new",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/calendar",
        "/rooms/PATIENTROOM/calendar",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar/{event}",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar/{event}/edit",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT/edit",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/calendar/{event}",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar/{event}/cancellation",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT/cancellation",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/calendar/{event}/cancellation",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT/cancellation",
        &[],
        [R, 404, 404, 303, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/calendar/{event}/ics",
        "/rooms/PATIENTROOM/calendar/PATIENTEVENT/ics",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/polls/new",
        "/rooms/PATIENTROOM/polls/new",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/polls",
        "/rooms/PATIENTROOM/polls",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/polls/{poll}",
        "/rooms/PATIENTROOM/polls/PATIENTPOLL",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/polls/{poll}/answers",
        "/rooms/PATIENTROOM/polls/PATIENTPOLL/answers",
        &[],
        [R, 404, 404, 303, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/polls/{poll}/decision",
        "/rooms/PATIENTROOM/polls/PATIENTPOLL/decision",
        &[("option", "999")],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/care-points",
        "/rooms/PATIENTROOM/care-points",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/care-points/edit",
        "/rooms/PATIENTROOM/care-points/edit",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/care-points",
        "/rooms/PATIENTROOM/care-points",
        &[("temperature_high", "abc")],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/patient",
        "/rooms/PATIENTROOM/patient",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "GET",
        "/rooms/{id}/patient/edit",
        "/rooms/PATIENTROOM/patient/edit",
        &[],
        [R, 404, 404, 200, 404, R],
    ),
    (
        "POST",
        "/rooms/{id}/patient",
        "/rooms/PATIENTROOM/patient",
        &[],
        [R, 404, 404, 422, 404, R],
    ),
    (
        "POST",
        "/rooms/admin/{id}/features",
        "/rooms/admin/PATIENTROOM/features",
        &[
            ("feature", "timeline"),
            ("feature", "care_points"),
            ("feature", "vitals"),
            ("feature", "medication"),
            ("feature", "web_meeting"),
            ("feature", "patient_info"),
            ("feature", "calendar"),
        ],
        [R, 404, 303, 403, 403, R],
    ),
    (
        "POST",
        "/rooms/admin/{id}/rights",
        "/rooms/admin/PATIENTROOM/rights",
        &[],
        [R, 404, 303, 403, 403, R],
    ),
    (
        "GET",
        "/rooms/admin/{id}/close",
        "/rooms/admin/PATIENTROOM/close",
        &[],
        [R, 404, 409, 403, 403, R],
    ),
    (
        "POST",
        "/rooms/admin/{id}/close",
        "/rooms/admin/PATIENTROOM/close",
        &[("reason", "使われていないため")],
        [R, 404, 409, 403, 403, R],
    ),
    (
        "GET",
        "/rooms/admin/{id}/name",
        "/rooms/admin/PATIENTROOM/name",
        &[],
        [R, 404, 409, 403, 403, R],
    ),
    (
        "POST",
        "/rooms/admin/{id}/name",
        "/rooms/admin/PATIENTROOM/name",
        &[("name", "新しい名前"), ("reason", "目的が変わったため")],
        [R, 404, 409, 403, 403, R],
    ),
    (
        "GET",
        "/rooms/admin",
        "/rooms/admin",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/rooms/admin/{id}",
        "/rooms/admin/PATIENTROOM",
        &[],
        [R, 404, 200, 403, 403, R],
    ),
    (
        "GET",
        "/rooms/admin/{id}/views",
        "/rooms/admin/PATIENTROOM/views",
        &[],
        [R, 404, 200, 403, 403, R],
    ),
    (
        "GET",
        "/registrants/{id}/views",
        "/registrants/REGISTRANT/views",
        &[],
        [R, 404, 200, 403, 403, R],
    ),
    (
        "GET",
        "/notices",
        "/notices",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "POST",
        "/notices",
        "/notices",
        &[],
        [R, 422, 422, 403, 403, R],
    ),
    (
        "GET",
        "/notices/new",
        "/notices/new",
        &[],
        [R, 200, 200, 403, 403, R],
    ),
    (
        "GET",
        "/notices/{id}",
        "/notices/999999",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "POST",
        "/notices/{id}/answer",
        "/notices/999999/answer",
        &[("answer", "attend")],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/notices/{id}/file",
        "/notices/999999/file",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    ("GET", "/mail", "/mail", &[], [R, 200, 200, 200, 200, R]),
    ("POST", "/mail", "/mail", &[], [R, 422, 422, 422, 422, R]),
    (
        "GET",
        "/mail/sent",
        "/mail/sent",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/mail/new",
        "/mail/new",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/mail/recipients",
        "/mail/recipients?q=%E9%88%B4%E6%9C%A8",
        &[],
        [R, 200, 200, 200, 200, R],
    ),
    (
        "GET",
        "/mail/{id}",
        "/mail/MESSAGE",
        &[],
        [R, 200, 404, 404, 200, R],
    ),
    (
        "GET",
        "/mail/{id}/files/{file}",
        "/mail/MESSAGE/files/999",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/submissions",
        "/submissions",
        &[],
        [R, 403, 403, 200, 200, R],
    ),
    (
        "GET",
        "/submissions/{kind}",
        "/submissions/form5",
        &[],
        [R, 403, 403, 200, 403, R],
    ),
    (
        "POST",
        "/submissions/{kind}",
        "/submissions/form9",
        &[],
        [R, 403, 403, 422, 422, R],
    ),
    (
        "POST",
        "/drafts/{id}/deletion",
        "/drafts/999/deletion",
        &[],
        [R, 404, 404, 404, 404, R],
    ),
    (
        "GET",
        "/healthz",
        "/healthz",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/assets/{file}",
        "/assets/CSS",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/sw.js",
        "/sw.js",
        &[],
        [200, 200, 200, 200, 200, 200],
    ),
];

/// The pages that show patient data (or a patient's application or letter): opening one records
/// a view in the access log.
const SHOWS_PATIENT_DATA: &[&str] = &[
    "/admin/registrants",
    "/admin/registrants.csv",
    "/admin/registrants/{id}",
    "/rooms/{id}",
    "/rooms/{id}/posts/{post}/correction",
    "/rooms/{id}/members",
    "/rooms/{id}/files/{file}",
    "/rooms/{id}/files/{file}/thumbnail",
    "/rooms/{id}/files/{file}/view",
    "/rooms/{id}/files/{file}/image",
    "/rooms/{id}/files/{file}/preview",
    "/rooms/{id}/vitals",
    "/rooms/{id}/medication",
    "/rooms/{id}/calendar",
    "/rooms/{id}/calendar/{event}",
    "/rooms/{id}/calendar/{event}/edit",
    "/rooms/{id}/calendar/{event}/cancellation",
    "/rooms/{id}/calendar/{event}/ics",
    "/rooms/{id}/polls/{poll}",
    "/rooms/{id}/care-points",
    "/rooms/{id}/care-points/edit",
    "/rooms/{id}/patient",
    "/rooms/{id}/patient/edit",
    "/applications/{id}",
    "/applications/{id}/files/{file}",
    "/letters/batches/{id}/pdf",
];

/// Pages that record a view only when they show something of a patient: the home page's posts
/// waiting for me, search hits, my calendar's events.
const MAY_SHOW_PATIENT_DATA: &[&str] = &["/", "/search", "/calendar"];

fn views(t: &TestApp) -> i64 {
    use diesel::prelude::*;
    renkei::schema::access_log::table
        .count()
        .get_result(&mut t.conn())
        .unwrap()
}

#[test]
fn every_route_has_a_row_and_every_row_a_route() {
    let routes: Vec<(String, String)> = renkei::http::ROUTES
        .iter()
        .map(|(m, p)| (m.to_uppercase(), p.to_string()))
        .collect();
    for (m, p) in &routes {
        assert!(
            TABLE.iter().any(|(tm, tp, ..)| tm == m && tp == p),
            "route {m} {p} has no row in the authorisation table"
        );
    }
    for (m, p, ..) in TABLE {
        assert!(
            routes.iter().any(|(rm, rp)| rm == m && rp == p),
            "row {m} {p} names no route"
        );
    }
}

#[actix_web::test]
async fn every_route_answers_every_visitor_as_the_table_says() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let css = t.state.assets.url("app.css").to_string();
    let mut failures = Vec::new();
    for (col, who) in WHO.iter().enumerate() {
        for (method, pattern, path, fields, expected) in TABLE {
            // A fresh visitor per cell: a logout or a stop in one cell cannot leak into the next.
            t.next_step();
            let mut b = Browser::new();
            match *who {
                "anonymous" => {}
                "stopped" => {
                    b.login(&t_app(&app), &t, "hh-ito").await;
                    let id = t.user_id("hh-ito");
                    let mut c = t.conn();
                    let actor = renkei::models::audit::Actor::default();
                    let _ = renkei::services::accounts::stop_account(
                        &mut c,
                        id,
                        "test",
                        &actor,
                        None,
                        t.clock.now(),
                    )
                    .unwrap();
                }
                login => {
                    b.login(&t_app(&app), &t, login).await;
                }
            }
            // The victim of a stop is re-created per cell so each cell stops someone active.
            let path = concrete(&t, col, pattern, path, &css);
            let token = b.token(&app).await;
            let views_before = views(&t);
            let r = if *method == "GET" {
                b.get(&app, &path).await
            } else {
                let mut all = vec![("csrf_token", token.as_str())];
                all.extend_from_slice(fields);
                b.post(&app, &path, &all).await
            };
            // Every page of patient data given records who saw it; nothing else does, and a
            // request refused for who is asking (401, 403, 404) records nothing.
            let recorded = views(&t) - views_before;
            let must_record =
                *method == "GET" && r.status == 200 && SHOWS_PATIENT_DATA.contains(pattern);
            let may_record =
                *method == "GET" && r.status == 200 && MAY_SHOW_PATIENT_DATA.contains(pattern);
            if must_record && recorded == 0 {
                failures.push(format!(
                    "GET {pattern} as {who}: shown but no view recorded"
                ));
            }
            // A form refused with 422 shows its page again, and that page is a view.
            let shown_again = *method == "POST" && r.status == 422;
            if !must_record && !may_record && !shown_again && recorded != 0 {
                failures.push(format!(
                    "{method} {pattern} as {who} ({}): recorded {recorded} view(s)",
                    r.status
                ));
            }
            if r.status != expected[col] {
                failures.push(format!(
                    "{method} {pattern} as {who}: got {}, want {}",
                    r.status, expected[col]
                ));
            }
            if *who == "stopped" {
                // Reactivate for the next cell.
                use diesel::prelude::*;
                use renkei::schema::users::dsl::*;
                diesel::update(users.filter(login_id.eq("hh-ito")))
                    .set((
                        status.eq("active"),
                        stopped_at.eq(None::<chrono::NaiveDateTime>),
                    ))
                    .execute(&mut t.conn())
                    .unwrap();
                let uid = t.user_id("hh-ito");
                diesel::update(
                    renkei::schema::auth_factors::table
                        .filter(renkei::schema::auth_factors::user_id.eq(uid)),
                )
                .set(renkei::schema::auth_factors::revoked_at.eq(None::<chrono::NaiveDateTime>))
                .execute(&mut t.conn())
                .unwrap();
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation table mismatches:\n{}",
        failures.join("\n")
    );
}

/// The table's path with its placeholders made real: fresh records where a step consumes one.
fn concrete(t: &TestApp, col: usize, pattern: &str, path: &str, css: &str) -> String {
    let victim = new_victim(t, col, pattern);

    path.replace("VICTIM", &victim.to_string())
        .replace(
            "CITYAPP",
            &if path.contains("CITYAPP") {
                new_city_application(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace(
            "PATIENTPOST",
            &if path.contains("PATIENTPOST") {
                new_post(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace(
            "PATIENTVITAL",
            &if path.contains("PATIENTVITAL") {
                new_vital(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace(
            "PATIENTEVENT",
            &if path.contains("PATIENTEVENT") {
                new_event(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace(
            "PATIENTPOLL",
            &if path.contains("PATIENTPOLL") {
                new_poll(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace("PATIENTROOM", &patient_room(t).to_string())
        .replace("REGISTRANT", &registrant(t).to_string())
        .replace("DOCTOR", &t.user_id("dr-tanaka").to_string())
        .replace(
            "MESSAGE",
            &if path.contains("MESSAGE") {
                new_message(t)
            } else {
                0
            }
            .to_string(),
        )
        .replace("/assets/CSS", css)
}

fn t_app<T>(app: &T) -> &T {
    app
}

fn new_victim(t: &TestApp, col: usize, pattern: &str) -> i64 {
    if !pattern.contains("{id}") {
        return 0;
    }
    let mut conn = t.conn();
    let org = renkei::models::User::find_by_login(&mut conn, "dr-tanaka")
        .unwrap()
        .unwrap()
        .organisation_id;
    let login = format!("victim-{col}-{}", renkei::models::sessions::random_token());
    let req = renkei::services::accounts::AccountRequest {
        login_id: &login,
        display_name: "被験 者",
        kana: "",
        organisation_id: org,
        profession: "other",
        role: renkei::models::Role::Professional,
        is_org_manager: false,
        email: "",
        office: "",
    };
    renkei::services::accounts::create_pending_account(
        &mut conn,
        &req,
        &Default::default(),
        30,
        t.clock.now(),
    )
    .unwrap()
    .user_id
}

/// A message from pt-watanabe to the city's office: seen by its sender and the city's clerks.
fn new_message(t: &TestApp) -> i64 {
    renkei::models::messages::Message::send(
        &mut t.conn(),
        t.user_id("pt-watanabe"),
        renkei::models::messages::Recipient::Office(renkei::models::applications::Office::City),
        "問い合わせ",
        "本文",
        None,
        None,
        t.clock.now(),
    )
    .unwrap()
}

/// A post by dr-tanaka (a member) in the demo patient room.
fn new_post(t: &TestApp) -> i64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let key = format!(
        "authorisation-test-{:016}",
        N.fetch_add(1, Ordering::SeqCst)
    );
    renkei::models::posts::Post::insert(
        &mut t.conn(),
        &renkei::models::posts::NewPost {
            room_id: patient_room(t),
            author_id: t.user_id("dr-tanaka"),
            parent_id: None,
            subject: "訪問の報告",
            body: "変わりありません。",
            to_all: true,
            reply_wanted_from: "",
            idempotency_key: &key,
            addressees: &[],
            tags: &[],
        },
        t.clock.now(),
    )
    .unwrap()
}

/// An entry of vitals by dr-tanaka (a member) in the demo patient room.
fn new_vital(t: &TestApp) -> i64 {
    let key = format!(
        "authorisation-vital-{}",
        renkei::models::sessions::random_token()
    );
    let entry = renkei::domain::vitals::Entry {
        measured_at: t.clock.now(),
        values: vec![(renkei::domain::vitals::Measure::Pulse, 72)],
        note: String::new(),
    };
    renkei::models::vitals::Vital::insert(
        &mut t.conn(),
        patient_room(t),
        &entry,
        t.user_id("dr-tanaka"),
        "",
        &key,
        t.clock.now(),
    )
    .unwrap()
}

/// An event organised by dr-tanaka (a member) in the demo patient room.
fn new_event(t: &TestApp) -> i64 {
    let data = renkei::models::events::EventData {
        kind: "care_conference".into(),
        title: String::new(),
        starts_at: t.clock.now() + chrono::TimeDelta::days(3),
        ends_at: t.clock.now() + chrono::TimeDelta::days(3) + chrono::TimeDelta::hours(1),
        place: String::new(),
        meeting_url: String::new(),
        notes: String::new(),
        participants: vec![t.user_id("dr-tanaka")],
    };
    renkei::models::events::Event::insert(
        &mut t.conn(),
        patient_room(t),
        &data,
        t.user_id("dr-tanaka"),
        None,
        &format!(
            "authorisation-event-{}",
            renkei::models::sessions::random_token()
        ),
        t.clock.now(),
    )
    .unwrap()
}

/// A date poll by dr-tanaka in the demo patient room.
fn new_poll(t: &TestApp) -> i64 {
    let start = t.clock.now() + chrono::TimeDelta::days(5);
    let data = renkei::models::events::PollData {
        kind: "care_conference".into(),
        title: String::new(),
        place: String::new(),
        meeting_url: String::new(),
        notes: String::new(),
        options: vec![(start, start + chrono::TimeDelta::hours(1))],
    };
    renkei::models::events::Poll::insert(
        &mut t.conn(),
        patient_room(t),
        &data,
        t.user_id("dr-tanaka"),
        &format!(
            "authorisation-poll-{}",
            renkei::models::sessions::random_token()
        ),
        t.clock.now(),
    )
    .unwrap()
}

/// The demo registrant's patient room (administered by the association).
fn registrant(t: &TestApp) -> i64 {
    use diesel::prelude::*;
    renkei::schema::rooms::table
        .find(patient_room(t))
        .select(renkei::schema::rooms::registrant_id)
        .first::<Option<i64>>(&mut t.conn())
        .unwrap()
        .unwrap()
}

fn patient_room(t: &TestApp) -> i64 {
    use diesel::prelude::*;
    renkei::schema::rooms::table
        .filter(renkei::schema::rooms::kind.eq("patient"))
        .select(renkei::schema::rooms::id)
        .first(&mut t.conn())
        .unwrap()
}

/// A fresh form 6 application in the city's queue (status 受付), so each cell can act on it.
fn new_city_application(t: &TestApp) -> i64 {
    let mut conn = t.conn();
    let cal = renkei::domain::calendar::BusinessCalendar::new([]);
    let rule = renkei::services::applications::DueRule {
        calendar: &cal,
        open_days: 3,
        retention_years: 5,
        settings: None,
    };
    let payload = r#"{"application_date":"2026-11-19","organisation_name":"田中内科クリニック","accounts":[{"login_id":"dr-tanaka","name":"田中 一郎"}],"reason":"retirement","reason_detail":"","last_day":"2026-11-30"}"#;
    let sub = renkei::services::applications::Submission {
        form: renkei::models::applications::Form::Form6,
        office: renkei::models::applications::Office::City,
        channel: renkei::models::applications::Channel::Post,
        received_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
        organisation_name: "田中内科クリニック",
        summary: "",
        payload,
        pair_key: None,
        files: &[],
    };
    renkei::services::applications::receive(
        &mut conn,
        &sub,
        &Default::default(),
        &rule,
        t.clock.now(),
    )
    .unwrap()
    .0
}

/// Text a user could send: 4-byte characters, combining marks, İ and ß (their case changes
/// their length), NUL, a lone CR, bidi controls, full-width digits, very long runs.
fn unicode(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "",
        " ",
        "　",
        "İ",
        "ß",
        "ǅ",
        "😀",
        "𠮷野家",
        "e\u{0301}\u{0301}\u{0301}",
        "\u{0000}",
        "\r",
        "\n",
        "\t",
        "\u{202E}",
        "\u{2066}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{FFFF}",
        "１２３",
        "９時",
        "1あ",
        "ａ1",
        "１２：３０",
        "令和99年1月1日",
        "-2026-01-01",
        "2026-02-30",
        "-1",
        "0",
        "99999999999999999999",
        "1e308",
        "NaN",
        "%",
        "_",
        "\\",
        "\"",
        "'",
        "<script>",
        "a@b,c@d",
        "//evil.example",
        "/\t/evil.example",
        "yes",
        "on",
        "user",
        "add_row",
        "find",
    ];
    match rng.below(20) {
        0 => "あ".repeat(5000 + rng.below(5000)),
        1 => "İ".repeat(100_000),
        _ => (0..1 + rng.below(3))
            .map(|_| PIECES[rng.below(PIECES.len())])
            .collect(),
    }
}

/// Query parameters the GET handlers read (and a few they do not).
const QUERY_NAMES: &[&str] = &[
    "q",
    "room",
    "before",
    "tag",
    "all",
    "notice",
    "draft",
    "form",
    "channel",
    "status",
    "overdue",
    "from",
    "to",
    "reply",
    "rows",
    "result",
    "actor",
    "action",
    "month",
    "week",
    "date",
    "view",
    "try",
    "kind",
    "page",
    "return_to",
    "to_search",
    "lang",
];

/// The form fields a page offers (`name="…"` of its inputs, selects and textareas).
fn field_names(body: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r#"<(?:input|select|textarea|button)[^>]*\sname="([^"]+)""#).unwrap();
    let mut names: Vec<String> = re
        .captures_iter(body)
        .map(|c| c[1].to_string())
        .filter(|n| n != "csrf_token")
        .collect();
    names.sort();
    names.dedup();
    names
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The request being sent, for the report when a handler panics.
static CURRENT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// The property: for every route in the table, as each visitor who can reach it, random text in
/// every query parameter, path segment and form field never gets a 5xx or a panic, and the
/// server still answers afterwards. `RENKEI_FUZZ_CASES` (default 3) and `RENKEI_FUZZ_SEED`
/// scale and replay it.
#[actix_web::test]
async fn no_route_answers_random_unicode_with_a_server_error() {
    let t = TestApp::new().await;
    let app = init_service(renkei::http::app(t.state.clone())).await;
    let css = t.state.assets.url("app.css").to_string();
    let cases: usize = std::env::var("RENKEI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("RENKEI_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234_abcd);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "while sending: {}",
            CURRENT.lock().map(|c| c.clone()).unwrap_or_default()
        );
        hook(info)
    }));
    let mut rng = Rng(seed);
    let (mut requests, mut fields_tried, mut routes) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let mut unreached = Vec::new();
    // Columns: anonymous, S管理者, 管理者, org manager, professional (not the stopped account).
    for (method, pattern, path, table_fields, expected) in TABLE {
        let mut reached = false;
        for (col, who) in WHO.iter().enumerate().take(5) {
            // Who can reach it: anything but a refusal or the way to the login page.
            let reachable = match expected[col] {
                401 | 403 | 404 | 405 => false,
                303 => col > 0 && !pattern.starts_with("/login") && *pattern != "/activate",
                _ => true,
            };
            if !reachable {
                continue;
            }
            reached = true;
            for case in 0..cases {
                t.next_step();
                let mut b = Browser::new();
                if *who != "anonymous" {
                    b.login(&app, &t, who).await;
                }
                let path = concrete(&t, col, pattern, path, &css);
                // The fields: those the page shows (the form itself for a POST: the page at the
                // same path, or the one it belongs to), those the table names, and for a GET the
                // query parameters handlers read.
                let page_path = match path.rsplit_once('/') {
                    Some((parent, _)) if !parent.is_empty() => parent.to_string(),
                    _ => "/".to_string(),
                };
                let own = b.get(&app, &path).await;
                let page = if own.status == 200 {
                    own
                } else {
                    b.get(&app, &page_path).await
                };
                let token = b.token(&app).await;
                let mut names = field_names(&page.body);
                names.extend(table_fields.iter().map(|(k, _)| k.to_string()));
                if *method == "GET" {
                    names.extend(QUERY_NAMES.iter().map(|s| s.to_string()));
                }
                names.sort();
                names.dedup();
                fields_tried += names.len();
                let mut values: Vec<(String, String)> = Vec::new();
                for n in &names {
                    if rng.below(4) != 0 {
                        values.push((n.clone(), unicode(&mut rng)));
                    }
                }
                let r = if *method == "GET" {
                    // One case in three also puts random text in the path's own segments.
                    let base = if case % 3 == 2 && pattern.contains('{') {
                        path.split('/')
                            .zip(pattern.split('/'))
                            .map(|(seg, pat)| {
                                if pat.starts_with('{') {
                                    encode(&unicode(&mut rng).chars().take(300).collect::<String>())
                                } else {
                                    seg.to_string()
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("/")
                    } else {
                        path.clone()
                    };
                    // A request line has a length limit (the server answers 414 beyond it):
                    // values in a query stay under it.
                    let query: Vec<String> = values
                        .iter()
                        .map(|(k, v)| {
                            let v: String = v.chars().take(300).collect();
                            format!("{}={}", encode(k), encode(&v))
                        })
                        .collect();
                    let sep = if base.contains('?') { '&' } else { '?' };
                    let uri = format!("{base}{sep}{}", query.join("&"));
                    *CURRENT.lock().unwrap() = format!("GET {uri} as {who}");
                    b.get(&app, &uri).await
                } else {
                    let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
                    all.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                    *CURRENT.lock().unwrap() = format!("POST {path} as {who}: {all:?}");
                    if case % 2 == 1 {
                        let photo: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\x01\0\0\0\x01\0\0";
                        b.post_multipart(
                            &app,
                            &path,
                            &all,
                            &[("attachment", "İß\u{202E}.png", photo)],
                        )
                        .await
                    } else {
                        b.post(&app, &path, &all).await
                    }
                };
                requests += 1;
                // /healthz answers 503 by design when the (not running) worker's outbox lags.
                let designed = *pattern == "/healthz" && r.status == 503;
                if r.status >= 500 && !designed {
                    failures.push(format!(
                        "{} -> {}",
                        CURRENT
                            .lock()
                            .unwrap()
                            .chars()
                            .take(400)
                            .collect::<String>(),
                        r.status
                    ));
                }
            }
        }
        routes += usize::from(reached);
        if !reached {
            unreached.push(format!("{method} {pattern}"));
        }
    }
    // The server still answers and its database is up (mails the fuzzing queued may wait for
    // a worker this test does not run, so the queue may report a lag).
    let mut b = Browser::new();
    let health = b.get(&app, "/healthz").await;
    assert!(
        health.body.contains("\"database\":\"ok\""),
        "the server still answers: {} {}",
        health.status,
        health.body
    );
    eprintln!(
        "route fuzz: {routes} routes, {fields_tried} fields offered, {requests} requests, {} server errors (seed {seed}, {cases} cases per route and visitor); not reached: {}",
        failures.len(),
        unreached.join(", ")
    );
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
}
