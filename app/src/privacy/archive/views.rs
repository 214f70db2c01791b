//! What the archive page shows before the download.

use serde::{Deserialize, Serialize};

use super::model::ArchiveFile;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivePreview {
    pub organisation: String,
    pub files: Vec<PreviewFile>,
    pub left_out: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewFile {
    pub file: ArchiveFile,
    pub rows: u64,
}
