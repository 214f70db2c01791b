//! Server functions for importing a caseload from a spreadsheet file.
// Server functions take one argument per form field, so forms post to them as they are.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::auth::model::TeamId;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "preview_import")]
pub async fn preview_import(
    team: TeamId,
    text: String,
) -> Result<crate::caseload::views::ImportCheck, AppError> {
    with_status(super::service::preview_import(team, text).await)
}

#[server(prefix = "/api", endpoint = "apply_import")]
pub async fn apply_import(
    team: TeamId,
    text: String,
) -> Result<crate::caseload::views::ImportCheck, AppError> {
    with_status(super::service::apply_import(team, text).await)
}
