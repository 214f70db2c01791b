//! "Bijeenkomsten": my upcoming and earlier sessions, and for planners the accepted proposals
//! still to plan and a way to plan one by hand.

use leptos::prelude::*;

use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::sessions::outcomes::effect::TeamEffect;
use crate::sessions::plan::api::sessions_overview;
use crate::sessions::plan::cadence::CadenceCard;
use crate::sessions::text::{answer_text, in_language, kind_text, status_text};
use crate::sessions::views::{SessionSummary, SessionsBoard};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn SessionsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <SessionsView /> } /> }
}

#[component]
fn SessionsView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| sessions_overview());
    let effects = Resource::new(
        || (),
        |_| crate::sessions::outcomes::api::team_session_effects(),
    );
    view! {
        <h1>{t!(i18n, sessions.title)}</h1>
        <p class="muted">{t!(i18n, sessions.intro)}</p>
        <Loaded data=data let:data>
            <Overview data />
        </Loaded>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                effects.await.map(|e| e.teams.into_iter().map(|(_, name, effect)| view! { <TeamEffectCard name effect /> }).collect_view()).ok()
            })}
        </Transition>
    }
}

#[component]
fn Overview(data: SessionsBoard) -> impl IntoView {
    let i18n = use_i18n();
    let to_plan = data.to_plan.clone();
    let teams = data.planning_teams.clone();
    view! {
        {(!to_plan.is_empty()).then(|| view! {
            <section class="card" data-testid="to-plan">
                <h2>{t!(i18n, sessions.to_plan)}</h2>
                <ul>
                    {to_plan.into_iter().map(|p| view! {
                        <li data-testid="proposal-to-plan">
                            <strong>{move || kind_text(i18n, p.kind)}</strong>" · "{p.subject_label.clone()}" "
                            <a class="button" href=format!("/teams/{}/sessions/new?proposal={}", p.team, p.proposal)>{t!(i18n, sessions.plan_this)}</a>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!teams.is_empty()).then(|| view! {
            <p class="actions">
                {teams.into_iter().map(|(team, name)| view! {
                    <a class="button secondary" href=format!("/teams/{team}/sessions/new") data-testid="new-session">
                        {move || t_string!(i18n, sessions.new_in, team = name.clone()).to_string()}
                    </a>
                }).collect_view()}
            </p>
        })}
        <p><a href="/methods" data-testid="to-methods">{t!(i18n, nav.methods)}</a></p>
        {data.cadences.into_iter().map(|cadence| view! { <CadenceCard cadence /> }).collect_view()}
        <section class="card">
            <h2>{t!(i18n, sessions.upcoming)}</h2>
            <SessionList sessions=data.upcoming empty=ViewFn::from(move || t!(i18n, sessions.none_upcoming)) testid="upcoming" />
        </section>
        <section class="card">
            <h2>{t!(i18n, sessions.past)}</h2>
            <SessionList sessions=data.past empty=ViewFn::from(move || t!(i18n, sessions.none_past)) testid="past" />
        </section>
    }
}

/// The stuck moments before and after a team's sessions, as context and never as a score.
#[component]
fn TeamEffectCard(name: String, effect: TeamEffect) -> impl IntoView {
    let i18n = use_i18n();
    let e = effect;
    view! {
        <section class="card" data-testid="team-effect">
            <h2>{t!(i18n, outcome.team_effect_title)}" · "{name}</h2>
            <p data-testid="team-effect-line">{move || if e.sessions == 0 {
                t_string!(i18n, outcome.team_effect_none).to_string()
            } else {
                t_string!(i18n, outcome.team_effect_line, sessions = e.sessions, before = e.before, after = e.after).to_string()
            }}</p>
            {(e.still_running > 0).then(|| view! {
                <p class="muted">{move || if e.still_running == 1 {
                    t_string!(i18n, outcome.team_effect_running_single).to_string()
                } else {
                    t_string!(i18n, outcome.team_effect_running_several, count = e.still_running).to_string()
                }}</p>
            })}
            <p class="hint">{t!(i18n, outcome.effect_not_a_score)}</p>
            <p class="hint">{t!(i18n, outcome.effect_hint)}</p>
        </section>
    }
}

#[component]
fn SessionList(
    sessions: Vec<SessionSummary>,
    empty: ViewFn,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    if sessions.is_empty() {
        return view! { <p class="muted">{empty.run()}</p> }.into_any();
    }
    view! {
        <ul class="sessions" data-testid=testid>
            {sessions.into_iter().map(|s| {
                let when = s.starts_at.map(local_date_time);
                let (nl, en) = (s.method_name_nl.clone(), s.method_name_en.clone());
                view! {
                    <li data-testid="session-row">
                        <a href=format!("/sessions/{}", s.id)>
                            <strong>{move || kind_text(i18n, s.kind)}</strong>
                            " · "{move || in_language(i18n, &nl, &en).to_owned()}
                        </a>
                        <span class="muted">" · "{s.team_name.clone()}" · "
                            {match when {
                                Some(w) => w.into_any(),
                                None => t!(i18n, sessions.no_time).into_any(),
                            }}
                        </span>
                        " "<span class="badge">{move || status_text(i18n, s.status)}</span>
                        {s.my_answer.map(|a| view! { " "<span class="badge" data-testid="my-answer">{move || answer_text(i18n, a)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
