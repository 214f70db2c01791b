//! The personal export: everything the app holds about one person, as one JSON document that
//! explains itself.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalExport {
    /// What each part holds, in Dutch and English.
    pub about: Vec<String>,
    pub exported_at: DateTime<Utc>,
    pub account: ExportAccount,
    pub memberships: Vec<ExportMembership>,
    pub signals: Vec<ExportSignal>,
    pub movements: Vec<ExportMovement>,
    pub help_requests: Vec<ExportHelpRequest>,
    pub personal_limits: Vec<ExportLimit>,
    pub availability: Vec<ExportWindow>,
    pub absences: Vec<ExportAbsence>,
    pub sessions: Vec<ExportSession>,
    pub session_preparations: Vec<ExportPreparation>,
    pub actions: Vec<ExportAction>,
    pub visit_reflections: Vec<ExportReflection>,
    pub sign_ins: Vec<ExportSignIn>,
    /// The second factors: whether an authenticator app is set up, and each passkey. Secrets,
    /// public keys and recovery codes stay out: they prove nothing to anyone but the server.
    pub second_factors: ExportSecondFactors,
    pub notifications: Vec<ExportNotification>,
    /// What the person did that the audit trail recorded.
    pub audit_trail: Vec<ExportAudit>,
    /// What is left out, and why.
    pub not_included: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSecondFactors {
    pub authenticator_app_since: Option<DateTime<Utc>>,
    pub passkeys: Vec<ExportPasskey>,
    pub recovery_codes_left: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportPasskey {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportAccount {
    pub display_name: String,
    pub email: String,
    pub organisation: String,
    pub language: Option<String>,
    pub is_admin: bool,
    pub in_facilitator_pool: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportMembership {
    pub team: String,
    pub role: String,
    pub fte: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportSignal {
    pub logged_at: DateTime<Utc>,
    pub team: String,
    pub client_code: Option<String>,
    pub intensity: i64,
    pub kinds: String,
    pub strain: Option<String>,
    pub reaction: Option<String>,
    pub moral_dilemma: bool,
    pub note: String,
    pub visibility: String,
    pub resolved_at: Option<DateTime<Utc>>,
    pub helped: String,
}

/// A request for help one is part of, on either side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportHelpRequest {
    pub created_at: DateTime<Utc>,
    /// `author` (one's own stuck moment) or `helper`.
    pub side: String,
    pub initiative: String,
    pub status: String,
    pub other: String,
    pub question: String,
    pub starts_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportMovement {
    pub team: String,
    pub client_code: String,
    pub noted_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportLimit {
    pub team: String,
    pub kind: String,
    pub domain: Option<String>,
    pub min_level: Option<i64>,
    pub max_count: i64,
    pub shared_with_leader: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportWindow {
    pub weekday: i64,
    pub starts: String,
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportAbsence {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportSession {
    pub team: String,
    pub kind: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub status: String,
    pub facilitated: bool,
    pub presented: bool,
    /// The question, for the person who brought it.
    pub question: Option<String>,
    /// Whether they said they would come: pending, yes or no.
    pub answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportPreparation {
    pub session_starts_at: Option<DateTime<Utc>>,
    pub prompt: i64,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportAction {
    pub description: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportReflection {
    pub side: String,
    pub struck: String,
    pub take_away: String,
    pub share_wider: bool,
    pub written_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportSignIn {
    pub device: String,
    pub address: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportNotification {
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ExportAudit {
    pub action: String,
    pub subject: String,
    pub at: DateTime<Utc>,
}
