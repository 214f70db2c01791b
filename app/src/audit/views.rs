//! What the access log pages show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;

/// One entry of the log, as a reader sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    /// Who did it; empty for the app's own background work.
    pub who: String,
    pub action: String,
    pub subject: String,
    /// The client the entry is about, while that client exists.
    pub client_code: Option<String>,
    pub address: String,
}

/// The admin's view: the selection, newest first, and what the filter offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessLogView {
    pub entries: Vec<LogEntry>,
    /// The selection holds more than is shown; a narrower filter shows the rest.
    pub more: bool,
    /// The organisation's people, to filter on.
    pub people: Vec<(UserId, String)>,
}
