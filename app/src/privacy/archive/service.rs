//! The organisation's archive, for its admin: what it will hold (counted first, for the page),
//! and the archive itself, written as a ZIP stream while the browser receives it, so that a
//! large organisation needs no more memory than a small one.

use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipEntryBuilder};
use chrono::Utc;
use futures::AsyncWriteExt;
use tokio::io::AsyncWrite;

use super::model::{ABOUT, ArchiveFile, LEFT_OUT, Manifest, ManifestFile};
use super::store;
use super::views::{ArchivePreview, PreviewFile};
use crate::audit;
use crate::auth::guard::{authorize, authorize_session};
use crate::auth::model::{Actor, Need};
use crate::db::Db;
use crate::error::AppError;
use crate::state::AppState;

pub async fn preview() -> Result<ArchivePreview, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let mut files = Vec::with_capacity(ArchiveFile::ALL.len());
    for file in ArchiveFile::ALL {
        files.push(PreviewFile {
            file,
            rows: store::count(&state.db, actor.organisation_id, file).await?,
        });
    }
    Ok(ArchivePreview {
        organisation: actor.organisation_name,
        files,
        left_out: LEFT_OUT.iter().map(|s| (*s).to_owned()).collect(),
    })
}

/// Checks the admin and records the download, before any byte is written.
pub async fn begin(state: &AppState, session: &tower_sessions::Session) -> Result<Actor, AppError> {
    let actor = authorize_session(state, session, Need::OrganisationAdmin).await?;
    let subject = format!("organisation:{}", actor.organisation_id);
    audit::by_actor(&state.db, &actor, "export.organisation", &subject).await?;
    Ok(actor)
}

/// Writes the archive into `out`: each file in turn, then `manifest.json`.
pub async fn write_archive<W: AsyncWrite + Unpin>(
    db: &Db,
    actor: &Actor,
    out: W,
) -> Result<(), AppError> {
    let mut zip = ZipFileWriter::with_tokio(out);
    let mut files = Vec::with_capacity(ArchiveFile::ALL.len());
    for file in ArchiveFile::ALL {
        let entry = ZipEntryBuilder::new(file.name().to_owned().into(), Compression::Deflate);
        let mut writer = zip.write_entry_stream(entry).await.map_err(zip_failed)?;
        let (columns, rows) =
            store::write_csv(db, actor.organisation_id, file, &mut writer).await?;
        writer.close().await.map_err(zip_failed)?;
        files.push(ManifestFile {
            name: file.name().to_owned(),
            rows,
            columns,
            about: file.about().to_owned(),
        });
    }
    let manifest = Manifest {
        organisation: actor.organisation_name.clone(),
        exported_at: Utc::now(),
        about: ABOUT.to_owned(),
        files,
        left_out: LEFT_OUT.iter().map(|s| (*s).to_owned()).collect(),
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(|_| AppError::Internal)?;
    let entry = ZipEntryBuilder::new("manifest.json".to_owned().into(), Compression::Deflate);
    zip.write_entry_whole(entry, &json)
        .await
        .map_err(zip_failed)?;
    let mut out = zip.close().await.map_err(zip_failed)?;
    out.close().await.map_err(|_| AppError::Internal)?;
    Ok(())
}

fn zip_failed(err: async_zip::error::ZipError) -> AppError {
    // Mostly a download the reader cancelled.
    tracing::info!(error = %err, "archive stream ended early");
    AppError::Internal
}
