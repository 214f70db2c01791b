//! "Werkvormen": the methods for intervision and moreel beraad, with their steps, purposes
//! and timings, in the reader's language.

use leptos::prelude::*;

use super::api::method_library;
use super::model::Method;
use super::text::{in_language, kind_text};
use crate::i18n::*;
use crate::ui::form::form_error_text;
use crate::ui::signed_in::SignedIn;
use crate::ui::status::Loading;

#[component]
pub fn MethodLibraryPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <LibraryView /> } /> }
}

#[component]
fn LibraryView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| method_library());
    view! {
        <h1>{t!(i18n, sessions.library_title)}</h1>
        <p class="muted">{t!(i18n, sessions.library_intro)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(methods) => view! {
                        <div class="grid two" data-testid="methods">
                            {methods.into_iter().map(|m| view! { <MethodCard m /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(err) => view! { <p class="form-error">{form_error_text(i18n, &err)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MethodCard(m: Method) -> impl IntoView {
    let i18n = use_i18n();
    let (nl, en) = (m.name_nl.clone(), m.name_en.clone());
    let (count, minutes) = (m.steps.len(), m.total_minutes());
    view! {
        <article class="card" data-testid="method">
            <h2>{move || in_language(i18n, &nl, &en).to_owned()}</h2>
            <p class="muted">
                {move || kind_text(i18n, m.kind)}" · "
                {move || t_string!(i18n, sessions.steps_total, count = count, minutes = minutes).to_string()}
            </p>
            <ol>
                {m.steps.into_iter().map(|s| view! {
                    <li>
                        <strong>{move || in_language(i18n, &s.name_nl, &s.name_en).to_owned()}</strong>
                        " ("{s.minutes}" min) "
                        <span class="muted">{move || in_language(i18n, &s.purpose_nl, &s.purpose_en).to_owned()}</span>
                    </li>
                }).collect_view()}
            </ol>
        </article>
    }
}
