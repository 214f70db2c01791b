//! The organisation admin's page about one person: which teams they are in and in which role,
//! adding them to a team, moving them to another, and what leaving means for their data.

use crate::shared::route::id_param;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{
    AddMembership, ChangeMembership, MoveMembership, RemoveMembership, ResetSecondFactors,
    admin_person,
};
use super::model::{MembershipRow, PersonFile};
use crate::auth::model::{TeamId, TeamRole, UserId};
use crate::auth::signed_in::SignedIn;
use crate::auth::text::role_text;
use crate::i18n::*;
use crate::teams::api::SetAccountActive;
use crate::ui::form::{Field, FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;

#[component]
pub fn PersonAdminPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <PersonAdmin /> } /> }
}

/// The forms of this page; each posts as a page, which comes back rendered anew.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddMembership>,
    change: ServerAction<ChangeMembership>,
    remove: ServerAction<RemoveMembership>,
    moving: ServerAction<MoveMembership>,
    set_active: ServerAction<SetAccountActive>,
    reset: ServerAction<ResetSecondFactors>,
}

#[component]
fn PersonAdmin() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let actions = Actions {
        add: ServerAction::new(),
        change: ServerAction::new(),
        remove: ServerAction::new(),
        moving: ServerAction::new(),
        set_active: ServerAction::new(),
        reset: ServerAction::new(),
    };
    let data = Resource::new(
        move || id.get(),
        |id: Option<UserId>| async move {
            match id {
                Some(id) => admin_person(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <p><A href="/admin">{t!(i18n, people.back)}</A></p>
        <Loaded data error_heading=move || view! { <h1>{t!(i18n, people.title)}</h1> } let:person>
            <Person person actions />
        </Loaded>
    }
}

#[component]
fn Person(person: PersonFile, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let others = person.other_teams();
    let mine: Vec<(TeamId, String)> = person
        .memberships
        .iter()
        .map(|m| (m.team, m.team_name.clone()))
        .collect();
    let carried: u32 = person.memberships.iter().map(|m| m.carries).sum();
    let user = person.id;
    let saved = just_saved(actions.add)
        || just_saved(actions.change)
        || just_saved(actions.remove)
        || just_saved(actions.moving);
    view! {
        <h1 data-testid="person-name">{person.display_name.clone()}</h1>
        <p class="muted">
            {person.email.clone()} " "
            {if person.active {
                view! { <span class="pill">{t!(i18n, admin.active)}</span> }.into_any()
            } else {
                view! { <span class="pill off">{t!(i18n, admin.inactive)}</span> }.into_any()
            }}
        </p>
        {saved.then(|| view! { <p class="form-ok" role="status" data-testid="person-saved">{t!(i18n, people.saved)}</p> })}
        <section class="card">
            <h2>{t!(i18n, people.teams)}</h2>
            {if person.memberships.is_empty() {
                view! { <p class="muted" data-testid="no-teams">{t!(i18n, people.no_teams)}</p> }.into_any()
            } else {
                view! {
                    <ul class="stack plain" data-testid="memberships">
                        {person.memberships.into_iter().map(|m| view! { <Membership user m actions /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {(!others.is_empty()).then(|| view! { <AddToTeam user teams=others.clone() action=actions.add /> })}
        {(!mine.is_empty() && !others.is_empty()).then(|| view! { <MoveToTeam user from=mine to=others action=actions.moving /> })}
        <SecondFactor user on=person.second_factor action=actions.reset />
        <Leaving user active=person.active carried action=actions.set_active />
    }
}

/// The problem at `field` of a form whose field is hidden (the team a row is about).
#[component]
fn ActionProblem<I>(action: ServerAction<I>, field: &'static str) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = (), Error = crate::error::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let i18n = use_i18n();
    let problem = field_problem(action, field);
    move || {
        problem.get().map(|p| {
            view! { <p class="form-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p> }
        })
    }
}

#[component]
fn RoleSelect(id: String, #[prop(optional)] selected: Option<TeamRole>) -> impl IntoView {
    let i18n = use_i18n();
    let selected = selected.unwrap_or(TeamRole::Member);
    view! {
        <select id=id name="role">
            {TeamRole::ALL.into_iter().map(|r| view! {
                <option value=r.as_str() selected=r == selected>{move || role_text(i18n, r)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn TeamSelect(
    id: &'static str,
    name: &'static str,
    teams: Vec<(TeamId, String)>,
    problem: Signal<Option<crate::error::FieldProblem>>,
    #[prop(into)] label: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" data-invalid=move || problem.get().is_some().to_string()>
            <label for=id>{label.run()}</label>
            <select id=id name=name aria-invalid=move || problem.get().is_some().to_string()>
                {teams.into_iter().map(|(team, name)| view! { <option value=team.to_string()>{name}</option> }).collect_view()}
            </select>
            {move || problem.get().map(|p| view! {
                <p class="field-error" role="alert" data-testid=format!("error-{name}")>{problem_text(i18n, p)}</p>
            })}
        </div>
    }
}

#[component]
fn Membership(user: UserId, m: MembershipRow, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let team = m.team;
    let scope = format!("team-{team}");
    let fte = format_fte(m.fte);
    view! {
        <li class="card" data-testid=format!("membership-{}", m.team_name)>
            <strong>{m.team_name.clone()}</strong>
            " "
            <span class="pill" data-testid="membership-role">{move || role_text(i18n, m.role)}</span>
            {(m.carries > 0).then(|| view! {
                <p class="muted" data-testid="membership-carries">{t!(i18n, people.carries, count = m.carries)}</p>
            })}
            // Each row's forms hold their own problems: the page's script swaps in only the form
            // that was sent, so the problem shows at the row it belongs to.
            <ActionForm action=actions.change attr:class="row" attr:novalidate="novalidate">
                <FormError action=actions.change />
                <input type="hidden" name="user" value=user.to_string() />
                <input type="hidden" name="team" value=team.to_string() />
                <div class="field">
                    <label for=format!("role-{team}")>{t!(i18n, admin.role)}</label>
                    <RoleSelect id=format!("role-{team}") selected=m.role />
                </div>
                <Field label=move || t!(i18n, admin.fte) name="fte" value=fte scope=scope problem=field_problem(actions.change, "fte") />
                <button type="submit" class="secondary">{t!(i18n, people.save)}</button>
            </ActionForm>
            {if m.carries > 0 {
                // Taking them out would leave clients with a professional outside the team.
                view! {
                    <p class="hint" data-testid="remove-blocked">{t!(i18n, people.remove_blocked)}</p>
                    <A href=format!("/teams/{team}/handover/{user}") attr:data-testid="handover-link">{t!(i18n, people.handover)}</A>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=actions.remove attr:class="inline">
                        <FormError action=actions.remove />
                        <ActionProblem action=actions.remove field="team" />
                        <input type="hidden" name="user" value=user.to_string() />
                        <input type="hidden" name="team" value=team.to_string() />
                        <button type="submit" class="quiet">{t!(i18n, people.remove)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn AddToTeam(
    user: UserId,
    teams: Vec<(TeamId, String)>,
    action: ServerAction<AddMembership>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, people.add_title)}</h2>
            <ActionForm action attr:class="stack" attr:novalidate="novalidate" attr:data-testid="add-membership">
                <FormError action />
                <input type="hidden" name="user" value=user.to_string() />
                <TeamSelect id="add-team" name="team" teams problem=field_problem(action, "team") label=move || t!(i18n, people.team) />
                <div class="field">
                    <label for="add-role">{t!(i18n, admin.role)}</label>
                    <RoleSelect id="add-role".to_owned() />
                </div>
                <Field label=move || t!(i18n, admin.fte) name="fte" scope="add" hint=move || t!(i18n, admin.fte_hint) problem=field_problem(action, "fte") />
                <button type="submit">{t!(i18n, people.add)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn MoveToTeam(
    user: UserId,
    from: Vec<(TeamId, String)>,
    to: Vec<(TeamId, String)>,
    action: ServerAction<MoveMembership>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, people.move_title)}</h2>
            <p class="muted">{t!(i18n, people.move_intro)}</p>
            <ActionForm action attr:class="stack" attr:novalidate="novalidate" attr:data-testid="move-membership">
                <FormError action />
                <input type="hidden" name="user" value=user.to_string() />
                <TeamSelect id="move-from" name="from" teams=from problem=field_problem(action, "from") label=move || t!(i18n, people.move_from) />
                <TeamSelect id="move-to" name="to" teams=to problem=field_problem(action, "to") label=move || t!(i18n, people.move_to) />
                <div class="field">
                    <label for="move-role">{t!(i18n, people.new_role)}</label>
                    <RoleSelect id="move-role".to_owned() />
                </div>
                <button type="submit">{t!(i18n, people.move_submit)}</button>
            </ActionForm>
        </section>
    }
}

/// What leaving means: clients are handed over first, and the person's private signals and
/// notes stay theirs until the account itself is erased.
#[component]
fn Leaving(
    user: UserId,
    active: bool,
    carried: u32,
    action: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="leaving">
            <h2>{t!(i18n, people.leaving_title)}</h2>
            {(carried > 0).then(|| view! { <p data-testid="leaving-carries">{t!(i18n, people.leaving_carries, count = carried)}</p> })}
            <p class="muted">{t!(i18n, people.leaving_private)}</p>
            <FormError action />
            <ActionForm action attr:class="inline">
                <input type="hidden" name="user" value=user.to_string() />
                <input type="hidden" name="active" value=(!active).to_string() />
                <button type="submit" class="secondary">
                    {if active { t_string!(i18n, admin.deactivate) } else { t_string!(i18n, admin.reactivate) }}
                </button>
            </ActionForm>
            <p><A href=format!("/admin/people/{user}/erase") attr:data-testid="erase-account-link">{t!(i18n, erasure.erase_account_link)}</A></p>
        </section>
    }
}

/// Whether the person logs in with a second factor, and resetting it when their phone is lost.
#[component]
fn SecondFactor(user: UserId, on: bool, action: ServerAction<ResetSecondFactors>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="person-two-factor">
            <h2>{t!(i18n, two_factor.section_title)}</h2>
            {just_saved(action).then(|| view! { <p class="form-ok" role="status" data-testid="two-factor-reset">{t!(i18n, people.two_factor_reset)}</p> })}
            <p data-testid="person-two-factor-state">
                {if on { t_string!(i18n, people.two_factor_on) } else { t_string!(i18n, people.two_factor_off) }}
            </p>
            {on.then(|| view! {
                <p class="muted">{t!(i18n, people.two_factor_reset_hint)}</p>
                <ActionForm action attr:class="inline" attr:data-testid="reset-two-factor">
                    <FormError action />
                    <ActionProblem action field="user" />
                    <input type="hidden" name="user" value=user.to_string() />
                    <button type="submit" class="secondary">{t!(i18n, people.two_factor_reset_submit)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// FTE as the admin types it: a comma, and no trailing zeros.
fn format_fte(fte: f64) -> String {
    let text = format!("{fte:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::format_fte;

    #[test]
    fn fte_reads_as_typed() {
        assert_eq!(format_fte(1.0), "1");
        assert_eq!(format_fte(0.8), "0,8");
        assert_eq!(format_fte(0.75), "0,75");
    }
}
