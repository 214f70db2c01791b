//! Server functions for the balance: my caseload, the team's balance and its settings,
//! intake advice, moves and personal limits.
// Server functions take one argument per form field, so forms post to them as they are.
#![allow(clippy::too_many_arguments)]

use crate::shared::ids::PersonalLimitId;
use leptos::prelude::*;

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::ClientId;
use crate::caseload::views::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "my_caseload")]
pub async fn my_caseload(team: Option<TeamId>) -> Result<CaseloadOverview, AppError> {
    with_status(super::service::my_caseload(team).await)
}

#[server(prefix = "/api", endpoint = "team_balance")]
pub async fn team_balance(team: TeamId) -> Result<BalanceOverview, AppError> {
    with_status(super::service::team_balance(team).await)
}

#[server(prefix = "/api", endpoint = "intake_advice")]
pub async fn intake_advice(
    team: TeamId,
    weight: String,
    domains: String,
    avoidance: String,
) -> Result<IntakeResult, AppError> {
    with_status(super::service::intake_advice(team, weight, domains, avoidance).await)
}

#[server(prefix = "/api", endpoint = "apply_move")]
pub async fn apply_move(
    team: TeamId,
    client: ClientId,
    from: UserId,
    to: UserId,
) -> Result<(), AppError> {
    with_status(super::service::apply_move(team, client, from, to).await)
}

#[server(prefix = "/api", endpoint = "set_capacity")]
pub async fn set_capacity(team: TeamId, user: UserId, points: String) -> Result<(), AppError> {
    with_status(super::service::set_capacity(team, user, points).await)
}

#[server(prefix = "/api", endpoint = "save_team_settings")]
pub async fn save_team_settings(
    team: TeamId,
    norm_per_fte: String,
    secondary_fraction: String,
    members_see_balance: Option<String>,
    load_per_fte: String,
    load_per_fte_on: Option<String>,
    avoiders_per_member: String,
    avoiders_per_member_on: Option<String>,
    avoider_share: String,
    avoider_share_on: Option<String>,
) -> Result<(), AppError> {
    let form = super::service::SettingsForm {
        norm_per_fte,
        secondary_fraction,
        members_see_balance: members_see_balance.is_some(),
        load_per_fte,
        load_per_fte_on: load_per_fte_on.is_some(),
        avoiders_per_member,
        avoiders_per_member_on: avoiders_per_member_on.is_some(),
        avoider_share,
        avoider_share_on: avoider_share_on.is_some(),
    };
    with_status(super::service::save_team_settings(team, form).await)
}

#[server(prefix = "/api", endpoint = "add_domain")]
pub async fn add_domain(team: TeamId, name: String) -> Result<(), AppError> {
    with_status(super::service::add_domain(team, name).await)
}

#[server(prefix = "/api", endpoint = "add_personal_limit")]
pub async fn add_personal_limit(
    team: TeamId,
    kind: String,
    max: String,
    shared: Option<String>,
) -> Result<(), AppError> {
    with_status(super::service::add_personal_limit(team, kind, max, shared.is_some()).await)
}

#[server(prefix = "/api", endpoint = "share_personal_limit")]
pub async fn share_personal_limit(limit: PersonalLimitId, shared: bool) -> Result<(), AppError> {
    with_status(super::service::share_personal_limit(limit, shared).await)
}

#[server(prefix = "/api", endpoint = "delete_personal_limit")]
pub async fn delete_personal_limit(limit: PersonalLimitId) -> Result<(), AppError> {
    with_status(super::service::delete_personal_limit(limit).await)
}
