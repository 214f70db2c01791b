//! Planning a session, from an accepted proposal (`?proposal=ID`) or by hand. The planner
//! picks a method, the roles and who takes part; a time can be chosen now or later on the
//! session page, with the slot finder.

use crate::shared::ids::{ProposalId, TeamId, UserId};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::auth::signed_in::SignedIn;
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::sessions::model::SessionKind;
use crate::sessions::plan::api::{CreateSession, planner_choices};
use crate::sessions::text::{in_language, kind_text};
use crate::sessions::views::PlanningOptions;
use crate::ui::form::{FormError, field_problem, form_error_text, problem_text};
use crate::ui::status::Loading;

#[component]
pub fn PlanSessionPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <PlanView /> } /> }
}

#[component]
fn PlanView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let team = move || {
        params
            .read()
            .get("team")
            .and_then(|t| t.parse::<TeamId>().ok())
    };
    let proposal = move || {
        query
            .read()
            .get("proposal")
            .and_then(|p| p.parse::<ProposalId>().ok())
    };
    let data = Resource::new(
        move || (team(), proposal()),
        |(team, proposal)| async move {
            match team {
                Some(team) => planner_choices(team, proposal).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <h1>{t!(i18n, sessions.plan_title)}</h1>
        <p class="muted">{t!(i18n, sessions.plan_intro)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(choices) => view! { <PlanForm choices /> }.into_any(),
                    // A proposal planned in the meantime says so in words, not with an empty page.
                    Err(crate::error::AppError::Invalid { problem, .. }) => view! { <p class="form-error" data-testid="plan-error">{problem_text(i18n, problem)}</p> }.into_any(),
                    Err(err) => view! { <p class="form-error">{form_error_text(i18n, &err)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanForm(choices: PlanningOptions) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreateSession>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/sessions/{id}"), Default::default());
        }
    });
    let seed = choices.from_proposal.clone();
    let kind = RwSignal::new(
        seed.as_ref()
            .map_or(SessionKind::Intervision, |s| s.kind)
            .as_str()
            .to_owned(),
    );
    let methods = StoredValue::new(choices.methods.clone());
    let method = RwSignal::new(String::new());
    let minutes = RwSignal::new(String::from("60"));
    // A new kind or method brings that method's length, which the planner may still change.
    let pick_method = move |id: String| {
        let total = methods.with_value(|ms| {
            ms.iter()
                .find(|m| m.id.to_string() == id)
                .map(|m| m.total_minutes())
        });
        if let Some(total) = total {
            minutes.set(total.to_string());
        }
        method.set(id);
    };
    Effect::new(move |_| {
        let k = kind.get();
        let first = methods.with_value(|ms| {
            ms.iter()
                .find(|m| m.kind.as_str() == k)
                .map(|m| m.id.to_string())
        });
        pick_method(first.unwrap_or_default());
    });
    let presenter = RwSignal::new(
        seed.as_ref()
            .and_then(|s| s.presenter)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let participants = RwSignal::new(Vec::<UserId>::new());
    let problem = move |field: &'static str| field_problem(action, field);
    let error_at = move |field: &'static str| {
        let p = problem(field);
        move || {
            p.get().map(|p: FieldProblem| {
                view! { <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p> }
            })
        }
    };
    let client = seed
        .as_ref()
        .and_then(|s| s.client)
        .map(|c| c.to_string())
        .unwrap_or_default();
    let members = choices.members.clone();
    let facilitators = choices.facilitators.clone();
    view! {
        <section class="card">
            <h2>{choices.team_name.clone()}</h2>
            {seed.is_some().then(|| view! { <p class="muted" data-testid="from-proposal">{t!(i18n, sessions.from_proposal)}</p> })}
            <ActionForm action>
                <input type="hidden" name="team" value=choices.team.to_string() />
                <input type="hidden" name="proposal" value=seed.as_ref().map(|s| s.proposal.to_string()).unwrap_or_default() />
                <div class="field">
                    <label for="session-kind">{t!(i18n, sessions.f_kind)}</label>
                    <select id="session-kind" name="kind" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        {SessionKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str()>{move || kind_text(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                    {error_at("kind")}
                </div>
                <div class="field">
                    <label for="session-method">{t!(i18n, sessions.f_method)}</label>
                    <select id="session-method" name="method" prop:value=move || method.get() on:change=move |ev| pick_method(event_target_value(&ev))>
                        {move || {
                            let k = kind.get();
                            methods.with_value(|ms| ms.iter().filter(|m| m.kind.as_str() == k).map(|m| {
                                let (nl, en) = (m.name_nl.clone(), m.name_en.clone());
                                let total = m.total_minutes();
                                view! { <option value=m.id.to_string()>{move || in_language(i18n, &nl, &en).to_owned()}" ("{total}" min)"</option> }
                            }).collect_view())
                        }}
                    </select>
                    {error_at("method")}
                </div>
                <div class="field">
                    <label for="session-facilitator">{t!(i18n, sessions.f_facilitator)}</label>
                    <select id="session-facilitator" name="facilitator">
                        <option value="">{t!(i18n, sessions.f_choose)}</option>
                        {facilitators.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                    </select>
                    <span class="hint">{t!(i18n, sessions.f_facilitator_hint)}</span>
                    {error_at("facilitator")}
                </div>
                <div class="field">
                    <label for="session-presenter">{t!(i18n, sessions.f_presenter)}</label>
                    <select id="session-presenter" name="presenter" prop:value=move || presenter.get() on:change=move |ev| presenter.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, sessions.f_choose)}</option>
                        {members.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                    </select>
                    {error_at("presenter")}
                </div>
                <fieldset class="field">
                    <legend>{t!(i18n, sessions.f_participants)}</legend>
                    <input type="hidden" name="participants" prop:value=move || joined(&participants.get()) />
                    {members.into_iter().map(|p| {
                        let id = p.id;
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid="participant"
                                    prop:checked=move || participants.get().contains(&id)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        participants.update(|ps| {
                                            ps.retain(|x| *x != id);
                                            if on { ps.push(id); }
                                        });
                                    } />
                                " "{p.name}
                            </label>
                        }
                    }).collect_view()}
                    {error_at("participants")}
                </fieldset>
                <div class="field">
                    <label for="session-client">{t!(i18n, sessions.f_client)}</label>
                    <select id="session-client" name="client">
                        <option value="">{t!(i18n, sessions.f_no_client)}</option>
                        {choices.clients.iter().map(|c| view! {
                            <option value=c.id.to_string() selected=c.id.to_string() == client>{c.code.clone()}</option>
                        }).collect_view()}
                    </select>
                    {error_at("client")}
                </div>
                <div class="field">
                    <label for="session-question">{t!(i18n, sessions.f_question)}</label>
                    <textarea id="session-question" name="question" rows="2" maxlength="500"></textarea>
                    <span class="hint">{t!(i18n, sessions.f_question_hint)}</span>
                    {error_at("question")}
                </div>
                <div class="field">
                    <label for="session-place">{t!(i18n, sessions.f_place)}</label>
                    <input id="session-place" name="place" type="text" maxlength="300" />
                    {error_at("place")}
                </div>
                <div class="field">
                    <label for="session-minutes">{t!(i18n, sessions.f_minutes)}</label>
                    <input id="session-minutes" name="minutes" type="number" min="10" max="480" prop:value=move || minutes.get() on:input=move |ev| minutes.set(event_target_value(&ev)) />
                    {error_at("minutes")}
                </div>
                <div class="grid two">
                    <div class="field">
                        <label for="session-date">{t!(i18n, sessions.f_date)}</label>
                        <input id="session-date" name="date" type="date" />
                        {error_at("date")}
                    </div>
                    <div class="field">
                        <label for="session-time">{t!(i18n, sessions.f_time)}</label>
                        <input id="session-time" name="time" type="time" step="900" />
                        {error_at("time")}
                    </div>
                </div>
                {error_at("proposal")}
                <FormError action />
                <button type="submit" data-testid="create-session">{t!(i18n, sessions.create)}</button>
            </ActionForm>
        </section>
    }
}

fn joined(ids: &[UserId]) -> String {
    ids.iter()
        .map(UserId::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
