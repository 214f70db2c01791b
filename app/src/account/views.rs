//! What the own-account page shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One place the person is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInView {
    pub id: String,
    /// "Browser · system"; empty when the browser did not say.
    pub device: String,
    pub address: String,
    pub since: DateTime<Utc>,
    pub last_active: DateTime<Utc>,
    /// The sign-in of the browser that asks.
    pub this_one: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub display_name: String,
    pub email: String,
    /// The language the person chose, if they chose one.
    pub language: Option<String>,
    /// Live sign-ins, this one first, then the most recently active.
    pub sign_ins: Vec<SignInView>,
}
