//! The admin page: teams and accounts of the organisation, one-time links, deactivation.

use leptos::prelude::*;

use super::api::{CreateAccount, CreateTeam, NewPasswordLink, SetAccountActive, admin_overview};
use super::model::{AccountSummary, OneTimeLink, OrganisationOverview, TeamSummary};
use crate::auth::model::{TeamId, TeamRole, UserId};
use crate::auth::signed_in::SignedIn;
use crate::auth::text::role_text;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, form_error_text, just_saved};
use crate::ui::island::{awake, island_i18n, preload_lazy_island};
use crate::ui::status::Loaded;
use crate::ui::time::local_date;

#[component]
pub fn AdminPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <Admin /> } /> }
}

#[component]
fn Admin() -> impl IntoView {
    let i18n = use_i18n();
    // These forms post as a page, which comes back rendered anew: the overview loads once.
    let create_team = ServerAction::<CreateTeam>::new();
    let set_active = ServerAction::<SetAccountActive>::new();
    let overview = Resource::new(|| (), |_| admin_overview());
    view! {
        <h1>{t!(i18n, admin.title)}</h1>
        <p><a href="/admin/organisation" data-testid="organisation-settings-link">{t!(i18n, admin.settings_link)}</a></p>
        <p><a href="/admin/access-log" data-testid="access-log-link">{t!(i18n, admin.access_log_link)}</a></p>
        <Loaded data=overview let:data>
            <Overview data create_team set_active />
        </Loaded>
    }
}

#[component]
fn Overview(
    data: OrganisationOverview,
    create_team: ServerAction<CreateTeam>,
    set_active: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let teams_for_select: Vec<(TeamId, String)> =
        data.teams.iter().map(|t| (t.id, t.name.clone())).collect();
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
                {just_saved(create_team).then(|| view! { <p class="form-ok" role="status" data-testid="team-created">{t!(i18n, admin.team_created)}</p> })}
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
            <NewAccountForm teams=teams_for_select />
        </section>
        <h2>{t!(i18n, admin.accounts)}</h2>
        <FormError action=set_active />
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
                    {data.accounts.into_iter().map(|account| view! { <AccountRow account set_active /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// An island, because the one-time link that `create_account` returns exists only in its
/// answer and must be shown to the admin. The new account must also appear in the list, so
/// the page loads again; the link is kept in this tab's session storage across that load and
/// shown once.
#[island(lazy)]
pub fn NewAccountForm(teams: Vec<(TeamId, String)>) -> impl IntoView {
    preload_lazy_island("new_account_form");
    let i18n = island_i18n();
    let create_account = ServerAction::<CreateAccount>::new();
    let shown = RwSignal::new(None::<OneTimeLink>);
    Effect::new(move |_| {
        if let Some(link) = kept_link::take() {
            shown.set(Some(link));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(link)) = create_account.value().get() {
            kept_link::put(&link);
            let _ = window().location().reload();
        }
    });
    view! {
        <ActionForm action=create_account attr:class="stack" attr:novalidate="novalidate" attr:data-testid="new-account">
            <FormError action=create_account />
            <Field label=move || t!(i18n, admin.display_name) name="display_name" problem=field_problem(create_account, "display_name") />
            <Field label=move || t!(i18n, admin.email) name="email" kind="email" problem=field_problem(create_account, "email") />
            <div class="field">
                <label for="field-team">{t!(i18n, admin.team)}</label>
                <select id="field-team" name="team">
                    <option value="">{t!(i18n, admin.no_team)}</option>
                    {teams.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
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
            <button type="submit" disabled=move || create_account.pending().get()>{t!(i18n, admin.create_account)}</button>
            {move || shown.get().map(|link| view! { <LinkNotice link created=true /> })}
        </ActionForm>
    }
}

/// A new link for one account, shown beside its row: nothing else on the page changes, so
/// the page need not load again.
#[island(lazy)]
pub fn NewLinkButton(user: UserId) -> impl IntoView {
    preload_lazy_island("new_link_button");
    let i18n = island_i18n();
    let new_link = ServerAction::<NewPasswordLink>::new();
    let ready = awake();
    view! {
        <button type="button" class="quiet" disabled=move || !ready.get() || new_link.pending().get()
            on:click=move |_| { new_link.dispatch(NewPasswordLink { user }); }>
            {t!(i18n, admin.new_link)}
        </button>
        {move || match new_link.value().get() {
            Some(Ok(link)) => Some(view! { <LinkNotice link created=false /> }.into_any()),
            Some(Err(err)) => form_error_text(i18n, &err).map(|text| view! { <p class="form-error" role="alert">{text}</p> }.into_any()),
            None => None,
        }}
    }
}

/// The link of a just-created account, kept across the page load that shows the account.
/// Session storage is this tab's alone and ends with it; the link is removed once shown.
mod kept_link {
    use super::OneTimeLink;
    use wasm_bindgen::{JsCast, JsValue};

    const KEY: &str = "draagkracht.new-account-link";

    pub fn put(link: &OneTimeLink) {
        if let Some(storage) = storage() {
            let value = format!("{}\n{}", link.for_name, link.url);
            call(&storage, "setItem", &[KEY, &value]);
        }
    }

    pub fn take() -> Option<OneTimeLink> {
        let storage = storage()?;
        let value = call(&storage, "getItem", &[KEY])?.as_string()?;
        call(&storage, "removeItem", &[KEY]);
        let (for_name, url) = value.split_once('\n')?;
        Some(OneTimeLink {
            for_name: for_name.to_owned(),
            url: url.to_owned(),
        })
    }

    fn storage() -> Option<JsValue> {
        let window: JsValue = leptos::prelude::window().into();
        js_sys::Reflect::get(&window, &JsValue::from_str("sessionStorage"))
            .ok()
            .filter(|s| !s.is_undefined() && !s.is_null())
    }

    fn call(storage: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
        let function: js_sys::Function = js_sys::Reflect::get(storage, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let args: js_sys::Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        function.apply(storage, &args).ok()
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
) -> impl IntoView {
    let i18n = use_i18n();
    let id = account.id;
    let active = account.active;
    let teams = account
        .teams
        .iter()
        .map(|(name, role)| format!("{name} ({})", role_text(i18n, *role)))
        .collect::<Vec<_>>()
        .join(", ");
    let row_id = format!("account-{}", account.email);
    view! {
        <tr data-testid=row_id>
            <td>
                <a href=format!("/admin/people/{id}") data-testid="person-link">{account.display_name}</a>
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
                <ActionForm action=set_active attr:class="inline">
                    <input type="hidden" name="user" value=id.to_string() />
                    <input type="hidden" name="active" value=(!active).to_string() />
                    <button type="submit" class="quiet">
                        {if active { t_string!(i18n, admin.deactivate) } else { t_string!(i18n, admin.reactivate) }}
                    </button>
                </ActionForm>
                <NewLinkButton user=id />
            </td>
        </tr>
    }
}
