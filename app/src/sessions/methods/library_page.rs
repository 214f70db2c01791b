//! "Werkvormen": the methods for intervision and moreel beraad, with their steps, purposes
//! and timings, in the reader's language.

use leptos::prelude::*;

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::methods::api::method_shelf;
use crate::sessions::methods::form::LibraryShelf;
use crate::sessions::model::Method;
use crate::sessions::text::{in_language, kind_text};
use crate::ui::status::Loaded;

#[component]
pub fn MethodLibraryPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <LibraryView /> } /> }
}

#[component]
fn LibraryView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| method_shelf());
    view! {
        <h1>{t!(i18n, sessions.library_title)}</h1>
        <p class="muted">{t!(i18n, sessions.library_intro)}</p>
        <Loaded data=data let:shelf>
            <Shelf shelf />
        </Loaded>
    }
}

#[component]
fn Shelf(shelf: LibraryShelf) -> impl IntoView {
    let i18n = use_i18n();
    let (may_add, editable) = (shelf.may_add, shelf.editable);
    view! {
        {may_add.then(|| view! {
            <p class="actions"><a class="button" href="/methods/new" data-testid="add-method">{t!(i18n, method_form.add)}</a></p>
        })}
        <div class="grid two" data-testid="methods">
            {shelf.methods.into_iter().map(|m| {
                let may_edit = editable.contains(&m.id);
                view! { <MethodCard m may_edit may_copy=may_add /> }
            }).collect_view()}
        </div>
    }
}

#[component]
fn MethodCard(m: Method, may_edit: bool, may_copy: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = m.id;
    let (nl, en) = (m.name_nl.clone(), m.name_en.clone());
    let (count, minutes) = (m.steps.len(), m.total_minutes());
    view! {
        <article class="card" data-testid="method">
            <h2>{move || in_language(i18n, &nl, &en).to_owned()}</h2>
            <p class="muted">
                {(!m.seeded).then(|| view! { <span class="badge" data-testid="own-method">{t!(i18n, method_form.own)}</span>" " })}
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
            <p class="actions">
                {if may_edit {
                    view! { <a class="button secondary small" href=format!("/methods/{id}/edit") data-testid="edit-method">{t!(i18n, method_form.edit)}</a> }.into_any()
                } else if may_copy {
                    view! { <a class="button secondary small" href=format!("/methods/new?from={id}") data-testid="copy-method">{t!(i18n, method_form.copy)}</a> }.into_any()
                } else {
                    ().into_any()
                }}
            </p>
        </article>
    }
}
