//! The audit trail, which is also the access log of NEN 7513: who opened or did what to which
//! record, when, and from which address. Subjects are ids and codes, never free text that could
//! hold personal details. Entries are only ever appended; the admin reads and exports them
//! (`/admin/access-log`), and each person sees who opened the files of the clients they carry.
//!
//! Recording is open to every capability (`record`, `by_actor`); reading is this folder's own.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

#[cfg(feature = "ssr")]
use chrono::Utc;

#[cfg(feature = "ssr")]
use crate::auth::model::{Actor, OrganisationId, UserId};
#[cfg(feature = "ssr")]
use crate::db::Db;
#[cfg(feature = "ssr")]
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub async fn record(
    db: &Db,
    organisation: OrganisationId,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    let address = request_address().await;
    store::append(
        db,
        organisation,
        actor,
        action,
        subject,
        &address,
        Utc::now(),
    )
    .await
}

/// The address the request came from (behind a trusted proxy, the one it saw); empty for work
/// that no request asked for, such as the background jobs.
#[cfg(feature = "ssr")]
async fn request_address() -> String {
    match leptos::prelude::use_context::<crate::state::AppState>() {
        Some(state) => crate::auth::guard::client_address(&state).await,
        None => String::new(),
    }
}

/// Records what a signed-in actor did; the usual call from a server function.
#[cfg(feature = "ssr")]
pub async fn by_actor(db: &Db, actor: &Actor, action: &str, subject: &str) -> Result<(), AppError> {
    record(
        db,
        actor.organisation_id,
        Some(actor.user_id),
        action,
        subject,
    )
    .await
}

/// The latest entry of `action` in the organisation's log, with its subject: when a job last
/// ran, and what it did.
#[cfg(feature = "ssr")]
pub async fn last_of(
    db: &Db,
    organisation: OrganisationId,
    action: &str,
) -> Result<Option<(chrono::DateTime<Utc>, String)>, AppError> {
    store::last_of(db, organisation, action).await
}
