//! The organisation's settings and the admin's reset of a person's second factors, through the
//! real router on SQLite and PostgreSQL.

use app::auth::api::Me;
use app::auth::model::Actor;
use app::auth::second_factor::api::{AppEnrolment, ConfirmApp, SecondFactors};
use app::auth::second_factor::model::SecondFactorRule;
use app::auth::second_factor::views::{EnrolmentView, SecondFactorsView};
use app::error::{AppError, FieldProblem};
use app::notifications::api::MyNotifications;
use app::notifications::model::{NotificationItem, NotificationKind};
use app::organisation::api::{OrganisationSettings, SaveOrganisationSettings, SetInPool};
use app::organisation::views::OrganisationSettingsView;
use app::teams::people::api::{AdminPerson, ResetSecondFactors};
use app::teams::people::model::PersonFile;
use draagkracht::demo::DEMO_PASSWORD;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::common::{Backend, TestApp};
use crate::fixtures::user;

const ADMIN: &str = "beheer@linde.demo";
const OTHER_ADMIN: &str = "beheer@anker.demo";
const MEMBER: &str = "medewerker@linde.demo";

/// Sets up an authenticator for a signed-in person, playing their phone.
async fn set_up_app(app: &TestApp, session: &str) {
    let enrolment: EnrolmentView = app.send_ok(Some(session), AppEnrolment {}).await;
    let bytes = Secret::Encoded(enrolment.secret.replace(' ', ""))
        .to_bytes()
        .expect("base 32");
    let phone = TOTP::new(Algorithm::SHA1, 6, 0, 30, bytes, None, "x".into()).expect("totp");
    let now = u64::try_from(chrono::Utc::now().timestamp()).expect("after 1970");
    let _: () = app
        .send_ok(
            Some(session),
            ConfirmApp {
                code: phone.generate(now),
            },
        )
        .await;
}

fn save(visible: bool, rule: &str) -> SaveOrganisationSettings {
    SaveOrganisationSettings {
        visible_to_neighbours: visible.then(|| "on".to_owned()),
        second_factor_rule: rule.to_owned(),
    }
}

async fn an_admin_requires_second_factors_only_once_they_have_one(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    let before: OrganisationSettingsView = app.send_ok(Some(&admin), OrganisationSettings {}).await;
    assert_eq!(before.second_factor_rule, SecondFactorRule::Off);
    assert!(!before.admin_has_second_factor);

    let first = app.send_err(Some(&admin), save(true, "client_roles")).await;
    assert_eq!(
        first.at_field("second_factor_rule"),
        Some(FieldProblem::SecondFactorFirst)
    );
    let unknown = app.send_err(Some(&admin), save(true, "sometimes")).await;
    assert_eq!(
        unknown.at_field("second_factor_rule"),
        Some(FieldProblem::UnknownChoice)
    );
    let unchanged: OrganisationSettingsView =
        app.send_ok(Some(&admin), OrganisationSettings {}).await;
    assert_eq!(
        unchanged.visible_to_neighbours, before.visible_to_neighbours,
        "nothing half-saved"
    );

    set_up_app(&app, &admin).await;
    let _: () = app.send_ok(Some(&admin), save(true, "client_roles")).await;
    let after: OrganisationSettingsView = app.send_ok(Some(&admin), OrganisationSettings {}).await;
    assert_eq!(after.second_factor_rule, SecondFactorRule::ClientRoles);
    assert!(after.visible_to_neighbours);
    let me: Option<Actor> = app.send_ok(Some(&admin), Me {}).await;
    assert!(
        me.is_some(),
        "the admin with a second factor stays signed in"
    );
    let gone: Option<Actor> = app.send_ok(Some(&member), Me {}).await;
    assert!(gone.is_none(), "the member without one is signed out");
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.settings'")
        .await;
    assert_eq!(audited, 1);

    let denied = app.send_err(Some(&member), OrganisationSettings {}).await;
    assert_eq!(denied, AppError::Unauthenticated);
    let fresh_member = app.login("sanne@linde.demo", DEMO_PASSWORD).await;
    let me: Option<Actor> = app.send_ok(Some(&fresh_member), Me {}).await;
    assert!(
        me.is_none(),
        "a member's log-in now waits for a second factor"
    );
}

async fn the_facilitator_pool_is_the_organisations_own(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let sanne = user(&app, "sanne@linde.demo").await;
    let _: () = app
        .send_ok(
            Some(&admin),
            SetInPool {
                user: sanne,
                in_pool: true,
            },
        )
        .await;
    let settings: OrganisationSettingsView =
        app.send_ok(Some(&admin), OrganisationSettings {}).await;
    let entry = settings
        .people
        .iter()
        .find(|p| p.id == sanne)
        .expect("Sanne is listed");
    assert!(entry.in_pool);
    let _: () = app
        .send_ok(
            Some(&admin),
            SetInPool {
                user: sanne,
                in_pool: false,
            },
        )
        .await;
    let settings: OrganisationSettingsView =
        app.send_ok(Some(&admin), OrganisationSettings {}).await;
    assert!(
        !settings
            .people
            .iter()
            .find(|p| p.id == sanne)
            .expect("listed")
            .in_pool
    );

    let other = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    let foreign = app
        .send_err(
            Some(&other),
            SetInPool {
                user: sanne,
                in_pool: true,
            },
        )
        .await;
    assert_eq!(foreign, AppError::NotFound, "another organisation's person");
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    let forbidden = app
        .send_err(
            Some(&member),
            SetInPool {
                user: sanne,
                in_pool: true,
            },
        )
        .await;
    assert_eq!(forbidden, AppError::Forbidden);
}

async fn an_admin_resets_a_lost_phone_and_the_person_is_told(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let member = app.login(MEMBER, DEMO_PASSWORD).await;
    let mehmet = user(&app, MEMBER).await;
    let nothing = app
        .send_err(Some(&admin), ResetSecondFactors { user: mehmet })
        .await;
    assert_eq!(
        nothing.at_field("user"),
        Some(FieldProblem::NotNow),
        "nothing to reset"
    );
    set_up_app(&app, &member).await;
    let file: PersonFile = app
        .send_ok(Some(&admin), AdminPerson { user: mehmet })
        .await;
    assert!(file.second_factor);

    let other = app.login(OTHER_ADMIN, DEMO_PASSWORD).await;
    let foreign = app
        .send_err(Some(&other), ResetSecondFactors { user: mehmet })
        .await;
    assert_eq!(foreign, AppError::NotFound);
    let _: () = app
        .send_ok(Some(&admin), ResetSecondFactors { user: mehmet })
        .await;
    let file: PersonFile = app
        .send_ok(Some(&admin), AdminPerson { user: mehmet })
        .await;
    assert!(!file.second_factor);
    let me: Option<Actor> = app.send_ok(Some(&member), Me {}).await;
    assert!(me.is_none(), "every session of the person ended");
    let again = app.login(MEMBER, DEMO_PASSWORD).await;
    let factors: SecondFactorsView = app.send_ok(Some(&again), SecondFactors {}).await;
    assert!(!factors.app, "the password alone signs in again");
    let told: Vec<NotificationItem> = app.send_ok(Some(&again), MyNotifications {}).await;
    assert!(
        told.iter()
            .any(|n| n.kind == NotificationKind::SecondFactorReset),
        "the person is told"
    );
    let audited = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'second_factor.reset' AND subject = 'user:{mehmet}'"
        ))
        .await;
    assert_eq!(audited, 1);
}

on_both_databases!(
    an_admin_requires_second_factors_only_once_they_have_one,
    the_facilitator_pool_is_the_organisations_own,
    an_admin_resets_a_lost_phone_and_the_person_is_told,
);
