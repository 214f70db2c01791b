//! The session runner (`/sessions/:id/run`): a full-screen page the facilitator shares on
//! screen. It shows the current step with its purpose, a countdown that can be extended, notes
//! per step and the total time. Every move is stored on the server, so a reload carries on.
//!
//! The page is rendered on the server; each move is a plain form post that reloads it. Only
//! the two clocks are islands: they are the one part that changes without the reader doing
//! anything.

use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::runner::api::{ControlRun, MoveRun, run_board};
use crate::sessions::runner::model::{
    RunState, clock_text, elapsed_seconds, planned_minutes, remaining_seconds,
};
use crate::sessions::text::{in_language, kind_text};
use crate::sessions::views::RunnerScreen;
use crate::ui::form::{FormError, field_problem, form_error_text, just_saved, problem_text};
use crate::ui::island::{island_i18n, preload_lazy_island};
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

/// The browser's idea of now, corrected by the server's clock, ticking twice a second. On the
/// server (and until the island wakes) it is the server's now, so both render the same.
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

/// The time spent so far against the time planned, ticking.
#[island(lazy)]
fn RunTotalClock(state: RunState, planned: u32, server_now: DateTime<Utc>) -> impl IntoView {
    preload_lazy_island("run_total_clock");
    let i18n = island_i18n();
    let now = ticking_clock(server_now);
    view! {
        <div class="runner-total" data-testid="runner-total">
            {move || t_string!(i18n, runner.total, elapsed = clock_text(elapsed_seconds(&state, now.get())), planned = planned).to_string()}
        </div>
    }
}

/// The countdown of the current step, and the calm note once it runs over.
#[island(lazy)]
fn RunStepClock(state: RunState, minutes: u32, server_now: DateTime<Utc>) -> impl IntoView {
    preload_lazy_island("run_step_clock");
    let i18n = island_i18n();
    let now = ticking_clock(server_now);
    let remaining = move || remaining_seconds(&state, minutes, now.get());
    view! {
        <p class="countdown" data-testid="countdown" data-over=move || (remaining() < 0).to_string()
            aria-label=move || t_string!(i18n, runner.countdown_label)>
            {move || clock_text(remaining())}
        </p>
        {move || (remaining() < 0).then(|| view! { <p class="muted" data-testid="over-time">{t!(i18n, runner.over_time)}</p> })}
    }
}

#[component]
fn Runner(board: RunnerScreen) -> impl IntoView {
    let i18n = use_i18n();
    let id = board.id;
    let count = board.steps.len();
    let start = ServerAction::<ControlRun>::new();
    let minutes: Vec<u32> = board.steps.iter().map(|s| s.minutes).collect();
    let planned = planned_minutes(&minutes);
    let (nl, en) = (board.method_name_nl.clone(), board.method_name_en.clone());
    let may_run = board.may_run;
    let server_now = board.server_now;
    let presenter = board.presenter.clone();
    view! {
        <div class="runner" data-testid="runner">
            <header class="runner-head">
                <div>
                    <p class="muted">{move || kind_text(i18n, board.kind)}" · "{move || in_language(i18n, &nl, &en).to_owned()}</p>
                    <p class="runner-question" data-testid="runner-question">{board.question.clone()}</p>
                    <p class="muted">{move || t_string!(i18n, runner.presenter, name = presenter.clone()).to_string()}</p>
                </div>
                {match board.state {
                    Some(state) => view! { <RunTotalClock state planned server_now /> }.into_any(),
                    None => view! {
                        <div class="runner-total" data-testid="runner-total">
                            {move || t_string!(i18n, runner.planned, planned = planned).to_string()}
                        </div>
                    }.into_any(),
                }}
                <a href=format!("/sessions/{id}") class="button secondary" data-testid="runner-close">{t!(i18n, runner.close)}</a>
            </header>
            {match board.state {
                None => view! {
                    <section class="runner-start">
                        <p>{t!(i18n, runner.not_started)}</p>
                        {may_run.then(|| view! {
                            <ActionForm action=start>
                                <input type="hidden" name="session" value=id.to_string() />
                                <button type="submit" name="command" value="start" class="big" data-testid="runner-start">{t!(i18n, runner.start)}</button>
                                <FormError action=start />
                            </ActionForm>
                        })}
                    </section>
                }.into_any(),
                Some(state) if count > 0 => view! { <Step state board=board.clone() count /> }.into_any(),
                Some(_) => ().into_any(),
            }}
        </div>
    }
}

#[component]
fn Step(state: RunState, board: RunnerScreen, count: usize) -> impl IntoView {
    let i18n = use_i18n();
    let id = board.id;
    let may_run = board.may_run;
    let position = state.step.min(count.saturating_sub(1));
    let step = board.steps[position].clone();
    let last = position + 1 == count;
    let note = board.notes.get(position).cloned().unwrap_or_default();
    let note_read = note.clone();
    let step_move = ServerAction::<MoveRun>::new();
    let notes_problem = field_problem(step_move, "notes");
    // Another screen moved the run on meanwhile: this page shows the step it is at now.
    let command_problem = field_problem(step_move, "command");
    let (name_nl, name_en, purpose_nl, purpose_en) = (
        step.name_nl.clone(),
        step.name_en.clone(),
        step.purpose_nl.clone(),
        step.purpose_en.clone(),
    );
    let notes_field = move || {
        view! {
            <div class="field">
                <label for="step-notes">{t!(i18n, runner.notes)}</label>
                <textarea id="step-notes" name="notes" data-testid="step-notes" rows="5" maxlength="4000"
                    aria-invalid=move || notes_problem.get().is_some().to_string()>{note.clone()}</textarea>
                <span class="hint">{t!(i18n, runner.notes_hint)}</span>
                {move || notes_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-notes">{problem_text(i18n, p)}</p> })}
                <p class="actions">
                    <button type="submit" name="command" value="save" class="secondary small" data-testid="save-notes">{t!(i18n, runner.notes_save)}</button>
                    {just_saved(step_move).then(|| view! { " "<span class="muted" role="status" data-testid="notes-saved">{t!(i18n, runner.notes_saved)}</span> })}
                </p>
            </div>
        }
    };
    view! {
        <ol class="runner-steps" aria-label=move || t_string!(i18n, runner.steps)>
            {board.steps.iter().enumerate().map(|(i, s)| {
                let (nl, en) = (s.name_nl.clone(), s.name_en.clone());
                let class = if i == position { "current" } else if i < position { "past" } else { "" };
                view! { <li class=class aria-current=(i == position).then_some("step")>{move || in_language(i18n, &nl, &en).to_owned()}</li> }
            }).collect_view()}
        </ol>
        <section class="runner-step" data-testid="runner-step" data-step=position.to_string()>
            <p class="muted" data-testid="step-count">{move || t_string!(i18n, runner.step_of, n = position + 1, count = count).to_string()}</p>
            <h1 data-testid="step-name">{move || in_language(i18n, &name_nl, &name_en).to_owned()}</h1>
            <p class="runner-purpose" data-testid="step-purpose">{move || in_language(i18n, &purpose_nl, &purpose_en).to_owned()}</p>
            <RunStepClock state minutes=step.minutes server_now=board.server_now />
            {if may_run {
                // One form for the moves and the notes: whichever button is pressed, what was
                // typed in the notes is saved with it.
                view! {
                    <ActionForm action=step_move>
                        <input type="hidden" name="session" value=id.to_string() />
                        <input type="hidden" name="position" value=position.to_string() />
                        <div class="actions runner-controls">
                            <button type="submit" name="command" value="previous" class="secondary" data-testid="step-previous" disabled=position == 0>{t!(i18n, runner.previous)}</button>
                            <button type="submit" name="command" value="extend:1" class="secondary" data-testid="extend-1">{t!(i18n, runner.extend_1)}</button>
                            <button type="submit" name="command" value="extend:5" class="secondary" data-testid="extend-5">{t!(i18n, runner.extend_5)}</button>
                            {if last {
                                view! { <button type="submit" name="command" value="finish" data-testid="runner-finish">{t!(i18n, runner.finish)}</button> }.into_any()
                            } else {
                                view! { <button type="submit" name="command" value="next" data-testid="step-next">{t!(i18n, runner.next)}</button> }.into_any()
                            }}
                        </div>
                        <FormError action=step_move />
                        {move || command_problem.get().map(|p| view! { <p class="form-error" role="alert" data-testid="error-command">{problem_text(i18n, p)}</p> })}
                        {notes_field()}
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <div class="field">
                        <p class="muted">{t!(i18n, runner.notes)}</p>
                        <p class="runner-notes" data-testid="step-notes-read">{note_read}</p>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
