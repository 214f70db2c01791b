//! Server-rendered pages, language choice, status pages, health and security headers.

mod common;

use common::{Backend, TestApp};

async fn pages_render_in_dutch_by_default_and_english_on_request(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let dutch = app.get("/login", None, &[]).await;
    assert_eq!(dutch.status, 200);
    assert!(dutch.body.contains("lang=\"nl\""), "{}", dutch.body);
    assert!(dutch.body.contains("Wachtwoord"));

    let english = app
        .get("/login", None, &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert!(english.body.contains("lang=\"en\""));
    assert!(english.body.contains("Password"));

    let cookie_wins = app
        .get(
            "/login",
            Some("draagkracht_lang=nl"),
            &[("accept-language", "en")],
        )
        .await;
    assert!(cookie_wins.body.contains("lang=\"nl\""));
    let unknown_language = app.get("/login", None, &[("accept-language", "fr")]).await;
    assert!(unknown_language.body.contains("lang=\"nl\""));
}

async fn html_pages_carry_a_nonce_based_policy(backend: Backend) {
    let app = TestApp::new(backend).await;
    let page = app.get("/login", None, &[]).await;
    let csp = page
        .header("content-security-policy")
        .expect("CSP on pages");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the same nonce"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    let other = app.get("/login", None, &[]).await;
    assert_ne!(
        other.header("content-security-policy"),
        Some(csp),
        "a fresh nonce per response"
    );
}

async fn unknown_pages_get_a_styled_404(backend: Backend) {
    let app = TestApp::new(backend).await;
    let page = app.get("/does-not-exist", None, &[]).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("data-testid=\"not-found\""));
}

async fn health_checks_the_database(backend: Backend) {
    let app = TestApp::new(backend).await;
    let health = app.get("/health", None, &[]).await;
    assert_eq!(health.status, 200);
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert!(health.body.contains(expected));
    app.db.close().await;
    let down = app.get("/health", None, &[]).await;
    assert_eq!(down.status, 503);
}

async fn session_cookie_is_http_only_and_lax(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let reply = app
        .call(
            "login",
            None,
            &[
                ("email", "leider@linde.demo"),
                ("password", draagkracht::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    let cookie = reply.header("set-cookie").expect("session cookie");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(
        cookie.contains("Max-Age"),
        "sessions expire when idle: {cookie}"
    );
}

on_both_databases!(
    pages_render_in_dutch_by_default_and_english_on_request,
    html_pages_carry_a_nonce_based_policy,
    unknown_pages_get_a_styled_404,
    health_checks_the_database,
    session_cookie_is_http_only_and_lax,
);
