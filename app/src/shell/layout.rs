//! The frame around every page: top bar with navigation, language switch and log-out.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::api::Logout;
use crate::auth::signed_in::use_current_user;
use crate::i18n::*;
use crate::notifications::pages::{NotificationBell, provide_bell_refresh};
use crate::signals::log_form::StuckButton;
use leptos_i18n::I18nContext;

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    provide_bell_refresh();
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
    }
}

#[component]
fn Navigation() -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full load clears every bit of client state that belonged to the session.
            let _ = window().location().set_href("/login");
        }
    });
    let menu = NodeRef::<leptos::html::Details>::new();
    // A link followed inside the app does not reload the page, so the open menu closes itself.
    let close_after_choice = move |ev: leptos::ev::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("a").ok().flatten())
            .is_some();
        if let (true, Some(menu)) = (on_link, menu.get()) {
            menu.set_open(false);
        }
    };
    use_current_user().map(|actor| {
        let led_team = actor
            .memberships
            .iter()
            .find(|m| m.role == crate::auth::model::TeamRole::Leader)
            .map(|m| m.team_id);
        let has_team = !actor.memberships.is_empty();
        view! {
            {has_team.then(|| view! { <StuckButton /> })}
            // On a phone the menu folds behind one button; on a wide screen it is always open
            // (style/main.css). A details element needs no script to open and close.
            <details class="menu" data-testid="menu" node_ref=menu>
                <summary class="menu-button">{t!(i18n, nav.menu)}</summary>
                <div class="menu-content" on:click=close_after_choice>
            <nav aria-label=move || t_string!(i18n, nav.main)>
                <A href="/">{t!(i18n, nav.home)}</A>
                {has_team.then(|| view! {
                    <A href="/caseload">{t!(i18n, nav.caseload)}</A>
                    <A href="/signals">{t!(i18n, nav.signals)}</A>
                    <A href="/proposals">{t!(i18n, nav.proposals)}</A>
                })}
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
            <span class="who" data-testid="who">{actor.display_name.clone()}</span>
            <ActionForm action=logout>
                <button type="submit" class="secondary" data-testid="logout">{t!(i18n, nav.logout)}</button>
            </ActionForm>
            <LanguageSwitch />
                </div>
            </details>
        }
    })
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale,
                       short: &'static str,
                       full: fn(I18nContext<Locale>) -> &'static str| {
        view! {
            <button
                type="button"
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                title=move || full(i18n)
                on:click=move |_| i18n.set_locale(locale)
            >
                {short}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, lang.label) data-testid="lang-switch">
            {button(Locale::nl, "NL", |i18n| t_string!(i18n, lang.nl_full))}
            {button(Locale::en, "EN", |i18n| t_string!(i18n, lang.en_full))}
        </div>
    }
}
