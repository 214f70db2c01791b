//! The balance: personal limits stay their owner's, suggested moves apply once, intake advice
//! ranks and places in one click, and team settings are validated and audited.

use app::caseload::balance::api::MyCaseload;
use app::caseload::balance::api::SharePersonalLimit;
use app::caseload::balance::api::TeamBalance;
use app::caseload::balance::api::{ApplyMove, IntakeAdvice, SaveTeamSettings};
use app::caseload::clients::api::ClientDetail;
use app::caseload::clients::api::CreateClient;
use app::shared::ids::ClientId;
use app::shared::ids::PersonalLimitId;

use crate::common::Backend;
use crate::fixtures::noord;
use app::caseload::balance::model::Breach;
use app::caseload::views::{BalanceOverview, CaseloadOverview, ClientFile, IntakeResult};
use app::error::{AppError, FieldProblem};
use draagkracht::demo::DEMO_PASSWORD;

use super::problem;

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
    let the_move = ApplyMove {
        team: n.team_id,
        client: first.client,
        from: first.from.id,
        to: first.to.id,
    };
    n.app.send_ok(Some(&n.leader), the_move.clone()).await;
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
    let err = n.app.send_err(Some(&n.leader), the_move.clone()).await;
    assert_eq!(
        problem(err, "move"),
        Some(FieldProblem::Stale),
        "a stale move is refused, not repeated"
    );
    assert_eq!(
        n.app.send_err(Some(&n.mehmet), the_move).await,
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

async fn team_settings_are_validated_and_audited(backend: Backend) {
    let n = noord(backend).await;
    let form = |norm: &str| SaveTeamSettings {
        team: n.team_id,
        norm_per_fte: norm.to_owned(),
        secondary_fraction: "0.5".to_owned(),
        members_see_balance: None,
        load_per_fte: "40".to_owned(),
        load_per_fte_on: Some("on".to_owned()),
        avoiders_per_member: "3".to_owned(),
        avoiders_per_member_on: None,
        avoider_share: "50".to_owned(),
        avoider_share_on: Some("on".to_owned()),
    };
    let err = n.app.send_err(Some(&n.leader), form("veel")).await;
    assert_eq!(problem(err, "norm_per_fte"), Some(FieldProblem::OutOfRange));
    n.app.send_ok(Some(&n.leader), form("28")).await;
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
        n.app.send_err(Some(&n.mehmet), form("28")).await,
        AppError::Forbidden
    );
}

on_both_databases!(
    private_personal_limits_never_leave_their_owner,
    a_suggested_move_is_applied_once_and_recorded,
    intake_advice_ranks_and_one_click_places,
    team_settings_are_validated_and_audited,
);
