//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::Utc;

use crate::auth::guard::authorize;
use crate::auth::links;
use crate::auth::model::{Need, UserId};
use crate::error::{AppError, FieldProblem};
use crate::teams::model::{NewAccount, NewTeam};
use crate::teams::model::{OneTimeLink, OrganisationOverview};
use crate::teams::store;
use crate::{audit, auth};

pub async fn admin_overview() -> Result<OrganisationOverview, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let org = actor.organisation_id;
    Ok(OrganisationOverview {
        organisation_name: store::organisation_name(&state.db, org).await?,
        teams: store::list_teams(&state.db, org).await?,
        accounts: store::list_accounts(&state.db, org).await?,
    })
}

pub async fn create_team(name: String, kind_of_work: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let team = NewTeam::parse(&name, &kind_of_work)?;
    let id = store::create_team(&state.db, actor.organisation_id, &team, Utc::now()).await?;
    audit::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        "team.create",
        &format!("team:{id}"),
    )
    .await
}

pub async fn create_account(
    email: String,
    display_name: String,
    team: String,
    role: String,
    fte: String,
) -> Result<OneTimeLink, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let account = NewAccount::parse(&email, &display_name, &team, &role, &fte)?;
    if let Some((team, _)) = account.team
        && !store::team_in_organisation(&state.db, actor.organisation_id, team).await?
    {
        return Err(AppError::invalid("team", FieldProblem::UnknownTeam));
    }
    let user = store::create_account(
        &state.db,
        actor.organisation_id,
        &account,
        false,
        Utc::now(),
    )
    .await?;
    audit::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        "account.create",
        &format!("user:{user}"),
    )
    .await?;
    issue_link(&state, user, account.display_name).await
}

pub async fn set_account_active(user: UserId, active: bool) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    if user == actor.user_id && !active {
        // An admin locking themself out leaves nobody to undo it.
        return Err(AppError::Forbidden);
    }
    store::set_active(&state.db, actor.organisation_id, user, active).await?;
    let action = if active {
        "account.reactivate"
    } else {
        "account.deactivate"
    };
    audit::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        action,
        &format!("user:{user}"),
    )
    .await
}

/// A new link takes the account over until its holder sets a password, so it ends every
/// session the account has, and its holder is told (in the app, and by email).
pub async fn new_password_link(user: UserId) -> Result<OneTimeLink, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    let name = store::account_name(&state.db, actor.organisation_id, user).await?;
    auth::store::end_sessions(&state.db, user).await?;
    crate::notifications::notify::notify_account(
        &state.db,
        user,
        crate::notifications::model::NotificationKind::PasswordLink,
        Utc::now(),
    )
    .await?;
    audit::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        "account.password_link",
        &format!("user:{user}"),
    )
    .await?;
    issue_link(&state, user, name).await
}

async fn issue_link(
    state: &crate::state::AppState,
    user: UserId,
    for_name: String,
) -> Result<OneTimeLink, AppError> {
    let token = links::new_token();
    let expires = Utc::now() + chrono::Duration::hours(links::LINK_VALID_HOURS);
    auth::store::create_password_link(&state.db, user, &links::hash_token(&token), expires).await?;
    let base = state.settings.public_url.trim_end_matches('/');
    Ok(OneTimeLink {
        for_name,
        url: format!("{base}/set-password/{token}"),
    })
}
