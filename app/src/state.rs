//! What every server function can reach: the database and the settings it needs.

use std::sync::Arc;

use crate::db::Db;
use crate::error::AppError;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Where people reach the app, for links such as one-time password links.
    pub public_url: String,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// A session ends after this many minutes without a request; its sign-in with it.
    pub session_idle_minutes: i64,
    /// The relying party of passkeys; `None` when the app is not reached by a domain name.
    pub passkeys: Option<Arc<webauthn_rs::Webauthn>>,
}

impl AppState {
    /// The state provided to this request, or an internal error if the router forgot it.
    #[track_caller]
    pub fn current() -> Result<AppState, AppError> {
        let at = std::panic::Location::caller();
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!(%at, "AppState missing from the request context");
            AppError::Internal
        })
    }
}
