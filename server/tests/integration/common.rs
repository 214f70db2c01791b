//! Test support: a fresh database of either kind, the real router on top of it, and a small
//! client that calls server functions the way the browser does (form-encoded POST, JSON back).
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use rand::Rng;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use app::db::Db;
use app::error::AppError;
use draagkracht::router::{RouterParts, SESSION_COOKIE};
use draagkracht::session_store::DbSessionStore;

/// The site's own address in the tests (`public_url`), which a browser's form post names.
pub const ORIGIN: &str = "https://draagkracht.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates one `#[tokio::test]` per backend for each listed `async fn name(Backend)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Sqlite).await }
            )*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::common::Backend::Postgres).await }
            )*
        }
    };
}

fn suffix() -> String {
    format!("{:016x}", rand::thread_rng().r#gen::<u64>())
}

/// The PostgreSQL the test command started. Without it the PostgreSQL half fails loudly rather
/// than passing silently.
pub fn postgres_admin_url() -> String {
    std::env::var("DRAAGKRACHT_TEST_PG_URL")
        .expect("DRAAGKRACHT_TEST_PG_URL is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL")
}

pub async fn fresh_db(backend: Backend) -> Db {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("draagkracht-test-{}", suffix()));
            draagkracht::startup::open_database(&format!("sqlite://{}/test.db", dir.display()))
                .await
                .expect("sqlite test database")
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let name = format!("dk_test_{}", suffix());
            let admin = sqlx::PgPool::connect(&admin_url)
                .await
                .expect("connect to test PostgreSQL");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("create test database");
            admin.close().await;
            let base = admin_url
                .rsplit_once('/')
                .map(|(base, _)| base)
                .unwrap_or(&admin_url);
            draagkracht::startup::open_database(&format!("{base}/{name}"))
                .await
                .expect("postgres test database")
        }
    }
}

pub struct TestApp {
    pub db: Db,
    pub router: Router,
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        let db = fresh_db(backend).await;
        Self::on(db).await
    }

    /// A fresh database with the demo organisations.
    pub async fn with_demo(backend: Backend) -> TestApp {
        let app = Self::new(backend).await;
        draagkracht::demo::seed(&app.db).await.expect("demo seed");
        app
    }

    pub async fn on(db: Db) -> TestApp {
        let sessions = DbSessionStore::for_db(&db).await.expect("session store");
        let router = build_router(&db, sessions);
        TestApp { db, router }
    }

    /// The demo behind a trusted proxy (`DRAAGKRACHT_TRUST_FORWARDED_FOR`).
    pub async fn behind_proxy(backend: Backend) -> TestApp {
        let db = fresh_db(backend).await;
        draagkracht::demo::seed(&db).await.expect("demo seed");
        let sessions = DbSessionStore::for_db(&db).await.expect("session store");
        let config = draagkracht::Config {
            trust_forwarded_for: true,
            ..test_config()
        };
        let router = build_router_with(&db, sessions, &config);
        TestApp { db, router }
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
            bytes: body.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, session: Option<&str>, extra: &[(&str, &str)]) -> Reply {
        let mut builder = Request::get(path);
        if let Some(cookie) = session {
            builder = builder.header(header::COOKIE, cookie);
        }
        for (k, v) in extra {
            builder = builder.header(*k, *v);
        }
        self.request(builder.body(Body::empty()).expect("request"))
            .await
    }

    /// Calls a server function as the hydrated browser does.
    pub async fn call(
        &self,
        endpoint: &str,
        session: Option<&str>,
        form: &[(&str, &str)],
    ) -> Reply {
        let body = serde_urlencoded::to_string(form).expect("form encodes");
        let mut builder = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = session {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.request(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// Calls a server function that takes JSON (e.g. the limits editor's rows).
    pub async fn call_json(
        &self,
        endpoint: &str,
        session: Option<&str>,
        body: serde_json::Value,
    ) -> Reply {
        let mut builder = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = session {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.request(builder.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Posts a form as the browser does before (or without) the page's script: url-encoded
    /// fields, a page asked for in return, sent from `page` (a path on this site, with its
    /// query), which the browser names in `Referer`. Fields may repeat (`participants[]`).
    pub async fn post_form(
        &self,
        path: &str,
        session: Option<&str>,
        page: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        let body = serde_urlencoded::to_string(form).expect("form encodes");
        self.post_form_body(path, session, page, body).await
    }

    /// [`Self::post_form`] with the argument type the `#[server]` macro generated.
    pub async fn post_form_args<S>(&self, session: Option<&str>, page: &str, args: S) -> Reply
    where
        S: ServerFn + Serialize,
    {
        let body = serde_qs::to_string(&args).expect("arguments encode");
        self.post_form_body(S::PATH, session, page, body).await
    }

    async fn post_form_body(
        &self,
        path: &str,
        session: Option<&str>,
        page: &str,
        body: String,
    ) -> Reply {
        let mut builder = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(
                header::ACCEPT,
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}{page}"));
        if let Some(cookie) = session {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.request(builder.body(Body::from(body)).expect("request"))
            .await
    }

    pub async fn call_ok<T: DeserializeOwned>(
        &self,
        endpoint: &str,
        session: Option<&str>,
        form: &[(&str, &str)],
    ) -> T {
        let reply = self.call(endpoint, session, form).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{endpoint} failed: {}",
            reply.body
        );
        serde_json::from_str(&reply.body)
            .unwrap_or_else(|e| panic!("{endpoint} returned {}: {e}", reply.body))
    }

    pub async fn call_err(
        &self,
        endpoint: &str,
        session: Option<&str>,
        form: &[(&str, &str)],
    ) -> AppError {
        let reply = self.call(endpoint, session, form).await;
        assert_ne!(
            reply.status,
            StatusCode::OK,
            "{endpoint} unexpectedly succeeded: {}",
            reply.body
        );
        serde_json::from_str(&reply.body)
            .unwrap_or_else(|e| panic!("{endpoint} error body {}: {e}", reply.body))
    }

    /// Calls a server function through the router with the argument type the `#[server]`
    /// macro generated, so a renamed or retyped argument fails to compile rather than at run
    /// time. The arguments are encoded as the browser's forms encode them.
    pub async fn send<S>(&self, session: Option<&str>, args: S) -> Reply
    where
        S: ServerFn + Serialize,
    {
        let body = serde_qs::to_string(&args).expect("arguments encode");
        let mut builder = Request::post(S::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = session {
            builder = builder.header(header::COOKIE, cookie);
        }
        self.request(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// [`Self::send`], which must succeed; yields what the server function returned.
    pub async fn send_ok<S>(&self, session: Option<&str>, args: S) -> S::Output
    where
        S: ServerFn + Serialize,
        S::Output: DeserializeOwned,
    {
        let reply = self.send(session, args).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{} failed: {}",
            S::PATH,
            reply.body
        );
        serde_json::from_str(&reply.body)
            .unwrap_or_else(|e| panic!("{} reply {}: {e}", S::PATH, reply.body))
    }

    /// [`Self::send`], which must fail; yields the application error it failed with.
    pub async fn send_err<S>(&self, session: Option<&str>, args: S) -> AppError
    where
        S: ServerFn + Serialize,
    {
        let reply = self.send(session, args).await;
        assert_ne!(
            reply.status,
            StatusCode::OK,
            "{} unexpectedly succeeded: {}",
            S::PATH,
            reply.body
        );
        serde_json::from_str(&reply.body)
            .unwrap_or_else(|e| panic!("{} error body {}: {e}", S::PATH, reply.body))
    }

    /// Logs in and returns the session cookie (`name=value`).
    pub async fn login(&self, email: &str, password: &str) -> String {
        let reply = self
            .call("login", None, &[("email", email), ("password", password)])
            .await;
        assert_eq!(reply.status, StatusCode::OK, "login failed: {}", reply.body);
        reply.session_cookie().expect("login sets a session cookie")
    }

    /// The single id a query selects, e.g. a demo account or team looked up by name.
    pub async fn id(&self, sql: &str) -> i64 {
        let (id,): (i64,) =
            app::on_db!(&self.db, p => sqlx::query_as(sql).fetch_one(p).await).expect("id");
        id
    }

    pub async fn email_of(&self, user: app::auth::model::UserId) -> String {
        let (email,): (String,) = app::on_db!(&self.db, p => sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user).fetch_one(p).await).expect("email");
        email
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let (n,): (i64,) =
            app::on_db!(&self.db, p => sqlx::query_as(sql).fetch_one(p).await).expect("count");
        n
    }
}

/// The real router on `db`, built the way the server builds it.
pub fn build_router(db: &Db, sessions: DbSessionStore) -> Router {
    build_router_with(db, sessions, &test_config())
}

pub fn build_router_with(
    db: &Db,
    sessions: DbSessionStore,
    config: &draagkracht::Config,
) -> Router {
    draagkracht::router::build(RouterParts {
        state: draagkracht::app_state(db.clone(), config),
        options: draagkracht::leptos_options(config),
        sessions,
        secure_cookies: false,
        session_idle_minutes: 30,
    })
    .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))))
}

/// The front end the pages link to, as a split release build would leave it: this process's
/// own folder, holding only the split manifest (Leptos reads it once per process, at the first
/// page), whose chunk names the pages then ask the browser to preload.
pub fn test_site_root() -> &'static std::path::Path {
    static ROOT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let root =
            std::env::temp_dir().join(format!("draagkracht-test-site-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).expect("test site folder");
        let manifest = serde_json::json!({
            "weekly_editor_loader_123": ["chunk_1.aaa", "split_weekly_editor_loader_123.bbb"],
            "calendar_feed_loader_456": ["chunk_1.aaa", "split_calendar_feed_loader_456.ccc"],
            "limits_editor_loader_789": ["split_limits_editor_loader_789.ddd"],
        });
        std::fs::write(pkg.join("__wasm_split_manifest.json"), manifest.to_string())
            .expect("split manifest");
        root
    })
}

pub fn test_config() -> draagkracht::Config {
    draagkracht::Config {
        database_url: String::new(),
        addr: SocketAddr::from(([127, 0, 0, 1], 3999)),
        public_url: Some(ORIGIN.into()),
        site_root: Some(test_site_root().to_path_buf()),
        session_idle_minutes: 30,
        trust_forwarded_for: false,
        log_json: false,
        smtp_url: None,
        mail_from: None,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent, for downloads that are not text.
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{SESSION_COOKIE}=")))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Where a redirect sends the browser, as a path on this site (`ORIGIN` left off).
    pub fn redirected_to(&self) -> &str {
        assert_eq!(
            self.status,
            StatusCode::FOUND,
            "not a redirect: {}",
            self.body
        );
        let to = self.header("location").expect("a redirect names where to");
        to.strip_prefix(ORIGIN).unwrap_or(to)
    }

    /// The `Set-Cookie` header that sets `name`, whole.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
    }
}
