//! Erasure through the real router on SQLite and PostgreSQL: an account that left becomes
//! "oud-medewerker" with its private data gone, and a closed client goes with every record that
//! names it while signals stay without the link.

use app::auth::api::Me;
use app::auth::model::{Actor, TeamId};
use app::caseload::clients::api::CloseClient;
use app::caseload::handover::api::HandOverAll;
use app::error::{AppError, FieldProblem};
use app::privacy::erasure::api::{AccountErasure, EraseAccount, EraseClient};
use app::privacy::erasure::views::AccountErasureView;
use app::shared::ids::{ClientId, SignalId};
use app::teams::api::SetAccountActive;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::Backend;
use crate::fixtures::{noord, team};

const ADMIN: &str = "beheer@linde.demo";
const OTHER_ADMIN: &str = "beheer@anker.demo";

fn problem(err: AppError, field: &str) -> Option<FieldProblem> {
    err.at_field(field)
}

async fn an_admin_erases_a_former_colleague_after_the_handover(backend: Backend) {
    let n = noord(backend).await;
    let app = &n.app;
    let _: SignalId = app
        .send_ok(
            Some(&n.mehmet),
            n.signal("", "Ijsvogel: alleen voor mij", "private"),
        )
        .await;
    let _: SignalId = app
        .send_ok(
            Some(&n.mehmet),
            n.signal("", "Gedeeld met het team", "team"),
        )
        .await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let mehmet = n.mehmet_id;
    let erase = |confirm: Option<&str>| EraseAccount {
        user: mehmet,
        confirm: confirm.map(str::to_owned),
    };

    let err = app.send_err(Some(&admin), erase(Some("on"))).await;
    assert_eq!(
        problem(err, "user"),
        Some(FieldProblem::StillActive),
        "deactivated first"
    );
    let _: () = app
        .send_ok(
            Some(&admin),
            SetAccountActive {
                user: mehmet,
                active: false,
            },
        )
        .await;
    let view: AccountErasureView = app
        .send_ok(Some(&admin), AccountErasure { user: mehmet })
        .await;
    assert!(view.carries > 0 && view.signals >= 2, "{view:?}");
    let err = app.send_err(Some(&admin), erase(Some("on"))).await;
    assert_eq!(
        problem(err, "user"),
        Some(FieldProblem::StillCarries),
        "clients first"
    );

    let teams: Vec<(TeamId,)> = app::on_db!(&app.db, p => sqlx::query_as(
        "SELECT team_id FROM memberships WHERE user_id = $1 ORDER BY team_id").bind(mehmet).fetch_all(p).await)
    .expect("teams");
    for (team,) in teams {
        let _: u32 = app
            .send_ok(Some(&admin), HandOverAll { team, user: mehmet })
            .await;
    }
    let err = app.send_err(Some(&admin), erase(None)).await;
    assert_eq!(problem(err, "confirm"), Some(FieldProblem::ConfirmFirst));
    assert_eq!(
        app.send_err(Some(&n.leader), erase(Some("on"))).await,
        AppError::Forbidden,
        "a leader is not an admin"
    );
    let other = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(
        app.send_err(Some(&other), erase(Some("on"))).await,
        AppError::NotFound,
        "another organisation's admin does not find the account"
    );

    let _: () = app.send_ok(Some(&admin), erase(Some("on"))).await;

    let id = mehmet.0;
    let remaining =
        |table: &str, column: &str| format!("SELECT COUNT(*) FROM {table} WHERE {column} = {id}");
    for (table, column) in [
        ("stuck_signals", "author_id"),
        ("personal_limits", "user_id"),
        ("memberships", "user_id"),
        ("sign_ins", "user_id"),
        ("notifications", "user_id"),
        ("availability_windows", "user_id"),
    ] {
        assert_eq!(
            app.count(&remaining(table, column)).await,
            0,
            "{table} is empty of them"
        );
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM stuck_signals WHERE note LIKE '%Ijsvogel%' OR note LIKE '%Gedeeld%'")
            .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM login_attempts WHERE account_key = 'medewerker@linde.demo'"
        )
        .await,
        0,
        "the typed address goes too"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM users WHERE id = {id} AND display_name = 'oud-medewerker' \
             AND email NOT LIKE '%linde%' AND password_hash IS NULL AND erased_at IS NOT NULL"
        ))
        .await,
        1,
        "the row stays, nameless"
    );
    assert!(
        app.count(&format!(
            "SELECT COUNT(*) FROM assignments WHERE user_id = {id}"
        ))
        .await
            > 0,
        "the history of who carried whom stays, under the new name"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.erase'")
            .await,
        1
    );

    // Their old sign-in has ended, and the password no longer opens anything.
    let me: Option<Actor> = app.send_ok(Some(&n.mehmet), Me {}).await;
    assert!(me.is_none(), "signed out everywhere");
    let login = app
        .call(
            "login",
            None,
            &[
                ("email", "medewerker@linde.demo"),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_ne!(login.status, StatusCode::OK);
    // Nothing brings the account back.
    assert_eq!(
        app.send_err(Some(&admin), erase(Some("on"))).await,
        AppError::NotFound
    );
    assert_eq!(
        app.send_err(
            Some(&admin),
            SetAccountActive {
                user: mehmet,
                active: true
            }
        )
        .await,
        AppError::NotFound
    );
}

async fn a_leader_erases_a_closed_client_and_only_anonymous_counts_remain(backend: Backend) {
    let n = noord(backend).await;
    let app = &n.app;
    let client = ClientId(
        app.id(&format!(
            "SELECT c.id FROM clients c JOIN assignments a ON a.client_id = c.id \
             WHERE a.user_id = {} AND a.to_date IS NULL AND c.team_id = {} ORDER BY c.id LIMIT 1",
            n.sanne_id.0, n.team_id.0
        ))
        .await,
    );
    let _: SignalId = app
        .send_ok(
            Some(&n.sanne),
            n.signal(&client.to_string(), "Zeearend", "team"),
        )
        .await;
    let page = app
        .get(&format!("/clients/{client}"), Some(&n.leader), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let erase = |confirm: Option<&str>| EraseClient {
        client,
        confirm: confirm.map(str::to_owned),
    };

    let err = app.send_err(Some(&n.leader), erase(Some("on"))).await;
    assert_eq!(problem(err, "client"), Some(FieldProblem::ClientStillOpen));
    let _: () = app.send_ok(Some(&n.leader), CloseClient { client }).await;
    assert_eq!(
        app.send_err(Some(&n.sanne), erase(Some("on"))).await,
        AppError::Forbidden,
        "a member does not erase"
    );
    let oost = team(app, "Jeugdteam Oost").await;
    let oost_leader = app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    assert_ne!(oost, n.team_id);
    assert_eq!(
        app.send_err(Some(&oost_leader), erase(Some("on"))).await,
        AppError::Forbidden,
        "another team's leader does not erase"
    );
    let err = app.send_err(Some(&n.leader), erase(None)).await;
    assert_eq!(problem(err, "confirm"), Some(FieldProblem::ConfirmFirst));

    let _: () = app.send_ok(Some(&n.leader), erase(Some("on"))).await;

    let id = client.0;
    for table in [
        "assignments",
        "avoidance_observations",
        "client_domains",
        "movements",
        "stuck_signals",
        "sessions",
    ] {
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM {table} WHERE client_id = {id}"
            ))
            .await,
            0,
            "{table} names the client no more"
        );
    }
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM clients WHERE id = {id}"))
            .await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM stuck_signals WHERE note = 'Zeearend' AND client_id IS NULL"
        )
        .await,
        1,
        "the signal stays its author's, without the client"
    );
    assert!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE client_id = {id} AND action = 'client.view'"
        ))
        .await
            > 0,
        "the access log is not rewritten"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE client_id = {id} AND action = 'client.erase'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.send_err(Some(&n.leader), erase(Some("on"))).await,
        AppError::NotFound,
        "gone is gone"
    );
    let page = app
        .get(&format!("/clients/{client}"), Some(&n.leader), &[])
        .await;
    assert!(!page.body.contains("Zeearend"));
}

on_both_databases!(
    an_admin_erases_a_former_colleague_after_the_handover,
    a_leader_erases_a_closed_client_and_only_anonymous_counts_remain,
);
