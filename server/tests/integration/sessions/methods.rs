//! Own methods and the intervision cadence through the real router on both databases: a
//! team's method is for that team only, a bad row is reported at its row and writes nothing,
//! only planners add team methods and only admins organisation methods, seeded methods stay
//! read-only, and only the leader sets the cadence.
//! The seeded library is there once, in both languages.

use app::sessions::methods::api::MethodForEdit;
use app::sessions::methods::api::MethodShelf;
use app::sessions::plan::api::PlannerChoices;
use app::sessions::plan::api::SessionsOverview;
use app::sessions::plan::cadence::SetIntervisionCadence;
use app::shared::ids::MethodId;
use app::shared::ids::TeamId;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{Backend, TestApp};
use crate::fixtures::{Noord, noord};
use app::error::{AppError, FieldProblem};
use app::sessions::methods::form::{LibraryShelf, MethodEditing};
use app::sessions::views::{PlanningOptions, SessionsBoard};
use draagkracht::demo::DEMO_PASSWORD;

fn step(nl: &str, minutes: &str) -> Value {
    json!({
        "name_nl": nl, "name_en": format!("{nl} (en)"),
        "purpose_nl": "Waarom", "purpose_en": "Why", "minutes": minutes,
    })
}

fn draft(owner: &str, name: &str, steps: Vec<Value>) -> Value {
    json!({
        "owner": owner, "kind": "intervision", "name_nl": name, "name_en": format!("{name} (en)"),
        "roles": ["facilitator", "presenter", "participant"], "steps": steps,
    })
}

async fn save(
    app: &TestApp,
    who: &str,
    id: Option<MethodId>,
    draft: Value,
) -> (StatusCode, String) {
    let reply = app
        .call_json(
            "save_own_method",
            Some(who),
            json!({"id": id, "draft": draft}),
        )
        .await;
    (reply.status, reply.body)
}

async fn saved(app: &TestApp, who: &str, id: Option<MethodId>, draft: Value) -> MethodId {
    let (status, body) = save(app, who, id, draft).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("an id")
}

fn refused(reply: (StatusCode, String), status: StatusCode) -> AppError {
    assert_eq!(reply.0, status, "{}", reply.1);
    serde_json::from_str(&reply.1).expect("an error")
}

async fn jeugd(n: &Noord) -> (TeamId, String) {
    let team = crate::fixtures::team(&n.app, "Jeugdteam Oost").await;
    let leader = n.app.login("jeugd.leider@linde.demo", DEMO_PASSWORD).await;
    (team, leader)
}

async fn methods_of(n: &Noord, who: &str, team: TeamId) -> Vec<MethodId> {
    let options: PlanningOptions = n
        .app
        .send_ok(
            Some(who),
            PlannerChoices {
                team,
                proposal: None,
            },
        )
        .await;
    options.methods.iter().map(|m| m.id).collect()
}

async fn a_leader_adds_a_team_method_only_that_team_plans_with(backend: Backend) {
    let n = noord(backend).await;
    let (jeugd_team, jeugd_leader) = jeugd(&n).await;
    let id = saved(
        &n.app,
        &n.leader,
        None,
        draft(
            &n.team,
            "Onze ronde",
            vec![step("Openen", "5"), step("Ronde", "20")],
        ),
    )
    .await;
    assert!(methods_of(&n, &n.leader, n.team_id).await.contains(&id));
    assert!(
        !methods_of(&n, &jeugd_leader, jeugd_team)
            .await
            .contains(&id)
    );
    let shelf: LibraryShelf = n.app.send_ok(Some(&n.leader), MethodShelf {}).await;
    assert!(shelf.may_add && shelf.editable == vec![id]);
    let theirs: LibraryShelf = n.app.send_ok(Some(&jeugd_leader), MethodShelf {}).await;
    assert!(theirs.methods.iter().all(|m| m.id != id));
    // Edited: the steps are replaced, and the form gives back what was saved.
    let again = saved(
        &n.app,
        &n.leader,
        Some(id),
        draft(&n.team, "Onze ronde", vec![step("Alles", "45")]),
    )
    .await;
    assert_eq!(again, id);
    let editing: MethodEditing = n
        .app
        .send_ok(
            Some(&n.leader),
            MethodForEdit {
                id: Some(id),
                from: None,
            },
        )
        .await;
    assert_eq!(editing.draft.steps.len(), 1);
    assert_eq!(editing.draft.steps[0].minutes, "45");
    assert_eq!(editing.draft.owner, n.team);
    assert_eq!(
        n.app
            .count(&format!("SELECT COUNT(*) FROM audit_log WHERE subject = 'method:{id}' AND action IN ('method.create', 'method.update')"))
            .await,
        2
    );
}

async fn a_bad_row_is_reported_at_its_row_and_nothing_is_written(backend: Backend) {
    let n = noord(backend).await;
    let methods = "SELECT COUNT(*) FROM methods";
    let steps = "SELECT COUNT(*) FROM method_steps";
    let (before, steps_before) = (n.app.count(methods).await, n.app.count(steps).await);
    let rows = vec![step("Een", "5"), step("Twee", "10"), step("Drie", "0")];
    let err = refused(
        save(&n.app, &n.leader, None, draft(&n.team, "Fout", rows)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(err.at_field("minutes-2"), Some(FieldProblem::OutOfRange));
    let mut private = step("Twee", "10");
    private["purpose_nl"] = json!("Bel eerst met piet@zorg.nl");
    let err = refused(
        save(
            &n.app,
            &n.leader,
            None,
            draft(&n.team, "Fout", vec![step("Een", "5"), private.clone()]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(
        err.at_field("step-purpose_nl-1"),
        Some(FieldProblem::IdentifyingDetail)
    );
    assert_eq!(n.app.count(methods).await, before);
    assert_eq!(n.app.count(steps).await, steps_before);
    // Editing with a bad row keeps the method as it was.
    let id = saved(
        &n.app,
        &n.leader,
        None,
        draft(&n.team, "Goed", vec![step("Een", "5")]),
    )
    .await;
    let err = refused(
        save(
            &n.app,
            &n.leader,
            Some(id),
            draft(&n.team, "Anders", vec![step("Een", "5"), step("", "5")]),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(err.at_field("step-name_nl-1"), Some(FieldProblem::Required));
    let name: i64 = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM methods WHERE id = {id} AND name_nl = 'Goed'"
        ))
        .await;
    assert_eq!(name, 1);
    assert_eq!(n.app.count(steps).await, steps_before + 1);
}

async fn a_member_may_not_add_or_edit_a_method(backend: Backend) {
    let n = noord(backend).await;
    let (_, jeugd_leader) = jeugd(&n).await;
    let id = saved(
        &n.app,
        &n.leader,
        None,
        draft(&n.team, "Van ons", vec![step("Een", "5")]),
    )
    .await;
    refused(
        save(
            &n.app,
            &n.mehmet,
            None,
            draft(&n.team, "Ook", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    refused(
        save(
            &n.app,
            &n.mehmet,
            Some(id),
            draft(&n.team, "Ook", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    let err = n
        .app
        .send_err(
            Some(&n.mehmet),
            MethodForEdit {
                id: None,
                from: None,
            },
        )
        .await;
    assert_eq!(err, AppError::Forbidden);
    let err = n
        .app
        .send_err(
            Some(&n.mehmet),
            MethodForEdit {
                id: Some(id),
                from: None,
            },
        )
        .await;
    assert_eq!(err, AppError::Forbidden);
    let shelf: LibraryShelf = n.app.send_ok(Some(&n.mehmet), MethodShelf {}).await;
    assert!(!shelf.may_add && shelf.editable.is_empty());
    assert!(
        shelf.methods.iter().any(|m| m.id == id),
        "a member sees the team's method"
    );
    // Another team's leader does not even find it.
    let err = n
        .app
        .send_err(
            Some(&jeugd_leader),
            MethodForEdit {
                id: None,
                from: Some(id),
            },
        )
        .await;
    assert_eq!(err, AppError::NotFound);
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM methods WHERE id = {id} AND name_nl = 'Van ons'"
            ))
            .await,
        1
    );
}

async fn a_seeded_method_cannot_be_edited_but_can_be_copied(backend: Backend) {
    let n = noord(backend).await;
    let seeded = MethodId(
        n.app
            .id("SELECT id FROM methods WHERE seed_key = 'dilemma'")
            .await,
    );
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            MethodForEdit {
                id: Some(seeded),
                from: None,
            },
        )
        .await;
    assert_eq!(err, AppError::Forbidden);
    refused(
        save(
            &n.app,
            &n.leader,
            Some(seeded),
            draft(&n.team, "Mijn dilemma", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    assert_eq!(
        n.app
            .count("SELECT COUNT(*) FROM methods WHERE seed_key = 'dilemma' AND name_nl = 'Dilemmamethode' AND team_id IS NULL")
            .await,
        1
    );
    let copy: MethodEditing = n
        .app
        .send_ok(
            Some(&n.leader),
            MethodForEdit {
                id: None,
                from: Some(seeded),
            },
        )
        .await;
    assert_eq!(copy.id, None);
    assert_eq!(copy.draft.steps.len(), 10);
    assert_eq!(copy.draft.kind, "moral_deliberation");
    assert_eq!(copy.draft.owner, n.team);
    let id = saved(
        &n.app,
        &n.leader,
        None,
        serde_json::to_value(&copy.draft).expect("json"),
    )
    .await;
    assert_ne!(id, seeded);
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT CAST(SUM(minutes) AS BIGINT) FROM method_steps WHERE method_id = {id}"
            ))
            .await,
        90
    );
}

async fn only_an_admin_adds_an_organisation_method(backend: Backend) {
    let n = noord(backend).await;
    let (jeugd_team, jeugd_leader) = jeugd(&n).await;
    let admin = n.app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let other_admin = n.app.login("beheer@anker.demo", DEMO_PASSWORD).await;
    refused(
        save(
            &n.app,
            &n.leader,
            None,
            draft("organisation", "Voor allen", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    // The admin leads no team, so a team is not theirs to give a method.
    refused(
        save(
            &n.app,
            &admin,
            None,
            draft(&n.team, "Voor Noord", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    let id = saved(
        &n.app,
        &admin,
        None,
        draft("organisation", "Voor allen", vec![step("Een", "5")]),
    )
    .await;
    assert!(methods_of(&n, &n.leader, n.team_id).await.contains(&id));
    assert!(
        methods_of(&n, &jeugd_leader, jeugd_team)
            .await
            .contains(&id)
    );
    let shelf: LibraryShelf = n.app.send_ok(Some(&admin), MethodShelf {}).await;
    assert!(shelf.editable.contains(&id));
    let leader_shelf: LibraryShelf = n.app.send_ok(Some(&n.leader), MethodShelf {}).await;
    assert!(
        !leader_shelf.editable.contains(&id),
        "the leader may copy it, not edit it"
    );
    refused(
        save(
            &n.app,
            &n.leader,
            Some(id),
            draft(&n.team, "Van Noord", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    // Another organisation neither sees nor changes it.
    let err = n
        .app
        .send_err(
            Some(&other_admin),
            MethodForEdit {
                id: None,
                from: Some(id),
            },
        )
        .await;
    assert_eq!(err, AppError::NotFound);
    refused(
        save(
            &n.app,
            &other_admin,
            Some(id),
            draft("organisation", "Van ons", vec![step("Een", "5")]),
        )
        .await,
        StatusCode::NOT_FOUND,
    );
    assert_eq!(
        n.app
            .count(&format!("SELECT COUNT(*) FROM methods WHERE id = {id} AND name_nl = 'Voor allen' AND team_id IS NULL"))
            .await,
        1
    );
}

async fn the_leader_sets_and_clears_the_intervision_cadence(backend: Backend) {
    let n = noord(backend).await;
    let cadence = |who: String, weeks: &'static str| {
        let (app, team) = (&n.app, n.team_id);
        async move {
            app.send(
                Some(&who),
                SetIntervisionCadence {
                    team,
                    weeks: weeks.to_string(),
                },
            )
            .await
        }
    };
    let stored = format!(
        "SELECT COUNT(*) FROM teams WHERE id = {} AND intervision_every_weeks = 6",
        n.team
    );
    let reply = cadence(n.leader.clone(), " 6 ").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(n.app.count(&stored).await, 1);
    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    let noord = board
        .cadences
        .iter()
        .find(|c| c.team.to_string() == n.team)
        .expect("Noord's cadence");
    assert_eq!(noord.every_weeks, Some(6));
    assert!(noord.may_set);
    let status = app::sessions::plan::cadence::cadence_status(
        noord.every_weeks,
        noord.last,
        noord.planned_ahead,
        noord.today,
    )
    .expect("a status");
    assert_eq!(status.next, noord.last + chrono::Duration::weeks(6));
    // An intervision planned (even without a time yet) answers the cadence: no nudge.
    crate::sessions::plan_by_hand(&n, "Hoe houd ik contact?").await;
    let board: SessionsBoard = n.app.send_ok(Some(&n.leader), SessionsOverview {}).await;
    let noord = board
        .cadences
        .iter()
        .find(|c| c.team.to_string() == n.team)
        .expect("Noord's cadence");
    assert!(noord.planned_ahead);
    for bad in ["0", "53", "zes"] {
        let reply = cadence(n.leader.clone(), bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let err: AppError = serde_json::from_str(&reply.body).expect("an error");
        assert_eq!(err.at_field("weeks"), Some(FieldProblem::OutOfRange));
    }
    assert_eq!(n.app.count(&stored).await, 1, "bad values change nothing");
    let reply = cadence(n.mehmet.clone(), "2").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let facilitator = n
        .app
        .login("gespreksleider@linde.demo", DEMO_PASSWORD)
        .await;
    let reply = cadence(facilitator, "2").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(n.app.count(&stored).await, 1);
    let reply = cadence(n.leader.clone(), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM teams WHERE id = {} AND intervision_every_weeks IS NULL",
                n.team
            ))
            .await,
        1
    );
    assert_eq!(
        n.app
            .count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'team.cadence' AND subject = 'team:{}'", n.team))
            .await,
        2
    );
}

async fn the_method_pages_and_the_cadence_render(backend: Backend) {
    let n = noord(backend).await;
    let library = n.app.get("/methods", Some(&n.leader), &[]).await;
    assert_eq!(library.status, 200);
    assert!(
        library.body.contains("Eigen methode toevoegen"),
        "{}",
        library.body
    );
    assert!(library.body.contains("Kopie maken"));
    let seeded = MethodId(
        n.app
            .id("SELECT id FROM methods WHERE seed_key = 'incident'")
            .await,
    );
    let copy = n
        .app
        .get(&format!("/methods/new?from={seeded}"), Some(&n.leader), &[])
        .await;
    assert_eq!(copy.status, 200);
    assert!(
        copy.body.contains("Incidentmethode (kopie)"),
        "{}",
        copy.body
    );
    assert!(copy.body.contains("Stap toevoegen"));
    let id = saved(
        &n.app,
        &n.leader,
        None,
        draft(&n.team, "Eigen ronde", vec![step("Een", "5")]),
    )
    .await;
    let edit = n
        .app
        .get(&format!("/methods/{id}/edit"), Some(&n.leader), &[])
        .await;
    assert!(edit.body.contains("Methode bewerken") && edit.body.contains("Eigen ronde"));
    let library = n.app.get("/methods", Some(&n.leader), &[]).await;
    assert!(library.body.contains(&format!("/methods/{id}/edit")));
    let member = n.app.get("/methods", Some(&n.mehmet), &[]).await;
    assert!(!member.body.contains("Eigen methode toevoegen"));
    let forbidden = n
        .app
        .get(&format!("/methods/{seeded}/edit"), Some(&n.leader), &[])
        .await;
    assert!(
        forbidden
            .body
            .contains("Dit mag je niet doen met jouw rol."),
        "{}",
        forbidden.body
    );
    let reply = n
        .app
        .send(
            Some(&n.leader),
            SetIntervisionCadence {
                team: n.team_id,
                weeks: "6".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let sessions = n.app.get("/sessions", Some(&n.leader), &[]).await;
    assert!(
        sessions.body.contains("Intervisieritme"),
        "{}",
        sessions.body
    );
    assert!(sessions.body.contains("Intervisie elke 6 weken"));
}

async fn the_method_library_is_seeded_once_in_both_languages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let seeded = "SELECT COUNT(*) FROM methods WHERE seed_key IS NOT NULL";
    assert_eq!(app.count(seeded).await, 7);
    app::sessions::methods::store::seed_library(&app.db, chrono::Utc::now())
        .await
        .expect("seeding again");
    assert_eq!(app.count(seeded).await, 7, "seeding twice changes nothing");
    assert_eq!(app.count("SELECT COUNT(*) FROM method_steps").await, 45);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM method_steps WHERE name_nl = '' OR name_en = '' OR purpose_en = ''")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT CAST(SUM(minutes) AS BIGINT) FROM method_steps s JOIN methods m ON m.id = s.method_id WHERE m.seed_key = 'dilemma'")
            .await,
        90
    );
}

on_both_databases!(
    the_method_pages_and_the_cadence_render,
    a_leader_adds_a_team_method_only_that_team_plans_with,
    a_bad_row_is_reported_at_its_row_and_nothing_is_written,
    a_member_may_not_add_or_edit_a_method,
    a_seeded_method_cannot_be_edited_but_can_be_copied,
    only_an_admin_adds_an_organisation_method,
    the_leader_sets_and_clears_the_intervision_cadence,
    the_method_library_is_seeded_once_in_both_languages,
);
