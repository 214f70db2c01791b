//! The Draagkracht server: configuration, router, sessions, demo data and operations.

pub mod admin;
pub mod bench;
pub mod config;
pub mod demo;
pub mod form_posts;
pub mod notifications_job;
pub mod request_guards;
pub mod retention_job;
pub mod router;
pub mod rules_job;
pub mod session_store;
pub mod startup;

use std::path::Path;
use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};

use app::db::Db;
use app::state::{AppState, Settings};

pub use config::Config;

/// Leptos' own settings, built from ours so the binary runs without cargo-leptos around it.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    leptos_options_for(&config.site_root(), config.addr)
}

pub fn leptos_options_for(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("draagkracht")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(Env::PROD)
        .hash_files(front_end_is_hashed())
        .build()
}

/// A release build (`cargo leptos build --release`, see `hash-files` in Cargo.toml) names the
/// front-end's files after their content and writes the hashes beside the binary. Then the
/// pages link those names and the files may be cached for good.
pub fn front_end_is_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join("hash.txt")))
        .is_some_and(|file| file.exists())
}

pub fn app_state(db: Db, config: &Config) -> AppState {
    AppState {
        db,
        settings: Arc::new(Settings {
            public_url: config.public_url(),
            trust_forwarded_for: config.trust_forwarded_for,
            session_idle_minutes: config.session_idle_minutes,
            passkeys: app::auth::second_factor::passkey::service::relying_party(
                &config.public_url(),
            ),
        }),
    }
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(config: Config, db: Db) -> Result<(), Box<dyn std::error::Error>> {
    use tower_sessions::ExpiredDeletion;

    app::auth::password::warm_up();
    let sessions = session_store::DbSessionStore::for_db(&db).await?;
    let cleanup = tokio::spawn(
        sessions
            .clone()
            .continuously_delete_expired(std::time::Duration::from_secs(300)),
    );
    let rules = rules_job::spawn(db.clone());
    let retention = retention_job::spawn(db.clone());
    let notifications =
        notifications_job::spawn(db.clone(), notifications_job::Mailer::from_config(&config)?);
    let router = router::build(router::RouterParts {
        state: app_state(db, &config),
        options: leptos_options(&config),
        sessions,
        secure_cookies: config.secure_cookies(),
        session_idle_minutes: config.session_idle_minutes,
    });
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!(addr = %config.addr, site_root = %config.site_root().display(), "Draagkracht listening");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    cleanup.abort();
    rules.abort();
    retention.abort();
    notifications.abort();
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down gracefully");
}
