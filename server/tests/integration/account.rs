//! One's own account through the real router on SQLite and PostgreSQL: a new password that
//! ends the other sign-ins, the list of sign-ins and ending them, throttled guessing of the
//! current password, and the language that follows the person.

use std::sync::Arc;

use app::account::api::{ChangePassword, EndOtherSignIns, EndSignIn, MyAccount, SetLanguage};
use app::account::views::AccountOverview;
use app::auth::api::{Logout, Me};
use app::auth::model::Actor;
use app::error::{AppError, FieldProblem};
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::{Backend, TestApp};

const MEMBER: &str = "medewerker@linde.demo";
const SANNE: &str = "sanne@linde.demo";
const NEW_PASSWORD: &str = "een nieuwe lange zin als wachtwoord";

async fn signed_in(app: &TestApp, session: &str) -> bool {
    let me: Option<Actor> = app.send_ok(Some(session), Me {}).await;
    me.is_some()
}

fn change(current: &str, new: &str, repeat: &str) -> ChangePassword {
    ChangePassword {
        current_password: current.to_owned(),
        password: new.to_owned(),
        password_repeat: repeat.to_owned(),
    }
}

async fn a_new_password_ends_every_other_sign_in_but_this_one(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let here = app.login(MEMBER, DEMO_PASSWORD).await;
    let there = app.login(MEMBER, DEMO_PASSWORD).await;
    let cases = [
        (
            change("", NEW_PASSWORD, NEW_PASSWORD),
            "current_password",
            FieldProblem::Required,
        ),
        (
            change("fout wachtwoord", NEW_PASSWORD, NEW_PASSWORD),
            "current_password",
            FieldProblem::WrongPassword,
        ),
        (
            change(DEMO_PASSWORD, "kort", "kort"),
            "password",
            FieldProblem::PasswordTooShort,
        ),
        (
            change(DEMO_PASSWORD, NEW_PASSWORD, "iets anders"),
            "password_repeat",
            FieldProblem::PasswordsDiffer,
        ),
    ];
    for (args, field, problem) in cases {
        let err = app.send_err(Some(&here), args).await;
        assert_eq!(err.at_field(field), Some(problem), "{field}");
    }
    assert!(signed_in(&app, &there).await, "nothing changed yet");
    let _: () = app
        .send_ok(
            Some(&here),
            change(DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert!(signed_in(&app, &here).await, "this sign-in goes on");
    assert!(!signed_in(&app, &there).await, "the other one has ended");
    let old = app
        .call(
            "login",
            None,
            &[("email", MEMBER), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_ne!(
        old.status,
        StatusCode::OK,
        "the old password no longer works"
    );
    let fresh = app.login(MEMBER, NEW_PASSWORD).await;
    assert!(signed_in(&app, &fresh).await);
    let audited = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_change'")
        .await;
    assert_eq!(audited, 1);
    let told = app
        .count(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'medewerker@linde.demo' AND n.kind = 'password_changed'",
        )
        .await;
    assert_eq!(
        told, 1,
        "the holder is told, in the app and by email when it is configured"
    );
}

async fn sign_ins_are_listed_and_each_can_be_ended_by_its_owner_only(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let a = app.login(MEMBER, DEMO_PASSWORD).await;
    let b = app.login(MEMBER, DEMO_PASSWORD).await;
    let c = app.login(MEMBER, DEMO_PASSWORD).await;
    let sanne = app.login(SANNE, DEMO_PASSWORD).await;
    let mine: AccountOverview = app.send_ok(Some(&a), MyAccount {}).await;
    assert_eq!(mine.sign_ins.len(), 3);
    assert!(mine.sign_ins[0].this_one, "this browser's own comes first");
    assert_eq!(mine.sign_ins.iter().filter(|s| s.this_one).count(), 1);
    let hers: AccountOverview = app.send_ok(Some(&sanne), MyAccount {}).await;
    assert_eq!(hers.sign_ins.len(), 1, "nobody sees another's sign-ins");
    let err = app
        .send_err(
            Some(&a),
            EndSignIn {
                sign_in: hers.sign_ins[0].id.clone(),
            },
        )
        .await;
    assert_eq!(err, AppError::NotFound);
    assert!(signed_in(&app, &sanne).await, "hers goes on");

    let b_id = {
        let theirs: AccountOverview = app.send_ok(Some(&b), MyAccount {}).await;
        theirs.sign_ins[0].id.clone()
    };
    let _: () = app.send_ok(Some(&a), EndSignIn { sign_in: b_id }).await;
    assert!(!signed_in(&app, &b).await);
    assert!(signed_in(&app, &c).await);
    let ended: u64 = app.send_ok(Some(&a), EndOtherSignIns {}).await;
    assert_eq!(ended, 1);
    assert!(!signed_in(&app, &c).await);
    assert!(signed_in(&app, &a).await);
    let mine: AccountOverview = app.send_ok(Some(&a), MyAccount {}).await;
    assert_eq!(mine.sign_ins.len(), 1);
    let own = mine.sign_ins[0].id.clone();
    let _: () = app.send_ok(Some(&a), EndSignIn { sign_in: own }).await;
    assert!(
        !signed_in(&app, &a).await,
        "ending one's own is logging out"
    );
}

async fn logging_out_ends_the_sign_in(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let a = app.login(MEMBER, DEMO_PASSWORD).await;
    let b = app.login(MEMBER, DEMO_PASSWORD).await;
    let _: () = app.send_ok(Some(&a), Logout {}).await;
    let left: AccountOverview = app.send_ok(Some(&b), MyAccount {}).await;
    assert_eq!(left.sign_ins.len(), 1);
    assert!(left.sign_ins[0].this_one);
}

async fn guessing_the_current_password_is_throttled_like_logging_in(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..12 {
        let (app, session) = (app.clone(), session.clone());
        guesses.spawn(async move {
            app.send(
                Some(&session),
                change(&format!("gok {i}"), NEW_PASSWORD, NEW_PASSWORD),
            )
            .await
        });
    }
    let mut wrong = 0;
    let mut refused = 0;
    for reply in guesses.join_all().await {
        let err: AppError = serde_json::from_str(&reply.body).expect("an app error");
        match err {
            AppError::TooManyAttempts => refused += 1,
            e if e.at_field("current_password") == Some(FieldProblem::WrongPassword) => wrong += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(wrong, 5, "no more checks than log-in allows");
    assert_eq!(refused, 7);
    let err = app
        .send_err(
            Some(&session),
            change(DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD),
        )
        .await;
    assert_eq!(
        err,
        AppError::TooManyAttempts,
        "even the right one waits now"
    );
}

async fn the_chosen_language_follows_the_person_to_a_new_sign_in(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let session = app.login(MEMBER, DEMO_PASSWORD).await;
    let fresh = app
        .call(
            "login",
            None,
            &[("email", MEMBER), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert!(
        fresh.set_cookie("draagkracht_lang").is_none(),
        "no choice made yet"
    );
    let _: () = app
        .send_ok(
            Some(&session),
            SetLanguage {
                lang: "en".to_owned(),
            },
        )
        .await;
    let mine: AccountOverview = app.send_ok(Some(&session), MyAccount {}).await;
    assert_eq!(mine.language.as_deref(), Some("en"));
    let elsewhere = app
        .call(
            "login",
            None,
            &[("email", MEMBER), ("password", DEMO_PASSWORD)],
        )
        .await;
    let cookie = elsewhere
        .set_cookie("draagkracht_lang")
        .expect("the language is set");
    assert!(cookie.starts_with("draagkracht_lang=en;"), "{cookie}");
}

on_both_databases!(
    a_new_password_ends_every_other_sign_in_but_this_one,
    sign_ins_are_listed_and_each_can_be_ended_by_its_owner_only,
    logging_out_ends_the_sign_in,
    guessing_the_current_password_is_throttled_like_logging_in,
    the_chosen_language_follows_the_person_to_a_new_sign_in,
);
