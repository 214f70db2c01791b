//! The server-side logic behind the clients' server functions.

use chrono::Utc;

use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId};
use crate::caseload::balance::model::ClientId;
use crate::caseload::model::{AssignmentRole, AvoidanceObservation, Perspective};
use crate::caseload::store::{self};
use crate::caseload::views::*;
use crate::error::{AppError, FieldProblem};
use crate::ui::time::today;

use crate::caseload::service::{LEADER, after_write, audit, client_access, team_choices, team_ref};
use crate::shared::parse::parse_date;

pub async fn team_clients(team: TeamId) -> Result<ClientList, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let loaded = store::load_team(&state.db, team, today()).await?;
    Ok(ClientList {
        team: team_ref(&actor, team),
        clients: loaded
            .snapshot
            .clients
            .iter()
            .map(|c| loaded.row(c))
            .collect(),
        members: loaded.members.iter().map(|m| m.person.clone()).collect(),
        domains: loaded.domains.clone(),
    })
}

pub async fn create_client(team: TeamId, form: ClientForm) -> Result<ClientId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let (domains, members) = team_choices(&state, team).await?;
    let client = form.parse(&domains, &members)?;
    let id = crate::caseload::clients::store::create_client(
        &state.db,
        team,
        &client,
        actor.user_id,
        today(),
        Utc::now(),
    )
    .await?;
    audit(&state, &actor, "client.create", format!("client:{id}")).await?;
    after_write(&state, team).await;
    Ok(id)
}

pub async fn client_detail(client: ClientId) -> Result<ClientFile, AppError> {
    let (state, actor, team, leads) = client_access(client, false).await?;
    let record = crate::caseload::clients::store::client_record(&state.db, client).await?;
    let loaded = store::load_team(&state.db, team, today()).await?;
    let current = loaded.snapshot.clients.iter().find(|c| c.id == client);
    let row = match current {
        Some(c) => loaded.row(c),
        None => ClientRow {
            id: client,
            code: record.code.clone(),
            weight: record.weight,
            domains: record
                .domain_ids
                .iter()
                .map(|d| loaded.domain_name(*d))
                .collect(),
            avoidance: None,
            primary: None,
            secondary: None,
            start: record.start,
            status: record.status,
        },
    };
    audit(&state, &actor, "client.view", format!("client:{client}")).await?;
    Ok(ClientFile {
        team: team_ref(&actor, team),
        client: ClientRow {
            status: record.status,
            ..row
        },
        note: record.note,
        end: record.end,
        domain_ids: record.domain_ids,
        observations: record.observations,
        history: record.history,
        leads,
        members: loaded.members.iter().map(|m| m.person.clone()).collect(),
        domains: loaded.domains.clone(),
    })
}

pub async fn add_observation(
    client: ClientId,
    observed_on: String,
    level: String,
    perspective: String,
    note: String,
) -> Result<(), AppError> {
    let (state, actor, team, _) = client_access(client, false).await?;
    let observed_on = parse_date("observed_on", &observed_on)?;
    if observed_on > today() {
        return Err(AppError::invalid("observed_on", FieldProblem::OutOfRange));
    }
    let level = parse_level("level", &level)?
        .ok_or_else(|| AppError::invalid("level", FieldProblem::Required))?;
    let perspective = Perspective::parse(&perspective)
        .ok_or_else(|| AppError::invalid("perspective", FieldProblem::UnknownChoice))?;
    let note = parse_note("note", &note)?;
    let observation = AvoidanceObservation {
        observed_on,
        level,
        perspective,
    };
    crate::caseload::clients::store::add_observation(
        &state.db,
        client,
        &observation,
        &note,
        actor.user_id,
        Utc::now(),
    )
    .await?;
    audit(&state, &actor, "client.observe", format!("client:{client}")).await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn update_client(
    client: ClientId,
    weight: String,
    domains: String,
    note: String,
) -> Result<(), AppError> {
    let (state, actor, team, _) = client_access(client, true).await?;
    let (known, _) = team_choices(&state, team).await?;
    let weight = parse_weight("weight", &weight)?;
    let domains = parse_domains("domains", &domains, &known)?;
    let note = parse_note("note", &note)?;
    crate::caseload::clients::store::update_client(&state.db, client, weight, &domains, &note)
        .await?;
    audit(&state, &actor, "client.update", format!("client:{client}")).await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn close_client(client: ClientId) -> Result<(), AppError> {
    let (state, actor, team, _) = client_access(client, true).await?;
    crate::caseload::clients::store::close_client(&state.db, client, today()).await?;
    audit(&state, &actor, "client.close", format!("client:{client}")).await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn assign_client(
    client: ClientId,
    primary: String,
    secondary: String,
) -> Result<(), AppError> {
    let (state, actor, team, _) = client_access(client, true).await?;
    let (_, members) = team_choices(&state, team).await?;
    let primary = parse_member("primary", &primary, &members)?;
    let secondary = parse_member("secondary", &secondary, &members)?;
    if primary.is_some() && primary == secondary {
        return Err(AppError::invalid(
            "secondary",
            FieldProblem::SameMemberTwice,
        ));
    }
    let (today, now) = (today(), Utc::now());
    // Clear the secondary first so that a swap of roles does not collide.
    crate::caseload::clients::store::assign(
        &state.db,
        client,
        AssignmentRole::Secondary,
        None,
        actor.user_id,
        today,
        now,
    )
    .await?;
    crate::caseload::clients::store::assign(
        &state.db,
        client,
        AssignmentRole::Primary,
        primary,
        actor.user_id,
        today,
        now,
    )
    .await?;
    crate::caseload::clients::store::assign(
        &state.db,
        client,
        AssignmentRole::Secondary,
        secondary,
        actor.user_id,
        today,
        now,
    )
    .await?;
    audit(&state, &actor, "client.assign", format!("client:{client}")).await?;
    after_write(&state, team).await;
    Ok(())
}
