//! The session runner (`/sessions/:id/run`): a full-screen page the facilitator shares on
//! screen. It shows the current step with its purpose, a countdown that can be extended, notes
//! per step and the total time. Every move is stored on the server, so a reload carries on.

use crate::shared::ids::SessionId;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::outcomes::api::FinishSession;
use crate::sessions::runner::api::{ControlRun, SaveStepNotes, run_board};
use crate::sessions::runner::model::{
    RunState, clock_text, elapsed_seconds, planned_minutes, remaining_seconds,
};
use crate::sessions::text::{in_language, kind_text};
use crate::sessions::views::RunnerScreen;
use crate::ui::form::{FormError, form_error_text, problem_text};
use crate::ui::status::Loading;

#[component]
pub fn RunnerPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <RunnerLoader /> } /> }
}

#[component]
fn RunnerLoader() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|t| t.parse().ok());
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => run_board(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(board) => view! { <Runner board /> }.into_any(),
                    Err(err) => view! { <p class="form-error">{form_error_text(i18n, &err)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The browser's idea of now, corrected by the server's clock, ticking twice a second.
fn ticking_clock(server_now: DateTime<Utc>) -> RwSignal<DateTime<Utc>> {
    let offset = server_now - Utc::now();
    let now = RwSignal::new(server_now);
    Effect::new(move |_| {
        let tick = move || now.set(Utc::now() + offset);
        tick();
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(500)) {
            on_cleanup(move || handle.clear());
        }
    });
    now
}

#[component]
fn Runner(board: RunnerScreen) -> impl IntoView {
    let i18n = use_i18n();
    let id = board.id;
    let steps = StoredValue::new(board.steps.clone());
    let count = board.steps.len();
    let run = RwSignal::new(board.state);
    let notes = RwSignal::new(board.notes.clone());
    let now = ticking_clock(board.server_now);
    let control = ServerAction::<ControlRun>::new();
    let save_notes = ServerAction::<SaveStepNotes>::new();
    let finish = ServerAction::<FinishSession>::new();
    Effect::new(move |_| {
        if let Some(Ok(state)) = control.value().get() {
            run.set(Some(state));
        }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = finish.value().get() {
            navigate(&format!("/sessions/{id}"), Default::default());
        }
    });
    let command = move |c: &str| {
        control.dispatch(ControlRun {
            session: id,
            command: c.to_owned(),
        });
    };
    let minutes: Vec<u32> = board.steps.iter().map(|s| s.minutes).collect();
    let planned = planned_minutes(&minutes);
    let (nl, en) = (board.method_name_nl.clone(), board.method_name_en.clone());
    let may_run = board.may_run;
    view! {
        <div class="runner" data-testid="runner">
            <header class="runner-head">
                <div>
                    <p class="muted">{move || kind_text(i18n, board.kind)}" · "{move || in_language(i18n, &nl, &en).to_owned()}</p>
                    <p class="runner-question" data-testid="runner-question">{board.question.clone()}</p>
                    <p class="muted">{move || t_string!(i18n, runner.presenter, name = board.presenter.clone()).to_string()}</p>
                </div>
                <div class="runner-total" data-testid="runner-total">
                    {move || match run.get() {
                        Some(state) => t_string!(i18n, runner.total, elapsed = clock_text(elapsed_seconds(&state, now.get())), planned = planned).to_string(),
                        None => t_string!(i18n, runner.planned, planned = planned).to_string(),
                    }}
                </div>
                <a href=format!("/sessions/{id}") class="button secondary" data-testid="runner-close">{t!(i18n, runner.close)}</a>
            </header>
            {move || match run.get() {
                None => view! {
                    <section class="runner-start">
                        <p>{t!(i18n, runner.not_started)}</p>
                        {may_run.then(|| view! {
                            <button type="button" class="big" data-testid="runner-start" on:click=move |_| command("start")>{t!(i18n, runner.start)}</button>
                        })}
                    </section>
                }.into_any(),
                Some(state) => view! { <Step state steps count now notes may_run command save_notes finish id /> }.into_any(),
            }}
            <FormError action=control />
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn Step(
    state: RunState,
    steps: StoredValue<Vec<crate::sessions::model::MethodStep>>,
    count: usize,
    now: RwSignal<DateTime<Utc>>,
    notes: RwSignal<Vec<String>>,
    may_run: bool,
    command: impl Fn(&str) + Copy + Send + Sync + 'static,
    save_notes: ServerAction<SaveStepNotes>,
    finish: ServerAction<FinishSession>,
    id: SessionId,
) -> impl IntoView {
    let i18n = use_i18n();
    let position = state.step.min(count.saturating_sub(1));
    let step = steps.with_value(|s| s[position].clone());
    let minutes = step.minutes;
    let remaining = move || remaining_seconds(&state, minutes, now.get());
    let last = position + 1 == count;
    let note = move || notes.with(|n| n.get(position).cloned().unwrap_or_default());
    let (name_nl, name_en, purpose_nl, purpose_en) = (
        step.name_nl.clone(),
        step.name_en.clone(),
        step.purpose_nl.clone(),
        step.purpose_en.clone(),
    );
    let notes_problem = move || match save_notes.value().get() {
        Some(Err(err)) => err.at_field("notes"),
        _ => None,
    };
    view! {
        <ol class="runner-steps" aria-label=move || t_string!(i18n, runner.steps)>
            {steps.with_value(|all| all.iter().enumerate().map(|(i, s)| {
                let (nl, en) = (s.name_nl.clone(), s.name_en.clone());
                let class = if i == position { "current" } else if i < position { "past" } else { "" };
                view! { <li class=class aria-current=(i == position).then_some("step")>{move || in_language(i18n, &nl, &en).to_owned()}</li> }
            }).collect_view())}
        </ol>
        <section class="runner-step" data-testid="runner-step" data-step=position.to_string()>
            <p class="muted" data-testid="step-count">{move || t_string!(i18n, runner.step_of, n = position + 1, count = count).to_string()}</p>
            <h1 data-testid="step-name">{move || in_language(i18n, &name_nl, &name_en).to_owned()}</h1>
            <p class="runner-purpose" data-testid="step-purpose">{move || in_language(i18n, &purpose_nl, &purpose_en).to_owned()}</p>
            <p class="countdown" data-testid="countdown" data-over=move || (remaining() < 0).to_string()
                aria-label=move || t_string!(i18n, runner.countdown_label)>
                {move || clock_text(remaining())}
            </p>
            {move || (remaining() < 0).then(|| view! { <p class="muted" data-testid="over-time">{t!(i18n, runner.over_time)}</p> })}
            {may_run.then(|| view! {
                <div class="actions runner-controls">
                    <button type="button" class="secondary" data-testid="step-previous" disabled=position == 0 on:click=move |_| command("previous")>{t!(i18n, runner.previous)}</button>
                    <button type="button" class="secondary" data-testid="extend-1" on:click=move |_| command("extend:1")>{t!(i18n, runner.extend_1)}</button>
                    <button type="button" class="secondary" data-testid="extend-5" on:click=move |_| command("extend:5")>{t!(i18n, runner.extend_5)}</button>
                    {if last {
                        view! { <button type="button" data-testid="runner-finish" on:click=move |_| { finish.dispatch(FinishSession { session: id }); }>{t!(i18n, runner.finish)}</button> }.into_any()
                    } else {
                        view! { <button type="button" data-testid="step-next" on:click=move |_| command("next")>{t!(i18n, runner.next)}</button> }.into_any()
                    }}
                </div>
            })}
            <FormError action=finish />
            <div class="field">
                <label for="step-notes">{t!(i18n, runner.notes)}</label>
                {if may_run {
                    view! {
                        <textarea id="step-notes" data-testid="step-notes" rows="5" maxlength="4000"
                            prop:value=note
                            on:input=move |ev| { let text = event_target_value(&ev); notes.update(|n| if let Some(slot) = n.get_mut(position) { *slot = text; }); }
                            on:change=move |_| { save_notes.dispatch(SaveStepNotes { session: id, position: position as u32, notes: note() }); }>
                        </textarea>
                    }.into_any()
                } else {
                    view! { <p class="runner-notes" data-testid="step-notes-read">{note}</p> }.into_any()
                }}
                <span class="hint">{t!(i18n, runner.notes_hint)}</span>
                {move || notes_problem().map(|p| view! { <p class="field-error" role="alert" data-testid="error-notes">{problem_text(i18n, p)}</p> })}
                {move || matches!(save_notes.value().get(), Some(Ok(()))).then(|| view! { <p class="muted" role="status" data-testid="notes-saved">{t!(i18n, runner.notes_saved)}</p> })}
            </div>
        </section>
    }
}
