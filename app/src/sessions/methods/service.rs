//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::Utc;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need};
use crate::error::{AppError, FieldProblem};
use crate::sessions::methods::form::{
    LibraryShelf, MethodDraft, MethodEditing, MethodOwner, ORGANISATION, OwnerChoice,
};
use crate::sessions::methods::store;
use crate::sessions::model::{Method, MethodId};
use crate::sessions::plan::service::{PLANNERS, method_library};
use crate::state::AppState;
use crate::teams::directory::team_name;

/// The owners the reader may give a method: the teams they plan for, and the
/// organisation when they are its admin.
fn owners_of(actor: &Actor) -> Vec<MethodOwner> {
    let mut owners: Vec<MethodOwner> = actor
        .memberships
        .iter()
        .filter(|m| PLANNERS.contains(&m.role))
        .map(|m| MethodOwner::Team(m.team_id))
        .collect();
    if actor.is_admin {
        owners.push(MethodOwner::Organisation);
    }
    owners
}

fn may_edit(actor: &Actor, method: &Method) -> bool {
    !method.seeded && owners_of(actor).contains(&MethodOwner::of(method))
}

/// What the guard must allow for this owner.
fn need_for(owner: MethodOwner) -> Need {
    match owner {
        MethodOwner::Team(team) => Need::TeamRole(team, PLANNERS),
        MethodOwner::Organisation => Need::OrganisationAdmin,
    }
}

/// A stored method the reader can see (seeded, their organisation's, or one of their
/// teams'); anything else is not found.
async fn visible(state: &AppState, actor: &Actor, id: MethodId) -> Result<Method, AppError> {
    let (method, org) = store::method(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sees = method.seeded
        || (org == Some(actor.organisation_id)
            && method.team.is_none_or(|team| actor.role_in(team).is_some()));
    if sees {
        Ok(method)
    } else {
        Err(AppError::NotFound)
    }
}

/// A stored method the reader may edit: seeded ones and other people's are forbidden.
async fn editable(state: &AppState, actor: &Actor, id: MethodId) -> Result<Method, AppError> {
    let method = visible(state, actor, id).await?;
    if may_edit(actor, &method) {
        Ok(method)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn owner_choices(
    state: &AppState,
    owners: &[MethodOwner],
) -> Result<Vec<OwnerChoice>, AppError> {
    let mut out = Vec::with_capacity(owners.len());
    for owner in owners {
        out.push(OwnerChoice {
            owner: *owner,
            name: match owner {
                MethodOwner::Team(team) => team_name(&state.db, *team).await?,
                MethodOwner::Organisation => String::new(),
            },
        });
    }
    Ok(out)
}

pub async fn shelf() -> Result<LibraryShelf, AppError> {
    let (_, actor) = authorize(Need::SignedIn).await?;
    let methods = method_library().await?;
    let editable = methods
        .iter()
        .filter(|m| may_edit(&actor, m))
        .map(|m| m.id)
        .collect();
    Ok(LibraryShelf {
        methods,
        may_add: !owners_of(&actor).is_empty(),
        editable,
    })
}

pub async fn for_edit(
    id: Option<MethodId>,
    from: Option<MethodId>,
) -> Result<MethodEditing, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let owners = owners_of(&actor);
    if let Some(id) = id {
        let method = editable(&state, &actor, id).await?;
        return Ok(MethodEditing {
            id: Some(id),
            draft: MethodDraft::from_method(&method, MethodOwner::of(&method).as_value()),
            owners: owner_choices(&state, &owners).await?,
        });
    }
    let Some(first) = owners.first() else {
        return Err(AppError::Forbidden);
    };
    let draft = match from {
        Some(from) => {
            let method = visible(&state, &actor, from).await?;
            let mut draft = MethodDraft::from_method(&method, first.as_value());
            draft.name_nl = format!("{} (kopie)", draft.name_nl);
            draft.name_en = format!("{} (copy)", draft.name_en);
            draft
        }
        None => MethodDraft::blank(first.as_value()),
    };
    Ok(MethodEditing {
        id: None,
        draft,
        owners: owner_choices(&state, &owners).await?,
    })
}

pub async fn save(id: Option<MethodId>, draft: MethodDraft) -> Result<MethodId, AppError> {
    let owner = match draft.owner.trim() {
        "" => return Err(AppError::invalid("owner", FieldProblem::Required)),
        ORGANISATION => MethodOwner::Organisation,
        raw => MethodOwner::Team(
            raw.parse()
                .map_err(|_| AppError::invalid("owner", FieldProblem::UnknownChoice))?,
        ),
    };
    let (state, actor) = authorize(need_for(owner)).await?;
    if let Some(id) = id {
        editable(&state, &actor, id).await?;
    }
    let (owner, method) = draft.parse(&[owner])?;
    let saved = store::save_own(
        &state.db,
        actor.organisation_id,
        owner,
        id,
        &method,
        Utc::now(),
    )
    .await?;
    let action = if id.is_some() {
        "method.update"
    } else {
        "method.create"
    };
    audit::by_actor(&state.db, &actor, action, &format!("method:{saved}")).await?;
    Ok(saved)
}
