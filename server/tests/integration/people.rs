//! The organisation admin's page about one person: adding them to a team, changing their role,
//! moving them and taking them out, through the real router on SQLite and PostgreSQL.

use app::auth::api::Me;
use app::auth::model::{Actor, TeamRole, UserId};
use app::error::{AppError, FieldProblem};
use app::teams::people::api::{
    AddMembership, AdminPerson, ChangeMembership, MoveMembership, RemoveMembership,
};
use app::teams::people::model::PersonFile;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::{Backend, TestApp};
use crate::fixtures::{team, user};

const ADMIN: &str = "beheer@linde.demo";
const OTHER_ADMIN: &str = "beheer@anker.demo";
const FACILITATOR: &str = "gespreksleider@linde.demo";
const MEMBER: &str = "medewerker@linde.demo";

async fn file(app: &TestApp, admin: &str, person: UserId) -> PersonFile {
    app.send_ok(Some(admin), AdminPerson { user: person }).await
}

async fn an_admin_moves_a_person_to_another_team_as_its_leader(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let person = user(&app, FACILITATOR).await;
    let before = file(&app, &admin, person).await;
    let [from] = before.memberships.as_slice() else {
        panic!("the facilitator is in one team: {:?}", before.memberships);
    };
    assert_eq!(from.carries, 0);
    let to = before.other_teams()[0].0;
    let _: () = app
        .send_ok(
            Some(&admin),
            MoveMembership {
                user: person,
                from: from.team.to_string(),
                to: to.to_string(),
                role: "leader".to_owned(),
            },
        )
        .await;
    let after = file(&app, &admin, person).await;
    assert_eq!(after.memberships.len(), 1);
    assert_eq!(after.memberships[0].team, to);
    assert_eq!(after.memberships[0].role, TeamRole::Leader);
    assert_eq!(after.memberships[0].fte, from.fte, "the FTE moves along");

    let session = app.login(FACILITATOR, DEMO_PASSWORD).await;
    let me: Option<Actor> = app.send_ok(Some(&session), Me {}).await;
    let me = me.expect("signed in");
    assert_eq!(me.role_in(to), Some(TeamRole::Leader));
    assert_eq!(me.role_in(from.team), None);
    let page = app
        .get(&format!("/teams/{to}/balance"), Some(&session), &[])
        .await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the new leader reaches the team's balance"
    );
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'membership.move'")
        .await;
    assert_eq!(audited, 1);
}

async fn a_person_is_added_their_role_changed_and_taken_out_again(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let person = user(&app, FACILITATOR).await;
    let other = file(&app, &admin, person).await.other_teams()[0].0;
    let _: () = app
        .send_ok(
            Some(&admin),
            AddMembership {
                user: person,
                team: other.to_string(),
                role: "member".to_owned(),
                fte: "0,5".to_owned(),
            },
        )
        .await;
    let err = app
        .send_err(
            Some(&admin),
            AddMembership {
                user: person,
                team: other.to_string(),
                role: "member".to_owned(),
                fte: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("team"), Some(FieldProblem::AlreadyTaken));
    let _: () = app
        .send_ok(
            Some(&admin),
            ChangeMembership {
                user: person,
                team: other.to_string(),
                role: "facilitator".to_owned(),
                fte: "0,6".to_owned(),
            },
        )
        .await;
    let now = file(&app, &admin, person).await;
    let there = now
        .memberships
        .iter()
        .find(|m| m.team == other)
        .expect("added");
    assert_eq!((there.role, there.fte), (TeamRole::Facilitator, 0.6));
    let _: () = app
        .send_ok(
            Some(&admin),
            RemoveMembership {
                user: person,
                team: other,
            },
        )
        .await;
    let now = file(&app, &admin, person).await;
    assert!(now.memberships.iter().all(|m| m.team != other));
    let err = app
        .send_err(
            Some(&admin),
            RemoveMembership {
                user: person,
                team: other,
            },
        )
        .await;
    assert_eq!(err, AppError::NotFound, "nothing left to remove");
}

async fn someone_who_still_carries_clients_is_not_taken_out_of_their_team(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let person = user(&app, MEMBER).await;
    let home = team(&app, "Wijkteam Noord").await;
    let before = file(&app, &admin, person).await;
    let row = before
        .memberships
        .iter()
        .find(|m| m.team == home)
        .expect("member");
    assert!(row.carries > 0, "the demo member works with clients");
    assert!(before.carries_any());
    let err = app
        .send_err(
            Some(&admin),
            RemoveMembership {
                user: person,
                team: home,
            },
        )
        .await;
    assert_eq!(err.at_field("team"), Some(FieldProblem::StillCarries));
    let elsewhere = before.other_teams()[0].0;
    let err = app
        .send_err(
            Some(&admin),
            MoveMembership {
                user: person,
                from: home.to_string(),
                to: elsewhere.to_string(),
                role: "member".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("from"), Some(FieldProblem::StillCarries));
    assert_eq!(
        file(&app, &admin, person).await.memberships,
        before.memberships
    );
}

async fn bad_input_is_named_at_its_field(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let person = user(&app, FACILITATOR).await;
    let mine = file(&app, &admin, person).await.memberships[0].team;
    let add = |team: String, role: &str, fte: &str| AddMembership {
        user: person,
        team,
        role: role.to_owned(),
        fte: fte.to_owned(),
    };
    let other = team(&app, "Jeugdteam Oost").await.to_string();
    let cases = [
        (
            add(String::new(), "member", ""),
            "team",
            FieldProblem::UnknownTeam,
        ),
        (
            add(other.clone(), "baas", ""),
            "role",
            FieldProblem::UnknownChoice,
        ),
        (
            add(other.clone(), "member", "5"),
            "fte",
            FieldProblem::OutOfRange,
        ),
    ];
    for (args, field, problem) in cases {
        let err = app.send_err(Some(&admin), args).await;
        assert_eq!(err.at_field(field), Some(problem), "{field}");
    }
    let err = app
        .send_err(
            Some(&admin),
            MoveMembership {
                user: person,
                from: mine.to_string(),
                to: mine.to_string(),
                role: "member".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("to"), Some(FieldProblem::SameTeam));
    let unchanged = app
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE user_id = {}",
            person.0
        ))
        .await;
    assert_eq!(unchanged, 1, "nothing was half-written");
}

async fn only_the_organisations_own_admin_manages_its_people(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let person = user(&app, FACILITATOR).await;
    let linde_team = team(&app, "Jeugdteam Oost").await;
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    assert_eq!(
        app.send_err(Some(&member), AdminPerson { user: person })
            .await,
        AppError::Forbidden
    );
    assert_eq!(
        app.send_err(
            Some(&member),
            AddMembership {
                user: person,
                team: linde_team.to_string(),
                role: "leader".to_owned(),
                fte: String::new(),
            }
        )
        .await,
        AppError::Forbidden
    );
    let other_admin = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    assert_eq!(
        app.send_err(Some(&other_admin), AdminPerson { user: person })
            .await,
        AppError::NotFound
    );
    let add_to_linde = |user| AddMembership {
        user,
        team: linde_team.to_string(),
        role: "leader".to_owned(),
        fte: String::new(),
    };
    assert_eq!(
        app.send_err(Some(&other_admin), add_to_linde(person)).await,
        AppError::NotFound,
        "another organisation's person is not there"
    );
    let anker_admin = user(&app, OTHER_ADMIN).await;
    assert_eq!(
        app.send_err(Some(&other_admin), add_to_linde(anker_admin))
            .await
            .at_field("team"),
        Some(FieldProblem::UnknownTeam),
        "nor is another organisation's team"
    );
    let page = app
        .get(&format!("/admin/people/{}", person.0), Some(&member), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let page = app
        .get(&format!("/admin/people/{}", person.0), Some(&admin), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("data-testid=\"memberships\""),
        "{}",
        page.body
    );
}

async fn two_admins_adding_the_same_membership_at_once_make_one(backend: Backend) {
    let app = std::sync::Arc::new(TestApp::with_demo(backend).await);
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let person = user(&app, FACILITATOR).await;
    let other = file(&app, &admin, person).await.other_teams()[0].0;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (app, admin) = (app.clone(), admin.clone());
        attempts.spawn(async move {
            app.send(
                Some(&admin),
                AddMembership {
                    user: person,
                    team: other.to_string(),
                    role: "member".to_owned(),
                    fte: String::new(),
                },
            )
            .await
        });
    }
    let replies = attempts.join_all().await;
    let ok = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    for reply in replies.iter().filter(|r| r.status != StatusCode::OK) {
        let err: AppError = serde_json::from_str(&reply.body).expect("an app error");
        assert_eq!(err.at_field("team"), Some(FieldProblem::AlreadyTaken));
    }
    let rows = app
        .count(&format!(
            "SELECT COUNT(*) FROM memberships WHERE user_id = {} AND team_id = {}",
            person.0, other.0
        ))
        .await;
    assert_eq!(rows, 1);
}

on_both_databases!(
    an_admin_moves_a_person_to_another_team_as_its_leader,
    a_person_is_added_their_role_changed_and_taken_out_again,
    someone_who_still_carries_clients_is_not_taken_out_of_their_team,
    bad_input_is_named_at_its_field,
    only_the_organisations_own_admin_manages_its_people,
    two_admins_adding_the_same_membership_at_once_make_one,
);
