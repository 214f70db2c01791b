//! What the pages show of passkeys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::shared::ids::PasskeyId;

/// One of the person's own passkeys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PasskeyView {
    pub id: PasskeyId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}
