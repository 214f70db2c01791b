//! "Eigen methode": add (`/methods/new`, optionally `?from=ID` to start from a copy) or edit
//! (`/methods/:id/edit`) a team's or organisation's own method: its kind, names, roles and
//! steps. Problems show at their field and row; what was typed stays.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::methods::api::{SaveOwnMethod, method_for_edit};
use crate::sessions::methods::form::{
    MAX_STEPS, MethodDraft, MethodEditing, MethodOwner, StepDraft,
};
use crate::sessions::model::{Role, SessionKind};
use crate::sessions::text::kind_text;
use crate::ui::form::{FormError, form_error_text, problem_text};
use crate::ui::island::{awake, island_i18n, preload_lazy_island};
use crate::ui::status::Loading;
use leptos_i18n::I18nContext;

#[component]
pub fn MethodFormPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <MethodFormView /> } /> }
}

pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Facilitator => t_string!(i18n, method_form.role_facilitator),
        Role::Presenter => t_string!(i18n, method_form.role_presenter),
        Role::Participant => t_string!(i18n, method_form.role_participant),
        Role::Timekeeper => t_string!(i18n, method_form.role_timekeeper),
        Role::NoteTaker => t_string!(i18n, method_form.role_note_taker),
    }
}

#[component]
fn MethodFormView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|t| t.parse().ok());
    let editing = move || params.read().get("id").is_some();
    let from = move || query.read().get("from").and_then(|t| t.parse().ok());
    let data = Resource::new(
        move || (editing(), id(), from()),
        |(editing, id, from)| async move {
            match (editing, id) {
                // An id that is not a number is no method at all.
                (true, None) => Err(crate::error::AppError::NotFound),
                _ => method_for_edit(id, from).await,
            }
        },
    );
    view! {
        <h1>{move || if editing() { t!(i18n, method_form.title_edit).into_any() } else { t!(i18n, method_form.title_new).into_any() }}</h1>
        <p class="muted">{t!(i18n, method_form.intro)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editing) => view! { <MethodEditor editing /> }.into_any(),
                    Err(err) => view! { <p class="form-error" data-testid="method-error">{form_error_text(i18n, &err)}</p> }.into_any(),
                }
            })}
        </Transition>
        <p><a href="/methods">{t!(i18n, method_form.back)}</a></p>
    }
}

/// The method form: rows come and go and the total follows what is typed, and it is saved as
/// one JSON draft, so this is an island. A saved method goes back to the library.
#[island(lazy)]
fn MethodEditor(editing: MethodEditing) -> impl IntoView {
    preload_lazy_island("method_editor");
    let i18n = island_i18n();
    let save = ServerAction::<SaveOwnMethod>::new();
    let ready = awake();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            let _ = window().location().assign("/methods");
        }
    });
    let MethodDraft {
        owner,
        kind,
        name_nl,
        name_en,
        roles,
        steps,
    } = editing.draft;
    let owner = RwSignal::new(owner);
    let kind = RwSignal::new(kind);
    let name_nl = RwSignal::new(name_nl);
    let name_en = RwSignal::new(name_en);
    let roles = RwSignal::new(roles);
    // Each row keeps a stable key, so removing one does not reshuffle what was typed.
    let next = StoredValue::new(steps.len());
    let steps = RwSignal::new(
        steps
            .into_iter()
            .enumerate()
            .collect::<Vec<(usize, StepDraft)>>(),
    );
    let add_step = move |_| {
        let key = next.get_value();
        next.set_value(key + 1);
        steps.update(|s| {
            s.push((
                key,
                StepDraft {
                    minutes: "10".into(),
                    ..StepDraft::default()
                },
            ))
        });
    };
    let problem_at = move |field: String| {
        move || {
            match save.value().get() {
            Some(Err(err)) => err.at_field(&field).map(|p| {
                view! { <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p> }
            }),
            _ => None,
        }
        }
    };
    let edit = move |key: usize, f: fn(&mut StepDraft, String), value: String| {
        steps.update(|s| {
            if let Some((_, row)) = s.iter_mut().find(|(k, _)| *k == key) {
                f(row, value);
            }
        });
    };
    let total = move || {
        steps.with(|s| {
            s.iter()
                .filter_map(|(_, r)| r.minutes.trim().parse::<u32>().ok())
                .sum::<u32>()
        })
    };
    let id = editing.id;
    let submit = move |_| {
        save.dispatch(SaveOwnMethod {
            id,
            draft: MethodDraft {
                owner: owner.get_untracked(),
                kind: kind.get_untracked(),
                name_nl: name_nl.get_untracked(),
                name_en: name_en.get_untracked(),
                roles: roles.get_untracked(),
                steps: steps.get_untracked().into_iter().map(|(_, r)| r).collect(),
            },
        });
    };
    let owners = editing.owners;
    view! {
        <section class="card" data-testid="method-form">
            <div class="field">
                <label for="method-owner">{t!(i18n, method_form.owner)}</label>
                <select id="method-owner" prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                    {owners.into_iter().map(|o| {
                        let value = o.owner.as_value();
                        let selected = value == owner.get_untracked();
                        view! {
                            <option value=value selected=selected>
                                {match o.owner {
                                    MethodOwner::Organisation => t!(i18n, method_form.organisation).into_any(),
                                    MethodOwner::Team(_) => o.name.into_any(),
                                }}
                            </option>
                        }
                    }).collect_view()}
                </select>
                {problem_at("owner".into())}
            </div>
            <div class="field">
                <label for="method-kind">{t!(i18n, method_form.kind)}</label>
                <select id="method-kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    {SessionKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=k.as_str() == kind.get_untracked()>{move || kind_text(i18n, k)}</option>
                    }).collect_view()}
                </select>
                {problem_at("kind".into())}
            </div>
            <div class="grid two">
                <div class="field">
                    <label for="method-name_nl">{t!(i18n, method_form.name_nl)}</label>
                    <input id="method-name_nl" type="text" maxlength="120" bind:value=name_nl />
                    {problem_at("name_nl".into())}
                </div>
                <div class="field">
                    <label for="method-name_en">{t!(i18n, method_form.name_en)}</label>
                    <input id="method-name_en" type="text" maxlength="120" bind:value=name_en />
                    {problem_at("name_en".into())}
                </div>
            </div>
            <fieldset class="field">
                <legend>{t!(i18n, method_form.roles)}</legend>
                {Role::ALL.into_iter().map(|r| view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("role-{}", r.as_str())
                            prop:checked=move || roles.with(|rs| rs.iter().any(|x| x == r.as_str()))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                roles.update(|rs| {
                                    rs.retain(|x| x != r.as_str());
                                    if on { rs.push(r.as_str().to_owned()); }
                                });
                            } />
                        " "{move || role_label(i18n, r)}
                    </label>
                }).collect_view()}
                {problem_at("roles".into())}
            </fieldset>
            <h2>{t!(i18n, method_form.steps)}</h2>
            <p class="muted" data-testid="method-total">{move || t_string!(i18n, method_form.total, minutes = total()).to_string()}</p>
            <ol class="method-steps" data-testid="steps">
                <For each=move || steps.get() key=|(k, _)| *k let:item>
                    {
                        let (key, row) = item;
                        let i = move || steps.with(|s| s.iter().position(|(k, _)| *k == key).unwrap_or(0));
                        let id = move |name: &str| format!("step-{name}-{key}");
                        view! {
                            <li data-testid="step">
                                <div class="grid two">
                                    <div class="field">
                                        <label for=id("name_nl")>{t!(i18n, method_form.step_name_nl)}</label>
                                        <input id=id("name_nl") type="text" maxlength="120" prop:value=row.name_nl.clone()
                                            on:input=move |ev| edit(key, |r, v| r.name_nl = v, event_target_value(&ev)) />
                                        {move || problem_at(format!("step-name_nl-{}", i()))}
                                    </div>
                                    <div class="field">
                                        <label for=id("name_en")>{t!(i18n, method_form.step_name_en)}</label>
                                        <input id=id("name_en") type="text" maxlength="120" prop:value=row.name_en.clone()
                                            on:input=move |ev| edit(key, |r, v| r.name_en = v, event_target_value(&ev)) />
                                        {move || problem_at(format!("step-name_en-{}", i()))}
                                    </div>
                                    <div class="field">
                                        <label for=id("purpose_nl")>{t!(i18n, method_form.purpose_nl)}</label>
                                        <textarea id=id("purpose_nl") rows="2" maxlength="500" prop:value=row.purpose_nl.clone()
                                            on:input=move |ev| edit(key, |r, v| r.purpose_nl = v, event_target_value(&ev))></textarea>
                                        {move || problem_at(format!("step-purpose_nl-{}", i()))}
                                    </div>
                                    <div class="field">
                                        <label for=id("purpose_en")>{t!(i18n, method_form.purpose_en)}</label>
                                        <textarea id=id("purpose_en") rows="2" maxlength="500" prop:value=row.purpose_en.clone()
                                            on:input=move |ev| edit(key, |r, v| r.purpose_en = v, event_target_value(&ev))></textarea>
                                        {move || problem_at(format!("step-purpose_en-{}", i()))}
                                    </div>
                                </div>
                                <div class="field">
                                    <label for=id("minutes")>{t!(i18n, method_form.minutes)}</label>
                                    <input id=id("minutes") type="number" min="1" max="240" prop:value=row.minutes.clone()
                                        on:input=move |ev| edit(key, |r, v| r.minutes = v, event_target_value(&ev)) />
                                    {move || problem_at(format!("minutes-{}", i()))}
                                </div>
                                <button type="button" class="secondary small" data-testid="remove-step"
                                    on:click=move |_| steps.update(|s| s.retain(|(k, _)| *k != key))>
                                    {t!(i18n, method_form.remove_step)}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ol>
            {problem_at("steps".into())}
            <p class="actions">
                <button type="button" class="secondary" data-testid="add-step"
                    disabled=move || !ready.get() || steps.with(|s| s.len() >= MAX_STEPS) on:click=add_step>
                    {t!(i18n, method_form.add_step)}
                </button>
                " "
                <button type="button" data-testid="save-method" disabled=move || !ready.get() || save.pending().get() on:click=submit>{t!(i18n, method_form.save)}</button>
            </p>
            <FormError action=save />
        </section>
    }
}
