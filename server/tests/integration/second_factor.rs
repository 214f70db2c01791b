//! Two-factor log-in through the real router on SQLite and PostgreSQL: setting up an
//! authenticator app, the second step of logging in with its codes (never twice) and with
//! recovery codes (each once), throttled guessing, the organisation's rule that leads people
//! through setting one up first, and removing one's own.

use std::sync::Arc;

use app::account::api::MyAccount;
use app::auth::api::{Logout, Me};
use app::auth::model::Actor;
use app::auth::second_factor::api::{
    AppEnrolment, ConfirmApp, DismissRecoveryCodes, FreshRecoveryCodes, LoginStep, RemoveApp,
    SecondFactors, VerifyLoginCode,
};
use app::auth::second_factor::views::{EnrolmentView, LoginStepView, SecondFactorsView};
use app::error::{AppError, FieldProblem};
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::common::{Backend, TestApp};

const MEMBER: &str = "medewerker@linde.demo";
const FACILITATOR: &str = "gespreksleider@linde.demo";

/// Plays the person's authenticator app.
struct Phone(TOTP);

impl Phone {
    fn new(secret: &str) -> Phone {
        let bytes = Secret::Encoded(secret.replace(' ', ""))
            .to_bytes()
            .expect("base 32");
        Phone(TOTP::new(Algorithm::SHA1, 6, 0, 30, bytes, None, "x".into()).expect("totp"))
    }

    /// The code the app shows `steps` steps of 30 s from now.
    fn code(&self, steps: i64) -> String {
        let now = chrono::Utc::now().timestamp() + steps * 30;
        self.0.generate(u64::try_from(now).expect("after 1970"))
    }

    /// Six digits that are none of the codes that would be accepted now.
    fn wrong_code(&self) -> String {
        let right = [self.code(-1), self.code(0), self.code(1), self.code(2)];
        (0..10u32)
            .map(|d| format!("{d}{d}{d}{d}{d}{d}"))
            .find(|c| !right.contains(c))
            .expect("ten candidates, at most four taken")
    }
}

async fn me(app: &TestApp, session: &str) -> Option<Actor> {
    app.send_ok(Some(session), Me {}).await
}

/// Sets up an app for a signed-in person; yields their phone and recovery codes.
async fn set_up_app(app: &TestApp, session: &str) -> (Phone, Vec<String>) {
    let enrolment: EnrolmentView = app.send_ok(Some(session), AppEnrolment {}).await;
    assert!(enrolment.qr_svg.contains("<svg"), "a QR code to scan");
    let again: EnrolmentView = app.send_ok(Some(session), AppEnrolment {}).await;
    assert_eq!(
        again.secret, enrolment.secret,
        "a page shown twice shows the same code"
    );
    let phone = Phone::new(&enrolment.secret);
    let wrong = app
        .send_err(
            Some(session),
            ConfirmApp {
                code: phone.wrong_code(),
            },
        )
        .await;
    assert_eq!(wrong.at_field("code"), Some(FieldProblem::WrongCode));
    let _: () = app
        .send_ok(
            Some(session),
            ConfirmApp {
                code: phone.code(0),
            },
        )
        .await;
    let codes: Vec<String> = app.send_ok(Some(session), FreshRecoveryCodes {}).await;
    (phone, codes)
}

/// Logs in with the password; yields the session of the log-in waiting for its second step.
pub async fn password_step(app: &TestApp, email: &str) -> String {
    let reply = app
        .call(
            "login",
            None,
            &[("email", email), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply
        .session_cookie()
        .expect("a session for the second step")
}

async fn second_step(app: &TestApp, session: &str, code: &str) -> Result<String, AppError> {
    let reply = app
        .send(
            Some(session),
            VerifyLoginCode {
                code: code.to_owned(),
            },
        )
        .await;
    if reply.status != StatusCode::OK {
        return Err(serde_json::from_str(&reply.body).expect("an application error"));
    }
    Ok(reply.session_cookie().unwrap_or_else(|| session.to_owned()))
}

async fn an_app_is_set_up_and_then_asked_for_at_every_log_in(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let before: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    assert!(!before.app && !before.required);
    let (phone, codes) = set_up_app(&app, &session).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(codes[0].len(), 19, "four groups of four: {}", codes[0]);
    let shown_again: Vec<String> = app.send_ok(Some(&session), FreshRecoveryCodes {}).await;
    assert_eq!(shown_again, codes, "a page loaded again shows them again");
    let _: () = app.send_ok(Some(&session), DismissRecoveryCodes {}).await;
    let gone: Vec<String> = app.send_ok(Some(&session), FreshRecoveryCodes {}).await;
    assert!(gone.is_empty(), "once kept, they are not shown again");
    let stored = app
        .count("SELECT COUNT(*) FROM recovery_codes WHERE used_at IS NULL")
        .await;
    assert_eq!(stored, 10);
    let plain = app
        .count(&format!(
            "SELECT COUNT(*) FROM recovery_codes WHERE code_hash LIKE '%{}%'",
            codes[0].replace('-', "")
        ))
        .await;
    assert_eq!(plain, 0, "only hashes are stored");
    assert!(me(&app, &session).await.is_some(), "still signed in");
    let _: () = app.send_ok(Some(&session), Logout {}).await;

    let pending = password_step(&app, MEMBER).await;
    assert!(
        me(&app, &pending).await.is_none(),
        "a password alone signs no one in"
    );
    let denied = app.send_err(Some(&pending), MyAccount {}).await;
    assert_eq!(denied, AppError::Unauthenticated);
    let step: LoginStepView = app.send_ok(Some(&pending), LoginStep {}).await;
    assert!(!step.must_enrol);
    let wrong = second_step(&app, &pending, &phone.wrong_code()).await;
    assert_eq!(
        wrong.unwrap_err().at_field("code"),
        Some(FieldProblem::WrongCode)
    );
    let shape = second_step(&app, &pending, "12 34").await;
    assert_eq!(
        shape.unwrap_err().at_field("code"),
        Some(FieldProblem::CodeShape)
    );
    // The code of the step that confirmed the app was used; the next one is new.
    let code = phone.code(1);
    let signed_in = second_step(&app, &pending, &code)
        .await
        .expect("the right code");
    assert_eq!(me(&app, &signed_in).await.expect("signed in").email, MEMBER);

    let replay = password_step(&app, MEMBER).await;
    let again = second_step(&app, &replay, &code).await;
    assert_eq!(
        again.unwrap_err().at_field("code"),
        Some(FieldProblem::WrongCode),
        "a code works once"
    );
    let by_recovery = second_step(&app, &replay, &codes[3].to_lowercase()).await;
    assert!(
        me(&app, &by_recovery.expect("a recovery code"))
            .await
            .is_some()
    );
    let once_more = password_step(&app, MEMBER).await;
    let spent = second_step(&app, &once_more, &codes[3]).await;
    assert_eq!(
        spent.unwrap_err().at_field("code"),
        Some(FieldProblem::WrongCode),
        "a recovery code works once"
    );
    let left: SecondFactorsView = app.send_ok(Some(&signed_in), SecondFactors {}).await;
    assert_eq!(left.recovery_left, 9);
}

async fn guessing_the_second_step_is_throttled_like_the_password(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let (phone, _) = set_up_app(&app, &session).await;
    let pending = password_step(&app, MEMBER).await;
    let wrong = phone.wrong_code();
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let (app, pending, wrong) = (app.clone(), pending.clone(), wrong.clone());
        guesses.spawn(async move { second_step(&app, &pending, &wrong).await });
    }
    let results = guesses.join_all().await;
    let checked = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.at_field("code") == Some(FieldProblem::WrongCode)))
        .count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(AppError::TooManyAttempts)))
        .count();
    // Five failures per quarter of an hour, as for passwords: the wrong code while setting up
    // the app was the first.
    assert_eq!(checked, 4, "no more guesses than a password gets");
    assert_eq!(refused, 8);
    let right = second_step(&app, &pending, &phone.code(1)).await;
    assert_eq!(
        right.unwrap_err(),
        AppError::TooManyAttempts,
        "the right code waits too"
    );
}

async fn set_rule(app: &TestApp, rule: &str) {
    let sql =
        format!("UPDATE organisations SET second_factor_rule = '{rule}' WHERE name LIKE '%Linde%'");
    app::on_db!(&app.db, p => sqlx::query(&sql).execute(p).await.map(|_| ())).expect("rule set");
}

async fn a_required_second_factor_is_set_up_before_anything_else(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let earlier = app.login(MEMBER, DEMO_PASSWORD).await;
    let facilitator = app.login(FACILITATOR, DEMO_PASSWORD).await;
    set_rule(&app, "client_roles").await;
    assert!(
        me(&app, &earlier).await.is_none(),
        "a sign-in without a second factor ends once one is required"
    );
    assert!(
        me(&app, &facilitator).await.is_some(),
        "someone who sees no client data is not asked"
    );

    let pending = password_step(&app, MEMBER).await;
    let step: LoginStepView = app.send_ok(Some(&pending), LoginStep {}).await;
    assert!(step.must_enrol);
    assert!(
        me(&app, &pending).await.is_none(),
        "not signed in before setting one up"
    );
    let skipped = second_step(&app, &pending, "123456").await;
    assert_eq!(
        skipped.unwrap_err(),
        AppError::LinkInvalid,
        "no way around setting one up"
    );
    let page = app.get("/", Some(&pending), &[]).await;
    assert_eq!(page.redirected_to(), "/login");

    let enrolment: EnrolmentView = app.send_ok(Some(&pending), AppEnrolment {}).await;
    let phone = Phone::new(&enrolment.secret);
    let reply = app
        .send(
            Some(&pending),
            ConfirmApp {
                code: phone.code(0),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let signed_in = reply.session_cookie().unwrap_or(pending);
    assert_eq!(me(&app, &signed_in).await.expect("signed in").email, MEMBER);
    let codes: Vec<String> = app.send_ok(Some(&signed_in), FreshRecoveryCodes {}).await;
    assert_eq!(codes.len(), 10);
    let factors: SecondFactorsView = app.send_ok(Some(&signed_in), SecondFactors {}).await;
    assert!(factors.app && factors.required);
    let kept = app
        .send_err(
            Some(&signed_in),
            RemoveApp {
                current_password: DEMO_PASSWORD.to_owned(),
            },
        )
        .await;
    assert_eq!(
        kept.at_field("current_password"),
        Some(FieldProblem::SecondFactorRequired)
    );
}

async fn setting_up_is_only_for_the_person_themselves(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    assert_eq!(
        app.send_err(None, AppEnrolment {}).await,
        AppError::LinkInvalid,
        "no one is logging in"
    );
    assert_eq!(
        app.send_err(
            None,
            VerifyLoginCode {
                code: "123456".into()
            }
        )
        .await,
        AppError::LinkInvalid
    );
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let (_, _) = set_up_app(&app, &session).await;
    let pending = password_step(&app, MEMBER).await;
    assert_eq!(
        app.send_err(Some(&pending), AppEnrolment {}).await,
        AppError::Unauthenticated,
        "a log-in that waits for a code cannot set up a new app instead"
    );
    let again = app.send_err(Some(&session), AppEnrolment {}).await;
    assert_eq!(
        again.at_field("code"),
        Some(FieldProblem::NotNow),
        "one app at a time"
    );
}

async fn removing_ones_own_app_asks_for_the_password(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    set_up_app(&app, &session).await;
    let wrong = app
        .send_err(
            Some(&session),
            RemoveApp {
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
            RemoveApp {
                current_password: DEMO_PASSWORD.into(),
            },
        )
        .await;
    let factors: SecondFactorsView = app.send_ok(Some(&session), SecondFactors {}).await;
    assert!(!factors.app);
    assert_eq!(app.count("SELECT COUNT(*) FROM recovery_codes").await, 0);
    let plain = app.login(MEMBER, DEMO_PASSWORD).await;
    assert!(
        me(&app, &plain).await.is_some(),
        "the password alone is enough again"
    );
}

on_both_databases!(
    an_app_is_set_up_and_then_asked_for_at_every_log_in,
    guessing_the_second_step_is_throttled_like_the_password,
    a_required_second_factor_is_set_up_before_anything_else,
    setting_up_is_only_for_the_person_themselves,
    removing_ones_own_app_asks_for_the_password,
);
