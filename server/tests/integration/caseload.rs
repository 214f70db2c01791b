//! The caseload through the real router on both databases: clients and observations,
//! who may see what, personal limits staying private, rebalancing moves, intake and CSV.

use app::caseload::balance::api::IntakeAdvice;
use app::caseload::balance::api::MyCaseload;
use app::caseload::balance::api::SharePersonalLimit;
use app::caseload::balance::api::TeamBalance;
use app::caseload::clients::api::AddObservation;
use app::caseload::clients::api::ClientDetail;
use app::caseload::clients::api::CreateClient;
use app::caseload::clients::api::TeamClients;
use app::caseload::import::api::ApplyImport;
use app::shared::ids::ClientId;
use app::shared::ids::PersonalLimitId;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::noord;
use app::caseload::balance::model::Breach;
use app::caseload::views::{
    BalanceOverview, CaseloadOverview, ClientFile, ImportCheck, IntakeResult,
};
use app::error::{AppError, FieldProblem};
use draagkracht::demo::DEMO_PASSWORD;

const GOOD_CSV: &str = include_str!("../../../end2end/fixtures/caseload-goed.csv");
const BAD_CSV: &str = include_str!("../../../end2end/fixtures/caseload-met-fout.csv");

fn problem(err: AppError, field: &str) -> Option<FieldProblem> {
    err.at_field(field)
}

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
    let _: () = n
        .app
        .call_ok(
            "save_team_settings",
            Some(&n.leader),
            &[
                ("team", &n.team),
                ("norm_per_fte", "30"),
                ("secondary_fraction", "0,5"),
                ("members_see_balance", "on"),
                ("load_per_fte", "36"),
                ("load_per_fte_on", "on"),
                ("avoiders_per_member", "4"),
                ("avoiders_per_member_on", "on"),
                ("avoider_share", "40"),
            ],
        )
        .await;
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

async fn private_personal_limits_never_leave_their_owner(backend: Backend) {
    let n = noord(backend).await;
    let private_id = n
        .app
        .id(&format!(
            "SELECT id FROM personal_limits WHERE user_id = {} AND shared = FALSE",
            n.mehmet_id
        ))
        .await;
    let mine: CaseloadOverview = n
        .app
        .send_ok(
            Some(&n.mehmet),
            MyCaseload {
                team: Some(n.team_id),
            },
        )
        .await;
    assert!(
        mine.limits
            .iter()
            .any(|l| l.id == PersonalLimitId(private_id) && !l.shared),
        "the owner sees it"
    );

    let balance: BalanceOverview = n
        .app
        .send_ok(Some(&n.leader), TeamBalance { team: n.team_id })
        .await;
    assert!(
        balance
            .shared_limits
            .iter()
            .all(|(_, l)| l.id != PersonalLimitId(private_id) && l.shared)
    );
    assert!(
        !balance.shared_limits.is_empty(),
        "shared limits do reach the leader"
    );
    for row in &balance.rows {
        assert!(row.figures.limits.iter().all(|l| l.limit.shared));
        assert!(
            row.figures
                .breaches
                .iter()
                .all(|b| !matches!(b, Breach::Personal { limit, .. } if *limit == PersonalLimitId(private_id)))
        );
    }
    let advice: IntakeResult = n
        .app
        .send_ok(
            Some(&n.leader),
            IntakeAdvice {
                team: n.team_id,
                weight: "3".to_owned(),
                domains: String::new(),
                avoidance: "3".to_owned(),
            },
        )
        .await;
    let text = serde_json::to_string(&advice).unwrap();
    assert!(
        !text.contains(&format!("\"limit\":{private_id}")),
        "intake advice never uses a private limit"
    );

    // Sharing it makes it visible; someone else cannot flip it.
    let id = PersonalLimitId(private_id);
    assert_eq!(
        n.app
            .send_err(
                Some(&n.leader),
                SharePersonalLimit {
                    limit: id,
                    shared: true
                }
            )
            .await,
        AppError::NotFound
    );
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            SharePersonalLimit {
                limit: id,
                shared: true,
            },
        )
        .await;
    let balance: BalanceOverview = n
        .app
        .send_ok(Some(&n.leader), TeamBalance { team: n.team_id })
        .await;
    assert!(
        balance
            .shared_limits
            .iter()
            .any(|(_, l)| l.id == PersonalLimitId(private_id))
    );
}

async fn a_suggested_move_is_applied_once_and_recorded(backend: Backend) {
    let n = noord(backend).await;
    let balance: BalanceOverview = n
        .app
        .send_ok(Some(&n.leader), TeamBalance { team: n.team_id })
        .await;
    assert!(
        balance.totals.members_over >= 1,
        "the demo has overloaded members"
    );
    let plan = balance.plan.expect("the leader gets suggestions");
    let first = plan
        .moves
        .first()
        .expect("the demo needs at least one move")
        .clone();
    assert!(plan.plan.max_ratio_after <= plan.plan.max_ratio_before);
    let args = [
        ("team", n.team.clone()),
        ("client", first.client.to_string()),
        ("from", first.from.id.to_string()),
        ("to", first.to.id.to_string()),
    ];
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _: () = n.app.call_ok("apply_move", Some(&n.leader), &refs).await;
    let detail: ClientFile = n
        .app
        .send_ok(
            Some(&n.leader),
            ClientDetail {
                client: first.client,
            },
        )
        .await;
    assert_eq!(detail.client.primary.map(|p| p.id), Some(first.to.id));
    assert!(
        detail
            .history
            .iter()
            .any(|a| a.person.id == first.from.id && a.to.is_some()),
        "history keeps the old assignment"
    );
    assert_eq!(
        n.app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'caseload.move' AND subject LIKE 'client:{} %'", first.client)).await,
        1
    );
    let err = n.app.call_err("apply_move", Some(&n.leader), &refs).await;
    assert_eq!(
        problem(err, "move"),
        Some(FieldProblem::Stale),
        "a stale move is refused, not repeated"
    );
    assert_eq!(
        n.app.call_err("apply_move", Some(&n.mehmet), &refs).await,
        AppError::Forbidden
    );
}

async fn intake_advice_ranks_and_one_click_places(backend: Backend) {
    let n = noord(backend).await;
    let advice: IntakeResult = n
        .app
        .send_ok(
            Some(&n.leader),
            IntakeAdvice {
                team: n.team_id,
                weight: "4".to_owned(),
                domains: String::new(),
                avoidance: "2".to_owned(),
            },
        )
        .await;
    let members = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE team_id = {} AND role = 'member'",
            n.team
        ))
        .await;
    assert_eq!(
        advice.advice.len() as i64,
        members,
        "every member is ranked"
    );
    let first_blocked = advice
        .advice
        .iter()
        .position(|(_, a)| !a.fits)
        .unwrap_or(advice.advice.len());
    assert!(
        advice.advice[first_blocked..].iter().all(|(_, a)| !a.fits),
        "fitting members first"
    );
    assert!(
        advice.advice.iter().all(|(_, a)| !a.reasons.is_empty()),
        "every rank has reasons"
    );
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            IntakeAdvice {
                team: n.team_id,
                weight: "0".to_owned(),
                domains: String::new(),
                avoidance: String::new(),
            },
        )
        .await;
    assert_eq!(problem(err, "weight"), Some(FieldProblem::OutOfRange));

    let (best, _) = advice.advice.first().unwrap().clone();
    let best_id = best.id.to_string();
    let _: ClientId = n
        .app
        .send_ok(
            Some(&n.leader),
            CreateClient {
                team: n.team_id,
                code: "K-7777".to_owned(),
                weight: "4".to_owned(),
                domains: String::new(),
                start: "2026-11-01".to_owned(),
                primary: best_id.to_string(),
                secondary: String::new(),
                avoidance: "2".to_owned(),
                note: String::new(),
            },
        )
        .await;
    let cookie = n
        .app
        .login(&n.app.email_of(best.id).await, DEMO_PASSWORD)
        .await;
    let theirs: CaseloadOverview = n
        .app
        .send_ok(
            Some(&cookie),
            MyCaseload {
                team: Some(n.team_id),
            },
        )
        .await;
    assert!(theirs.clients.iter().any(|c| c.code == "K-7777"));
}

async fn csv_import_is_all_or_nothing_and_idempotent(backend: Backend) {
    let n = noord(backend).await;
    let before = n.app.count("SELECT COUNT(*) FROM clients").await;
    let check: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: BAD_CSV.to_string(),
            },
        )
        .await;
    assert!(check.applied.is_none());
    let bad: Vec<usize> = check
        .preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| r.line)
        .collect();
    assert_eq!(bad, vec![5], "exactly the bad row is named");
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM clients").await,
        before,
        "nothing was imported"
    );

    let check: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: GOOD_CSV.to_string(),
            },
        )
        .await;
    let done = check.applied.expect("a clean file is applied");
    assert_eq!((done.created, done.updated), (8, 0));
    let snapshot = n.app.count("SELECT COUNT(*) FROM assignments").await
        + n.app
            .count("SELECT COUNT(*) FROM avoidance_observations")
            .await
        + n.app.count("SELECT COUNT(*) FROM client_domains").await;
    let again: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: GOOD_CSV.to_string(),
            },
        )
        .await;
    let done = again.applied.unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (0, 0, 8));
    let after = n.app.count("SELECT COUNT(*) FROM assignments").await
        + n.app
            .count("SELECT COUNT(*) FROM avoidance_observations")
            .await
        + n.app.count("SELECT COUNT(*) FROM client_domains").await;
    assert_eq!(
        snapshot, after,
        "re-importing the same file changes nothing"
    );

    // The export opens in a spreadsheet and re-imports without changes.
    let reply = n
        .app
        .get(
            &format!("/teams/{}/caseload.csv", n.team),
            Some(&n.leader),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(reply.body.contains("K-2001"));
    let round: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: reply.body.to_string(),
            },
        )
        .await;
    let done = round.applied.expect("the export is a clean import");
    assert_eq!(
        (done.created, done.updated),
        (0, 0),
        "export → import changes nothing"
    );
    let reply = n
        .app
        .get(
            &format!("/teams/{}/caseload.csv", n.team),
            Some(&n.mehmet),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

async fn team_settings_are_validated_and_audited(backend: Backend) {
    let n = noord(backend).await;
    let form = |norm: &'static str| {
        vec![
            ("team", n.team.clone()),
            ("norm_per_fte", norm.to_owned()),
            ("secondary_fraction", "0.5".to_owned()),
            ("load_per_fte", "40".to_owned()),
            ("load_per_fte_on", "on".to_owned()),
            ("avoiders_per_member", "3".to_owned()),
            ("avoider_share", "50".to_owned()),
            ("avoider_share_on", "on".to_owned()),
        ]
    };
    let pairs = form("veel");
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let err = n
        .app
        .call_err("save_team_settings", Some(&n.leader), &refs)
        .await;
    assert_eq!(problem(err, "norm_per_fte"), Some(FieldProblem::OutOfRange));
    let pairs = form("28");
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _: () = n
        .app
        .call_ok("save_team_settings", Some(&n.leader), &refs)
        .await;
    assert_eq!(
        n.app.count(&format!("SELECT COUNT(*) FROM team_limits WHERE team_id = {} AND kind IN ('load_per_fte', 'avoiders_per_member', 'avoider_share_per_member')", n.team)).await,
        3,
        "limits are data rows the rule engine can read"
    );
    let balance: BalanceOverview = n
        .app
        .send_ok(Some(&n.leader), TeamBalance { team: n.team_id })
        .await;
    assert_eq!(balance.policy.norm_per_fte, 28.0);
    assert_eq!(balance.policy.max_avoiders, None, "unticked limit is off");
    assert_eq!(balance.policy.max_avoider_share, Some(0.5));
    assert_eq!(
        n.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.limits'")
            .await,
        1
    );
    assert_eq!(
        n.app
            .call_err("save_team_settings", Some(&n.mehmet), &refs)
            .await,
        AppError::Forbidden
    );
}

on_both_databases!(
    clients_and_observations_are_stored_and_validated,
    members_see_their_own_caseload_and_the_balance_only_when_allowed,
    private_personal_limits_never_leave_their_owner,
    a_suggested_move_is_applied_once_and_recorded,
    intake_advice_ranks_and_one_click_places,
    csv_import_is_all_or_nothing_and_idempotent,
    team_settings_are_validated_and_audited,
);
