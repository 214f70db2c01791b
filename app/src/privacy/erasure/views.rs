//! What the erasure pages show before anything goes.

use serde::{Deserialize, Serialize};

use crate::auth::model::{TeamId, UserId};
use crate::shared::ids::ClientId;

/// An account as the admin sees it before erasing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountErasureView {
    pub id: UserId,
    pub display_name: String,
    pub active: bool,
    pub erased: bool,
    /// Active clients the person still works with; they are handed over first.
    pub carries: u32,
    /// Their signals, private ones included; only the count is shown.
    pub signals: u32,
}

/// A client as the leader or admin sees it before erasing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientErasureView {
    pub id: ClientId,
    pub code: String,
    pub team: TeamId,
    pub closed: bool,
    /// Records that go with the client: assignments, observations and movements.
    pub records: u32,
    /// Signals and sessions that stay, without the link to the client.
    pub unlinked: u32,
}
