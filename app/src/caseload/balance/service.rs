//! The server-side logic behind the balance's server functions.

use crate::shared::ids::{DomainId, PersonalLimitId};
use chrono::Utc;

use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId, TeamRole, UserId, permits};
use crate::caseload::balance::intake::{NewClientProfile, advise_intake};
use crate::caseload::balance::model::{
    ClientId, PersonalLimitKind, load_ceiling, member_figures, team_figures, team_totals,
};
use crate::caseload::balance::rebalance::suggest_moves;
use crate::caseload::balance::store::TeamSettings;
use crate::caseload::store::{self, LoadedTeam};
use crate::caseload::views::*;
use crate::error::{AppError, FieldProblem};
use crate::teams::limits::LimitKind;
use crate::ui::time::today;

use crate::caseload::service::{LEADER, after_write, audit, team_choices, team_ref};
use crate::shared::parse::{parse_count, parse_decimal};

fn limit_view(team: &LoadedTeam, limit: &crate::caseload::balance::model::LimitUse) -> LimitView {
    LimitView {
        id: limit.limit.id,
        kind: limit.limit.kind,
        domain_name: match limit.limit.kind {
            PersonalLimitKind::Domain(d) => Some(team.domain_name(d)),
            _ => None,
        },
        max: limit.limit.max,
        count: limit.count,
        shared: limit.limit.shared,
    }
}

pub async fn my_caseload(team: Option<TeamId>) -> Result<CaseloadOverview, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let team = team
        .or_else(|| {
            actor
                .memberships
                .iter()
                .find(|m| m.role == TeamRole::Member)
                .map(|m| m.team_id)
        })
        .or_else(|| actor.memberships.first().map(|m| m.team_id))
        .ok_or(AppError::NotFound)?;
    // One trip through the request's context per call; the team is checked on the same
    // actor.
    permits(&actor, Need::TeamRole(team, &TeamRole::ALL))?;
    let mut loaded = store::load_team(&state.db, team, today()).await?;
    // Only this person's own limits, private ones included: they are theirs.
    loaded
        .snapshot
        .personal_limits
        .retain(|l| l.owner == actor.user_id);
    let me = crate::caseload::balance::model::MemberInput {
        user_id: actor.user_id,
        fte: loaded
            .members
            .iter()
            .find(|m| m.person.id == actor.user_id)
            .map_or(0.0, |m| m.fte),
        capacity_override: loaded
            .members
            .iter()
            .find(|m| m.person.id == actor.user_id)
            .and_then(|m| m.capacity_override),
        experience: Default::default(),
    };
    let figures = member_figures(&loaded.snapshot, &me);
    let clients = loaded
        .snapshot
        .clients
        .iter()
        .filter(|c| c.primary == Some(actor.user_id) || c.secondary == Some(actor.user_id))
        .map(|c| loaded.row(c))
        .collect();
    let limits = figures
        .limits
        .iter()
        .map(|l| limit_view(&loaded, l))
        .collect();
    Ok(CaseloadOverview {
        team: team_ref(&actor, team),
        teams: actor
            .memberships
            .iter()
            .map(|m| TeamRef {
                id: m.team_id,
                name: m.team_name.clone(),
            })
            .collect(),
        ceiling: load_ceiling(&me, &loaded.settings.policy),
        figures,
        clients,
        domains: loaded.domains.clone(),
        limits,
        policy: loaded.settings.policy.clone(),
    })
}

pub async fn team_balance(team: TeamId) -> Result<BalanceOverview, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, &TeamRole::ALL)).await?;
    let leads = permits(&actor, Need::TeamRole(team, LEADER)).is_ok();
    let mut loaded = store::load_team(&state.db, team, today()).await?;
    if !leads && !loaded.settings.members_see_balance {
        return Err(AppError::Forbidden);
    }
    // Private limits never leave their owner; members who may look see no limits at all.
    loaded
        .snapshot
        .personal_limits
        .retain(|l| leads && l.shared);
    let figures = team_figures(&loaded.snapshot);
    let totals = team_totals(&loaded.snapshot, &figures);
    let rows = loaded
        .members
        .iter()
        .zip(loaded.snapshot.members.iter())
        .zip(figures)
        .map(|((m, input), figures)| BalanceRow {
            person: m.person.clone(),
            fte: m.fte,
            capacity_override: m.capacity_override,
            ceiling: load_ceiling(input, &loaded.settings.policy),
            figures,
        })
        .collect::<Vec<_>>();
    let shared_limits = rows
        .iter()
        .flat_map(|r| {
            r.figures
                .limits
                .iter()
                .map(|l| (r.person.id, limit_view(&loaded, l)))
        })
        .collect();
    let plan = leads.then(|| plan_view(&loaded));
    Ok(BalanceOverview {
        team: team_ref(&actor, team),
        leads,
        rows,
        totals,
        policy: loaded.settings.policy.clone(),
        limits: loaded.settings.limits.clone(),
        members_see_balance: loaded.settings.members_see_balance,
        domains: loaded.domains.clone(),
        plan,
        shared_limits,
    })
}

fn plan_view(loaded: &LoadedTeam) -> PlanView {
    let plan = suggest_moves(&loaded.snapshot);
    let today = loaded.snapshot.today;
    let moves = plan
        .moves
        .iter()
        .filter_map(|m| {
            let client = loaded.snapshot.clients.iter().find(|c| c.id == m.client)?;
            let months = today
                .signed_duration_since(client.primary_since)
                .num_days()
                .max(0)
                / 30;
            Some(MoveView {
                client: m.client,
                code: loaded
                    .codes
                    .get(&m.client)
                    .map(|c| c.0.clone())
                    .unwrap_or_default(),
                avoidance: client.avoidance,
                months_together: u32::try_from(months).unwrap_or(0),
                from: loaded.person(m.from),
                to: loaded.person(m.to),
                cost: m.cost,
                to_was_secondary: m.to_was_secondary,
            })
        })
        .collect();
    PlanView { moves, plan }
}

pub async fn intake_advice(
    team: TeamId,
    weight: String,
    domains: String,
    avoidance: String,
) -> Result<IntakeResult, AppError> {
    let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
    let mut loaded = store::load_team(&state.db, team, today()).await?;
    let known: Vec<DomainId> = loaded.domains.iter().map(|d| d.id).collect();
    let profile = NewClientProfile {
        weight: parse_weight("weight", &weight)?,
        domains: parse_domains("domains", &domains, &known)?,
        avoidance: parse_level("avoidance", &avoidance)?,
    };
    loaded.snapshot.personal_limits.retain(|l| l.shared);
    let advice = advise_intake(&loaded.snapshot, &profile)
        .into_iter()
        .map(|a| (loaded.person(a.user_id), a))
        .collect();
    Ok(IntakeResult {
        advice,
        domains: loaded.domains.clone(),
    })
}

pub async fn apply_move(
    team: TeamId,
    client: ClientId,
    from: UserId,
    to: UserId,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    if crate::caseload::clients::store::client_team(&state.db, client).await? != Some(team) {
        return Err(AppError::Forbidden);
    }
    let (_, members) = team_choices(&state, team).await?;
    if !members.contains(&to) {
        return Err(AppError::invalid("to", FieldProblem::UnknownChoice));
    }
    crate::caseload::clients::store::apply_move(
        &state.db,
        client,
        from,
        to,
        actor.user_id,
        today(),
        Utc::now(),
    )
    .await?;
    audit(
        &state,
        &actor,
        "caseload.move",
        format!("client:{client} from:{from} to:{to}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn set_capacity(team: TeamId, user: UserId, points: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let points = if points.trim().is_empty() {
        None
    } else {
        Some(parse_decimal("points", &points, 0.0, 500.0)?)
    };
    crate::caseload::balance::store::set_capacity_override(&state.db, team, user, points).await?;
    audit(
        &state,
        &actor,
        "capacity.set",
        format!("team:{team} user:{user}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

pub struct SettingsForm {
    pub norm_per_fte: String,
    pub secondary_fraction: String,
    pub members_see_balance: bool,
    pub load_per_fte: String,
    pub load_per_fte_on: bool,
    pub avoiders_per_member: String,
    pub avoiders_per_member_on: bool,
    pub avoider_share: String,
    pub avoider_share_on: bool,
}

pub async fn save_team_settings(team: TeamId, form: SettingsForm) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let mut settings: TeamSettings =
        crate::caseload::balance::store::team_settings(&state.db, team).await?;
    settings.policy.norm_per_fte = parse_decimal("norm_per_fte", &form.norm_per_fte, 1.0, 200.0)?;
    settings.policy.secondary_fraction =
        parse_decimal("secondary_fraction", &form.secondary_fraction, 0.0, 1.0)?;
    settings.members_see_balance = form.members_see_balance;
    let fields = [
        (
            LimitKind::LoadPerFte,
            "load_per_fte",
            &form.load_per_fte,
            form.load_per_fte_on,
        ),
        (
            LimitKind::AvoidersPerMember,
            "avoiders_per_member",
            &form.avoiders_per_member,
            form.avoiders_per_member_on,
        ),
        (
            LimitKind::AvoiderSharePerMember,
            "avoider_share",
            &form.avoider_share,
            form.avoider_share_on,
        ),
    ];
    for (kind, field, raw, on) in fields {
        let (min, max) = kind.bounds();
        let threshold = parse_decimal(field, raw, min, max)?;
        if let Some(limit) = settings.limits.iter_mut().find(|l| l.kind == kind) {
            limit.threshold = threshold;
            limit.active = on;
        }
    }
    crate::caseload::balance::store::save_team_settings(&state.db, team, &settings, Utc::now())
        .await?;
    audit(&state, &actor, "team.limits", format!("team:{team}")).await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn add_domain(team: TeamId, name: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let name = parse_domain_name("name", &name)?;
    let id = store::add_domain(&state.db, team, &name).await?;
    audit(
        &state,
        &actor,
        "domain.add",
        format!("team:{team} domain:{id}"),
    )
    .await
}

/// `kind` is "clients", "avoiders:<level>" or "domain:<id>".
pub async fn add_personal_limit(
    team: TeamId,
    kind: String,
    max: String,
    shared: bool,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, &TeamRole::ALL)).await?;
    let (domains, _) = team_choices(&state, team).await?;
    let unknown = || AppError::invalid("kind", FieldProblem::UnknownChoice);
    let kind = match kind.split_once(':') {
        None if kind == "clients" => PersonalLimitKind::Clients,
        Some(("avoiders", level)) => {
            PersonalLimitKind::Avoiders(parse_level("kind", level)?.ok_or_else(unknown)?)
        }
        Some(("domain", id)) => PersonalLimitKind::Domain(
            *parse_domains("kind", id, &domains)?
                .first()
                .ok_or_else(unknown)?,
        ),
        _ => return Err(unknown()),
    };
    let max = parse_count("max", &max, 0, 200)?;
    crate::caseload::balance::store::add_personal_limit(
        &state.db,
        actor.user_id,
        team,
        kind,
        max,
        shared,
        Utc::now(),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn share_personal_limit(limit: PersonalLimitId, shared: bool) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    crate::caseload::balance::store::set_limit_shared(&state.db, actor.user_id, limit, shared).await
}

pub async fn delete_personal_limit(limit: PersonalLimitId) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    crate::caseload::balance::store::delete_personal_limit(&state.db, actor.user_id, limit).await
}
