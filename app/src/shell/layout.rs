//! The frame around every page: top bar with navigation, language switch and log-out.

use leptos::prelude::*;
use leptos_router::components::A;

use super::enhance::FormEnhancer;
use super::language::LanguageSwitch;
use crate::auth::api::Logout;
use crate::auth::signed_in::use_current_user;
use crate::i18n::*;
use crate::notifications::pages::NotificationBell;
use crate::signals::log_form::{StuckButton, day_turn};

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, app.skip)}</a>
        <header class="topbar">
            <A href="/" attr:class="brand">"Draag"<span>"kracht"</span></A>
            {move || match use_current_user() {
                Some(_) => view! { <Navigation /> }.into_any(),
                None => view! { <LanguageSwitch /> }.into_any(),
            }}
        </header>
        <main id="main">{children()}</main>
        <footer>{t!(i18n, app.footer)}</footer>
        <FormEnhancer />
    }
}

#[component]
fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    use_current_user().map(|actor| {
        let led_team = actor
            .memberships
            .iter()
            .find(|m| m.role == crate::auth::model::TeamRole::Leader)
            .map(|m| m.team_id);
        let has_team = !actor.memberships.is_empty();
        view! {
            {has_team.then(|| view! { <StuckButton turn=day_turn() /> })}
            // On a phone the menu folds behind one button; on a wide screen it is always open
            // (style/main.css). A details element needs no script to open and close.
            <details class="menu" data-testid="menu">
                <summary class="menu-button">{t!(i18n, nav.menu)}</summary>
                <div class="menu-content">
            <nav aria-label=move || t_string!(i18n, nav.main)>
                <A href="/">{t!(i18n, nav.home)}</A>
                {has_team.then(|| view! {
                    <A href="/caseload">{t!(i18n, nav.caseload)}</A>
                    <A href="/signals">{t!(i18n, nav.signals)}</A>
                    <A href="/proposals">{t!(i18n, nav.proposals)}</A>
                })}
                // Pool facilitators without a team may be asked to look along too.
                <A href="/help">{t!(i18n, nav.help)}</A>
                <A href="/sessions">{t!(i18n, nav.sessions)}</A>
                <A href="/availability">{t!(i18n, nav.availability)}</A>
                // Admins follow every team's visits ledger there, with or without a team.
                {(has_team || actor.is_admin).then(|| view! { <A href="/visits">{t!(i18n, nav.visits)}</A> })}
                {led_team.map(|team| view! {
                    <A href=format!("/teams/{team}/balance")>{t!(i18n, nav.balance)}</A>
                    <A href=format!("/teams/{team}/clients")>{t!(i18n, nav.clients)}</A>
                    <A href=format!("/teams/{team}/signals")>{t!(i18n, nav.team_signals)}</A>
                    <A href=format!("/teams/{team}/limits")>{t!(i18n, nav.limits)}</A>
                })}
                {actor.is_admin.then(|| view! { <A href="/admin">{t!(i18n, nav.admin)}</A> })}
            </nav>
            <NotificationBell />
            <A href="/account" attr:class="who" attr:data-testid="who">{actor.display_name.clone()}</A>
            <ActionForm action=logout>
                <button type="submit" class="secondary" data-testid="logout">{t!(i18n, nav.logout)}</button>
            </ActionForm>
            <LanguageSwitch />
                </div>
            </details>
        }
    })
}
