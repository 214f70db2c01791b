//! The admin's teams and accounts, one-time links, deactivation and the authorisation helper,
//! through the real router on SQLite and PostgreSQL.

use crate::common::{Backend, TestApp};
use app::auth::model::Actor;
use app::error::{AppError, FieldProblem};
use app::teams::model::{OneTimeLink, OrganisationOverview};
use draagkracht::demo::DEMO_PASSWORD;

const ADMIN: &str = "beheer@linde.demo";
const OTHER_ADMIN: &str = "beheer@anker.demo";
const MEMBER: &str = "medewerker@linde.demo";

fn token_of(link: &OneTimeLink) -> String {
    link.url.rsplit('/').next().expect("token").to_owned()
}

async fn only_admins_reach_admin_functions(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    assert_eq!(
        app.call_err("admin_overview", None, &[]).await,
        AppError::Unauthenticated
    );
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    assert_eq!(
        app.call_err("admin_overview", Some(&member), &[]).await,
        AppError::Forbidden
    );
    assert_eq!(
        app.call_err(
            "create_team",
            Some(&member),
            &[("name", "Sneaky"), ("kind_of_work", "")]
        )
        .await,
        AppError::Forbidden
    );
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let overview: OrganisationOverview = app.call_ok("admin_overview", Some(&admin), &[]).await;
    assert_eq!(overview.organisation_name, "Zorggroep De Linde");
    assert!(
        overview
            .accounts
            .iter()
            .all(|a| !a.email.ends_with("@anker.demo")),
        "no other organisation's accounts"
    );
}

async fn admin_creates_a_team_and_duplicates_are_refused(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let _: () = app
        .call_ok(
            "create_team",
            Some(&admin),
            &[("name", "Wijkteam Zuid"), ("kind_of_work", "Wijkteam")],
        )
        .await;
    let overview: OrganisationOverview = app.call_ok("admin_overview", Some(&admin), &[]).await;
    assert!(overview.teams.iter().any(|t| t.name == "Wijkteam Zuid"));
    let err = app
        .call_err(
            "create_team",
            Some(&admin),
            &[("name", "wijkteam zuid"), ("kind_of_work", "")],
        )
        .await;
    assert_eq!(err.at_field("name"), Some(FieldProblem::AlreadyTaken));
    let err = app
        .call_err(
            "create_team",
            Some(&admin),
            &[("name", "   "), ("kind_of_work", "")],
        )
        .await;
    assert_eq!(err.at_field("name"), Some(FieldProblem::Required));
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.create'")
        .await;
    assert_eq!(audited, 1);
}

async fn a_new_account_sets_its_password_once_through_its_link(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let users_before = app.count("SELECT COUNT(*) FROM users").await;
    let err = app
        .call_err(
            "create_account",
            Some(&admin),
            &[
                ("email", "geen-adres"),
                ("display_name", "Nina"),
                ("team", ""),
                ("role", "member"),
                ("fte", ""),
            ],
        )
        .await;
    assert_eq!(err.at_field("email"), Some(FieldProblem::InvalidEmail));
    let err = app
        .call_err(
            "create_account",
            Some(&admin),
            &[
                ("email", MEMBER),
                ("display_name", "Nina"),
                ("team", ""),
                ("role", "member"),
                ("fte", ""),
            ],
        )
        .await;
    assert_eq!(err.at_field("email"), Some(FieldProblem::AlreadyTaken));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users").await,
        users_before,
        "nothing half-written"
    );

    let team = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let team = team.to_string();
    let link: OneTimeLink = app
        .call_ok(
            "create_account",
            Some(&admin),
            &[
                ("email", "nina@linde.demo"),
                ("display_name", "Nina Smit"),
                ("team", &team),
                ("role", "member"),
                ("fte", "0,8"),
            ],
        )
        .await;
    assert!(
        link.url
            .starts_with("https://draagkracht.test/set-password/")
    );
    let token = token_of(&link);

    let short = app
        .call_err(
            "set_password",
            None,
            &[
                ("token", &token),
                ("password", "kort"),
                ("password_repeat", "kort"),
            ],
        )
        .await;
    assert_eq!(
        short.at_field("password"),
        Some(FieldProblem::PasswordTooShort)
    );
    let new_password = "een lange zin als wachtwoord";
    let _: () = app
        .call_ok(
            "set_password",
            None,
            &[
                ("token", &token),
                ("password", new_password),
                ("password_repeat", new_password),
            ],
        )
        .await;
    let again = app
        .call_err(
            "set_password",
            None,
            &[
                ("token", &token),
                ("password", new_password),
                ("password_repeat", new_password),
            ],
        )
        .await;
    assert_eq!(again, AppError::LinkInvalid, "a one-time link works once");
    assert_eq!(
        app.call_err("password_link", None, &[("token", "made-up")])
            .await,
        AppError::LinkInvalid
    );

    let nina = app.login("nina@linde.demo", new_password).await;
    let me: Option<Actor> = app.call_ok("me", Some(&nina), &[]).await;
    let me = me.expect("logged in");
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].team_name, "Wijkteam Noord");
}

async fn deactivation_locks_out_at_once(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    let me: Option<Actor> = app.call_ok("me", Some(&member), &[]).await;
    let member_id = me.expect("member").user_id.to_string();

    let _: () = app
        .call_ok(
            "set_account_active",
            Some(&admin),
            &[("user", &member_id), ("active", "false")],
        )
        .await;
    let gone: Option<Actor> = app.call_ok("me", Some(&member), &[]).await;
    assert_eq!(gone, None, "an existing session stops working");
    assert_eq!(
        app.call_err(
            "login",
            None,
            &[("email", MEMBER), ("password", DEMO_PASSWORD)]
        )
        .await,
        AppError::WrongCredentials
    );

    let _: () = app
        .call_ok(
            "set_account_active",
            Some(&admin),
            &[("user", &member_id), ("active", "true")],
        )
        .await;
    app.login(MEMBER, DEMO_PASSWORD).await;
}

async fn admins_cannot_touch_another_organisation(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let other = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    let linde_member = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let linde_team = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let id = linde_member.to_string();
    assert_eq!(
        app.call_err(
            "set_account_active",
            Some(&other),
            &[("user", &id), ("active", "false")]
        )
        .await,
        AppError::NotFound
    );
    assert_eq!(
        app.call_err("new_password_link", Some(&other), &[("user", &id)])
            .await,
        AppError::NotFound
    );
    let team = linde_team.to_string();
    let err = app
        .call_err(
            "create_account",
            Some(&other),
            &[
                ("email", "x@anker.demo"),
                ("display_name", "X"),
                ("team", &team),
                ("role", "leader"),
                ("fte", ""),
            ],
        )
        .await;
    assert_eq!(err.at_field("team"), Some(FieldProblem::UnknownTeam));
    let still: i64 = app
        .count("SELECT COUNT(*) FROM users WHERE email = 'medewerker@linde.demo' AND active = TRUE")
        .await;
    assert_eq!(still, 1);
}

async fn an_admin_cannot_lock_themself_out(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let me: Option<Actor> = app.call_ok("me", Some(&admin), &[]).await;
    let id = me.expect("admin").user_id.to_string();
    assert_eq!(
        app.call_err(
            "set_account_active",
            Some(&admin),
            &[("user", &id), ("active", "false")]
        )
        .await,
        AppError::Forbidden
    );
}

on_both_databases!(
    only_admins_reach_admin_functions,
    admin_creates_a_team_and_duplicates_are_refused,
    a_new_account_sets_its_password_once_through_its_link,
    deactivation_locks_out_at_once,
    admins_cannot_touch_another_organisation,
    an_admin_cannot_lock_themself_out,
);
