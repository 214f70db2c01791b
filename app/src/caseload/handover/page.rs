//! The handover page (`/teams/:team/handover/:user`): a leaving colleague's clients, each
//! with the colleague the intake advice proposes and why, to hand over one by one or all at
//! once as proposed.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{HandOverAll, HandOverClient, plan_handover};
use super::views::{HandoverPlan, HandoverRow};
use crate::auth::model::{TeamId, UserId};
use crate::auth::signed_in::SignedIn;
use crate::caseload::text::reason_text;
use crate::caseload::views::{Domain, Person};
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;

#[component]
pub fn HandoverPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <Handover /> } /> }
}

#[component]
fn Handover() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        params.with(|p| {
            let team: Option<TeamId> = p.get("team").and_then(|t| t.parse().ok());
            let user: Option<UserId> = p.get("user").and_then(|u| u.parse().ok());
            team.zip(user)
        })
    });
    let one = ServerAction::<HandOverClient>::new();
    let all = ServerAction::<HandOverAll>::new();
    let data = Resource::new(
        move || ids.get(),
        |ids| async move {
            match ids {
                Some((team, user)) => plan_handover(team, user).await,
                None => Err(crate::error::AppError::NotFound),
            }
        },
    );
    view! {
        <Loaded data error_heading=move || view! { <h1>{t!(i18n, handover.title_plain)}</h1> } let:plan>
            <Plan plan one all />
        </Loaded>
    }
}

#[component]
fn Plan(
    plan: HandoverPlan,
    one: ServerAction<HandOverClient>,
    all: ServerAction<HandOverAll>,
) -> impl IntoView {
    let i18n = use_i18n();
    let team = plan.team.id;
    let user = plan.leaving.id;
    let saved = just_saved(one) || just_saved(all);
    let done = plan.is_done();
    let all_proposed = plan.all_proposed();
    let name = plan.leaving.name.clone();
    view! {
        <p>
            <A href=format!("/teams/{team}/balance")>{t!(i18n, handover.to_balance)}</A>
        </p>
        <h1 data-testid="handover-title">{t!(i18n, handover.title, name = name.clone(), team = plan.team.name.clone())}</h1>
        {saved.then(|| view! { <p class="form-ok" role="status" data-testid="handover-saved">{t!(i18n, handover.saved)}</p> })}
        {if done {
            view! { <p class="muted" data-testid="handover-done">{t!(i18n, handover.done, name = name.clone())}</p> }.into_any()
        } else {
            view! {
                <p class="muted">{t!(i18n, handover.intro)}</p>
                {all_proposed.then(|| view! {
                    <ActionForm action=all attr:class="inline" attr:data-testid="hand-over-all">
                        <FormError action=all />
                        <input type="hidden" name="team" value=team.to_string() />
                        <input type="hidden" name="user" value=user.to_string() />
                        <button type="submit">{t!(i18n, handover.all)}</button>
                    </ActionForm>
                })}
                <ul class="stack plain" data-testid="handover-rows">
                    {plan.rows.into_iter().map(|row| {
                        view! { <Row row team user receivers=plan.receivers.clone() domains=plan.domains.clone() action=one /> }
                    }).collect_view()}
                </ul>
                {(!plan.secondary.is_empty()).then(|| view! {
                    <section class="card" data-testid="handover-secondary">
                        <h2>{t!(i18n, handover.secondary_title)}</h2>
                        <p class="muted">{t!(i18n, handover.secondary_intro)}</p>
                        <p>{plan.secondary.iter().map(|(_, code)| code.clone()).collect::<Vec<_>>().join(", ")}</p>
                    </section>
                })}
            }.into_any()
        }}
    }
}

#[component]
fn Row(
    row: HandoverRow,
    team: TeamId,
    user: UserId,
    receivers: Vec<Person>,
    domains: Vec<Domain>,
    action: ServerAction<HandOverClient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let proposed = row.to.as_ref().map(|p| p.id);
    let reasons: Vec<String> = row
        .reasons
        .iter()
        .take(3)
        .map(|r| reason_text(i18n, r, &domains, &[]))
        .collect();
    let select_id = format!("handover-to-{}", row.client);
    let problem = field_problem(action, "to");
    view! {
        <li class="card" data-testid=format!("handover-{}", row.code)>
            <strong>{row.code.clone()}</strong>
            " "
            <span class="pill">{t!(i18n, handover.weight, weight = row.weight)}</span>
            {row.avoider.then(|| view! { " " <span class="pill">{t!(i18n, handover.avoider)}</span> })}
            {match row.to.clone() {
                Some(person) => view! {
                    <p data-testid="handover-proposal">
                        {t!(i18n, handover.proposal, name = person.name)}
                        " "
                        {if row.fits {
                            view! { <span class="pill">{t!(i18n, handover.fits)}</span> }.into_any()
                        } else {
                            view! { <span class="pill off">{t!(i18n, handover.no_fit)}</span> }.into_any()
                        }}
                    </p>
                }.into_any(),
                None => view! { <p class="muted">{t!(i18n, handover.nobody)}</p> }.into_any(),
            }}
            {(!reasons.is_empty()).then(|| view! {
                <ul class="muted">{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
            })}
            // Each row's form holds its own problems: the page's script swaps in only the form sent.
            <ActionForm action attr:class="row" attr:novalidate="novalidate">
                <FormError action />
                <input type="hidden" name="team" value=team.to_string() />
                <input type="hidden" name="user" value=user.to_string() />
                <input type="hidden" name="client" value=row.client.to_string() />
                <div class="field" data-invalid=move || problem.get().is_some().to_string()>
                    <label for=select_id.clone()>{t!(i18n, handover.to)}</label>
                    <select id=select_id.clone() name="to">
                        {receivers.into_iter().map(|p| view! {
                            <option value=p.id.to_string() selected=Some(p.id) == proposed>{p.name}</option>
                        }).collect_view()}
                    </select>
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="error-to">{problem_text(i18n, p)}</p> })}
                </div>
                <button type="submit" class="secondary">{t!(i18n, handover.one)}</button>
            </ActionForm>
        </li>
    }
}
