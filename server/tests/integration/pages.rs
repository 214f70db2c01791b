//! Server-rendered pages, language choice, status pages, health and security headers.

use crate::common::{Backend, TestApp, build_router};
use draagkracht::session_store::DbSessionStore;

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
    // Our own pages send their address with a form post (so a plain post comes back to its
    // page, with its errors); other sites never get it.
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    let other = app.get("/login", None, &[]).await;
    assert_ne!(
        other.header("content-security-policy"),
        Some(csp),
        "a fresh nonce per response"
    );
}

/// An editor that is its own wasm chunk is named in the page's head, so the browser fetches it
/// with the main wasm; each chunk once, even when two islands share it, and no other page's.
async fn a_page_with_a_lazy_island_asks_for_its_chunks_up_front(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let member = app
        .login("medewerker@linde.demo", draagkracht::demo::DEMO_PASSWORD)
        .await;
    let page = app.get("/availability", Some(&member), &[]).await;
    assert_eq!(page.status, 200);
    let head = &page.body[..page.body.find("</head>").expect("a head")];
    // leptos_meta writes a tag's attributes in alphabetical order.
    let preload = |chunk: &str| {
        format!(
            r#"<link as="fetch" crossorigin="anonymous" href="/pkg/{chunk}.wasm" rel="preload" type="application/wasm">"#
        )
    };
    for chunk in [
        "split_weekly_editor_loader_123.bbb",
        "split_calendar_feed_loader_456.ccc",
    ] {
        assert!(head.contains(&preload(chunk)), "{chunk} in {head}");
    }
    assert_eq!(head.matches(&preload("chunk_1.aaa")).count(), 1, "{head}");
    assert!(!head.contains("limits_editor"), "{head}");
    let split_js =
        r#"<link href="/pkg/__wasm_split.______________________.js" rel="modulepreload">"#;
    assert_eq!(head.matches(split_js).count(), 1, "{head}");
    let home = app.get("/", Some(&member), &[]).await;
    assert!(!home.body.contains("/pkg/split_"), "{}", home.body);
}

/// A form posted as plain HTML (before the script has loaded, or without it) comes back to its
/// page, and that page shows the problem at the field.
async fn a_plain_form_post_comes_back_with_its_problem_at_the_field(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let post = |body: &'static str| {
        axum::http::Request::post("/api/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .header("origin", "https://draagkracht.test")
            .header("referer", "https://draagkracht.test/login")
            .body(axum::body::Body::from(body))
            .expect("request")
    };
    let failed = app.request(post("email=&password=secret")).await;
    assert_eq!(failed.status, 302);
    let back = failed.header("location").expect("sent back").to_owned();
    assert!(
        back.starts_with("https://draagkracht.test/login?__path=%2Fapi%2Flogin&__err="),
        "{back}"
    );
    let path = back.trim_start_matches("https://draagkracht.test");
    let page = app.get(path, None, &[]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("data-testid=\"error-email\""),
        "the problem is at the field: {}",
        page.body
    );
    assert!(!page.body.contains("data-testid=\"error-password\""));

    let wrong = app
        .request(post(
            "email=medewerker%40linde.demo&password=not-the-password",
        ))
        .await;
    let back = wrong.header("location").expect("sent back").to_owned();
    let page = app
        .get(
            back.trim_start_matches("https://draagkracht.test"),
            None,
            &[],
        )
        .await;
    assert!(
        page.body.contains("data-testid=\"form-error\""),
        "{}",
        page.body
    );
}

/// The built front-end goes out brotli- or gzip-compressed at build time, whichever the browser
/// takes, and files named after their content are kept by the browser for good.
async fn the_front_end_is_served_precompressed_and_kept_for_good(backend: Backend) {
    let site = std::env::temp_dir().join(format!(
        "draagkracht-site-{}-{}",
        std::process::id(),
        matches!(backend, Backend::Sqlite)
    ));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("site dir");
    std::fs::write(pkg.join("draagkracht.abc123.css"), "body { margin: 0 }").expect("css");
    std::fs::write(pkg.join("draagkracht.abc123.css.br"), "brotli bytes").expect("br");
    std::fs::write(pkg.join("draagkracht.abc123.css.gz"), "gzip bytes").expect("gz");
    let db = crate::common::fresh_db(backend).await;
    let sessions = DbSessionStore::for_db(&db).await.expect("session store");
    let config = crate::common::test_config();
    let mut options = draagkracht::leptos_options(&config);
    options.site_root = site.to_string_lossy().into();
    options.hash_files = true;
    let app = crate::common::TestApp {
        db: db.clone(),
        router: draagkracht::router::build(draagkracht::router::RouterParts {
            state: draagkracht::app_state(db, &config),
            options,
            sessions,
            secure_cookies: false,
            session_idle_minutes: 30,
        }),
    };
    let css = "/pkg/draagkracht.abc123.css";
    let brotli = app
        .get(css, None, &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(brotli.status, 200);
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_eq!(brotli.body, "brotli bytes");
    assert_eq!(
        brotli.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let gzip = app.get(css, None, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.body, "gzip bytes");
    let plain = app.get(css, None, &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, "body { margin: 0 }");
    let missing = app.get("/pkg/draagkracht.old.css", None, &[]).await;
    assert_eq!(missing.status, 404);
    let _ = std::fs::remove_dir_all(site);
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

async fn signed_out_visitors_are_sent_to_log_in(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let home = app.get("/", None, &[]).await;
    assert_eq!(home.status, 302, "{}", home.body);
    assert_eq!(home.header("location"), Some("/login"));
}

async fn members_get_403_on_the_admin_page(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let member = app
        .login("medewerker@linde.demo", draagkracht::demo::DEMO_PASSWORD)
        .await;
    let page = app.get("/admin", Some(&member), &[]).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("data-testid=\"forbidden\""));
    let admin = app
        .login("beheer@linde.demo", draagkracht::demo::DEMO_PASSWORD)
        .await;
    let page = app.get("/admin", Some(&admin), &[]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Wijkteam Noord"));
}

/// Many pages rendered at once all finish: streaming SSR must never stall a response.
async fn concurrent_page_loads_all_complete(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::with_demo(backend).await);
    let leader = app
        .login("leider@linde.demo", draagkracht::demo::DEMO_PASSWORD)
        .await;
    let mut loads = tokio::task::JoinSet::new();
    for i in 0..60 {
        let (app, leader) = (app.clone(), leader.clone());
        loads.spawn(async move {
            let (path, session) = match i % 3 {
                0 => ("/login", None),
                1 => ("/", Some(leader.as_str())),
                _ => ("/nergens", Some(leader.as_str())),
            };
            tokio::time::timeout(
                std::time::Duration::from_secs(20),
                app.get(path, session, &[]),
            )
            .await
            .map(|reply| reply.status.as_u16())
        });
    }
    while let Some(done) = loads.join_next().await {
        let status = done.expect("task").expect("a page load stalled");
        assert!([200, 404].contains(&status), "unexpected status {status}");
    }
}

/// Building another router (as every test and every bench does) while pages render must not
/// freeze the pages' data loads: route generation once set a process-wide "don't load"
/// flag (leptos-rs/leptos#4773).
async fn pages_finish_while_another_router_is_built(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::with_demo(backend).await);
    let leader = app
        .login("leider@linde.demo", draagkracht::demo::DEMO_PASSWORD)
        .await;
    let sessions = DbSessionStore::for_db(&app.db)
        .await
        .expect("session store");
    let builder = {
        let db = app.db.clone();
        tokio::task::spawn_blocking(move || {
            for _ in 0..300 {
                drop(build_router(&db, sessions.clone()));
            }
        })
    };
    let mut loads = tokio::task::JoinSet::new();
    for _ in 0..60 {
        let (app, leader) = (app.clone(), leader.clone());
        loads.spawn(async move {
            tokio::time::timeout(
                std::time::Duration::from_secs(20),
                app.get("/", Some(leader.as_str()), &[]),
            )
            .await
            .map(|reply| reply.status.as_u16())
        });
        tokio::task::yield_now().await;
    }
    while let Some(done) = loads.join_next().await {
        let status = done.expect("task").expect("a page load stalled");
        assert_eq!(status, 200);
    }
    builder.await.expect("router builds");
}

on_both_databases!(
    pages_never_render_without_their_request_state,
    signed_out_visitors_are_sent_to_log_in,
    pages_finish_while_another_router_is_built,
    members_get_403_on_the_admin_page,
    concurrent_page_loads_all_complete,
    pages_render_in_dutch_by_default_and_english_on_request,
    html_pages_carry_a_nonce_based_policy,
    a_page_with_a_lazy_island_asks_for_its_chunks_up_front,
    a_plain_form_post_comes_back_with_its_problem_at_the_field,
    the_front_end_is_served_precompressed_and_kept_for_good,
    unknown_pages_get_a_styled_404,
    health_checks_the_database,
    session_cookie_is_http_only_and_lax,
);

/// Counts error events whose message mentions `needle`, from every thread, once installed.
mod log_watch {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, OnceLock};

    use tracing::field::{Field, Visit};
    use tracing_subscriber::layer::{Context, SubscriberExt};

    static SEEN: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    static WHERE: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

    struct Watch(Arc<AtomicUsize>);

    #[derive(Default)]
    struct Message {
        missing: bool,
        at: String,
    }

    impl Visit for Message {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let value = format!("{value:?}");
            match field.name() {
                "message" if value.contains("AppState missing") => self.missing = true,
                "at" | "need" => self.at = value,
                _ => {}
            }
        }
    }

    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Watch {
        fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
            let mut message = Message::default();
            event.record(&mut message);
            if message.missing {
                WHERE.lock().expect("lock").push(message.at);
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// Where the state was missing so far.
    pub fn places() -> Vec<String> {
        WHERE.lock().expect("lock").clone()
    }

    /// How often "AppState missing" was logged in this test binary so far.
    pub fn app_state_missing() -> usize {
        SEEN.get_or_init(|| {
            let seen = Arc::new(AtomicUsize::new(0));
            let subscriber = tracing_subscriber::registry().with(Watch(seen.clone()));
            let _ = tracing::subscriber::set_global_default(subscriber);
            seen
        })
        .load(Ordering::SeqCst)
    }
}

/// Every signed-in page, many times at once, as every role: each load finishes, and no
/// server function ever runs without the request's state ("AppState missing" left a page
/// that never became interactive).
async fn pages_never_render_without_their_request_state(backend: Backend) {
    let before = log_watch::app_state_missing();
    let app = std::sync::Arc::new(TestApp::with_demo(backend).await);
    let mut cookies = Vec::new();
    for who in [
        "leider@linde.demo",
        "medewerker@linde.demo",
        "gespreksleider@linde.demo",
    ] {
        cookies.push(app.login(who, draagkracht::demo::DEMO_PASSWORD).await);
    }
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let paths = [
        "/".to_owned(),
        "/signals".into(),
        "/visits".into(),
        "/sessions".into(),
        "/caseload".into(),
        "/proposals".into(),
        "/notifications".into(),
        format!("/teams/{noord}/balance"),
        format!("/teams/{noord}/signals"),
    ];
    // Path by path, so that a failure names the page.
    for path in paths {
        let mut loads = tokio::task::JoinSet::new();
        for i in 0..15 {
            let (app, path) = (app.clone(), path.clone());
            let cookie = cookies[i % cookies.len()].clone();
            loads.spawn(async move {
                tokio::time::timeout(
                    std::time::Duration::from_secs(30),
                    app.get(&path, Some(&cookie), &[]),
                )
                .await
                .map(|reply| reply.status.as_u16())
            });
        }
        while let Some(done) = loads.join_next().await {
            let status = done.expect("task").expect("a page load stalled");
            assert!([200, 403].contains(&status), "{path}: {status}");
        }
        assert_eq!(
            log_watch::app_state_missing(),
            before,
            "{path}: a server function ran without the request's state: {:?}",
            log_watch::places()
        );
    }
}
