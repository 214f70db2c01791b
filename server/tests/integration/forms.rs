//! Plain HTML form posts, as a page sends them before (or without) its script: the language
//! switch, the success marker a post comes back with (`server::form_posts`), and logging in
//! and out.

use app::account::api::SetLanguage;
use app::caseload::balance::api::SetCapacity;
use app::error::{AppError, FieldProblem};
use app::sessions::plan::api::SessionsOverview;
use app::ui::language::LANGUAGE_COOKIE;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::{Backend, ORIGIN, TestApp};
use crate::fixtures::noord;

fn language(lang: &str) -> SetLanguage {
    SetLanguage {
        lang: lang.to_owned(),
    }
}

/// Choosing a language sets a site-wide cookie for a year, and the pages are rendered in it.
async fn the_language_switch_sets_a_cookie_the_pages_are_rendered_in(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let chosen = app.send(None, language("en")).await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    let cookie = chosen
        .set_cookie(LANGUAGE_COOKIE)
        .expect("the choice is remembered");
    assert!(
        cookie.starts_with("draagkracht_lang=en; Path=/; Max-Age="),
        "{cookie}"
    );
    let max_age: i64 = cookie
        .split("Max-Age=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("a Max-Age in seconds");
    assert_eq!(max_age, 365 * 24 * 60 * 60, "a year");

    // A page rendered with that cookie is in English, also where the browser asks for Dutch.
    let pair = cookie.split(';').next().expect("name=value");
    let page = app
        .get("/login", Some(pair), &[("accept-language", "nl-NL,nl")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\""), "{}", page.body);
    assert!(page.body.contains("Password"));
    assert!(!page.body.contains("Wachtwoord"));
    // And a signed-in page too, beside the session cookie.
    let session = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let home = app.get("/", Some(&format!("{session}; {pair}")), &[]).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"en\""));
    let dutch = app.get("/", Some(&session), &[]).await;
    assert!(dutch.body.contains("<html lang=\"nl\""));

    // Back to Dutch the same way.
    let back = app.send(None, language("nl")).await;
    assert!(
        back.set_cookie(LANGUAGE_COOKIE)
            .is_some_and(|c| c.starts_with("draagkracht_lang=nl;")),
        "{:?}",
        back.headers
    );
}

/// An unknown language is a problem at the field, and changes no cookie.
async fn an_unknown_language_is_refused_at_the_field_and_sets_no_cookie(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for lang in ["fr", "", "EN"] {
        let reply = app.send(None, language(lang)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{lang}");
        let err: AppError = serde_json::from_str(&reply.body).expect("an error body");
        assert_eq!(
            err.at_field("lang"),
            Some(FieldProblem::UnknownChoice),
            "{lang}"
        );
        assert_eq!(reply.set_cookie(LANGUAGE_COOKIE), None, "{lang}");
    }
    // As a plain form: back to the page with the problem, still no cookie.
    let reply = app.post_form_args(None, "/login", language("fr")).await;
    let back = reply.redirected_to().to_owned();
    assert!(back.starts_with("/login?"), "{back}");
    assert!(back.contains("__err="), "{back}");
    assert!(!back.contains("__ok="), "{back}");
    assert_eq!(reply.set_cookie(LANGUAGE_COOKIE), None);
}

/// The switch as a plain form (how the page sends it): back to the same page, in English.
async fn the_language_switch_as_a_plain_form_comes_back_to_its_page(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let reply = app.post_form_args(None, "/login", language("en")).await;
    assert_eq!(reply.redirected_to(), "/login?__ok=/api/set_language");
    let cookie = reply
        .set_cookie(LANGUAGE_COOKIE)
        .and_then(|c| c.split(';').next())
        .expect("the choice is remembered")
        .to_owned();
    assert_eq!(cookie, "draagkracht_lang=en");
    let page = app.get(reply.redirected_to(), Some(&cookie), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\""));
}

fn capacity(n: &crate::fixtures::Noord, points: &str) -> SetCapacity {
    SetCapacity {
        team: n.team_id,
        user: n.mehmet_id,
        points: points.to_owned(),
    }
}

async fn capacity_override(n: &crate::fixtures::Noord) -> Option<f64> {
    let (points,): (Option<f64>,) = app::on_db!(&n.app.db, p => sqlx::query_as(
        "SELECT capacity_override FROM memberships WHERE team_id = $1 AND user_id = $2 AND role = 'member'",
    )
    .bind(n.team_id)
    .bind(n.mehmet_id)
    .fetch_one(p)
    .await)
    .expect("Mehmet's membership");
    points
}

/// A plain form post that succeeds comes back to its page, which keeps its own query and is
/// marked with the function that succeeded (only the latest), and that page says "saved"
/// beside that form, and only that one.
async fn a_plain_form_post_that_succeeds_comes_back_marked_and_the_page_says_saved(
    backend: Backend,
) {
    let n = noord(backend).await;
    let page = format!("/teams/{}/balance", n.team);
    let unmarked = n.app.get(&page, Some(&n.leader), &[]).await;
    assert_eq!(unmarked.status, StatusCode::OK);
    assert!(unmarked.body.contains("data-testid=\"capacity-form\""));
    assert!(!unmarked.body.contains("data-testid=\"capacity-saved\""));

    let sent_from = format!("{page}?view=all&__ok=/api/save_team_settings");
    let reply = n
        .app
        .post_form_args(Some(&n.leader), &sent_from, capacity(&n, "30"))
        .await;
    assert_eq!(
        reply.header("location"),
        Some(format!("{ORIGIN}{page}?view=all&__ok=/api/set_capacity").as_str())
    );
    assert_eq!(capacity_override(&n).await, Some(30.0));

    let shown = n.app.get(reply.redirected_to(), Some(&n.leader), &[]).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.body.contains("data-testid=\"capacity-saved\""),
        "{}",
        shown.body
    );
    assert!(
        !shown.body.contains("data-testid=\"settings-saved\""),
        "only the form that was sent says so"
    );

    // From a page without a query, the marker is the query.
    let reply = n
        .app
        .post_form_args(Some(&n.leader), &page, capacity(&n, "31"))
        .await;
    assert_eq!(
        reply.redirected_to(),
        format!("{page}?__ok=/api/set_capacity")
    );
}

/// A plain form post that fails comes back with its problem and no success marker, also from
/// a page that was marked by an earlier success.
async fn a_plain_form_post_that_fails_comes_back_with_its_problem_and_no_marker(backend: Backend) {
    let n = noord(backend).await;
    let page = format!("/teams/{}/balance", n.team);
    let reply = n
        .app
        .post_form_args(Some(&n.leader), &page, capacity(&n, "veel"))
        .await;
    let back = reply.redirected_to().to_owned();
    assert!(back.starts_with(&format!("{page}?")), "{back}");
    assert!(back.contains("__err="), "{back}");
    assert!(!back.contains("__ok"), "{back}");
    assert_eq!(capacity_override(&n).await, None, "nothing saved");
    let shown = n.app.get(&back, Some(&n.leader), &[]).await;
    assert!(shown.body.contains("data-testid=\"error-points\""));
    assert!(!shown.body.contains("data-testid=\"capacity-saved\""));

    // After a success the page's address carries its marker; a failure next must not say
    // "saved" again.
    let marked = format!("{page}?__ok=/api/set_capacity");
    let reply = n
        .app
        .post_form_args(Some(&n.leader), &marked, capacity(&n, "veel"))
        .await;
    let back = reply.redirected_to().to_owned();
    assert!(back.contains("__err="), "{back}");
    assert!(
        !back.contains("__ok"),
        "a failure carries no success: {back}"
    );
    let shown = n.app.get(&back, Some(&n.leader), &[]).await;
    assert!(shown.body.contains("data-testid=\"error-points\""));
    assert!(
        !shown.body.contains("data-testid=\"capacity-saved\""),
        "the page says both saved and not saved"
    );
}

/// Logging in and out as plain forms: in goes to the home page with a session, out goes to the
/// log-in page and the session is gone.
async fn logging_in_and_out_as_plain_forms(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let reply = app
        .post_form(
            "/api/login",
            None,
            "/login",
            &[
                ("email", "medewerker@linde.demo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    assert_eq!(reply.header("location"), Some("/"), "not back to /login");
    let session = reply.session_cookie().expect("a session");
    let home = app.get("/", Some(&session), &[]).await;
    assert_eq!(home.status, StatusCode::OK);
    let board = app.send(Some(&session), SessionsOverview {}).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);

    let reply = app.post_form("/api/logout", Some(&session), "/", &[]).await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    assert_eq!(reply.header("location"), Some("/login"));
    let home = app.get("/", Some(&session), &[]).await;
    assert_eq!(home.status, StatusCode::FOUND);
    assert_eq!(home.header("location"), Some("/login"));
    let board = app.send(Some(&session), SessionsOverview {}).await;
    assert_eq!(board.status, StatusCode::UNAUTHORIZED, "{}", board.body);
}

on_both_databases!(
    the_language_switch_sets_a_cookie_the_pages_are_rendered_in,
    an_unknown_language_is_refused_at_the_field_and_sets_no_cookie,
    the_language_switch_as_a_plain_form_comes_back_to_its_page,
    a_plain_form_post_that_succeeds_comes_back_marked_and_the_page_says_saved,
    a_plain_form_post_that_fails_comes_back_with_its_problem_and_no_marker,
    logging_in_and_out_as_plain_forms,
);
