//! Passkeys through the real router on SQLite and PostgreSQL, with the WebAuthn project's
//! software authenticator playing the person's device: adding several, logging in with any of
//! them, each challenge answered once (also when requests race), the organisation's rule that
//! may be met with a passkey, and removing one's own.

use std::sync::Arc;

use app::auth::api::{Logout, Me};
use app::auth::model::Actor;
use app::auth::second_factor::api::{FreshRecoveryCodes, LoginStep, SecondFactors};
use app::auth::second_factor::passkey::api::{
    LogInWithPasskey, PasskeyLoginOptions, PasskeyRegistrationOptions, RegisterPasskey,
    RemovePasskey,
};
use app::auth::second_factor::passkey::model::NextPage;
use app::auth::second_factor::views::{LoginStepView, SecondFactorsView};
use app::error::{AppError, FieldProblem};
use app::teams::people::api::ResetSecondFactors;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::prelude::{
    CreationChallengeResponse, RequestChallengeResponse, Url,
};
use webauthn_authenticator_rs::softpasskey::SoftPasskey;

use crate::common::{Backend, ORIGIN, TestApp};
use crate::fixtures::user;
use crate::second_factor::password_step;

const MEMBER: &str = "medewerker@linde.demo";
const ADMIN: &str = "beheer@linde.demo";
const OTHER_MEMBER: &str = "sanne@linde.demo";

/// One of the person's devices, holding passkeys.
pub struct Device(SoftPasskey);

impl Device {
    pub fn new() -> Device {
        // `true`: the device says the person was verified (fingerprint, PIN), as passkeys must.
        Device(SoftPasskey::new(true))
    }

    fn origin() -> Url {
        Url::parse(ORIGIN).expect("the test origin")
    }

    /// Makes a passkey for the server's challenge; yields the browser's JSON of it.
    fn create(&mut self, options: &str) -> String {
        let options: CreationChallengeResponse =
            serde_json::from_str(options).expect("creation options as the browser reads them");
        let credential = self
            .0
            .do_registration(Device::origin(), options)
            .expect("the device makes a passkey");
        serde_json::to_string(&credential).expect("json")
    }

    /// Signs the server's log-in challenge; yields the browser's JSON of the answer.
    fn sign(&mut self, options: &str) -> String {
        self.try_sign(options).expect("the device signs")
    }

    /// Signs the challenge if the device holds a passkey it allows.
    fn try_sign(&mut self, options: &str) -> Option<String> {
        let options: RequestChallengeResponse =
            serde_json::from_str(options).expect("request options as the browser reads them");
        let credential = self.0.do_authentication(Device::origin(), options).ok()?;
        Some(serde_json::to_string(&credential).expect("json"))
    }
}

async fn me(app: &TestApp, session: &str) -> Option<Actor> {
    app.send_ok(Some(session), Me {}).await
}

/// Adds a passkey on `device` for whoever `session` is.
pub async fn add_passkey(
    app: &TestApp,
    session: &str,
    device: &mut Device,
    name: &str,
) -> Result<(NextPage, String), AppError> {
    let options: String = app
        .send_ok(Some(session), PasskeyRegistrationOptions {})
        .await;
    let credential = device.create(&options);
    let reply = app
        .send(
            Some(session),
            RegisterPasskey {
                name: name.to_owned(),
                credential,
            },
        )
        .await;
    if reply.status != StatusCode::OK {
        return Err(serde_json::from_str(&reply.body).expect("an application error"));
    }
    let next: NextPage = serde_json::from_str(&reply.body).expect("the next page");
    Ok((
        next,
        reply.session_cookie().unwrap_or_else(|| session.to_owned()),
    ))
}

/// The log-in challenge for a pending log-in, signed by `device`.
async fn signed_challenge(app: &TestApp, pending: &str, device: &mut Device) -> String {
    let options: String = app.send_ok(Some(pending), PasskeyLoginOptions {}).await;
    device.sign(&options)
}

async fn passkey_step(app: &TestApp, pending: &str, answer: &str) -> Result<String, AppError> {
    let reply = app
        .send(
            Some(pending),
            LogInWithPasskey {
                credential: answer.to_owned(),
            },
        )
        .await;
    if reply.status != StatusCode::OK {
        return Err(serde_json::from_str(&reply.body).expect("an application error"));
    }
    let next: NextPage = serde_json::from_str(&reply.body).expect("the next page");
    assert_eq!(next, NextPage::Home);
    Ok(reply.session_cookie().unwrap_or_else(|| pending.to_owned()))
}

async fn a_person_adds_passkeys_and_logs_in_with_any_of_them(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let before: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    assert!(before.passkeys.is_empty() && before.passkeys_possible);

    let (mut laptop, mut phone) = (Device::new(), Device::new());
    let (next, _) = add_passkey(&app, &session, &mut laptop, "  Laptop kantoor ")
        .await
        .expect("the first passkey");
    assert_eq!(
        next,
        NextPage::RecoveryCodes,
        "the first factor comes with recovery codes"
    );
    let codes: Vec<String> = app.send_ok(Some(&session), FreshRecoveryCodes {}).await;
    assert_eq!(codes.len(), 10);
    let (next, _) = add_passkey(&app, &session, &mut phone, "")
        .await
        .expect("a second passkey");
    assert_eq!(next, NextPage::Account, "the codes stay as they were");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL")
            .await,
        10
    );
    let factors: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    let names: Vec<&str> = factors.passkeys.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert_eq!(names[0], "Laptop kantoor");
    assert!(
        !names[1].trim().is_empty(),
        "a blank name becomes the device's"
    );
    assert!(factors.passkeys.iter().all(|p| p.last_used_at.is_none()));
    let handles = app
        .count("SELECT COUNT(DISTINCT user_handle) FROM passkeys")
        .await;
    assert_eq!(handles, 1, "one person, one id on all their devices");
    let _: () = app.send_ok(Some(&session), Logout {}).await;

    let pending = password_step(&app, MEMBER).await;
    let step: LoginStepView = app.send_ok(Some(&pending), LoginStep {}).await;
    assert!(step.passkey && !step.app && !step.must_enrol);
    assert!(
        me(&app, &pending).await.is_none(),
        "a password alone signs no one in"
    );
    let answer = signed_challenge(&app, &pending, &mut phone).await;
    let signed_in = passkey_step(&app, &pending, &answer)
        .await
        .expect("the phone's passkey");
    assert_eq!(me(&app, &signed_in).await.expect("signed in").email, MEMBER);
    let used: SecondFactorsView = app.send_ok(Some(&signed_in), SecondFactors {}).await;
    assert!(used.passkeys[1].last_used_at.is_some() && used.passkeys[0].last_used_at.is_none());

    let later = password_step(&app, MEMBER).await;
    let replayed = passkey_step(&app, &later, &answer).await;
    assert_eq!(
        replayed.unwrap_err().at_field("passkey"),
        Some(FieldProblem::PasskeyRefused),
        "an answer to an old challenge signs no one in"
    );
    let answer = signed_challenge(&app, &later, &mut laptop).await;
    let by_laptop = passkey_step(&app, &later, &answer)
        .await
        .expect("the laptop's passkey");
    assert!(me(&app, &by_laptop).await.is_some());

    // A passkey of someone else does not open this account.
    let other = app.login(OTHER_MEMBER, DEMO_PASSWORD).await;
    let mut theirs = Device::new();
    add_passkey(&app, &other, &mut theirs, "Sanne")
        .await
        .expect("Sanne's passkey");
    let pending = password_step(&app, MEMBER).await;
    let options: String = app.send_ok(Some(&pending), PasskeyLoginOptions {}).await;
    assert!(
        theirs.try_sign(&options).is_none(),
        "Sanne's device holds no passkey this challenge allows"
    );
}

async fn a_challenge_is_answered_once_however_many_requests_race(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let mut device = Device::new();
    add_passkey(&app, &session, &mut device, "Laptop")
        .await
        .expect("a passkey");
    let pending = password_step(&app, MEMBER).await;
    let answer = signed_challenge(&app, &pending, &mut device).await;
    let mut racers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (app, pending, answer) = (app.clone(), pending.clone(), answer.clone());
        racers.spawn(async move { passkey_step(&app, &pending, &answer).await });
    }
    let results = racers.join_all().await;
    let won = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(
            |r| matches!(r, Err(e) if e.at_field("passkey") == Some(FieldProblem::PasskeyRefused)),
        )
        .count();
    assert_eq!((won, refused), (1, 3), "{results:?}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM passkey_ceremonies").await,
        0,
        "the challenge is gone"
    );
}

async fn a_required_second_factor_may_be_a_passkey(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let sql =
        "UPDATE organisations SET second_factor_rule = 'client_roles' WHERE name LIKE '%Linde%'";
    app::on_db!(&app.db, p => sqlx::query(sql).execute(p).await.map(|_| ())).expect("rule set");
    let pending = password_step(&app, MEMBER).await;
    let step: LoginStepView = app.send_ok(Some(&pending), LoginStep {}).await;
    assert!(step.must_enrol && step.passkeys_possible);
    assert_eq!(
        app.send_err(Some(&pending), PasskeyLoginOptions {}).await,
        AppError::LinkInvalid,
        "no passkey to log in with, and no way around setting one up"
    );
    let mut device = Device::new();
    let (next, signed_in) = add_passkey(&app, &pending, &mut device, "Telefoon")
        .await
        .expect("a passkey at log-in");
    assert_eq!(next, NextPage::RecoveryCodes);
    assert_eq!(me(&app, &signed_in).await.expect("signed in").email, MEMBER);
    let codes: Vec<String> = app.send_ok(Some(&signed_in), FreshRecoveryCodes {}).await;
    assert_eq!(codes.len(), 10);

    let factors: SecondFactorsView = app.send_ok(Some(&signed_in), SecondFactors {}).await;
    let only = factors.passkeys[0].id;
    let kept = app
        .send_err(
            Some(&signed_in),
            RemovePasskey {
                passkey: only,
                current_password: DEMO_PASSWORD.into(),
            },
        )
        .await;
    assert_eq!(
        kept.at_field("current_password"),
        Some(FieldProblem::SecondFactorRequired),
        "the last second factor stays while the organisation requires one"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1);
}

async fn removing_a_passkey_asks_for_the_password_and_is_ones_own(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    add_passkey(&app, &session, &mut laptop, "Laptop")
        .await
        .expect("laptop");
    add_passkey(&app, &session, &mut phone, "Telefoon")
        .await
        .expect("phone");
    let factors: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    let (laptop_key, phone_key) = (factors.passkeys[0].id, factors.passkeys[1].id);

    let other = app.login(OTHER_MEMBER, DEMO_PASSWORD).await;
    let foreign = app
        .send_err(
            Some(&other),
            RemovePasskey {
                passkey: laptop_key,
                current_password: DEMO_PASSWORD.into(),
            },
        )
        .await;
    assert_eq!(
        foreign,
        AppError::NotFound,
        "another person's passkey is not found"
    );
    let wrong = app
        .send_err(
            Some(&session),
            RemovePasskey {
                passkey: laptop_key,
                current_password: "niet mijn wachtwoord".into(),
            },
        )
        .await;
    assert_eq!(
        wrong.at_field("current_password"),
        Some(FieldProblem::WrongPassword)
    );
    let _: () = app
        .send_ok(
            Some(&session),
            RemovePasskey {
                passkey: laptop_key,
                current_password: DEMO_PASSWORD.into(),
            },
        )
        .await;
    let left: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    assert_eq!(left.passkeys.len(), 1);
    assert_eq!(
        left.recovery_left, 10,
        "the codes stay while a factor is left"
    );

    // The removed passkey no longer opens the account.
    let pending = password_step(&app, MEMBER).await;
    let options: String = app.send_ok(Some(&pending), PasskeyLoginOptions {}).await;
    assert!(
        laptop.try_sign(&options).is_none(),
        "the challenge no longer allows the laptop's passkey"
    );

    let _: () = app
        .send_ok(
            Some(&session),
            RemovePasskey {
                passkey: phone_key,
                current_password: DEMO_PASSWORD.into(),
            },
        )
        .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM recovery_codes").await,
        0,
        "without a second factor the recovery codes go too"
    );
    let plain = app.login(MEMBER, DEMO_PASSWORD).await;
    assert!(
        me(&app, &plain).await.is_some(),
        "the password alone is enough again"
    );

    // An admin's reset takes passkeys too.
    add_passkey(&app, &plain, &mut phone, "Telefoon")
        .await
        .expect("again");
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let mehmet = user(&app, MEMBER).await;
    let _: () = app
        .send_ok(Some(&admin), ResetSecondFactors { user: mehmet })
        .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM passkeys").await,
        0,
        "the reset takes passkeys too"
    );
}

async fn bad_answers_are_refused_at_their_field(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    assert_eq!(
        app.send_err(None, PasskeyRegistrationOptions {}).await,
        AppError::LinkInvalid,
        "no one is logging in"
    );
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let register = |name: String, credential: String| RegisterPasskey { name, credential };
    let long_name = app
        .send_err(Some(&session), register("x".repeat(61), "{}".into()))
        .await;
    assert_eq!(long_name.at_field("name"), Some(FieldProblem::TooLong));
    let garbage = app
        .send_err(
            Some(&session),
            register("Laptop".into(), "geen json".into()),
        )
        .await;
    assert_eq!(
        garbage.at_field("passkey"),
        Some(FieldProblem::PasskeyRefused)
    );
    let huge = app
        .send_err(
            Some(&session),
            register("Laptop".into(), "x".repeat(70_000)),
        )
        .await;
    assert_eq!(huge.at_field("passkey"), Some(FieldProblem::TooLong));

    // A well-formed answer without a challenge of this browser is refused, and so is one
    // answered twice.
    let mut device = Device::new();
    let options: String = app
        .send_ok(Some(&session), PasskeyRegistrationOptions {})
        .await;
    let credential = device.create(&options);
    let elsewhere = app.login(MEMBER, DEMO_PASSWORD).await;
    let other_browser = app
        .send_err(
            Some(&elsewhere),
            register("Laptop".into(), credential.clone()),
        )
        .await;
    assert_eq!(
        other_browser.at_field("passkey"),
        Some(FieldProblem::PasskeyRefused)
    );
    let first: NextPage = app
        .send_ok(
            Some(&session),
            register("Laptop".into(), credential.clone()),
        )
        .await;
    assert_eq!(first, NextPage::RecoveryCodes);
    let twice = app
        .send_err(Some(&session), register("Laptop".into(), credential))
        .await;
    assert_eq!(
        twice.at_field("passkey"),
        Some(FieldProblem::PasskeyRefused)
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM passkeys").await, 1);
}

on_both_databases!(
    a_person_adds_passkeys_and_logs_in_with_any_of_them,
    a_challenge_is_answered_once_however_many_requests_race,
    a_required_second_factor_may_be_a_passkey,
    removing_a_passkey_asks_for_the_password_and_is_ones_own,
    bad_answers_are_refused_at_their_field,
);
