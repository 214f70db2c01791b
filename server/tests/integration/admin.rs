//! The admin's teams and accounts, one-time links, deactivation and the authorisation helper,
//! through the real router on SQLite and PostgreSQL.

use crate::common::{Backend, TestApp};
use app::auth::api::Login;
use app::auth::api::Me;
use app::auth::api::PasswordLink;
use app::auth::api::SetPassword;
use app::auth::model::Actor;
use app::error::{AppError, FieldProblem};
use app::teams::api::AdminOverview;
use app::teams::api::CreateAccount;
use app::teams::api::CreateTeam;
use app::teams::api::NewPasswordLink;
use app::teams::api::SetAccountActive;
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
        app.send_err(None, AdminOverview {}).await,
        AppError::Unauthenticated
    );
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    assert_eq!(
        app.send_err(Some(&member), AdminOverview {}).await,
        AppError::Forbidden
    );
    assert_eq!(
        app.send_err(
            Some(&member),
            CreateTeam {
                name: "Sneaky".to_owned(),
                kind_of_work: String::new()
            }
        )
        .await,
        AppError::Forbidden
    );
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let overview: OrganisationOverview = app.send_ok(Some(&admin), AdminOverview {}).await;
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
        .send_ok(
            Some(&admin),
            CreateTeam {
                name: "Wijkteam Zuid".to_owned(),
                kind_of_work: "Wijkteam".to_owned(),
            },
        )
        .await;
    let overview: OrganisationOverview = app.send_ok(Some(&admin), AdminOverview {}).await;
    assert!(overview.teams.iter().any(|t| t.name == "Wijkteam Zuid"));
    let err = app
        .send_err(
            Some(&admin),
            CreateTeam {
                name: "wijkteam zuid".to_owned(),
                kind_of_work: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("name"), Some(FieldProblem::AlreadyTaken));
    let err = app
        .send_err(
            Some(&admin),
            CreateTeam {
                name: "   ".to_owned(),
                kind_of_work: String::new(),
            },
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
        .send_err(
            Some(&admin),
            CreateAccount {
                email: "geen-adres".to_owned(),
                display_name: "Nina".to_owned(),
                team: String::new(),
                role: "member".to_owned(),
                fte: String::new(),
            },
        )
        .await;
    assert_eq!(err.at_field("email"), Some(FieldProblem::InvalidEmail));
    let err = app
        .send_err(
            Some(&admin),
            CreateAccount {
                email: MEMBER.to_string(),
                display_name: "Nina".to_owned(),
                team: String::new(),
                role: "member".to_owned(),
                fte: String::new(),
            },
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
        .send_ok(
            Some(&admin),
            CreateAccount {
                email: "nina@linde.demo".to_owned(),
                display_name: "Nina Smit".to_owned(),
                team: team.to_string(),
                role: "member".to_owned(),
                fte: "0,8".to_owned(),
            },
        )
        .await;
    assert!(
        link.url
            .starts_with("https://draagkracht.test/set-password/")
    );
    let token = token_of(&link);

    let short = app
        .send_err(
            None,
            SetPassword {
                token: token.to_string(),
                password: "kort".to_owned(),
                password_repeat: "kort".to_owned(),
            },
        )
        .await;
    assert_eq!(
        short.at_field("password"),
        Some(FieldProblem::PasswordTooShort)
    );
    let new_password = "een lange zin als wachtwoord";
    let _: () = app
        .send_ok(
            None,
            SetPassword {
                token: token.to_string(),
                password: new_password.to_string(),
                password_repeat: new_password.to_string(),
            },
        )
        .await;
    let again = app
        .send_err(
            None,
            SetPassword {
                token: token.to_string(),
                password: new_password.to_string(),
                password_repeat: new_password.to_string(),
            },
        )
        .await;
    assert_eq!(again, AppError::LinkInvalid, "a one-time link works once");
    assert_eq!(
        app.send_err(
            None,
            PasswordLink {
                token: "made-up".to_owned()
            }
        )
        .await,
        AppError::LinkInvalid
    );

    let nina = app.login("nina@linde.demo", new_password).await;
    let me: Option<Actor> = app.send_ok(Some(&nina), Me {}).await;
    let me = me.expect("logged in");
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].team_name, "Wijkteam Noord");
}

async fn deactivation_locks_out_at_once(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    let me: Option<Actor> = app.send_ok(Some(&member), Me {}).await;
    let member_id = me.expect("member").user_id;

    let _: () = app
        .send_ok(
            Some(&admin),
            SetAccountActive {
                user: member_id,
                active: false,
            },
        )
        .await;
    let gone: Option<Actor> = app.send_ok(Some(&member), Me {}).await;
    assert_eq!(gone, None, "an existing session stops working");
    assert_eq!(
        app.send_err(
            None,
            Login {
                email: MEMBER.to_string(),
                password: DEMO_PASSWORD.to_string()
            }
        )
        .await,
        AppError::WrongCredentials
    );

    let _: () = app
        .send_ok(
            Some(&admin),
            SetAccountActive {
                user: member_id,
                active: true,
            },
        )
        .await;
    app.login(MEMBER, DEMO_PASSWORD).await;
}

async fn admins_cannot_touch_another_organisation(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let other = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    let linde_member = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    let linde_team = crate::fixtures::team(&app, "Wijkteam Noord").await;
    let id = linde_member;
    assert_eq!(
        app.send_err(
            Some(&other),
            SetAccountActive {
                user: id,
                active: false
            }
        )
        .await,
        AppError::NotFound
    );
    assert_eq!(
        app.send_err(Some(&other), NewPasswordLink { user: id })
            .await,
        AppError::NotFound
    );
    let team = linde_team.to_string();
    let err = app
        .send_err(
            Some(&other),
            CreateAccount {
                email: "x@anker.demo".to_owned(),
                display_name: "X".to_owned(),
                team: team.to_string(),
                role: "leader".to_owned(),
                fte: String::new(),
            },
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
    let me: Option<Actor> = app.send_ok(Some(&admin), Me {}).await;
    let id = me.expect("admin").user_id;
    assert_eq!(
        app.send_err(
            Some(&admin),
            SetAccountActive {
                user: id,
                active: false
            }
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
