//! "Mijn vastloopmomenten": the author's own signals with their notes (nobody else's page
//! ever shows a note), their weekly history, movement, and what colleagues shared.

use crate::shared::ids::ClientId;
use leptos::prelude::*;

use super::api::{DeleteSignal, NoteMovement, ResolveSignal, my_signals};
use super::log_form::{PageSignalForm, day_turn};
use super::model::{SignalId, Visibility};
use super::text::{kinds_text, visibility_text};
use super::views::{MySignalsOverview, OwnSignal, SharedSignal};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;
use crate::ui::time::{dutch_date, local_date, today};

#[component]
pub fn MySignalsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <MySignalsView /> } /> }
}

#[component]
fn MySignalsView() -> impl IntoView {
    let i18n = use_i18n();
    let resolve = ServerAction::<ResolveSignal>::new();
    let movement = ServerAction::<NoteMovement>::new();
    let delete = ServerAction::<DeleteSignal>::new();
    let data = Resource::new(|| (), |_| my_signals());
    view! {
        <h1>{t!(i18n, signals.title)}</h1>
        <p class="muted">{t!(i18n, signals.intro)}</p>
        <div class="grid two">
            <section class="card">
                <h2>{t!(i18n, signals.log_title)}</h2>
                <PageSignalForm turn=day_turn() />
            </section>
            <Loaded data=data let:data>
                <Overview data resolve movement delete />
            </Loaded>
        </div>
    }
}

#[component]
fn Overview(
    data: MySignalsOverview,
    resolve: ServerAction<ResolveSignal>,
    movement: ServerAction<NoteMovement>,
    delete: ServerAction<DeleteSignal>,
) -> impl IntoView {
    let i18n = use_i18n();
    let most = data
        .history
        .iter()
        .map(|w| w.count)
        .max()
        .unwrap_or(0)
        .max(1);
    let history = data.history.clone();
    let empty = data.signals.is_empty();
    let signals = data.signals.clone();
    let shared = data.shared_by_team.clone();
    view! {
        <div>
            <section class="card">
                <h2>{t!(i18n, signals.history_title)}</h2>
                <ol class="spark" data-testid="my-history">
                    {history.into_iter().map(|w| {
                        let label = move || t_string!(i18n, signals.history_week, date = dutch_date(w.week_start), count = w.count).to_string();
                        let height = (w.count * 100 / most).to_string();
                        view! { <li title=label aria-label=label><meter min="0" max="100" value=height></meter></li> }
                    }).collect_view()}
                </ol>
            </section>
            <MovementForm clients=data.clients.clone() movement />
        </div>
        <section class="card wide">
            <h2>{t!(i18n, signals.title)}</h2>
            {just_saved(delete).then(|| view! { <p class="form-ok" role="status" data-testid="signal-deleted">{t!(i18n, signals.deleted)}</p> })}
            {if empty {
                view! { <p class="muted" data-testid="no-signals">{t!(i18n, signals.empty)}</p> }.into_any()
            } else {
                view! { <OwnSignals signals resolve delete /> }.into_any()
            }}
        </section>
        <section class="card wide">
            <h2>{t!(i18n, signals.shared_title)}</h2>
            <p class="muted">{t!(i18n, signals.shared_intro)}</p>
            <SharedList signals=shared />
        </section>
    }
}

#[component]
fn OwnSignals(
    signals: Vec<OwnSignal>,
    resolve: ServerAction<ResolveSignal>,
    delete: ServerAction<DeleteSignal>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="scroll-x">
            <table data-testid="own-signals">
                <thead><tr>
                    <th>{t!(i18n, signals.col_date)}</th>
                    <th>{t!(i18n, signals.col_client)}</th>
                    <th>{t!(i18n, signals.col_intensity)}</th>
                    <th>{t!(i18n, signals.col_kinds)}</th>
                    <th>{t!(i18n, signals.col_visibility)}</th>
                    <th>{t!(i18n, signals.col_note)}</th>
                    <th>{t!(i18n, signals.col_status)}</th>
                </tr></thead>
                <tbody>
                    {signals.into_iter().map(|s| {
                        let kinds = s.kinds.clone();
                        let vis = s.visibility;
                        view! {
                            <tr data-testid="own-signal">
                                <td>{local_date(s.at)}</td>
                                <td data-label=move || t_string!(i18n, signals.col_client)>{s.client_code.clone().unwrap_or_default()}</td>
                                <td data-label=move || t_string!(i18n, signals.col_intensity)>{s.intensity}</td>
                                <td data-label=move || t_string!(i18n, signals.col_kinds)>
                                    {move || kinds_text(i18n, &kinds)}
                                    {s.moral_dilemma.then(|| view! { " " <span class="badge">{t!(i18n, signals.moral_badge)}</span> })}
                                </td>
                                <td data-label=move || t_string!(i18n, signals.col_visibility)>{move || visibility_text(i18n, vis)}</td>
                                <td data-label=move || t_string!(i18n, signals.col_note) class="note">{s.note.clone()}</td>
                                <td data-label=move || t_string!(i18n, signals.col_status)>
                                    // Help lives above signals; a link needs nothing of it.
                                    {s.resolved_at.is_none().then(|| view! {
                                        <a href=format!("/help/signals/{}", s.id) data-testid="ask-help">{t!(i18n, help.ask_link)}</a>
                                    })}
                                    <ResolveCell signal=s.clone() resolve />
                                    <DeleteSignalForm signal=s.id delete />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ResolveCell(signal: OwnSignal, resolve: ServerAction<ResolveSignal>) -> impl IntoView {
    let i18n = use_i18n();
    if signal.resolved_at.is_some() {
        let helped = signal.helped.clone();
        return view! {
            <span>{t!(i18n, signals.resolved)}</span>
            {(!helped.is_empty()).then(|| view! { <br /><span class="muted">{helped}</span> })}
        }
        .into_any();
    }
    let problem = field_problem(resolve, "helped");
    let mine = move || {
        matches!(resolve.input().get(), Some(ResolveSignal { signal: s, .. }) if s == signal.id)
            || matches!(resolve.value().get(), Some(Err(_)))
    };
    view! {
        <ActionForm action=resolve attr:class="inline" attr:data-testid="resolve-form">
            <input type="hidden" name="signal" value=signal.id.to_string() />
            <label class="sr-only" for=format!("helped-{}", signal.id)>{t!(i18n, signals.helped)}</label>
            <input id=format!("helped-{}", signal.id) name="helped" placeholder=move || t_string!(i18n, signals.helped) />
            <button type="submit" class="secondary">{t!(i18n, signals.resolve)}</button>
            {move || (mine() && problem.get().is_some()).then(|| problem.get().map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> }))}
        </ActionForm>
    }
    .into_any()
}

/// Erasing one's own signal: behind a fold, with what it means, so it is never a slip.
#[component]
fn DeleteSignalForm(signal: SignalId, delete: ServerAction<DeleteSignal>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="erase">
            <summary data-testid="delete-signal">{t!(i18n, signals.delete)}</summary>
            <ActionForm action=delete attr:class="stack" attr:data-testid="delete-signal-form">
                <FormError action=delete />
                <p class="muted">{t!(i18n, signals.delete_hint)}</p>
                <input type="hidden" name="signal" value=signal.to_string() />
                <button type="submit" class="danger">{t!(i18n, signals.delete_submit)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn MovementForm(
    clients: Vec<(ClientId, String)>,
    movement: ServerAction<NoteMovement>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = just_saved(movement);
    if clients.is_empty() {
        return view! {
            <section class="card"><h2>{t!(i18n, signals.movement_title)}</h2><p class="muted">{t!(i18n, signals.movement_none)}</p></section>
        }
        .into_any();
    }
    view! {
        <section class="card">
            <h2>{t!(i18n, signals.movement_title)}</h2>
            <p class="muted">{t!(i18n, signals.movement_intro)}</p>
            <ActionForm action=movement attr:class="stack" attr:data-testid="movement-form">
                <FormError action=movement />
                <div class="field">
                    <label for="movement-client">{t!(i18n, signals.movement_client)}</label>
                    <select id="movement-client" name="client">
                        {clients.into_iter().map(|(id, code)| view! { <option value=id.to_string()>{code}</option> }).collect_view()}
                    </select>
                </div>
                <crate::ui::form::Field label=move || t!(i18n, signals.movement_date) name="on" kind="date"
                    value=today().format("%Y-%m-%d").to_string() problem=field_problem(movement, "on") />
                <button type="submit">{t!(i18n, signals.movement_save)}</button>
                {done.then(|| view! { <p class="saved" role="status">{t!(i18n, signals.movement_saved)}</p> })}
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Signals others shared: who, when, about which client, how stuck. Never a note.
#[component]
pub fn SharedList(signals: Vec<SharedSignal>) -> impl IntoView {
    let i18n = use_i18n();
    if signals.is_empty() {
        return view! { <p class="muted" data-testid="shared-empty">{t!(i18n, signals.shared_empty)}</p> }.into_any();
    }
    view! {
        <div class="scroll-x">
            <table data-testid="shared-signals">
                <thead><tr>
                    <th>{t!(i18n, signals.col_date)}</th>
                    <th>{t!(i18n, signals.col_author)}</th>
                    <th>{t!(i18n, signals.col_client)}</th>
                    <th>{t!(i18n, signals.col_intensity)}</th>
                    <th>{t!(i18n, signals.col_kinds)}</th>
                    <th>{t!(i18n, signals.col_status)}</th>
                </tr></thead>
                <tbody>
                    {signals.into_iter().map(|s| {
                        let kinds = s.kinds.clone();
                        view! {
                            <tr>
                                <td>{local_date(s.at)}</td>
                                <td data-label=move || t_string!(i18n, signals.col_author)>{s.author.clone()}</td>
                                <td data-label=move || t_string!(i18n, signals.col_client)>{s.client_code.clone().unwrap_or_default()}</td>
                                <td data-label=move || t_string!(i18n, signals.col_intensity)>{s.intensity}</td>
                                <td data-label=move || t_string!(i18n, signals.col_kinds)>
                                    {move || kinds_text(i18n, &kinds)}
                                    {s.moral_dilemma.then(|| view! { " " <span class="badge">{t!(i18n, signals.moral_badge)}</span> })}
                                </td>
                                <td data-label=move || t_string!(i18n, signals.col_status)>
                                    {if s.resolved { t_string!(i18n, signals.resolved) } else { t_string!(i18n, signals.open) }}
                                    {(!s.resolved && s.visibility == Visibility::Team).then(|| view! {
                                        " "<a href=format!("/help#offer-{}", s.id) data-testid="offer-link">{t!(i18n, help.offer_link)}</a>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
