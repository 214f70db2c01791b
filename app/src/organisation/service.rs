//! The server-side logic of the organisation's settings; only its admin reads or changes them,
//! and every change is written to the audit trail.

use super::store;
use super::views::{OrganisationSettingsView, PoolCandidate};
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, UserId};
use crate::auth::second_factor::admin::has_second_factor;
use crate::auth::second_factor::model::SecondFactorRule;
use crate::error::{AppError, FieldProblem};

pub async fn settings() -> Result<OrganisationSettingsView, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let settings = store::settings(&state.db, actor.organisation_id).await?;
    let people = store::people(&state.db, actor.organisation_id).await?;
    Ok(OrganisationSettingsView {
        name: settings.name,
        visible_to_neighbours: settings.visible_to_neighbours,
        second_factor_rule: settings.second_factor_rule,
        admin_has_second_factor: has_second_factor(&state.db, actor.user_id).await?,
        people: people
            .into_iter()
            .map(|p| PoolCandidate {
                id: p.id,
                display_name: p.display_name,
                in_pool: p.in_facilitator_pool,
            })
            .collect(),
    })
}

/// Saves the settings. Requiring a second factor ends, at their next request, every sign-in
/// that did not pass one; an admin without one would end their own, so they set one up first.
pub async fn save(
    visible_to_neighbours: Option<String>,
    second_factor_rule: String,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let rule = SecondFactorRule::parse(&second_factor_rule).ok_or(AppError::invalid(
        "second_factor_rule",
        FieldProblem::UnknownChoice,
    ))?;
    if rule != SecondFactorRule::Off && !has_second_factor(&state.db, actor.user_id).await? {
        return Err(AppError::invalid(
            "second_factor_rule",
            FieldProblem::SecondFactorFirst,
        ));
    }
    let visible = visible_to_neighbours.is_some();
    store::save_settings(&state.db, actor.organisation_id, visible, rule).await?;
    let subject = format!(
        "organisation:{} visible:{visible} second_factor:{}",
        actor.organisation_id,
        rule.as_str()
    );
    audit::by_actor(&state.db, &actor, "organisation.settings", &subject).await
}

pub async fn set_in_pool(user: UserId, in_pool: bool) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    store::set_in_pool(&state.db, actor.organisation_id, user, in_pool).await?;
    let action = if in_pool { "pool.add" } else { "pool.remove" };
    audit::by_actor(&state.db, &actor, action, &format!("user:{user}")).await
}
