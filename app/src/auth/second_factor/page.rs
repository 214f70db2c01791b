//! The pages of two-factor log-in: the second step of logging in, setting up an authenticator
//! app (at log-in when required, or from one's account), the recovery codes shown once, and the
//! section of the own-account page.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{
    ConfirmApp, DismissRecoveryCodes, RemoveApp, ReplaceRecoveryCodes, VerifyLoginCode,
    app_enrolment, fresh_recovery_codes, login_step, second_factors,
};
use super::passkey::page::{AddPasskey, PasskeyList, PasskeyLogin};
use super::views::{EnrolmentView, SecondFactorsView};
use crate::auth::pages::LoginCard;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loaded;

/// The log-in ran out or never began: back to the start.
#[component]
fn LoginAgain() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="form-error" data-testid="login-expired">{t!(i18n, two_factor.expired)}</p>
        <A href="/login">{t!(i18n, nav.login)}</A>
    }
}

/// `/login/code`: the code from the app, or a recovery code.
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let step = Resource::new(|| (), |_| login_step());
    let verify = ServerAction::<VerifyLoginCode>::new();
    view! {
        <LoginCard>
            <h1>{t!(i18n, two_factor.code_title)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(step) if !step.must_enrol => view! {
                            {step.passkey.then(|| view! {
                                <PasskeyLogin />
                                <h2>{t!(i18n, passkey.or_code)}</h2>
                            })}
                            <ActionForm action=verify attr:class="stack" attr:novalidate="novalidate" attr:data-testid="code-form">
                                <FormError action=verify />
                                <p>{if step.app { t_string!(i18n, two_factor.code_intro) } else { t_string!(i18n, two_factor.code_intro_recovery) }}</p>
                                <Field
                                    label=move || t!(i18n, two_factor.code)
                                    name="code"
                                    autocomplete="one-time-code"
                                    hint=move || t!(i18n, two_factor.code_hint)
                                    problem=field_problem(verify, "code")
                                />
                                <button type="submit">{t!(i18n, two_factor.code_submit)}</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! { <LoginAgain /> }.into_any(),
                    }
                })}
            </Suspense>
        </LoginCard>
    }
}

/// `/login/enrol`: the organisation requires a second factor and the person has none; they set
/// one up before anything else.
#[component]
pub fn EnrolAtLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = Resource::new(|| (), |_| login_step());
    view! {
        <LoginCard>
            <h1>{t!(i18n, two_factor.setup_title)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(step) if step.must_enrol => view! {
                            <p data-testid="must-enrol">{t!(i18n, two_factor.required_intro)}</p>
                            {step.passkeys_possible.then(|| view! {
                                <h2>{t!(i18n, passkey.with_passkey)}</h2>
                                <p class="muted">{t!(i18n, passkey.add_intro)}</p>
                                <AddPasskey />
                                <h2>{t!(i18n, passkey.with_app)}</h2>
                            })}
                            <AppSetup />
                        }.into_any(),
                        _ => view! { <LoginAgain /> }.into_any(),
                    }
                })}
            </Suspense>
        </LoginCard>
    }
}

/// `/account/two-factor`: setting up an authenticator app from one's account.
#[component]
pub fn AppSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SignedIn children=move |_| view! {
            <h1>{t!(i18n, two_factor.setup_title)}</h1>
            <section class="card"><AppSetup /></section>
        } />
    }
}

/// The QR code to scan, the secret to type instead, and the code that confirms it works.
#[component]
fn AppSetup() -> impl IntoView {
    let data = Resource::new(|| (), |_| app_enrolment());
    view! {
        <Loaded data let:enrolment>
            <AppSetupForm enrolment />
        </Loaded>
    }
}

#[component]
fn AppSetupForm(enrolment: EnrolmentView) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmApp>::new();
    view! {
        <ol class="stack steps">
            <li>{t!(i18n, two_factor.step_install)}</li>
            <li>
                {t!(i18n, two_factor.step_scan)}
                <div class="qr" data-testid="qr" inner_html=enrolment.qr_svg></div>
                <details>
                    <summary>{t!(i18n, two_factor.cannot_scan)}</summary>
                    <p>{t!(i18n, two_factor.type_secret)}</p>
                    <code class="secret" data-testid="totp-secret">{enrolment.secret}</code>
                </details>
            </li>
            <li>
                <ActionForm action=confirm attr:class="stack" attr:novalidate="novalidate" attr:data-testid="confirm-app">
                    <FormError action=confirm />
                    <Field
                        label=move || t!(i18n, two_factor.step_confirm)
                        name="code"
                        autocomplete="one-time-code"
                        problem=field_problem(confirm, "code")
                    />
                    <button type="submit">{t!(i18n, two_factor.confirm_submit)}</button>
                </ActionForm>
            </li>
        </ol>
    }
}

/// `/account/recovery-codes`: the codes just made, shown once, to download or print.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| fresh_recovery_codes());
    view! {
        <SignedIn children=move |_| view! {
            <h1>{t!(i18n, two_factor.codes_title)}</h1>
            <Loaded data let:codes>
                <RecoveryCodes codes />
            </Loaded>
        } />
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    if codes.is_empty() {
        return view! {
            <section class="card">
                <p data-testid="codes-gone">{t!(i18n, two_factor.codes_gone)}</p>
                <A href="/account">{t!(i18n, account.title)}</A>
            </section>
        }
        .into_any();
    }
    // A text file in the link itself: it downloads without the codes being asked for again.
    let file = format!("data:text/plain;charset=utf-8,{}%0A", codes.join("%0A"));
    let dismiss = ServerAction::<DismissRecoveryCodes>::new();
    view! {
        <section class="card recovery-codes">
            <p>{t!(i18n, two_factor.codes_intro)}</p>
            <ul class="codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <p class="actions">
                <a class="button secondary" href=file download="draagkracht-herstelcodes.txt" data-testid="download-codes">{t!(i18n, two_factor.codes_download)}</a>
            </p>
            <ActionForm action=dismiss attr:class="actions" attr:data-testid="codes-kept">
                <FormError action=dismiss />
                <button type="submit">{t!(i18n, two_factor.codes_done)}</button>
            </ActionForm>
            <p class="muted">{t!(i18n, two_factor.codes_print)}</p>
        </section>
    }
    .into_any()
}

/// The two-factor section of the own-account page.
#[component]
pub fn SecondFactorSection() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| second_factors());
    view! {
        <section class="card" id="two-factor" data-testid="two-factor">
            <h2>{t!(i18n, two_factor.section_title)}</h2>
            <Loaded data let:factors>
                <SecondFactorState factors />
            </Loaded>
        </section>
    }
}

#[component]
fn SecondFactorState(factors: SecondFactorsView) -> impl IntoView {
    let i18n = use_i18n();
    let any = factors.app || !factors.passkeys.is_empty();
    let status = match (factors.app, factors.passkeys.is_empty(), factors.required) {
        (true, true, _) => t_string!(i18n, two_factor.on),
        (true, false, _) => t_string!(i18n, two_factor.on_both),
        (false, false, _) => t_string!(i18n, two_factor.on_passkey),
        (false, true, true) => t_string!(i18n, two_factor.off_required),
        (false, true, false) => t_string!(i18n, two_factor.off),
    };
    // The last second factor stays when the organisation requires one.
    let app_removable = !factors.required || !factors.passkeys.is_empty();
    let passkeys_removable = !factors.required || factors.app || factors.passkeys.len() > 1;
    view! {
        <p data-testid=if any { "two-factor-on" } else { "two-factor-off" }>{status}</p>
        {any.then(|| view! { <RecoveryCodesState left=factors.recovery_left /> })}
        <h3>{t!(i18n, passkey.list_title)}</h3>
        <PasskeyList passkeys=factors.passkeys.clone() removable=passkeys_removable />
        {if factors.passkeys_possible {
            view! {
                <p class="muted">{t!(i18n, passkey.add_intro)}</p>
                <AddPasskey />
            }.into_any()
        } else {
            view! { <p class="muted" data-testid="passkeys-impossible">{t!(i18n, passkey.impossible)}</p> }.into_any()
        }}
        <h3>{t!(i18n, two_factor.app_title)}</h3>
        <AppState app=factors.app removable=app_removable />
    }
}

/// How many recovery codes are left, and making new ones.
#[component]
fn RecoveryCodesState(left: u32) -> impl IntoView {
    let i18n = use_i18n();
    let replace = ServerAction::<ReplaceRecoveryCodes>::new();
    view! {
        <p class="muted" data-testid="codes-left">
            {match left {
                0 => t_string!(i18n, two_factor.codes_none).to_string(),
                1 => t_string!(i18n, two_factor.codes_left_single).to_string(),
                n => t_string!(i18n, two_factor.codes_left_several, count = n).to_string(),
            }}
        </p>
        <ActionForm action=replace attr:class="stack" attr:novalidate="novalidate" attr:data-testid="replace-codes">
            <FormError action=replace />
            <Field label=move || t!(i18n, account.current_password) name="current_password" kind="password" autocomplete="current-password" scope="replace" problem=field_problem(replace, "current_password") />
            <button type="submit" class="secondary">{t!(i18n, two_factor.replace_codes)}</button>
        </ActionForm>
    }
}

/// The authenticator app: set one up, or remove the one there is.
#[component]
fn AppState(app: bool, removable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemoveApp>::new();
    if just_saved(remove) {
        return view! {
            <p class="form-ok" role="status" data-testid="app-removed">{t!(i18n, two_factor.removed)}</p>
            <A href="/account/two-factor">{t!(i18n, two_factor.setup_link)}</A>
        }
        .into_any();
    }
    if !app {
        return view! {
            <A href="/account/two-factor" attr:class="button secondary" attr:data-testid="setup-app">{t!(i18n, two_factor.setup_link)}</A>
        }
        .into_any();
    }
    view! {
        <p data-testid="app-on">{t!(i18n, two_factor.app_on)}</p>
        {removable.then(|| view! {
            <details>
                <summary>{t!(i18n, two_factor.remove_title)}</summary>
                <ActionForm action=remove attr:class="stack" attr:novalidate="novalidate" attr:data-testid="remove-app">
                    <FormError action=remove />
                    <p class="muted">{t!(i18n, two_factor.remove_hint)}</p>
                    <Field label=move || t!(i18n, account.current_password) name="current_password" kind="password" autocomplete="current-password" scope="remove" problem=field_problem(remove, "current_password") />
                    <button type="submit" class="danger">{t!(i18n, two_factor.remove_submit)}</button>
                </ActionForm>
            </details>
        })}
    }
    .into_any()
}
