//! The own-account page (`/account`): a new password, the places one is signed in, and the
//! language one chose.

use leptos::prelude::*;

use super::api::{ChangePassword, EndOtherSignIns, EndSignIn, my_account};
use super::views::{AccountOverview, SignInView};
use crate::auth::second_factor::page::SecondFactorSection;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <Account /> } /> }
}

#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let password = ServerAction::<ChangePassword>::new();
    let end_one = ServerAction::<EndSignIn>::new();
    let end_others = ServerAction::<EndOtherSignIns>::new();
    let data = Resource::new(|| (), |_| my_account());
    view! {
        <h1>{t!(i18n, account.title)}</h1>
        <Loaded data let:account>
            <Overview account password end_one end_others />
        </Loaded>
    }
}

#[component]
fn Overview(
    account: AccountOverview,
    password: ServerAction<ChangePassword>,
    end_one: ServerAction<EndSignIn>,
    end_others: ServerAction<EndOtherSignIns>,
) -> impl IntoView {
    let i18n = use_i18n();
    let others = account.sign_ins.iter().filter(|s| !s.this_one).count();
    let language = match account.language.as_deref() {
        Some("en") => t_string!(i18n, lang.en_full),
        Some(_) => t_string!(i18n, lang.nl_full),
        None => t_string!(i18n, account.language_none),
    };
    view! {
        <p class="muted">{account.display_name.clone()}" · "{account.email.clone()}</p>
        <section class="card">
            <h2>{t!(i18n, account.password_title)}</h2>
            <ActionForm action=password attr:class="stack" attr:novalidate="novalidate" attr:data-testid="change-password">
                <FormError action=password />
                {just_saved(password).then(|| view! { <p class="form-ok" role="status" data-testid="password-changed">{t!(i18n, account.password_changed)}</p> })}
                <Field label=move || t!(i18n, account.current_password) name="current_password" kind="password" autocomplete="current-password" problem=field_problem(password, "current_password") />
                <Field label=move || t!(i18n, set_password.password) name="password" kind="password" autocomplete="new-password" hint=move || t!(i18n, set_password.password_hint) problem=field_problem(password, "password") />
                <Field label=move || t!(i18n, set_password.repeat) name="password_repeat" kind="password" autocomplete="new-password" problem=field_problem(password, "password_repeat") />
                <button type="submit">{t!(i18n, account.password_submit)}</button>
            </ActionForm>
        </section>
        <SecondFactorSection />
        <section class="card">
            <h2>{t!(i18n, account.sign_ins_title)}</h2>
            <p class="muted">{t!(i18n, account.sign_ins_intro)}</p>
            {just_saved(end_others).then(|| view! { <p class="form-ok" role="status" data-testid="others-ended">{t!(i18n, account.others_ended)}</p> })}
            {just_saved(end_one).then(|| view! { <p class="form-ok" role="status" data-testid="sign-in-ended">{t!(i18n, account.sign_in_ended)}</p> })}
            <ul class="stack plain" data-testid="sign-ins">
                {account.sign_ins.into_iter().map(|s| view! { <SignInItem sign_in=s action=end_one /> }).collect_view()}
            </ul>
            {(others > 0).then(|| view! {
                <ActionForm action=end_others attr:class="inline" attr:data-testid="end-others">
                    <FormError action=end_others />
                    <button type="submit" class="secondary">{t!(i18n, account.end_others)}</button>
                </ActionForm>
            })}
        </section>
        <section class="card">
            <h2>{t!(i18n, account.export_title)}</h2>
            <p class="muted">{t!(i18n, account.export_hint)}</p>
            <a class="button secondary" href="/account/export.json" download="draagkracht-mijn-gegevens.json" rel="external" data-testid="personal-export">{t!(i18n, account.export_link)}</a>
        </section>
        <section class="card">
            <h2>{t!(i18n, account.language_title)}</h2>
            <p data-testid="account-language">{t!(i18n, account.language_now, language = language)}</p>
            <p class="muted">{t!(i18n, account.language_hint)}</p>
        </section>
    }
}

#[component]
fn SignInItem(sign_in: SignInView, action: ServerAction<EndSignIn>) -> impl IntoView {
    let i18n = use_i18n();
    let device = if sign_in.device.is_empty() {
        t_string!(i18n, account.device_unknown).to_owned()
    } else {
        sign_in.device.clone()
    };
    view! {
        <li class="card" data-testid="sign-in" data-this=sign_in.this_one.to_string()>
            <strong>{device}</strong>
            {sign_in.this_one.then(|| view! { " " <span class="pill">{t!(i18n, account.this_device)}</span> })}
            <p class="muted">
                {t!(i18n, account.sign_in_details, address = sign_in.address.clone(), since = local_date_time(sign_in.since), active = local_date_time(sign_in.last_active))}
            </p>
            <ActionForm action attr:class="inline">
                <input type="hidden" name="sign_in" value=sign_in.id.clone() />
                <button type="submit" class="quiet">
                    {if sign_in.this_one { t_string!(i18n, account.end_this) } else { t_string!(i18n, account.end_one) }}
                </button>
            </ActionForm>
        </li>
    }
}
