//! The erasure pages: `/admin/people/:id/erase` for an account, `/clients/:id/erase` for a
//! client. Each says what goes and what stays before anything happens, and asks for a tick.

use crate::shared::route::id_param;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::{EraseAccount, EraseClient, account_erasure, client_erasure};
use super::views::{AccountErasureView, ClientErasureView};
use crate::auth::signed_in::SignedIn;
use crate::error::{AppError, FieldProblem};
use crate::i18n::*;
use crate::ui::form::{FormError, either_problem, field_problem, problem_text};
use crate::ui::status::Loaded;

#[component]
pub fn AccountErasurePage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <AccountErasure /> } /> }
}

#[component]
fn AccountErasure() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(
        move || id.get(),
        |id| async move { account_erasure(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Loaded data error_heading=move || view! { <h1>{t!(i18n, erasure.account_title)}</h1> } let:account>
            <AccountForm account />
        </Loaded>
    }
}

#[component]
fn AccountForm(account: AccountErasureView) -> impl IntoView {
    let i18n = use_i18n();
    let erase = ServerAction::<EraseAccount>::new();
    let back = format!("/admin/people/{}", account.id);
    let blocked = if account.erased {
        Some(t_string!(i18n, erasure.account_erased))
    } else if account.active {
        Some(t_string!(i18n, erasure.account_active))
    } else if account.carries > 0 {
        Some(t_string!(i18n, errors.still_carries))
    } else {
        None
    };
    view! {
        <p><A href=back.clone()>{t!(i18n, erasure.back_to_person)}</A></p>
        <h1>{t!(i18n, erasure.account_heading, name = account.display_name.clone())}</h1>
        <section class="card" data-testid="account-erasure">
            <h2>{t!(i18n, erasure.goes)}</h2>
            <p>{t!(i18n, erasure.account_goes)}</p>
            {(account.signals > 0).then(|| view! {
                <p data-testid="erasure-signals">{erasure_signals(i18n, account.signals)}</p>
            })}
            <h2>{t!(i18n, erasure.stays)}</h2>
            <p>{t!(i18n, erasure.account_stays)}</p>
            {match blocked {
                Some(reason) => view! { <p class="notice" data-testid="erasure-blocked">{reason}</p> }.into_any(),
                None => view! {
                    <ActionForm action=erase attr:class="stack" attr:novalidate="novalidate">
                        <FormError action=erase />
                        <input type="hidden" name="user" value=account.id.to_string() />
                        <Confirm problem=either_problem(field_problem(erase, "confirm"), field_problem(erase, "user")) />
                        <button type="submit" class="danger">{t!(i18n, erasure.account_submit)}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </section>
    }
}

fn erasure_signals(i18n: leptos_i18n::I18nContext<Locale>, count: u32) -> String {
    if count == 1 {
        t_string!(i18n, erasure.signals_single).to_string()
    } else {
        t_string!(i18n, erasure.signals_several, count = count).to_string()
    }
}

/// The tick that says the person understands this cannot be undone.
#[component]
fn Confirm(problem: Signal<Option<FieldProblem>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" data-invalid=move || problem.get().is_some().to_string()>
            <label class="check">
                <input type="checkbox" name="confirm" value="on" id="erase-confirm"
                    aria-invalid=move || problem.get().is_some().then_some("true")
                    aria-describedby=move || problem.get().is_some().then_some("erase-confirm-problem") />
                {t!(i18n, erasure.confirm)}
            </label>
            {move || problem.get().map(|p| view! {
                <p class="field-error" id="erase-confirm-problem" role="alert" data-testid="error-confirm">{problem_text(i18n, p)}</p>
            })}
        </div>
    }
}

#[component]
pub fn ClientErasurePage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <ClientErasure /> } /> }
}

#[component]
fn ClientErasure() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param("id");
    let data = Resource::new(
        move || id.get(),
        |id| async move { client_erasure(id.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <Loaded data error_heading=move || view! { <h1>{t!(i18n, erasure.client_title)}</h1> } let:client>
            <ClientForm client />
        </Loaded>
    }
}

#[component]
fn ClientForm(client: ClientErasureView) -> impl IntoView {
    let i18n = use_i18n();
    let erase = ServerAction::<EraseClient>::new();
    view! {
        <p><A href=format!("/clients/{}", client.id)>{t!(i18n, erasure.back_to_client)}</A></p>
        <h1>{t!(i18n, erasure.client_heading, code = client.code.clone())}</h1>
        <section class="card" data-testid="client-erasure">
            <h2>{t!(i18n, erasure.goes)}</h2>
            <p>{t!(i18n, erasure.client_goes, records = client.records)}</p>
            <h2>{t!(i18n, erasure.stays)}</h2>
            <p>{t!(i18n, erasure.client_stays, unlinked = client.unlinked)}</p>
            {if client.closed {
                view! {
                    <ActionForm action=erase attr:class="stack" attr:novalidate="novalidate">
                        <FormError action=erase />
                        <input type="hidden" name="client" value=client.id.to_string() />
                        <Confirm problem=either_problem(field_problem(erase, "confirm"), field_problem(erase, "client")) />
                        <button type="submit" class="danger">{t!(i18n, erasure.client_submit)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="notice" data-testid="erasure-blocked">{t!(i18n, errors.client_still_open)}</p> }.into_any()
            }}
        </section>
    }
}
