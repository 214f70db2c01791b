//! Server functions for a team's or organisation's own methods. A team method is added and
//! edited by the team's leader or facilitator, an organisation method by an organisation
//! admin. Seeded methods are read-only (403); a method the reader cannot see is not there
//! (404).

use crate::error::AppError;
use crate::sessions::methods::form::{LibraryShelf, MethodDraft, MethodEditing};
use crate::sessions::model::MethodId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::error::with_status;

/// The library, with whether the reader may add methods and which ones they may edit.
#[server(prefix = "/api", endpoint = "method_shelf")]
pub async fn method_shelf() -> Result<LibraryShelf, AppError> {
    with_status(super::service::shelf().await)
}

/// What the method form starts from: an own method to edit (`id`), a copy of any visible
/// method (`from`), or an empty form.
#[server(prefix = "/api", endpoint = "method_for_edit")]
pub async fn method_for_edit(
    id: Option<MethodId>,
    from: Option<MethodId>,
) -> Result<MethodEditing, AppError> {
    with_status(super::service::for_edit(id, from).await)
}

/// Saves the form as a new method (`id` empty) or over an own method, all or nothing.
#[server(prefix = "/api", endpoint = "save_own_method", input = Json)]
pub async fn save_own_method(
    id: Option<MethodId>,
    draft: MethodDraft,
) -> Result<MethodId, AppError> {
    with_status(super::service::save(id, draft).await)
}
