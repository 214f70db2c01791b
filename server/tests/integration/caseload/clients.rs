//! Clients and their observations are stored and validated, and members see their own
//! caseload (and the balance only when the team allows).

use app::caseload::balance::api::TeamBalance;
use app::caseload::balance::api::{MyCaseload, SaveTeamSettings};
use app::caseload::clients::api::AddObservation;
use app::caseload::clients::api::ClientDetail;
use app::caseload::clients::api::TeamClients;
use app::shared::ids::ClientId;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::noord;
use app::caseload::views::{BalanceOverview, CaseloadOverview, ClientFile};
use app::error::{AppError, FieldProblem};
use draagkracht::demo::DEMO_PASSWORD;

use super::problem;

async fn clients_and_observations_are_stored_and_validated(backend: Backend) {
    let n = noord(backend).await;
    let mehmet = n.mehmet_id.to_string();
    let base = |code: &'static str, weight: &'static str| {
        vec![
            ("team", n.team.clone()),
            ("code", code.to_owned()),
            ("weight", weight.to_owned()),
            ("domains", String::new()),
            ("start", "2026-02-01".to_owned()),
            ("primary", mehmet.clone()),
            ("secondary", String::new()),
            ("avoidance", "2".to_owned()),
            ("note", String::new()),
        ]
    };
    let form = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let call = |v: Vec<(&'static str, String)>| {
        let app = &n.app;
        let leader = n.leader.clone();
        async move {
            let pairs = form(&v);
            let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("create_client", Some(&leader), &refs).await
        }
    };
    let before = n.app.count("SELECT COUNT(*) FROM clients").await;
    for (code, weight, field, expected) in [
        ("111222333", "3", "code", FieldProblem::IdentifyingDetail),
        (
            "jan@voorbeeld.nl",
            "3",
            "code",
            FieldProblem::IdentifyingDetail,
        ),
        ("K-9001", "7", "weight", FieldProblem::OutOfRange),
    ] {
        let reply = call(base(code, weight)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        let err: AppError = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(problem(err, field), Some(expected), "{code}/{weight}");
    }
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM clients").await,
        before,
        "nothing half-written"
    );

    let reply = call(base("k-9001", "4")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id: ClientId = serde_json::from_str(&reply.body).unwrap();
    let reply = call(base("K-9001", "4")).await;
    let err: AppError = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        problem(err, "code"),
        Some(FieldProblem::AlreadyTaken),
        "codes are unique per team"
    );

    let id_s = id;
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            AddObservation {
                client: id_s,
                observed_on: "2026-03-01".to_owned(),
                level: "3".to_owned(),
                perspective: "family".to_owned(),
                note: "gaat niet open".to_owned(),
            },
        )
        .await;
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            AddObservation {
                client: id_s,
                observed_on: "2026-04-01".to_owned(),
                level: "1".to_owned(),
                perspective: "family".to_owned(),
                note: String::new(),
            },
        )
        .await;
    let err = n
        .app
        .send_err(
            Some(&n.mehmet),
            AddObservation {
                client: id_s,
                observed_on: "2026-04-02".to_owned(),
                level: "1".to_owned(),
                perspective: "family".to_owned(),
                note: "BSN 111222333".to_owned(),
            },
        )
        .await;
    assert_eq!(problem(err, "note"), Some(FieldProblem::IdentifyingDetail));
    let detail: ClientFile = n
        .app
        .send_ok(Some(&n.mehmet), ClientDetail { client: id_s })
        .await;
    assert_eq!(detail.client.code, "K-9001");
    assert_eq!(
        detail.observations.len(),
        3,
        "the intake observation and two more"
    );
    // Family's latest view (1) replaced its earlier one (3); the professional's view (2) stays.
    assert_eq!(
        detail.client.avoidance,
        Some(app::caseload::model::AvoidanceLevel::Considerable)
    );
    assert_eq!(detail.history.len(), 1);
    assert!(
        n.app
            .count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'client.view' AND subject = 'client:{id}'"))
            .await
            >= 1,
        "access to a client record is audited"
    );
}

async fn members_see_their_own_caseload_and_the_balance_only_when_allowed(backend: Backend) {
    let n = noord(backend).await;
    let mine: CaseloadOverview = n
        .app
        .send_ok(
            Some(&n.mehmet),
            MyCaseload {
                team: Some(n.team_id),
            },
        )
        .await;
    assert!(!mine.clients.is_empty());
    assert!(mine.clients.iter().all(|c| {
        c.primary.as_ref().map(|p| p.id) == Some(n.mehmet_id)
            || c.secondary.as_ref().map(|p| p.id) == Some(n.mehmet_id)
    }));
    let err = n
        .app
        .send_err(Some(&n.mehmet), TeamBalance { team: n.team_id })
        .await;
    assert_eq!(
        err,
        AppError::Forbidden,
        "the balance is the leader's unless the team allows"
    );
    let not_mine = ClientId(n
        .app
        .id(&format!(
            "SELECT c.id FROM clients c WHERE c.team_id = {} AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.client_id = c.id AND a.user_id = {} AND a.to_date IS NULL) LIMIT 1",
            n.team, n.mehmet_id
        ))
        .await);
    let err = n
        .app
        .send_err(Some(&n.mehmet), ClientDetail { client: not_mine })
        .await;
    assert_eq!(err, AppError::Forbidden);

    // The team opens the balance to its members: figures yes, limits and suggestions no.
    let open_balance = SaveTeamSettings {
        team: n.team_id,
        norm_per_fte: "30".to_owned(),
        secondary_fraction: "0,5".to_owned(),
        members_see_balance: Some("on".to_owned()),
        load_per_fte: "36".to_owned(),
        load_per_fte_on: Some("on".to_owned()),
        avoiders_per_member: "4".to_owned(),
        avoiders_per_member_on: Some("on".to_owned()),
        avoider_share: "40".to_owned(),
        avoider_share_on: None,
    };
    n.app.send_ok(Some(&n.leader), open_balance).await;
    let seen: BalanceOverview = n
        .app
        .send_ok(Some(&n.mehmet), TeamBalance { team: n.team_id })
        .await;
    assert!(!seen.leads && seen.plan.is_none() && seen.shared_limits.is_empty());
    assert!(seen.rows.iter().all(|r| r.figures.limits.is_empty()));

    // Another team's leader sees nothing of this team.
    let other = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    assert_eq!(
        n.app
            .send_err(Some(&other), TeamBalance { team: n.team_id })
            .await,
        AppError::Forbidden
    );
    assert_eq!(
        n.app
            .send_err(Some(&other), ClientDetail { client: not_mine })
            .await,
        AppError::Forbidden
    );
    assert_eq!(
        n.app
            .send_err(Some(&other), TeamClients { team: n.team_id })
            .await,
        AppError::Forbidden
    );
    let reply = n
        .app
        .get(
            &format!("/teams/{}/caseload.csv", n.team),
            Some(&other),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        n.app.send_err(None, TeamBalance { team: n.team_id }).await,
        AppError::Unauthenticated
    );
}

on_both_databases!(
    clients_and_observations_are_stored_and_validated,
    members_see_their_own_caseload_and_the_balance_only_when_allowed,
);
