//! What the retention page shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::RetentionPeriods;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionView {
    pub periods: RetentionPeriods,
    pub defaults: RetentionPeriods,
    /// When the daily job last applied them, and what it did (as logged).
    pub last_applied: Option<(DateTime<Utc>, String)>,
}
