//! The admin page: teams and accounts of the organisation, one-time links, deactivation.

use leptos::prelude::*;

use super::api::{CreateAccount, CreateTeam, NewPasswordLink, SetAccountActive, admin_overview};
use super::model::{AccountSummary, OneTimeLink, OrganisationOverview, TeamSummary};
use crate::auth::model::TeamRole;
use crate::auth::signed_in::SignedIn;
use crate::auth::text::role_text;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem};
use crate::ui::status::Loaded;
use crate::ui::time::local_date;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <Admin /> } /> }
}

#[component]
fn Admin() -> impl IntoView {
    let i18n = use_i18n();
    let create_team = ServerAction::<CreateTeam>::new();
    let create_account = ServerAction::<CreateAccount>::new();
    let set_active = ServerAction::<SetAccountActive>::new();
    let new_link = ServerAction::<NewPasswordLink>::new();
    let overview = Resource::new(
        move || {
            (
                create_team.version().get(),
                create_account.version().get(),
                set_active.version().get(),
            )
        },
        |_| admin_overview(),
    );
    view! {
        <h1>{t!(i18n, admin.title)}</h1>
        <Loaded data=overview let:data>
            <Overview data create_team create_account set_active new_link />
        </Loaded>
    }
}

#[component]
fn Overview(
    data: OrganisationOverview,
    create_team: ServerAction<CreateTeam>,
    create_account: ServerAction<CreateAccount>,
    set_active: ServerAction<SetAccountActive>,
    new_link: ServerAction<NewPasswordLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let teams_for_select = data.teams.clone();
    view! {
        <p class="muted">{t!(i18n, admin.organisation, name = data.organisation_name.clone())}</p>
        <h2>{t!(i18n, admin.teams)}</h2>
        <div class="grid" data-testid="teams">
            {data.teams.into_iter().map(|team| view! { <TeamCard team /> }).collect_view()}
        </div>
        <section class="card">
            <h2>{t!(i18n, admin.new_team)}</h2>
            <ActionForm action=create_team attr:class="stack" attr:novalidate="novalidate" attr:data-testid="new-team">
                <FormError action=create_team />
                <Field label=move || t!(i18n, admin.team_name) name="name" problem=field_problem(create_team, "name") />
                <Field
                    label=move || t!(i18n, admin.kind_of_work)
                    name="kind_of_work"
                    hint=move || t!(i18n, admin.kind_of_work_hint)
                    problem=field_problem(create_team, "kind_of_work")
                />
                <button type="submit">{t!(i18n, admin.create_team)}</button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t!(i18n, admin.new_account)}</h2>
            <ActionForm action=create_account attr:class="stack" attr:novalidate="novalidate" attr:data-testid="new-account">
                <FormError action=create_account />
                <Field label=move || t!(i18n, admin.display_name) name="display_name" problem=field_problem(create_account, "display_name") />
                <Field label=move || t!(i18n, admin.email) name="email" kind="email" problem=field_problem(create_account, "email") />
                <div class="field">
                    <label for="field-team">{t!(i18n, admin.team)}</label>
                    <select id="field-team" name="team">
                        <option value="">{t!(i18n, admin.no_team)}</option>
                        {teams_for_select.into_iter().map(|t| view! { <option value=t.id.to_string()>{t.name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="field-role">{t!(i18n, admin.role)}</label>
                    <select id="field-role" name="role">
                        {TeamRole::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == TeamRole::Member>{move || role_text(i18n, r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Field label=move || t!(i18n, admin.fte) name="fte" hint=move || t!(i18n, admin.fte_hint) problem=field_problem(create_account, "fte") />
                <button type="submit">{t!(i18n, admin.create_account)}</button>
                {move || match create_account.value().get() {
                    Some(Ok(link)) => Some(view! { <LinkNotice link created=true /> }),
                    _ => None,
                }}
            </ActionForm>
        </section>
        <h2>{t!(i18n, admin.accounts)}</h2>
        {move || match new_link.value().get() {
            Some(Ok(link)) => Some(view! { <LinkNotice link created=false /> }),
            _ => None,
        }}
        <div class="card scroll-x">
            <table data-testid="accounts">
                <thead>
                    <tr>
                        <th>{t!(i18n, admin.col_name)}</th>
                        <th>{t!(i18n, admin.col_email)}</th>
                        <th>{t!(i18n, admin.col_teams)}</th>
                        <th>{t!(i18n, admin.col_status)}</th>
                        <th>{t!(i18n, admin.col_created)}</th>
                        <th>{t!(i18n, admin.col_actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {data.accounts.into_iter().map(|account| view! { <AccountRow account set_active new_link /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn TeamCard(team: TeamSummary) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="card">
            <strong>{team.name}</strong>
            <p class="muted">{team.kind_of_work}</p>
            <span class="pill">{t!(i18n, admin.members, count = team.member_count)}</span>
        </article>
    }
}

#[component]
fn LinkNotice(link: OneTimeLink, created: bool) -> impl IntoView {
    let i18n = use_i18n();
    let name = link.for_name.clone();
    view! {
        <div class="form-ok" role="status" data-testid="password-link">
            {if created {
                view! { <p>{t!(i18n, admin.account_created, name = name.clone())}</p> }.into_any()
            } else {
                view! { <p>{t!(i18n, admin.link_for, name = name.clone())}</p> }.into_any()
            }}
            <code>{link.url}</code>
        </div>
    }
}

#[component]
fn AccountRow(
    account: AccountSummary,
    set_active: ServerAction<SetAccountActive>,
    new_link: ServerAction<NewPasswordLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.id;
    let active = account.active;
    let teams = account
        .teams
        .iter()
        .map(|(name, role)| format!("{name} ({})", role.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let row_id = format!("account-{}", account.email);
    view! {
        <tr data-testid=row_id>
            <td>
                {account.display_name}
                {account.is_admin.then(|| view! { " " <span class="pill">{t!(i18n, roles.admin)}</span> })}
            </td>
            <td data-label=move || t_string!(i18n, admin.col_email)>{account.email}</td>
            <td data-label=move || t_string!(i18n, admin.col_teams)>{teams}</td>
            <td data-label=move || t_string!(i18n, admin.col_status)>
                {if active {
                    view! { <span class="pill">{t!(i18n, admin.active)}</span> }.into_any()
                } else {
                    view! { <span class="pill off">{t!(i18n, admin.inactive)}</span> }.into_any()
                }}
                {(!account.has_password).then(|| view! { <span class="pill off">{t!(i18n, admin.no_password)}</span> })}
            </td>
            <td data-label=move || t_string!(i18n, admin.col_created)>{local_date(account.created_at)}</td>
            <td data-label=move || t_string!(i18n, admin.col_actions)>
                <button class="quiet" on:click=move |_| { set_active.dispatch(SetAccountActive { user: id, active: !active }); }>
                    {if active { t_string!(i18n, admin.deactivate) } else { t_string!(i18n, admin.reactivate) }}
                </button>
                <button class="quiet" on:click=move |_| { new_link.dispatch(NewPasswordLink { user: id }); }>
                    {t!(i18n, admin.new_link)}
                </button>
            </td>
        </tr>
    }
}
