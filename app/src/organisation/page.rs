//! The organisation settings page (`/admin/organisation`), for its admin.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{SaveOrganisationSettings, SetInPool, organisation_settings};
use super::views::{OrganisationSettingsView, PoolCandidate};
use crate::auth::second_factor::model::SecondFactorRule;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;

#[component]
pub fn OrganisationSettingsPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <OrganisationSettings /> } /> }
}

#[component]
fn OrganisationSettings() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrganisationSettings>::new();
    let pool = ServerAction::<SetInPool>::new();
    let data = Resource::new(|| (), |_| organisation_settings());
    view! {
        <p><A href="/admin">{t!(i18n, people.back)}</A></p>
        <h1>{t!(i18n, organisation.title)}</h1>
        <p><A href="/admin/retention" attr:data-testid="retention-link">{t!(i18n, retention.link)}</A></p>
        <p><A href="/admin/archive" attr:data-testid="archive-link">{t!(i18n, archive.link)}</A></p>
        <Loaded data let:settings>
            <SettingsForm settings=settings.clone() save />
            <Pool people=settings.people pool />
        </Loaded>
    }
}

fn rule_text(i18n: leptos_i18n::I18nContext<Locale>, rule: SecondFactorRule) -> &'static str {
    match rule {
        SecondFactorRule::Off => t_string!(i18n, organisation.rule_off),
        SecondFactorRule::ClientRoles => t_string!(i18n, organisation.rule_client_roles),
        SecondFactorRule::Everyone => t_string!(i18n, organisation.rule_everyone),
    }
}

#[component]
fn SettingsForm(
    settings: OrganisationSettingsView,
    save: ServerAction<SaveOrganisationSettings>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = field_problem(save, "second_factor_rule");
    let current = settings.second_factor_rule;
    view! {
        <section class="card">
            <h2 data-testid="organisation-name">{settings.name.clone()}</h2>
            <ActionForm action=save attr:class="stack" attr:novalidate="novalidate" attr:data-testid="organisation-settings">
                <FormError action=save />
                {just_saved(save).then(|| view! { <p class="form-ok" role="status" data-testid="settings-saved">{t!(i18n, organisation.saved)}</p> })}
                <label class="check">
                    <input type="checkbox" name="visible_to_neighbours" value="on" checked=settings.visible_to_neighbours />
                    {t!(i18n, organisation.visible)}
                </label>
                <p class="hint">{t!(i18n, organisation.visible_hint)}</p>
                <fieldset class="field" data-invalid=move || problem.get().is_some().to_string()>
                    <legend>{t!(i18n, organisation.rule_title)}</legend>
                    {SecondFactorRule::ALL.into_iter().map(|rule| view! {
                        <label class="check">
                            <input type="radio" name="second_factor_rule" value=rule.as_str() checked=rule == current
                                data-testid=format!("rule-{}", rule.as_str()) />
                            {move || rule_text(i18n, rule)}
                        </label>
                    }).collect_view()}
                    <p class="hint">{t!(i18n, organisation.rule_hint)}</p>
                    {move || problem.get().map(|p| view! {
                        <p class="field-error" role="alert" data-testid="error-second_factor_rule">{problem_text(i18n, p)}</p>
                    })}
                </fieldset>
                {(!settings.admin_has_second_factor).then(|| view! {
                    <p class="muted" data-testid="admin-without-factor">
                        {t!(i18n, organisation.admin_first)}" "
                        <A href="/account/two-factor">{t!(i18n, two_factor.setup_link)}</A>
                    </p>
                })}
                <button type="submit">{t!(i18n, organisation.save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Pool(people: Vec<PoolCandidate>, pool: ServerAction<SetInPool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="facilitator-pool">
            <h2>{t!(i18n, organisation.pool_title)}</h2>
            <p class="muted">{t!(i18n, organisation.pool_hint)}</p>
            <FormError action=pool />
            <ul class="stack plain">
                {people.into_iter().map(|p| view! {
                    <li class="row" data-testid="pool-person" data-in-pool=p.in_pool.to_string()>
                        <span>{p.display_name.clone()}</span>
                        {p.in_pool.then(|| view! { " "<span class="pill">{t!(i18n, organisation.in_pool)}</span> })}
                        <ActionForm action=pool attr:class="inline">
                            <input type="hidden" name="user" value=p.id.to_string() />
                            <input type="hidden" name="in_pool" value=(!p.in_pool).to_string() />
                            <button type="submit" class="quiet">
                                {if p.in_pool { t_string!(i18n, organisation.pool_remove) } else { t_string!(i18n, organisation.pool_add) }}
                            </button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
