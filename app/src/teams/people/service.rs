//! The server-side logic behind `api.rs`: the organisation admin changes who is in which
//! team, in which role. Each function authorises first, then parses, and every change is
//! written to the audit trail.

use super::model::{MembershipForm, PersonFile, TeamMove};
use super::store;
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId, UserId};
use crate::auth::second_factor::admin as second_factor;
use crate::error::{AppError, FieldProblem};
use crate::notifications::model::NotificationKind;
use crate::notifications::notify::notify_account;
use crate::teams::directory;
use chrono::Utc;

pub async fn person_file(user: UserId) -> Result<PersonFile, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let mut file = store::person_file(&state.db, actor.organisation_id, user).await?;
    file.second_factor = second_factor::has_second_factor(&state.db, user).await?;
    Ok(file)
}

/// The person lost their phone: their second factors go, every session of theirs ends, and
/// they are told, in the app and by email.
pub async fn reset_second_factors(user: UserId) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    directory::account_name(&state.db, actor.organisation_id, user).await?;
    if !second_factor::reset(&state.db, user).await? {
        return Err(AppError::invalid("user", FieldProblem::NotNow));
    }
    notify_account(
        &state.db,
        user,
        NotificationKind::SecondFactorReset,
        Utc::now(),
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        "second_factor.reset",
        &format!("user:{user}"),
    )
    .await
}

pub async fn add_membership(
    user: UserId,
    team: String,
    role: String,
    fte: String,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let form = MembershipForm::parse(&team, &role, &fte)?;
    store::add_membership(&state.db, actor.organisation_id, user, form).await?;
    let subject = format!("user:{user} team:{} role:{}", form.team, form.role.as_str());
    audit::by_actor(&state.db, &actor, "membership.add", &subject).await
}

pub async fn change_membership(
    user: UserId,
    team: String,
    role: String,
    fte: String,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let form = MembershipForm::parse(&team, &role, &fte)?;
    store::change_membership(&state.db, actor.organisation_id, user, form).await?;
    let subject = format!("user:{user} team:{} role:{}", form.team, form.role.as_str());
    audit::by_actor(&state.db, &actor, "membership.change", &subject).await
}

pub async fn remove_membership(user: UserId, team: TeamId) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    store::remove_membership(&state.db, actor.organisation_id, user, team).await?;
    let subject = format!("user:{user} team:{team}");
    audit::by_actor(&state.db, &actor, "membership.remove", &subject).await
}

pub async fn move_membership(
    user: UserId,
    from: String,
    to: String,
    role: String,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let change = TeamMove::parse(&from, &to, &role)?;
    store::move_membership(&state.db, actor.organisation_id, user, change).await?;
    let subject = format!(
        "user:{user} from:{} to:{} role:{}",
        change.from,
        change.to,
        change.role.as_str()
    );
    audit::by_actor(&state.db, &actor, "membership.move", &subject).await
}
