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
