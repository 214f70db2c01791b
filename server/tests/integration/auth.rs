//! Logging in and out through the real router, on SQLite and PostgreSQL.

use crate::common::{Backend, TestApp};
use app::auth::api::Login;
use app::auth::api::Logout;
use app::auth::api::Me;
use app::auth::model::Actor;
use app::error::{AppError, FieldProblem};
use draagkracht::demo::DEMO_PASSWORD;

const LEADER: &str = "leider@linde.demo";

async fn login_sets_a_session_and_logout_ends_it(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let none: Option<Actor> = app.send_ok(None, Me {}).await;
    assert_eq!(none, None);

    let cookie = app.login(" Leider@Linde.demo ", DEMO_PASSWORD).await;
    let me: Option<Actor> = app.send_ok(Some(&cookie), Me {}).await;
    let me = me.expect("logged in");
    assert_eq!(me.email, LEADER);
    assert!(me.leads_any_team());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts WHERE succeeded = TRUE")
            .await,
        1
    );

    let _: () = app.send_ok(Some(&cookie), Logout {}).await;
    let after: Option<Actor> = app.send_ok(Some(&cookie), Me {}).await;
    assert_eq!(
        after, None,
        "the old cookie must not work after logging out"
    );
}

async fn wrong_password_and_unknown_account_fail_alike(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let wrong = app
        .send_err(
            None,
            Login {
                email: LEADER.to_string(),
                password: "not the password".to_owned(),
            },
        )
        .await;
    let unknown = app
        .send_err(
            None,
            Login {
                email: "nobody@linde.demo".to_owned(),
                password: "not the password".to_owned(),
            },
        )
        .await;
    assert_eq!(wrong, AppError::WrongCredentials);
    assert_eq!(unknown, AppError::WrongCredentials);
    let reply = app
        .send(
            None,
            Login {
                email: LEADER.to_string(),
                password: "nope".to_owned(),
            },
        )
        .await;
    assert!(
        reply.session_cookie().is_none(),
        "a failed log-in hands out no session"
    );
}

async fn empty_fields_are_reported_at_the_field(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let err = app
        .send_err(
            None,
            Login {
                email: " ".to_owned(),
                password: "x".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("email"), Some(FieldProblem::Required));
    let err = app
        .send_err(
            None,
            Login {
                email: LEADER.to_string(),
                password: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("password"), Some(FieldProblem::Required));
}

async fn repeated_failures_lock_the_account_for_a_while(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for _ in 0..5 {
        let err = app
            .send_err(
                None,
                Login {
                    email: LEADER.to_string(),
                    password: "guess".to_owned(),
                },
            )
            .await;
        assert_eq!(err, AppError::WrongCredentials);
    }
    let err = app
        .send_err(
            None,
            Login {
                email: LEADER.to_string(),
                password: DEMO_PASSWORD.to_string(),
            },
        )
        .await;
    assert_eq!(
        err,
        AppError::TooManyAttempts,
        "even the right password waits once the limit is reached"
    );
    // Another account from the same address is not locked by this one.
    app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
}

async fn malformed_requests_get_errors_not_panics(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let reply = app.call("login", None, &[("email", LEADER)]).await;
    assert!(reply.status.is_client_error() || reply.status.is_server_error());
    let health = app.get("/health", None, &[]).await;
    assert_eq!(
        health.status, 200,
        "the server still answers after a malformed request"
    );
    let bad_cookie = app
        .get("/", Some("draagkracht_session=%%%garbage"), &[])
        .await;
    assert_eq!(
        bad_cookie.status, 302,
        "a garbage session cookie counts as logged out"
    );
    assert_eq!(bad_cookie.header("location"), Some("/login"));
}

on_both_databases!(
    login_sets_a_session_and_logout_ends_it,
    wrong_password_and_unknown_account_fail_alike,
    empty_fields_are_reported_at_the_field,
    repeated_failures_lock_the_account_for_a_while,
    malformed_requests_get_errors_not_panics,
);
