//! One session: what it is about, who is invited and their answers, my own answer, the
//! calendar download, and for the planner the slot finder, a time by hand and cancelling.

use crate::shared::ids::SessionId;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::model::SessionKind;
use crate::sessions::model::{Answer, SessionStatus};
use crate::sessions::outcomes::page::{Outcomes, ResolveLinked};
use crate::sessions::plan::api::{
    AnswerInvitation, CancelSession, SavePreparation, ScheduleSession, SuggestSlots, session_detail,
};
use crate::sessions::plan::preparation::{LinkedSignal, PROMPTS_PER_KIND};
use crate::sessions::text::{answer_text, in_language, kind_text, prep_prompt, status_text};
use crate::sessions::views::{SessionRecord, SlotChoice};
use crate::ui::form::{FormError, field_problem, form_error_text, problem_text, success_count};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn SessionPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <SessionView /> } /> }
}

#[component]
fn SessionView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|t| t.parse().ok());
    let answer = ServerAction::<AnswerInvitation>::new();
    let schedule = ServerAction::<ScheduleSession>::new();
    let cancel = ServerAction::<CancelSession>::new();
    let changed = (
        success_count(answer),
        success_count(schedule),
        success_count(cancel),
    );
    let reload = RwSignal::new(0usize);
    let data = Resource::new(
        move || {
            (
                id(),
                changed.0.get(),
                changed.1.get(),
                changed.2.get(),
                reload.get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => session_detail(id).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data=data let:s>
            <Session s answer schedule cancel reload />
        </Loaded>
    }
}

#[component]
fn Session(
    s: SessionRecord,
    answer: ServerAction<AnswerInvitation>,
    schedule: ServerAction<ScheduleSession>,
    cancel: ServerAction<CancelSession>,
    reload: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (nl, en) = (s.method_name_nl.clone(), s.method_name_en.clone());
    let when = s.starts_at.map(local_date_time);
    let planned = s.status == SessionStatus::Planned;
    let (facilitator, presenter) = (s.facilitator.name.clone(), s.presenter.name.clone());
    let id = s.id;
    view! {
        <h1 data-testid="session-title">{move || kind_text(i18n, s.kind)}" · "{move || in_language(i18n, &nl, &en).to_owned()}</h1>
        <p class="muted">{s.team_name.clone()}" · "<span class="badge" data-testid="session-status">{move || status_text(i18n, s.status)}</span></p>
        <div class="grid two">
            <section class="card">
                <dl class="facts">
                    <dt>{t!(i18n, sessions.detail_question)}</dt><dd data-testid="session-question">{s.question.clone()}</dd>
                    <dt>{t!(i18n, sessions.detail_when)}</dt>
                    <dd data-testid="session-when">{match when {
                        Some(w) => view! { {w}" · "{move || t_string!(i18n, sessions.minutes_long, minutes = s.minutes).to_string()} }.into_any(),
                        None => t!(i18n, sessions.no_time).into_any(),
                    }}</dd>
                    {(!s.place.is_empty()).then(|| view! { <dt>{t!(i18n, sessions.detail_where)}</dt><dd>{s.place.clone()}</dd> })}
                    {s.client_code.clone().map(|c| view! { <dt>{t!(i18n, sessions.detail_client)}</dt><dd>{c}</dd> })}
                </dl>
                <p>{move || t_string!(i18n, sessions.detail_roles, facilitator = facilitator.clone(), presenter = presenter.clone()).to_string()}</p>
                {s.starts_at.is_some().then(|| view! {
                    <p><a href=format!("/sessions/{id}/session.ics") download="bijeenkomst.ics" data-testid="ics-link">{t!(i18n, sessions.download_ics)}</a></p>
                })}
                {planned.then(|| view! {
                    <p><a href=format!("/sessions/{id}/run") class="button" data-testid="open-runner">
                        {if s.may_plan { t!(i18n, runner.open_lead).into_any() } else { t!(i18n, runner.open_follow).into_any() }}
                    </a></p>
                })}
            </section>
            <section class="card">
                <h2>{t!(i18n, sessions.invitees)}</h2>
                <ul data-testid="invitees">
                    {s.invitees.iter().map(|inv| {
                        let a = inv.answer;
                        view! { <li data-testid="invitee" data-answer=a.as_str()>{inv.name.clone()}" · "<span class="muted">{move || answer_text(i18n, a)}</span></li> }
                    }).collect_view()}
                </ul>
                {(planned && s.my_answer.is_some() && s.starts_at.is_some()).then(|| view! { <MyAnswer id current=s.my_answer answer /> })}
            </section>
        </div>
        {s.outcome.clone().map(|outcome| view! { <Outcomes s=s.clone() outcome reload /> })}
        <Preparation id kind=s.kind presenting=s.presenting answers=s.preparation.clone() signals=s.linked_signals.clone() reload />
        {(planned && s.may_plan).then(|| view! { <Planner id schedule cancel /> })}
    }
}

#[component]
fn MyAnswer(
    id: SessionId,
    current: Option<Answer>,
    answer: ServerAction<AnswerInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pressed = move |a: Answer| (current == Some(a)).to_string();
    view! {
        <div class="actions" data-testid="my-answer">
            <p>{t!(i18n, sessions.your_answer)}</p>
            <button type="button" aria-pressed=pressed(Answer::Yes) data-testid="answer-yes"
                on:click=move |_| { answer.dispatch(AnswerInvitation { session: id, answer: "yes".into() }); }>
                {t!(i18n, sessions.answer_yes)}
            </button>
            " "
            <button type="button" class="secondary" aria-pressed=pressed(Answer::No) data-testid="answer-no"
                on:click=move |_| { answer.dispatch(AnswerInvitation { session: id, answer: "no".into() }); }>
                {t!(i18n, sessions.answer_no)}
            </button>
        </div>
    }
}

#[component]
fn Planner(
    id: SessionId,
    schedule: ServerAction<ScheduleSession>,
    cancel: ServerAction<CancelSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let suggest = ServerAction::<SuggestSlots>::new();
    let date_problem = field_problem(schedule, "date");
    let time_problem = field_problem(schedule, "time");
    view! {
        <section class="card" data-testid="planner">
            <h2>{t!(i18n, sessions.slots_title)}</h2>
            <p class="muted">{t!(i18n, sessions.slots_intro)}</p>
            <button type="button" data-testid="find-slots" on:click=move |_| { suggest.dispatch(SuggestSlots { session: id }); }>
                {t!(i18n, sessions.find_slots)}
            </button>
            {move || match suggest.value().get() {
                Some(Ok(slots)) if slots.is_empty() => view! { <p class="muted" data-testid="no-slots">{t!(i18n, sessions.no_slots)}</p> }.into_any(),
                Some(Ok(slots)) => view! { <SlotList id slots schedule /> }.into_any(),
                Some(Err(err)) => view! { <p class="form-error">{form_error_text(i18n, &err)}</p> }.into_any(),
                None => ().into_any(),
            }}
            <h3>{t!(i18n, sessions.own_time)}</h3>
            <ActionForm action=schedule>
                <input type="hidden" name="session" value=id.to_string() />
                <div class="grid two">
                    <div class="field">
                        <label for="schedule-date">{t!(i18n, sessions.f_date)}</label>
                        <input id="schedule-date" name="date" type="date" />
                        {move || date_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-date">{problem_text(i18n, p)}</p> })}
                    </div>
                    <div class="field">
                        <label for="schedule-time">{t!(i18n, sessions.f_time)}</label>
                        <input id="schedule-time" name="time" type="time" step="900" />
                        {move || time_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-time">{problem_text(i18n, p)}</p> })}
                    </div>
                </div>
                <p class="hint">{t!(i18n, sessions.rescheduled_note)}</p>
                <FormError action=schedule />
                <button type="submit" class="secondary" data-testid="schedule">{t!(i18n, sessions.schedule)}</button>
            </ActionForm>
            <p>
                <button type="button" class="secondary" data-testid="cancel-session" on:click=move |_| { cancel.dispatch(CancelSession { session: id }); }>
                    {t!(i18n, sessions.cancel)}
                </button>
            </p>
        </section>
    }
}

#[component]
fn SlotList(
    id: SessionId,
    slots: Vec<SlotChoice>,
    schedule: ServerAction<ScheduleSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="slots" data-testid="slots">
            {slots.into_iter().map(|slot| {
                let local = slot.starts_at.with_timezone(&chrono_tz::Europe::Amsterdam);
                let (date, time) = (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string());
                let missing = slot.missing.join(", ");
                view! {
                    <li data-testid="slot">
                        <strong>{local_date_time(slot.starts_at)}</strong>
                        " · "{move || t_string!(i18n, sessions.slot_attending, attending = slot.attending, invited = slot.invited).to_string()}
                        {(!missing.is_empty()).then(|| { let m = missing.clone(); view! { <br /><span class="muted">{move || t_string!(i18n, sessions.slot_missing, names = m.clone()).to_string()}</span> } })}
                        " "
                        <button type="button" data-testid="pick-slot" on:click=move |_| {
                            schedule.dispatch(ScheduleSession { session: id, date: date.clone(), time: time.clone() });
                        }>{t!(i18n, sessions.pick_slot)}</button>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn Preparation(
    id: SessionId,
    kind: SessionKind,
    presenting: bool,
    answers: Option<Vec<(u8, String)>>,
    signals: Vec<LinkedSignal>,
    reload: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    if answers.is_none() && signals.is_empty() {
        return ().into_any();
    }
    let answer = |n: u8| {
        answers
            .as_ref()
            .and_then(|a| a.iter().find(|(p, _)| *p == n).map(|(_, t)| t.clone()))
            .unwrap_or_default()
    };
    let prompts: Vec<u8> = (1..=PROMPTS_PER_KIND as u8).collect();
    let body = if presenting {
        let values: Vec<RwSignal<String>> =
            prompts.iter().map(|n| RwSignal::new(answer(*n))).collect();
        let save = ServerAction::<SavePreparation>::new();
        let saved = success_count(save);
        let fields = values.clone();
        view! {
            <p class="muted">{t!(i18n, sessions.prep_intro_presenter)}</p>
            {prompts.iter().zip(values.iter()).map(|(n, value)| {
                let (n, value) = (*n, *value);
                let field = format!("answer-{n}");
                let problem = move || match save.value().get() {
                    Some(Err(err)) => err.at_field(&format!("answer-{n}")).map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> }),
                    _ => None,
                };
                view! {
                    <div class="field">
                        <label for=field.clone()>{move || prep_prompt(i18n, kind, n)}</label>
                        <textarea id=field.clone() data-testid=field.clone() rows="2" maxlength="1000" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                        {problem}
                    </div>
                }
            }).collect_view()}
            <button type="button" data-testid="save-preparation" on:click=move |_| {
                save.dispatch(SavePreparation { session: id, answers: fields.iter().map(|v| v.get_untracked()).collect() });
            }>{t!(i18n, sessions.prep_save)}</button>
            {move || (saved.get() > 0 && matches!(save.value().get(), Some(Ok(())))).then(|| view! { <p class="success" role="status" data-testid="preparation-saved">{t!(i18n, sessions.saved)}</p> })}
        }
        .into_any()
    } else if let Some(given) = answers.clone() {
        view! {
            <p class="muted">{t!(i18n, sessions.prep_intro_facilitator)}</p>
            {if given.is_empty() {
                view! { <p class="muted" data-testid="preparation-empty">{t!(i18n, sessions.prep_empty)}</p> }.into_any()
            } else {
                view! {
                    <dl class="facts" data-testid="preparation">
                        {given.into_iter().map(|(n, text)| view! { <dt>{move || prep_prompt(i18n, kind, n)}</dt><dd>{text}</dd> }).collect_view()}
                    </dl>
                }.into_any()
            }}
        }
        .into_any()
    } else {
        ().into_any()
    };
    view! {
        <section class="card" data-testid="preparation-card">
            <h2>{t!(i18n, sessions.prep_title)}</h2>
            {body}
            {(!signals.is_empty()).then(|| view! {
                <h3>{t!(i18n, sessions.signals_title)}</h3>
                <p class="muted">{t!(i18n, sessions.signals_intro)}</p>
                <ul data-testid="linked-signals">
                    {signals.into_iter().map(|s| {
                        let kinds = s.kinds.clone();
                        let date = crate::ui::time::local_date(s.at);
                        view! {
                            <li data-testid="linked-signal">
                                {move || t_string!(i18n, sessions.signal_line, date = date.clone(), intensity = s.intensity).to_string()}
                                {s.client_code.clone().map(|c| view! { " · "{c} })}
                                " · "{move || crate::signals::text::kinds_text(i18n, &kinds)}
                                {s.moral_dilemma.then(|| view! { " "<span class="badge">{t!(i18n, signals.moral_badge)}</span> })}
                                {s.resolved.then(|| view! { " "<span class="badge" data-testid="linked-resolved">{t!(i18n, outcome.resolved)}</span> })}
                                {(s.mine && !s.resolved).then(|| view! { <ResolveLinked session=id signal=s.id reload /> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}
