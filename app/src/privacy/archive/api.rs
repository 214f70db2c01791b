//! Server functions of the organisation's archive; the archive itself is a plain download
//! (`/admin/archive.zip`), served by the server's router.

use leptos::prelude::*;

use super::views::ArchivePreview;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "archive_contents")]
pub async fn archive_contents() -> Result<ArchivePreview, AppError> {
    with_status(super::service::preview().await)
}
