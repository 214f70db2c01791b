//! The proposals inbox: what was proposed to me privately and, for a leader, to the team.
//! Each proposal explains itself and is decided by a person: accept, decline with a reason,
//! or snooze until a date. Every decision is kept and shown.

use crate::limits::model::BROUGHT_IN;
use crate::shared::ids::ProposalId;
use leptos::prelude::*;

use super::api::{DecideProposal, inbox};
use super::model::Proposes;
use super::text::{decision_text, proposes_text, reason_text};
use super::views::{ProposalInbox, ProposalRow, ProposalStatus};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, problem_text};
use crate::ui::status::Loaded;
use crate::ui::time::{dutch_date, local_date, today};

#[component]
pub fn ProposalsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <ProposalsView /> } /> }
}

#[component]
fn ProposalsView() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideProposal>::new();
    // Every decision is a form post that loads the page again: the inbox is loaded once.
    let data = Resource::new(|| (), |_| inbox());
    view! {
        <h1>{t!(i18n, proposals.title)}</h1>
        <p class="muted">{t!(i18n, proposals.intro)}</p>
        <Loaded data=data let:data>
            <Inbox data decide />
        </Loaded>
    }
}

fn is_live(p: &ProposalRow) -> bool {
    matches!(p.status, ProposalStatus::Open | ProposalStatus::Snoozed)
}

#[component]
fn Inbox(data: ProposalInbox, decide: ServerAction<DecideProposal>) -> impl IntoView {
    let i18n = use_i18n();
    let (mine_live, mine_done): (Vec<_>, Vec<_>) = data.mine.into_iter().partition(is_live);
    let (team_live, team_done): (Vec<_>, Vec<_>) = data
        .team
        .into_iter()
        .partition(|p| is_live(p) || p.status == ProposalStatus::Accepted);
    let leads = data.leads_a_team;
    let mut done = mine_done;
    done.extend(team_done);
    view! {
        <section data-testid="inbox-mine">
            <h2>{t!(i18n, proposals.mine_title)}</h2>
            {(!mine_live.is_empty()).then(|| view! {
                <p class="prompt">{t!(i18n, prompts.proposal1)}" "{t!(i18n, prompts.proposal2)}</p>
            })}
            <ProposalList proposals=mine_live decide />
        </section>
        {leads.then(|| view! {
            <section data-testid="inbox-team">
                <h2>{t!(i18n, proposals.team_title)}</h2>
                <ProposalList proposals=team_live decide plannable=true />
            </section>
        })}
        {(!done.is_empty()).then(|| view! {
            <details class="card" data-testid="inbox-done">
                <summary>{t!(i18n, proposals.closed_title)}</summary>
                <ul class="proposals">
                    {done.into_iter().map(|p| view! { <Proposal p decide /> }).collect_view()}
                </ul>
            </details>
        })}
    }
}

#[component]
fn ProposalList(
    proposals: Vec<ProposalRow>,
    decide: ServerAction<DecideProposal>,
    /// The leader's list: an accepted intervision or moreel beraad proposal links to planning.
    #[prop(optional)]
    plannable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if proposals.is_empty() {
        return view! { <p class="muted" data-testid="inbox-empty">{t!(i18n, proposals.empty)}</p> }.into_any();
    }
    view! {
        <ul class="proposals">
            {proposals.into_iter().map(|p| view! { <Proposal p decide plannable /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Proposal(
    p: ProposalRow,
    decide: ServerAction<DecideProposal>,
    #[prop(optional)] plannable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = p.shown_status(today());
    let row = StoredValue::new(p.clone());
    let reason = move || row.with_value(|p| reason_text(i18n, p));
    let proposes = p.proposes;
    let private = p.private_to.is_some();
    let status_text = move || match status {
        ProposalStatus::Open => t_string!(i18n, proposals.status_open).to_string(),
        ProposalStatus::Accepted => t_string!(i18n, proposals.status_accepted).to_string(),
        ProposalStatus::Declined => t_string!(i18n, proposals.status_declined).to_string(),
        ProposalStatus::Snoozed => t_string!(
            i18n,
            proposals.status_snoozed,
            date = p.snoozed_until.map(dutch_date).unwrap_or_default()
        )
        .to_string(),
    };
    let live = is_live(&p);
    let decisions = p.decisions.clone();
    view! {
        <li class="card proposal" data-testid="proposal" data-kind=p.kind.map_or(BROUGHT_IN, |k| k.as_str()) data-proposes=proposes.as_str() data-status=status.as_str()>
            <header>
                <h3>{move || proposes_text(i18n, proposes)}</h3>
                <span class="muted">{p.team_name.clone()}" · "{move || t_string!(i18n, proposals.since, date = local_date(row.with_value(|p| p.created_at))).to_string()}</span>
            </header>
            <p class="reason" data-testid="proposal-reason">{reason}</p>
            <p><span class="badge" data-testid="proposal-status">{status_text}</span></p>
            {(private && live).then(|| view! { <p class="muted">{t!(i18n, proposals.mine_private)}</p> })}
            {(private && !live && p.status == ProposalStatus::Accepted).then(|| view! { <p class="muted">{t!(i18n, proposals.brought_in)}</p> })}
            {live.then(|| view! { <Decide id=p.id private decide /> })}
            {(p.status == ProposalStatus::Accepted && proposes == Proposes::NeighbourVisit).then(|| view! {
                <p><a class="button" data-testid="to-visits" href="/visits">{t!(i18n, visits.title)}</a></p>
            })}
            {(plannable && p.status == ProposalStatus::Accepted && !matches!(proposes, Proposes::CaseloadTalk | Proposes::NeighbourVisit)).then(|| view! {
                <p><a class="button" data-testid="plan-proposal" href=format!("/teams/{}/sessions/new?proposal={}", p.team, p.id)>{t!(i18n, sessions.plan_this)}</a></p>
            })}
            {(!decisions.is_empty()).then(|| view! {
                <details>
                    <summary>{t!(i18n, proposals.decisions)}</summary>
                    <ul class="decisions">
                        {decisions.into_iter().map(|d| {
                            let reason = d.reason.clone();
                            view! {
                                <li>
                                    {move || decision_text(i18n, d.decision, &d.by, local_date(d.at))}
                                    {(!reason.is_empty()).then(|| view! { ": " <q>{reason.clone()}</q> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </li>
    }
}

/// Accept, decline or snooze: three plain forms posting to the same function. A problem is
/// rendered at every card's form by the server (which does not know the card it came from);
/// once the page is interactive, only the form that was sent is swapped for that version.
#[component]
fn Decide(id: ProposalId, private: bool, decide: ServerAction<DecideProposal>) -> impl IntoView {
    let i18n = use_i18n();
    let problem_at = move |field: &'static str| {
        let problem = field_problem(decide, field);
        move || {
            problem.get().map(|p| view! {
                <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p>
            })
        }
    };
    // What concerns the decision as a whole: in each form, since any of them may be the one
    // that is swapped in.
    let general = move || view! { {problem_at("decision")} <FormError action=decide /> };
    let tomorrow = (today() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    view! {
        <div class="decide">
            <ActionForm action=decide attr:class="inline">
                <input type="hidden" name="proposal" value=id.to_string() />
                <input type="hidden" name="decision" value="accepted" />
                <input type="hidden" name="reason" value="" />
                <input type="hidden" name="until" value="" />
                <button type="submit" data-testid="accept">{t!(i18n, proposals.accept)}</button>
                {general()}
            </ActionForm>
            {private.then(|| view! { <p class="hint">{t!(i18n, proposals.accept_private_hint)}</p> })}
            <ActionForm action=decide attr:class="inline" attr:data-testid="decline-form">
                <input type="hidden" name="proposal" value=id.to_string() />
                <input type="hidden" name="decision" value="declined" />
                <input type="hidden" name="until" value="" />
                <label class="sr-only" for=format!("reason-{id}")>{t!(i18n, proposals.reason)}</label>
                <input id=format!("reason-{id}") name="reason" placeholder=t_string!(i18n, proposals.reason) data-testid="decline-reason" />
                <button type="submit" class="secondary" data-testid="decline">{t!(i18n, proposals.decline)}</button>
                {problem_at("reason")}
                {general()}
            </ActionForm>
            <ActionForm action=decide attr:class="inline" attr:data-testid="snooze-form">
                <input type="hidden" name="proposal" value=id.to_string() />
                <input type="hidden" name="decision" value="snoozed" />
                <input type="hidden" name="reason" value="" />
                <label for=format!("until-{id}")>{t!(i18n, proposals.until)}</label>
                <input id=format!("until-{id}") name="until" type="date" value=tomorrow data-testid="snooze-until" />
                <button type="submit" class="secondary" data-testid="snooze">{t!(i18n, proposals.snooze)}</button>
                {problem_at("until")}
                {general()}
            </ActionForm>
        </div>
    }
}
