//! Sessions through the real router on both databases, by sub-capability: planning, the
//! slot finder, calendar files and feeds, the method library, and running a session and its
//! outcomes. The helpers here plan the sessions the others start from.

use app::limits::api::Inbox;

use crate::fixtures::Noord;
use app::limits::api::DecideProposal;
use app::limits::model::ProposalId;
use app::limits::views::ProposalInbox;
use app::sessions::model::SessionId;
use app::sessions::plan::api::{CreateSession, PlannerChoices};
use app::sessions::views::PlanningOptions;

mod availability;
mod calendar;
mod methods;
mod outcomes;
mod plan;
mod runner;

fn first_method(options: &PlanningOptions, kind: &str) -> String {
    options
        .methods
        .iter()
        .find(|m| m.kind.as_str() == kind)
        .map(|m| m.id.to_string())
        .expect("a seeded method of this kind")
}

/// Plans a session by hand with the pool facilitator, Mehmet presenting, Sanne and Youssef
/// taking part.
pub(crate) async fn plan_by_hand(n: &Noord, question: &str) -> SessionId {
    let options = choices(n, None).await;
    let form = CreateSession {
        place: "Zaal 2".to_owned(),
        ..n.intervision(&options, &[n.sanne_id, n.youssef_id], question)
    };
    n.app.send_ok(Some(&n.leader), form).await
}

/// What the leader may plan with, from a proposal or by hand.
pub(crate) async fn choices(n: &Noord, proposal: Option<ProposalId>) -> PlanningOptions {
    n.app
        .send_ok(
            Some(&n.leader),
            PlannerChoices {
                team: n.team_id,
                proposal,
            },
        )
        .await
}

/// Mehmet accepts one of his private intervision proposals: it goes to the leader to plan.
pub(crate) async fn accept_a_private_intervision_proposal(n: &Noord) -> ProposalId {
    let inbox: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let proposal = inbox
        .mine
        .iter()
        .find(|p| {
            p.proposes.as_str() == "intervision"
                && matches!(
                    p.status,
                    app::limits::views::ProposalStatus::Open
                        | app::limits::views::ProposalStatus::Snoozed
                )
        })
        .expect("the demo gives Mehmet a private intervision proposal")
        .id;
    n.app
        .send_ok(
            Some(&n.mehmet),
            DecideProposal {
                proposal,
                decision: "accepted".to_owned(),
                reason: String::new(),
                until: String::new(),
            },
        )
        .await;
    proposal
}

/// Plans that proposal with the pool facilitator, Mehmet presenting and Sanne taking part.
pub(crate) async fn plan_proposal(n: &Noord, proposal: ProposalId) -> SessionId {
    let options = choices(n, Some(proposal)).await;
    let form = CreateSession {
        proposal: proposal.to_string(),
        ..n.intervision(
            &options,
            &[n.sanne_id],
            "Hoe blijf ik in contact als de deur dicht blijft?",
        )
    };
    n.app.send_ok(Some(&n.leader), form).await
}
