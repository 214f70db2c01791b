//! What the organisation settings page shows.

use serde::{Deserialize, Serialize};

use crate::auth::model::UserId;
use crate::auth::second_factor::model::SecondFactorRule;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSettingsView {
    pub name: String,
    pub visible_to_neighbours: bool,
    pub second_factor_rule: SecondFactorRule,
    /// The admin asking has a second factor; without one they cannot require them.
    pub admin_has_second_factor: bool,
    /// Every active person, and whether they are in the facilitator pool.
    pub people: Vec<PoolCandidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolCandidate {
    pub id: UserId,
    pub display_name: String,
    pub in_pool: bool,
}
