//! The demo seed and the create-admin command.

use crate::common::{Backend, TestApp};
use draagkracht::demo::DEMO_PASSWORD;

async fn demo_seed_is_believable(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, 2);
    assert!(app.count("SELECT COUNT(*) FROM teams").await >= 6);
    let per_team: Vec<(i64,)> = app::on_db!(&app.db, p => sqlx::query_as(
        "SELECT COUNT(*) FROM memberships m JOIN teams t ON t.id = m.team_id WHERE t.name NOT LIKE 'Werkgroep%' GROUP BY m.team_id"
    ).fetch_all(p).await).unwrap();
    assert!(
        per_team.iter().all(|(n,)| (10..=13).contains(n)),
        "about 12 members per team: {per_team:?}"
    );
    assert!(
        app.count("SELECT COUNT(DISTINCT fte) FROM memberships")
            .await
            >= 4,
        "varied FTE"
    );
    assert!(
        app.count("SELECT COUNT(*) FROM users WHERE in_facilitator_pool = TRUE")
            .await
            >= 3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE role = 'leader'")
            .await,
        5
    );
    assert!(!draagkracht::demo::is_empty(&app.db).await.unwrap());
    for (_, email) in draagkracht::demo::DEMO_LOGINS {
        app.login(email, DEMO_PASSWORD).await;
    }
}

async fn create_admin_prints_a_working_link(backend: Backend) {
    let app = TestApp::new(backend).await;
    let link = draagkracht::admin::create_admin(
        &app.db,
        "Zorg Oost",
        "Baas@Oost.nl",
        "Beheer Oost",
        "https://zorg.example",
    )
    .await
    .unwrap();
    let token = link
        .strip_prefix("https://zorg.example/set-password/")
        .expect("link shape");
    let password = "beheerder wachtwoord lang";
    let _: () = app
        .call_ok(
            "set_password",
            None,
            &[
                ("token", token),
                ("password", password),
                ("password_repeat", password),
            ],
        )
        .await;
    let cookie = app.login("baas@oost.nl", password).await;
    let me: Option<app::auth::model::Actor> = app.call_ok("me", Some(&cookie), &[]).await;
    assert!(me.expect("admin").is_admin);
    assert!(
        draagkracht::admin::create_admin(
            &app.db,
            "Zorg Oost",
            "baas@oost.nl",
            "Dubbel",
            "https://zorg.example"
        )
        .await
        .is_err()
    );
}

on_both_databases!(demo_seed_is_believable, create_admin_prints_a_working_link);

/// The demo's stuck signals lead to proposals of every kind, and private ones stay private.
async fn demo_signals_lead_to_proposals(backend: Backend) {
    use app::limits::model::Proposes;
    use app::limits::views::ProposalStatus;

    let app = TestApp::with_demo(backend).await;
    let mehmet = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let noord = crate::fixtures::team(&app, "Wijkteam Noord").await;
    assert!(app.count("SELECT COUNT(*) FROM stuck_signals").await >= 100);
    assert!(app.count("SELECT COUNT(*) FROM movements").await >= 30);
    assert!(
        app.count(
            "SELECT COUNT(*) FROM stuck_signals WHERE resolved_at IS NOT NULL AND helped <> ''"
        )
        .await
            >= 10,
        "some resolved, with what helped"
    );
    // Only clients currently assigned to the author.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM stuck_signals s WHERE s.client_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM assignments a WHERE a.client_id = s.client_id AND a.user_id = s.author_id AND a.to_date IS NULL)"
        )
        .await,
        0
    );

    let private = app::limits::store::private_proposals(&app.db, mehmet)
        .await
        .unwrap();
    assert!(
        private.iter().any(|p| p.status == ProposalStatus::Open
            && p.team == noord
            && p.kind == Some(app::limits::model::LimitKind::SignalsOnClient)
            && p.private_to == Some(mehmet)),
        "Mehmet has an open private proposal on one client: {private:?}"
    );

    let leader = app::limits::store::leader_proposals(&app.db, &[noord])
        .await
        .unwrap();
    for proposes in [
        Proposes::CaseloadTalk,
        Proposes::Intervision,
        Proposes::MoralDeliberation,
    ] {
        assert!(
            leader.iter().any(|p| p.proposes == proposes
                && p.status == ProposalStatus::Open
                && p.private_to.is_none()),
            "an open {proposes:?} for the leader of Noord"
        );
    }
    let today = app::ui::time::today();
    assert!(leader.iter().any(|p| p.status == ProposalStatus::Declined
        && p.decisions.iter().any(|d| !d.reason.is_empty())));
    assert!(
        leader
            .iter()
            .any(|p| p.status == ProposalStatus::Snoozed
                && p.snoozed_until.is_some_and(|d| d > today))
    );

    // No proposal for a leader counts a private signal.
    let private_ids: Vec<(i64,)> = app::on_db!(&app.db, p => sqlx::query_as(
        "SELECT id FROM stuck_signals WHERE visibility = 'private'").fetch_all(p).await)
    .unwrap();
    let private_ids: std::collections::HashSet<i64> =
        private_ids.into_iter().map(|(id,)| id).collect();
    let evidence: Vec<(String,)> = app::on_db!(&app.db, p => sqlx::query_as(
        "SELECT evidence FROM proposals WHERE audience_user_id = 0").fetch_all(p).await)
    .unwrap();
    assert!(!evidence.is_empty());
    for (text,) in evidence {
        for id in text.split(',').filter(|s| !s.is_empty()) {
            let id: i64 = id.parse().expect("signal id");
            assert!(
                !private_ids.contains(&id),
                "leader evidence holds private signal {id}"
            );
        }
    }
}

mod signals {
    use super::*;
    on_both_databases!(demo_signals_lead_to_proposals);
}
