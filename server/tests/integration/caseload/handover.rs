//! Handing over a leaving colleague's clients: the proposal, handing over all at once or one
//! by one, who may do it, and two people doing it at the same moment.

use std::sync::Arc;

use app::caseload::handover::api::{HandOverAll, HandOverClient, PlanHandover};
use app::caseload::handover::views::HandoverPlan;
use app::error::{AppError, FieldProblem};
use app::shared::ids::ClientId;
use app::teams::people::api::{AdminPerson, RemoveMembership};
use app::teams::people::model::PersonFile;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::Backend;
use crate::fixtures::{Noord, noord, team};

/// Active clients of the team for whom `user` is the primary professional now (their
/// secondary roles are not handed over but end).
async fn carried(n: &Noord, user: i64) -> i64 {
    n.app
        .count(&format!(
            "SELECT COUNT(*) FROM assignments a JOIN clients c ON c.id = a.client_id \
             WHERE c.team_id = {} AND c.status = 'active' AND a.user_id = {user} AND a.role = 'primary' AND a.to_date IS NULL",
            n.team_id.0
        ))
        .await
}

async fn plan(n: &Noord) -> HandoverPlan {
    n.app
        .send_ok(
            Some(&n.leader),
            PlanHandover {
                team: n.team_id,
                user: n.mehmet_id,
            },
        )
        .await
}

async fn a_leader_hands_over_everything_as_proposed_and_then_the_person_can_leave(
    backend: Backend,
) {
    let n = noord(backend).await;
    let before = carried(&n, n.mehmet_id.0).await;
    let proposal = plan(&n).await;
    assert!(before > 0, "the demo member works with clients");
    assert_eq!(
        proposal.rows.len() as i64,
        before,
        "every primary client once"
    );
    assert!(proposal.all_proposed());
    for row in &proposal.rows {
        let to = row.to.as_ref().expect("a receiver");
        assert_ne!(to.id, n.mehmet_id);
        assert!(proposal.receivers.iter().any(|p| p.id == to.id));
        assert!(!row.code.is_empty());
    }
    let handed: u32 = n
        .app
        .send_ok(
            Some(&n.leader),
            HandOverAll {
                team: n.team_id,
                user: n.mehmet_id,
            },
        )
        .await;
    assert_eq!(i64::from(handed), before);
    let secondary_left = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM assignments a JOIN clients c ON c.id = a.client_id \
             WHERE c.team_id = {} AND a.user_id = {} AND a.to_date IS NULL",
            n.team_id.0, n.mehmet_id.0
        ))
        .await;
    assert_eq!(secondary_left, 0, "no role of any kind is left");
    let history = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM assignments WHERE user_id = {} AND role = 'primary' AND to_date IS NOT NULL",
            n.mehmet_id.0
        ))
        .await;
    assert!(history >= before, "the history keeps who carried them");
    let audited = n
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'caseload.handover'")
        .await;
    assert!(audited >= before);
    assert!(plan(&n).await.is_done());

    let admin = n.app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let person: PersonFile = n
        .app
        .send_ok(Some(&admin), AdminPerson { user: n.mehmet_id })
        .await;
    let row = person
        .memberships
        .iter()
        .find(|m| m.team == n.team_id)
        .expect("member");
    assert_eq!(row.carries, 0);
    let _: () = n
        .app
        .send_ok(
            Some(&admin),
            RemoveMembership {
                user: n.mehmet_id,
                team: n.team_id,
            },
        )
        .await;
}

async fn the_leaders_balance_page_leads_to_the_handover(backend: Backend) {
    let n = noord(backend).await;
    let link = format!("/teams/{}/handover/{}", n.team_id.0, n.mehmet_id.0);
    let page = n
        .app
        .get(
            &format!("/teams/{}/balance", n.team_id.0),
            Some(&n.leader),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&link),
        "the leader is offered the handover"
    );
    let handover = n.app.get(&link, Some(&n.leader), &[]).await;
    assert_eq!(handover.status, StatusCode::OK);
    assert!(handover.body.contains("data-testid=\"handover-rows\""));
    let member = n.app.get(&link, Some(&n.sanne), &[]).await;
    assert_eq!(
        member.status,
        StatusCode::FORBIDDEN,
        "a member does not reach it"
    );
}

async fn one_client_goes_to_the_colleague_chosen(backend: Backend) {
    let n = noord(backend).await;
    let proposal = plan(&n).await;
    let client = proposal.rows[0].client;
    let one = |to: String| HandOverClient {
        team: n.team_id,
        user: n.mehmet_id,
        client,
        to,
    };
    for bad in [
        n.mehmet_id.0.to_string(),
        n.facilitator_id.0.to_string(),
        "iemand".to_owned(),
    ] {
        let err = n.app.send_err(Some(&n.leader), one(bad.clone())).await;
        assert_eq!(
            err.at_field("to"),
            Some(FieldProblem::UnknownChoice),
            "{bad}"
        );
    }
    let _: () = n
        .app
        .send_ok(Some(&n.leader), one(n.sanne_id.0.to_string()))
        .await;
    let primary = n
        .app
        .id(&format!(
            "SELECT user_id FROM assignments WHERE client_id = {} AND role = 'primary' AND to_date IS NULL",
            client.0
        ))
        .await;
    assert_eq!(primary, n.sanne_id.0);
    let again = n
        .app
        .send_err(Some(&n.leader), one(n.sanne_id.0.to_string()))
        .await;
    assert_eq!(
        again.at_field("move"),
        Some(FieldProblem::Stale),
        "Mehmet no longer carries it"
    );
    assert!(plan(&n).await.rows.iter().all(|r| r.client != client));

    let elsewhere = team(&n.app, "Jeugdteam Oost").await;
    let foreign = ClientId(
        n.app
            .id(&format!(
                "SELECT id FROM clients WHERE team_id = {} LIMIT 1",
                elsewhere.0
            ))
            .await,
    );
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            HandOverClient {
                team: n.team_id,
                user: n.mehmet_id,
                client: foreign,
                to: n.sanne_id.0.to_string(),
            },
        )
        .await;
    assert_eq!(err, AppError::NotFound);
}

async fn only_the_teams_leader_or_its_organisations_admin_hands_over(backend: Backend) {
    let n = noord(backend).await;
    let ask = |who: &str| {
        let who = who.to_owned();
        let (app, team, user) = (&n.app, n.team_id, n.mehmet_id);
        async move { app.send(Some(&who), PlanHandover { team, user }).await }
    };
    assert_eq!(ask(&n.mehmet).await.status, StatusCode::FORBIDDEN);
    assert_eq!(ask(&n.sanne).await.status, StatusCode::FORBIDDEN);
    let admin = n.app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    assert_eq!(ask(&admin).await.status, StatusCode::OK);
    let other_admin = n.app.login("beheer@anker.demo", DEMO_PASSWORD).await;
    assert_eq!(ask(&other_admin).await.status, StatusCode::FORBIDDEN);
    let jeugd = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    assert_eq!(
        ask(&jeugd).await.status,
        StatusCode::FORBIDDEN,
        "another team's leader"
    );
    let untouched = carried(&n, n.mehmet_id.0).await;
    let reply = n
        .app
        .send(
            Some(&n.sanne),
            HandOverAll {
                team: n.team_id,
                user: n.mehmet_id,
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(carried(&n, n.mehmet_id.0).await, untouched);
}

async fn two_people_handing_over_at_once_move_each_client_once(backend: Backend) {
    let n = Arc::new(noord(backend).await);
    let before = carried(&n, n.mehmet_id.0).await;
    let admin = n.app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let mut both = tokio::task::JoinSet::new();
    for who in [n.leader.clone(), admin, n.leader.clone()] {
        let n = n.clone();
        both.spawn(async move {
            n.app
                .send(
                    Some(&who),
                    HandOverAll {
                        team: n.team_id,
                        user: n.mehmet_id,
                    },
                )
                .await
        });
    }
    let mut handed = 0;
    for reply in both.join_all().await {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        handed += serde_json::from_str::<u32>(&reply.body).expect("a count");
    }
    assert_eq!(
        i64::from(handed),
        before,
        "each client was handed over once"
    );
    assert_eq!(carried(&n, n.mehmet_id.0).await, 0);
    let current = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM (SELECT a.client_id FROM assignments a JOIN clients c ON c.id = a.client_id \
             WHERE c.team_id = {} AND a.role = 'primary' AND a.to_date IS NULL GROUP BY a.client_id HAVING COUNT(*) > 1) AS doubles",
            n.team_id.0
        ))
        .await;
    assert_eq!(current, 0, "no client has two primary professionals");
}

on_both_databases!(
    a_leader_hands_over_everything_as_proposed_and_then_the_person_can_leave,
    one_client_goes_to_the_colleague_chosen,
    the_leaders_balance_page_leads_to_the_handover,
    only_the_teams_leader_or_its_organisations_admin_hands_over,
    two_people_handing_over_at_once_move_each_client_once,
);
