//! The axum router: Leptos pages and server functions, health, sessions and security headers.

use app::shared::ids::{BookingId, SessionId, TeamId};
use std::sync::LazyLock;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::state::AppState;
use app::{App, shell};

use crate::session_store::DbSessionStore;

pub struct RouterParts {
    pub state: AppState,
    pub options: LeptosOptions,
    pub sessions: DbSessionStore,
    pub secure_cookies: bool,
    pub session_idle_minutes: i64,
}

/// The app's routes, worked out once per process. Generating them sets a process-wide flag in
/// leptos_server that keeps every resource first polled meanwhile pending forever
/// (leptos-rs/leptos#4773): a second router built while another serves pages, as the
/// integration tests do, would randomly hang a page load.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// Cookie that carries the session id.
pub const SESSION_COOKIE: &str = "draagkracht_session";

pub fn build(parts: RouterParts) -> Router {
    let RouterParts {
        state,
        options,
        sessions,
        secure_cookies,
        session_idle_minutes,
    } = parts;
    let own_origin = crate::request_guards::OwnOrigin::from_public_url(&state.settings.public_url);
    let routes = ROUTES.clone();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(app::auth::guard::RequestActor::default());
        }
    };
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name(SESSION_COOKIE)
        .with_secure(secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        // Written only when it changes: the guard slides the idle timer at most once a minute,
        // and a forged or unknown cookie writes nothing.
        .with_always_save(false)
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(session_idle_minutes),
        ));

    let health = Router::new()
        .route("/health", get(health))
        .route("/teams/{team}/caseload.csv", get(caseload_csv))
        .route("/account/export.json", get(personal_export))
        .route("/admin/access-log.csv", get(access_log_csv))
        .route(
            app::privacy::archive::page::ARCHIVE_URL,
            get(organisation_archive),
        )
        .route("/sessions/{session}/session.ics", get(session_ics))
        .route("/visits/{booking}/visit.ics", get(visit_ics))
        .route("/calendar/{file}", get(calendar_feed))
        .with_state(state.clone());

    let front_end = front_end_files(&options);
    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), front_end)
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            LeptosOptions,
            _,
        >(context, shell))
        .with_state(options)
        .merge(health)
        .layer(axum::middleware::from_fn(
            crate::request_guards::bad_requests_are_400,
        ))
        .layer(axum::middleware::from_fn(crate::form_posts::mark_success))
        .layer(session_layer)
        .layer(axum::middleware::from_fn_with_state(
            own_origin,
            crate::request_guards::refuse_cross_site,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::request_guards::MAX_BODY_BYTES,
        ))
        // Server functions read their body under axum's default limit (2 MB), below what a
        // caseload import may send; the one limit above holds instead.
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::request_guards::MAX_BODY_BYTES,
        ))
        .layer(CatchPanicLayer::custom(|_| {
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Er ging iets mis. Something went wrong.",
            )
                .into_response()
        }))
        // Pages are compressed as they go out; the fastest level keeps that a small share of a
        // page's cost for a few percent more bytes (the front end is compressed at build time).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Fastest),
        )
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(header_if_missing(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Our own pages send their address with a form post, so that a plain post (before the
        // script has loaded, or without it) comes back to its page; other sites never get it.
        .layer(header_if_missing(header::REFERRER_POLICY, "same-origin"))
        .layer(header_if_missing(header::X_FRAME_OPTIONS, "DENY"))
        // HTML pages carry their own policy with the script nonce (see app::shell); everything
        // else gets the strictest one.
        .layer(header_if_missing(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'",
        ))
}

/// The built front-end (wasm, its JavaScript, the stylesheet): brotli or gzip files compressed
/// at build time when the browser takes them (`cargo leptos build --release --precompress`), the
/// plain file otherwise. Names that carry a content hash never change meaning, so browsers
/// keep those files for a year without asking again.
fn front_end_files(
    options: &LeptosOptions,
) -> SetResponseHeader<tower_http::services::ServeDir, HeaderValue> {
    let dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let files = tower_http::services::ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip();
    let caching = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    SetResponseHeader::overriding(
        files,
        header::CACHE_CONTROL,
        HeaderValue::from_static(caching),
    )
}

fn header_if_missing(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let check = tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await;
    match check {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ok", "database": state.db.kind()})),
        ),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable", "database": state.db.kind()})),
        ),
    }
}

/// The team's caseload as CSV (for the leader), opened by a spreadsheet.
async fn caseload_csv(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    axum::extract::Path(team): axum::extract::Path<i64>,
) -> axum::response::Response {
    match app::caseload::import::service::export_csv(&state, &session, TeamId(team)).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"caseload.csv\"",
                ),
            ],
            body,
        )
            .into_response(),
        Err(err) => (err.status(), err.to_string()).into_response(),
    }
}

/// The admin's selection of the access log, as CSV.
async fn access_log_csv(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let field = |name: &str| q.get(name).cloned().unwrap_or_default();
    let filter = (
        field("person"),
        field("client"),
        field("action"),
        field("from"),
        field("to"),
    );
    match app::audit::service::access_log_csv(&state, &session, filter).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"toegangslog.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(err) => (err.status(), err.to_string()).into_response(),
    }
}

/// Everything the app holds about the person asking, as a JSON file (AVG access and portability).
async fn personal_export(
    State(state): State<AppState>,
    session: tower_sessions::Session,
) -> axum::response::Response {
    match app::privacy::export::service::personal_export(&state, &session).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"draagkracht-mijn-gegevens.json\"",
                ),
                // Private notes: never kept by a proxy or the browser's cache.
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(err) => (err.status(), err.to_string()).into_response(),
    }
}

/// The organisation's archive, written while it is sent. A failure half-way breaks the
/// connection instead of ending the download cleanly, so no one keeps a truncated archive
/// for a whole one.
async fn organisation_archive(
    State(state): State<AppState>,
    session: tower_sessions::Session,
) -> axum::response::Response {
    use futures::StreamExt;
    let actor = match app::privacy::archive::service::begin(&state, &session).await {
        Ok(actor) => actor,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    let (reader, writer) = tokio::io::duplex(64 * 1024);
    let (finished, outcome) = tokio::sync::oneshot::channel();
    let db = state.db.clone();
    tokio::spawn(async move {
        let written = app::privacy::archive::service::write_archive(&db, &actor, writer).await;
        let _ = finished.send(written);
    });
    let failure = futures::stream::once(outcome).filter_map(|outcome| async move {
        match outcome {
            Ok(Ok(())) => None,
            _ => Some(Err(std::io::Error::other("the archive was not completed"))),
        }
    });
    let body =
        axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(reader).chain(failure));
    (
        [
            (header::CONTENT_TYPE, "application/zip"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"draagkracht-archief.zip\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// A calendar file, or the error's status and message.
fn calendar_response(made: Result<String, app::error::AppError>) -> axum::response::Response {
    let body = match made {
        Ok(body) => body,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"draagkracht.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// The host named in calendar UIDs, so they stay unique across installations.
fn calendar_host(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.split(':').next().unwrap_or(h).to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "draagkracht".to_owned())
}

/// One session as an .ics file, for someone invited or planning it.
async fn session_ics(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> axum::response::Response {
    let host = calendar_host(&headers);
    calendar_response(
        app::sessions::calendar::session_ics(&state, &session, SessionId(id), &host).await,
    )
}

/// One neighbour visit as an .ics file, for a member of either team.
async fn visit_ics(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> axum::response::Response {
    let host = calendar_host(&headers);
    calendar_response(
        app::visits::calendar::visit_ics(&state, &session, BookingId(id), &host).await,
    )
}

/// A person's private feed, `/calendar/{token}.ics`, for calendar apps to subscribe to.
async fn calendar_feed(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let host = calendar_host(&headers);
    calendar_response(
        app::shell::feed::feed_ics(&state.db, token, &host, &state.settings.public_url).await,
    )
}
