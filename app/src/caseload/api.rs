//! Server functions for the caseload. Each one authorises first (through `auth::guard`), then
//! calls the store and the pure model, and returns what the page may see.
// Server functions take one argument per form field, so forms post to them as they are.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::balance::ClientId;
use super::views::{BalanceOverview, CaseloadOverview, ClientFile, ClientList, IntakeResult};
use crate::auth::model::{TeamId, UserId};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::error::with_status;

#[server(prefix = "/api", endpoint = "my_caseload")]
pub async fn my_caseload(team: Option<TeamId>) -> Result<CaseloadOverview, AppError> {
    with_status(server::my_caseload(team).await)
}

#[server(prefix = "/api", endpoint = "team_balance")]
pub async fn team_balance(team: TeamId) -> Result<BalanceOverview, AppError> {
    with_status(server::team_balance(team).await)
}

#[server(prefix = "/api", endpoint = "team_clients")]
pub async fn team_clients(team: TeamId) -> Result<ClientList, AppError> {
    with_status(server::team_clients(team).await)
}

#[server(prefix = "/api", endpoint = "create_client")]
pub async fn create_client(
    team: TeamId,
    code: String,
    weight: String,
    domains: String,
    start: String,
    primary: String,
    secondary: String,
    avoidance: String,
    note: String,
) -> Result<ClientId, AppError> {
    let form = super::views::ClientForm {
        code,
        weight,
        domains,
        start,
        primary,
        secondary,
        avoidance,
        note,
    };
    with_status(server::create_client(team, form).await)
}

#[server(prefix = "/api", endpoint = "client_detail")]
pub async fn client_detail(client: ClientId) -> Result<ClientFile, AppError> {
    with_status(server::client_detail(client).await)
}

#[server(prefix = "/api", endpoint = "add_observation")]
pub async fn add_observation(
    client: ClientId,
    observed_on: String,
    level: String,
    perspective: String,
    note: String,
) -> Result<(), AppError> {
    with_status(server::add_observation(client, observed_on, level, perspective, note).await)
}

#[server(prefix = "/api", endpoint = "update_client")]
pub async fn update_client(
    client: ClientId,
    weight: String,
    domains: String,
    note: String,
) -> Result<(), AppError> {
    with_status(server::update_client(client, weight, domains, note).await)
}

#[server(prefix = "/api", endpoint = "close_client")]
pub async fn close_client(client: ClientId) -> Result<(), AppError> {
    with_status(server::close_client(client).await)
}

#[server(prefix = "/api", endpoint = "assign_client")]
pub async fn assign_client(
    client: ClientId,
    primary: String,
    secondary: String,
) -> Result<(), AppError> {
    with_status(server::assign_client(client, primary, secondary).await)
}

#[server(prefix = "/api", endpoint = "intake_advice")]
pub async fn intake_advice(
    team: TeamId,
    weight: String,
    domains: String,
    avoidance: String,
) -> Result<IntakeResult, AppError> {
    with_status(server::intake_advice(team, weight, domains, avoidance).await)
}

#[server(prefix = "/api", endpoint = "apply_move")]
pub async fn apply_move(
    team: TeamId,
    client: ClientId,
    from: UserId,
    to: UserId,
) -> Result<(), AppError> {
    with_status(server::apply_move(team, client, from, to).await)
}

#[server(prefix = "/api", endpoint = "set_capacity")]
pub async fn set_capacity(team: TeamId, user: UserId, points: String) -> Result<(), AppError> {
    with_status(server::set_capacity(team, user, points).await)
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
    let form = server::SettingsForm {
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
    with_status(server::save_team_settings(team, form).await)
}

#[server(prefix = "/api", endpoint = "add_domain")]
pub async fn add_domain(team: TeamId, name: String) -> Result<(), AppError> {
    with_status(server::add_domain(team, name).await)
}

#[server(prefix = "/api", endpoint = "add_personal_limit")]
pub async fn add_personal_limit(
    team: TeamId,
    kind: String,
    max: String,
    shared: Option<String>,
) -> Result<(), AppError> {
    with_status(server::add_personal_limit(team, kind, max, shared.is_some()).await)
}

#[server(prefix = "/api", endpoint = "share_personal_limit")]
pub async fn share_personal_limit(limit: i64, shared: bool) -> Result<(), AppError> {
    with_status(server::share_personal_limit(limit, shared).await)
}

#[server(prefix = "/api", endpoint = "delete_personal_limit")]
pub async fn delete_personal_limit(limit: i64) -> Result<(), AppError> {
    with_status(server::delete_personal_limit(limit).await)
}

#[server(prefix = "/api", endpoint = "preview_import")]
pub async fn preview_import(
    team: TeamId,
    text: String,
) -> Result<super::views::ImportCheck, AppError> {
    with_status(server::preview_import(team, text).await)
}

#[server(prefix = "/api", endpoint = "apply_import")]
pub async fn apply_import(
    team: TeamId,
    text: String,
) -> Result<super::views::ImportCheck, AppError> {
    with_status(server::apply_import(team, text).await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use chrono::Utc;

    use crate::audit;
    use crate::auth::guard::authorize;
    use crate::auth::model::{Actor, Need, TeamId, TeamRole, UserId, permits};
    use crate::caseload::balance::{
        ClientId, PersonalLimitKind, load_ceiling, member_figures, team_figures, team_totals,
    };
    use crate::caseload::import::{ImportContext, parse_caseload_csv};
    use crate::caseload::intake::{NewClientProfile, advise_intake};
    use crate::caseload::model::{AssignmentRole, AvoidanceObservation, Perspective};
    use crate::caseload::rebalance::suggest_moves;
    use crate::caseload::store::{self, LoadedTeam, TeamSettings};
    use crate::caseload::views::*;
    use crate::error::{AppError, FieldProblem};
    use crate::limits::model::LimitKind;
    use crate::state::AppState;
    use crate::ui::time::today;

    const LEADER: &[TeamRole] = &[TeamRole::Leader];

    fn team_ref(actor: &Actor, team: TeamId) -> TeamRef {
        TeamRef {
            id: team,
            name: actor
                .memberships
                .iter()
                .find(|m| m.team_id == team)
                .map(|m| m.team_name.clone())
                .unwrap_or_default(),
        }
    }

    /// Caseload changes move load and avoidance figures: the rules look again at once.
    async fn after_write(state: &AppState, team: TeamId) {
        crate::signals::api::server::after_write(state, team).await;
    }

    async fn audit(
        state: &AppState,
        actor: &Actor,
        action: &str,
        subject: String,
    ) -> Result<(), AppError> {
        audit::record(
            &state.db,
            actor.organisation_id,
            Some(actor.user_id),
            action,
            &subject,
        )
        .await
    }

    /// The team of a client and whether the actor may see (any member assigned, or the leader)
    /// or change it (leader only). Unknown clients and other teams' clients look the same.
    async fn client_access(
        client: ClientId,
        leader_only: bool,
    ) -> Result<(AppState, Actor, TeamId, bool), AppError> {
        let (state, actor) = authorize(Need::SignedIn).await?;
        let team = store::client_team(&state.db, client)
            .await?
            .ok_or(AppError::Forbidden)?;
        let leads = permits(&actor, Need::TeamRole(team, LEADER)).is_ok();
        if leads {
            return Ok((state, actor, team, true));
        }
        if leader_only {
            return Err(AppError::Forbidden);
        }
        permits(&actor, Need::TeamRole(team, &TeamRole::ALL))?;
        if !store::is_assigned(&state.db, client, actor.user_id).await? {
            return Err(AppError::Forbidden);
        }
        Ok((state, actor, team, false))
    }

    fn limit_view(team: &LoadedTeam, limit: &crate::caseload::balance::LimitUse) -> LimitView {
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
        let me = crate::caseload::balance::MemberInput {
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

    async fn team_choices(
        state: &AppState,
        team: TeamId,
    ) -> Result<(Vec<i64>, Vec<UserId>), AppError> {
        let domains = store::domains(&state.db, team)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect();
        let members = store::caseload_members(&state.db, team)
            .await?
            .into_iter()
            .map(|m| m.person.id)
            .collect();
        Ok((domains, members))
    }

    pub async fn create_client(team: TeamId, form: ClientForm) -> Result<ClientId, AppError> {
        let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
        let (domains, members) = team_choices(&state, team).await?;
        let client = form.parse(&domains, &members)?;
        let id = store::create_client(&state.db, team, &client, actor.user_id, today(), Utc::now())
            .await?;
        audit(&state, &actor, "client.create", format!("client:{id}")).await?;
        after_write(&state, team).await;
        Ok(id)
    }

    pub async fn client_detail(client: ClientId) -> Result<ClientFile, AppError> {
        let (state, actor, team, leads) = client_access(client, false).await?;
        let record = store::client_record(&state.db, client).await?;
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
        store::add_observation(
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
        store::update_client(&state.db, client, weight, &domains, &note).await?;
        audit(&state, &actor, "client.update", format!("client:{client}")).await?;
        after_write(&state, team).await;
        Ok(())
    }

    pub async fn close_client(client: ClientId) -> Result<(), AppError> {
        let (state, actor, team, _) = client_access(client, true).await?;
        store::close_client(&state.db, client, today()).await?;
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
        store::assign(
            &state.db,
            client,
            AssignmentRole::Secondary,
            None,
            actor.user_id,
            today,
            now,
        )
        .await?;
        store::assign(
            &state.db,
            client,
            AssignmentRole::Primary,
            primary,
            actor.user_id,
            today,
            now,
        )
        .await?;
        store::assign(
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

    pub async fn intake_advice(
        team: TeamId,
        weight: String,
        domains: String,
        avoidance: String,
    ) -> Result<IntakeResult, AppError> {
        let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
        let mut loaded = store::load_team(&state.db, team, today()).await?;
        let known: Vec<i64> = loaded.domains.iter().map(|d| d.id).collect();
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
        if store::client_team(&state.db, client).await? != Some(team) {
            return Err(AppError::Forbidden);
        }
        let (_, members) = team_choices(&state, team).await?;
        if !members.contains(&to) {
            return Err(AppError::invalid("to", FieldProblem::UnknownChoice));
        }
        store::apply_move(
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
        store::set_capacity_override(&state.db, team, user, points).await?;
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
        let mut settings: TeamSettings = store::team_settings(&state.db, team).await?;
        settings.policy.norm_per_fte =
            parse_decimal("norm_per_fte", &form.norm_per_fte, 1.0, 200.0)?;
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
        store::save_team_settings(&state.db, team, &settings, Utc::now()).await?;
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
        store::add_personal_limit(
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

    pub async fn share_personal_limit(limit: i64, shared: bool) -> Result<(), AppError> {
        let (state, actor) = authorize(Need::SignedIn).await?;
        store::set_limit_shared(&state.db, actor.user_id, limit, shared).await
    }

    pub async fn delete_personal_limit(limit: i64) -> Result<(), AppError> {
        let (state, actor) = authorize(Need::SignedIn).await?;
        store::delete_personal_limit(&state.db, actor.user_id, limit).await
    }

    /// The team's caseload as a spreadsheet file, for the download route.
    pub async fn export_csv(
        state: &AppState,
        session: &tower_sessions::Session,
        team: TeamId,
    ) -> Result<String, AppError> {
        let actor =
            crate::auth::guard::authorize_session(state, session, Need::TeamRole(team, LEADER))
                .await?;
        let rows = crate::caseload::import_store::export_rows(&state.db, team, today()).await?;
        audit(state, &actor, "caseload.export", format!("team:{team}")).await?;
        Ok(crate::caseload::import::export_caseload_csv(&rows))
    }

    const IMPORT_MAX_BYTES: usize = 2_000_000;

    async fn import_context(state: &AppState, team: TeamId) -> Result<ImportContext, AppError> {
        Ok(ImportContext {
            domains: store::domains(&state.db, team)
                .await?
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect(),
            members: crate::caseload::import_store::import_members(&state.db, team).await?,
        })
    }

    pub async fn preview_import(team: TeamId, text: String) -> Result<ImportCheck, AppError> {
        let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
        if text.len() > IMPORT_MAX_BYTES {
            return Err(AppError::invalid("file", FieldProblem::TooLong));
        }
        let context = import_context(&state, team).await?;
        let preview = parse_caseload_csv(&text, &context);
        Ok(ImportCheck {
            preview,
            applied: None,
        })
    }

    pub async fn apply_import(team: TeamId, text: String) -> Result<ImportCheck, AppError> {
        let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
        if text.len() > IMPORT_MAX_BYTES {
            return Err(AppError::invalid("file", FieldProblem::TooLong));
        }
        let context = import_context(&state, team).await?;
        let preview = parse_caseload_csv(&text, &context);
        if !preview.is_clean() {
            return Ok(ImportCheck {
                preview,
                applied: None,
            });
        }
        let outcome = crate::caseload::import_store::import_clients(
            &state.db,
            team,
            &preview.clients(),
            actor.user_id,
            today(),
            Utc::now(),
        )
        .await?;
        audit(
            &state,
            &actor,
            "caseload.import",
            format!(
                "team:{team} created:{} updated:{}",
                outcome.created, outcome.updated
            ),
        )
        .await?;
        after_write(&state, team).await;
        Ok(ImportCheck {
            preview,
            applied: Some(outcome),
        })
    }
}
