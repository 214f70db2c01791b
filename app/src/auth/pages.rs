//! The log-in page and the page behind a one-time password link.

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_params_map;

use super::api::{Login, SetPassword, password_link};
use crate::auth::signed_in::use_current_user;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved};
use crate::ui::status::Loading;

/// A card in the narrow frame of the log-in pages.
#[component]
pub fn LoginCard(children: Children) -> impl IntoView {
    view! {
        <div class="login-wrap">
            <section class="card">{children()}</section>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    view! {
        {use_current_user().map(|_| view! { <Redirect path="/" /> })}
        <LoginCard>
            <h1>{t!(i18n, login.title)}</h1>
            <p class="tagline">{t!(i18n, app.tagline)}</p>
            <ActionForm action=login attr:class="stack" attr:novalidate="novalidate" attr:data-testid="login-form">
                <FormError action=login />
                <Field
                    label=move || t!(i18n, login.email)
                    name="email"
                    kind="email"
                    autocomplete="username"
                    problem=field_problem(login, "email")
                />
                <Field
                    label=move || t!(i18n, login.password)
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    problem=field_problem(login, "password")
                />
                <button type="submit">{t!(i18n, login.submit)}</button>
                <p class="muted">{t!(i18n, login.forgot)}</p>
            </ActionForm>
        </LoginCard>
    }
    .into_any()
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, password_link);
    let action = ServerAction::<SetPassword>::new();
    // Once set, the link is used up: the page says so rather than that the link is invalid.
    if just_saved(action) {
        return view! {
            <LoginCard>
                <h1>{t!(i18n, set_password.title)}</h1>
                <p class="form-ok" data-testid="password-set">{t!(i18n, set_password.done)}</p>
                <A href="/login">{t!(i18n, nav.login)}</A>
            </LoginCard>
        }
        .into_any();
    }
    view! {
        <LoginCard>
            <h1>{t!(i18n, set_password.title)}</h1>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match link.await {
                        Err(_) => view! {
                            <p class="form-error" data-testid="link-invalid">{t!(i18n, set_password.invalid)}</p>
                        }.into_any(),
                        Ok(info) => view! {
                                <p>{t!(i18n, set_password.hello, name = info.display_name.clone(), email = info.email.clone())}</p>
                                <ActionForm action=action attr:class="stack" attr:novalidate="novalidate">
                                    <input type="hidden" name="token" value=token />
                                    <FormError action=action />
                                    <Field
                                        label=move || t!(i18n, set_password.password)
                                        name="password"
                                        kind="password"
                                        autocomplete="new-password"
                                        hint=move || t!(i18n, set_password.password_hint)
                                        problem=field_problem(action, "password")
                                    />
                                    <Field
                                        label=move || t!(i18n, set_password.repeat)
                                        name="password_repeat"
                                        kind="password"
                                        autocomplete="new-password"
                                        problem=field_problem(action, "password_repeat")
                                    />
                                    <button type="submit">{t!(i18n, set_password.submit)}</button>
                                </ActionForm>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </LoginCard>
    }
    .into_any()
}
