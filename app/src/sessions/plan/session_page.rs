//! One session: what it is about, who is invited and their answers, my own answer, the
//! calendar download, and for the planner the slot finder, a time by hand and cancelling.

use crate::shared::ids::SessionId;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::model::SessionKind;
use crate::sessions::model::{Answer, SessionStatus};
use crate::sessions::outcomes::page::{Outcomes, ResolveLinked};
use crate::sessions::plan::api::{
    AnswerInvitation, CancelSession, PrepareSession, ScheduleSession, session_detail, suggest_slots,
};
use crate::sessions::plan::preparation::{LinkedSignal, PROMPTS_PER_KIND};
use crate::sessions::text::{answer_text, in_language, kind_text, prep_prompt, status_text};
use crate::sessions::views::{SessionRecord, SlotChoice};
use crate::ui::form::{FormError, field_problem, form_error_text, just_saved, problem_text};
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
    // Every change is a plain form post that loads the page again, so one load is enough.
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => session_detail(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Loaded data=data let:s>
            <Session s />
        </Loaded>
    }
}

#[component]
fn Session(s: SessionRecord) -> impl IntoView {
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
                {(planned && s.my_answer.is_some() && s.starts_at.is_some()).then(|| view! { <MyAnswer id current=s.my_answer /> })}
            </section>
        </div>
        {s.outcome.clone().map(|outcome| view! { <Outcomes s=s.clone() outcome /> })}
        <Preparation id kind=s.kind presenting=s.presenting answers=s.preparation.clone() signals=s.linked_signals.clone() />
        {(planned && s.may_plan).then(|| view! { <Planner id /> })}
    }
}

/// My answer to the invitation: one form, a button per answer.
#[component]
fn MyAnswer(id: SessionId, current: Option<Answer>) -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerInvitation>::new();
    let pressed = move |a: Answer| (current == Some(a)).to_string();
    view! {
        <ActionForm action=answer attr:class="actions" attr:data-testid="my-answer">
            <p>{t!(i18n, sessions.your_answer)}</p>
            <input type="hidden" name="session" value=id.to_string() />
            <button type="submit" name="answer" value="yes" aria-pressed=pressed(Answer::Yes) data-testid="answer-yes">
                {t!(i18n, sessions.answer_yes)}
            </button>
            " "
            <button type="submit" name="answer" value="no" class="secondary" aria-pressed=pressed(Answer::No) data-testid="answer-no">
                {t!(i18n, sessions.answer_no)}
            </button>
            <FormError action=answer />
        </ActionForm>
    }
}

/// The planner's tools. Finding slots is a question to the server (`?slots`), so it is a link
/// that loads the page with the proposals; picking one is a small form per slot.
#[component]
fn Planner(id: SessionId) -> impl IntoView {
    let i18n = use_i18n();
    let schedule = ServerAction::<ScheduleSession>::new();
    let cancel = ServerAction::<CancelSession>::new();
    let asked = use_query_map().with_untracked(|q| q.get("slots").is_some());
    let date_problem = field_problem(schedule, "date");
    let time_problem = field_problem(schedule, "time");
    view! {
        <section class="card" data-testid="planner" id="planner">
            <h2>{t!(i18n, sessions.slots_title)}</h2>
            <p class="muted">{t!(i18n, sessions.slots_intro)}</p>
            <form method="get" action=format!("/sessions/{id}#planner")>
                <button type="submit" name="slots" value="1" data-testid="find-slots">
                    {t!(i18n, sessions.find_slots)}
                </button>
            </form>
            {asked.then(|| view! { <Slots id schedule /> })}
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
            <ActionForm action=cancel>
                <input type="hidden" name="session" value=id.to_string() />
                <p>
                    <button type="submit" class="secondary" data-testid="cancel-session">
                        {t!(i18n, sessions.cancel)}
                    </button>
                </p>
                <FormError action=cancel />
            </ActionForm>
        </section>
    }
}

/// The slot finder's proposals, worked out on the server when the planner asked for them.
#[component]
fn Slots(id: SessionId, schedule: ServerAction<ScheduleSession>) -> impl IntoView {
    let i18n = use_i18n();
    let slots = Resource::new(move || id, suggest_slots);
    view! {
        <Loaded data=slots let:slots>
            {if slots.is_empty() {
                view! { <p class="muted" data-testid="no-slots">{t!(i18n, sessions.no_slots)}</p> }.into_any()
            } else {
                view! { <SlotList id slots schedule /> }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn SlotList(
    id: SessionId,
    slots: Vec<SlotChoice>,
    schedule: ServerAction<ScheduleSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A pick that fails comes back beside the slots as well as at the form below.
    let problem = move || match schedule.value().get() {
        Some(Err(err)) => form_error_text(i18n, &err).or_else(|| {
            err.at_field("date")
                .or_else(|| err.at_field("time"))
                .map(|p| problem_text(i18n, p))
        }),
        _ => None,
    };
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
                        <ActionForm action=schedule attr:class="inline-form">
                            <input type="hidden" name="session" value=id.to_string() />
                            <input type="hidden" name="date" value=date />
                            <input type="hidden" name="time" value=time />
                            <button type="submit" data-testid="pick-slot">{t!(i18n, sessions.pick_slot)}</button>
                            {move || problem().map(|text| view! { <p class="form-error" role="alert">{text}</p> })}
                        </ActionForm>
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
        let save = ServerAction::<PrepareSession>::new();
        let fields: Vec<(u8, String)> = prompts.iter().map(|n| (*n, answer(*n))).collect();
        view! {
            <p class="muted">{t!(i18n, sessions.prep_intro_presenter)}</p>
            <ActionForm action=save>
                <input type="hidden" name="session" value=id.to_string() />
                {fields.into_iter().map(|(n, text)| {
                    let field = format!("answer-{n}");
                    let problem = field_problem_owned(save, field.clone());
                    view! {
                        <div class="field">
                            <label for=field.clone()>{move || prep_prompt(i18n, kind, n)}</label>
                            <textarea id=field.clone() name=format!("answer_{n}") data-testid=field.clone() rows="2" maxlength="1000">{text}</textarea>
                            {move || problem().map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> })}
                        </div>
                    }
                }).collect_view()}
                <FormError action=save />
                <button type="submit" data-testid="save-preparation">{t!(i18n, sessions.prep_save)}</button>
                {just_saved(save).then(|| view! { <p class="success" role="status" data-testid="preparation-saved">{t!(i18n, sessions.saved)}</p> })}
            </ActionForm>
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
                                {(s.mine && !s.resolved).then(|| view! { <ResolveLinked session=id signal=s.id /> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
    .into_any()
}

/// The problem at a field whose name is worked out (`answer-2`), in the latest result of `save`.
fn field_problem_owned(
    save: ServerAction<PrepareSession>,
    field: String,
) -> impl Fn() -> Option<crate::error::FieldProblem> + Send + Sync + Clone + 'static {
    move || match save.value().get() {
        Some(Err(err)) => err.at_field(&field),
        _ => None,
    }
}
