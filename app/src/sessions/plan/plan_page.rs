//! Planning a session, from an accepted proposal (`?proposal=ID`) or by hand. The planner
//! picks a method, the roles and who takes part; a time can be chosen now or later on the
//! session page, with the slot finder. A plain form: the new session's page follows.

use crate::shared::ids::{ProposalId, TeamId};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auth::signed_in::SignedIn;
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::sessions::model::SessionKind;
use crate::sessions::plan::api::{PlanSession, planner_choices};
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

/// The planner's form, rendered on the server and posted as it is. The methods are grouped
/// by kind, so choosing one chooses the kind too; the length starts at the suggested method's.
#[component]
fn PlanForm(choices: PlanningOptions) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<PlanSession>::new();
    let seed = choices.from_proposal.clone();
    let seed_kind = seed.as_ref().map_or(SessionKind::Intervision, |s| s.kind);
    let suggested = choices
        .methods
        .iter()
        .find(|m| m.kind == seed_kind)
        .or_else(|| choices.methods.first());
    let suggested_id = suggested.map(|m| m.id.to_string()).unwrap_or_default();
    let minutes = suggested.map_or(60, |m| m.total_minutes()).to_string();
    let presenter = seed
        .as_ref()
        .and_then(|s| s.presenter)
        .map(|p| p.to_string())
        .unwrap_or_default();
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
    let methods = choices.methods.clone();
    view! {
        <section class="card">
            <h2>{choices.team_name.clone()}</h2>
            {seed.is_some().then(|| view! { <p class="muted" data-testid="from-proposal">{t!(i18n, sessions.from_proposal)}</p> })}
            <ActionForm action>
                <input type="hidden" name="team" value=choices.team.to_string() />
                <input type="hidden" name="proposal" value=seed.as_ref().map(|s| s.proposal.to_string()).unwrap_or_default() />
                <div class="field">
                    <label for="session-method">{t!(i18n, sessions.f_method)}</label>
                    <select id="session-method" name="method">
                        {SessionKind::ALL.into_iter().map(|k| {
                            let of_kind: Vec<_> = methods.iter().filter(|m| m.kind == k).cloned().collect();
                            (!of_kind.is_empty()).then(|| view! {
                                <optgroup label=move || kind_text(i18n, k)>
                                    {of_kind.into_iter().map(|m| {
                                        let (nl, en) = (m.name_nl.clone(), m.name_en.clone());
                                        let total = m.total_minutes();
                                        let id = m.id.to_string();
                                        let selected = id == suggested_id;
                                        view! { <option value=id selected=selected>{move || in_language(i18n, &nl, &en).to_owned()}" ("{total}" min)"</option> }
                                    }).collect_view()}
                                </optgroup>
                            })
                        }).collect_view()}
                    </select>
                    {error_at("kind")}
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
                    <select id="session-presenter" name="presenter">
                        <option value="">{t!(i18n, sessions.f_choose)}</option>
                        {members.iter().map(|p| {
                            let id = p.id.to_string();
                            let selected = id == presenter;
                            view! { <option value=id selected=selected>{p.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                    {error_at("presenter")}
                </div>
                <fieldset class="field">
                    <legend>{t!(i18n, sessions.f_participants)}</legend>
                    {members.into_iter().map(|p| view! {
                        <label class="check">
                            <input type="checkbox" name="participants[]" value=p.id.to_string() data-testid="participant" />
                            " "{p.name}
                        </label>
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
                    <input id="session-minutes" name="minutes" type="number" min="10" max="480" value=minutes />
                    <span class="hint">{t!(i18n, sessions.f_minutes_hint)}</span>
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
