//! The server-side logic behind `api.rs`: the organisation admin changes who is in which
//! team, in which role. Each function authorises first, then parses, and every change is
//! written to the audit trail.

use super::model::{MembershipForm, PersonFile, TeamMove};
use super::store;
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId, UserId};
use crate::error::AppError;

pub async fn person_file(user: UserId) -> Result<PersonFile, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    store::person_file(&state.db, actor.organisation_id, user).await
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
