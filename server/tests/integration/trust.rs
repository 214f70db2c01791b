//! Trust: sessions that end when they must and are written only when they change, log-in
//! throttling under parallel guessing, cheap checks first, state guards, cross-site and
//! undecodable requests, concurrent writes, and several app servers on one database.

use app::auth::api::Login;
use app::auth::api::Me;
use app::auth::api::SetPassword;
use app::caseload::clients::api::AssignClient;
use app::caseload::import::api::PreviewImport;
use app::sessions::plan::api::AnswerInvitation;
use app::sessions::plan::api::CancelSession;
use app::sessions::plan::api::ScheduleSession;
use app::shared::ids::ClientId;
use app::shared::ids::UserId;
use app::shared::ids::{SessionId, SlotId};
use app::teams::api::CreateAccount;
use app::teams::api::{NewPasswordLink, SetAccountActive};
use app::visits::api::BookVisit;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::common::{Backend, TestApp, build_router, fresh_db};
use crate::fixtures::noord;
use app::error::{AppError, FieldProblem};
use draagkracht::demo::DEMO_PASSWORD;
use draagkracht::session_store::DbSessionStore;

async fn session_rows(app: &TestApp) -> i64 {
    match app.db {
        app::db::Db::Sqlite(_) => app.count("SELECT COUNT(*) FROM tower_sessions").await,
        app::db::Db::Postgres(_) => {
            app.count("SELECT COUNT(*) FROM tower_sessions.session")
                .await
        }
    }
}

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let reply = app.send(Some(cookie), Me {}).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body.trim() != "null"
}

/// Forged cookies and signed-in page loads write no session rows.
async fn the_session_store_is_written_only_when_a_session_changes(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let before = session_rows(&app).await;
    for i in 0..200 {
        let cookie = format!("draagkracht_session={i:022}AAAAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(app.get("/health", Some(&cookie), &[]).await.status, 200);
    }
    assert_eq!(session_rows(&app).await, before, "forged cookies made rows");

    let leader = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    let after_login = session_rows(&app).await;
    assert_eq!(after_login, before + 1);
    let stored = |app: &TestApp| {
        let sql = match app.db {
            app::db::Db::Sqlite(_) => "SELECT CAST(expiry_date AS TEXT) FROM tower_sessions",
            app::db::Db::Postgres(_) => {
                "SELECT CAST(expiry_date AS TEXT) FROM tower_sessions.session"
            }
        };
        let db = app.db.clone();
        async move {
            let rows: Vec<(String,)> =
                app::on_db!(&db, p => sqlx::query_as(sql).fetch_all(p).await).expect("expiry");
            rows
        }
    };
    let expiry = stored(&app).await;
    for path in ["/", "/signals", "/sessions", "/"] {
        assert_eq!(app.get(path, Some(&leader), &[]).await.status, 200);
    }
    assert_eq!(stored(&app).await, expiry, "page loads rewrote the session");
    assert_eq!(session_rows(&app).await, after_login);
}

/// 40 wrong passwords at once for one account: at most 5 are checked.
async fn parallel_guessing_gets_no_more_checks_than_the_limit(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..40 {
        let app = app.clone();
        guesses.spawn(async move {
            let password = format!("fout wachtwoord {i}");
            app.send(
                None,
                Login {
                    email: "medewerker@linde.demo".to_owned(),
                    password: password.to_string(),
                },
            )
            .await
            .status
        });
    }
    let mut refused = 0;
    while let Some(status) = guesses.join_next().await {
        let status = status.expect("task");
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&status),
            "{status}"
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    let checked = app
        .count("SELECT COUNT(*) FROM login_attempts WHERE account_key = 'medewerker@linde.demo'")
        .await;
    assert_eq!(checked, 5, "only the limit of checks was made");
    assert_eq!(refused, 35);
    // The right password is refused too while the account waits.
    let reply = app
        .send(
            None,
            Login {
                email: "medewerker@linde.demo".to_owned(),
                password: DEMO_PASSWORD.to_string(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

/// A burst from one address (a whole organisation may share it) does not lock out a colleague
/// who logged in from there before.
async fn a_burst_from_one_address_does_not_lock_out_colleagues(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let _ = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    for i in 0..35 {
        let email = format!("geraden{i}@linde.demo");
        let reply = app
            .send(
                None,
                Login {
                    email: email.to_string(),
                    password: "raden".to_owned(),
                },
            )
            .await;
        assert_ne!(reply.status, StatusCode::OK);
    }
    let stranger = app
        .send(
            None,
            Login {
                email: "nog-een@linde.demo".to_owned(),
                password: "raden".to_owned(),
            },
        )
        .await;
    assert_eq!(
        stranger.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address waits"
    );
    let _ = app.login("leider@linde.demo", DEMO_PASSWORD).await;
}

/// Behind a trusted proxy the client is the address the proxy saw (the last entry of
/// `X-Forwarded-For`), not the first entry, which anyone can forge.
async fn the_forwarded_address_is_the_one_the_proxy_saw(backend: Backend) {
    let app = TestApp::behind_proxy(backend).await;
    let attempt = |email: String, forwarded: &'static str| {
        let app = &app;
        async move {
            let body =
                serde_urlencoded::to_string([("email", email.as_str()), ("password", "raden")])
                    .expect("form");
            app.request(
                Request::post("/api/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header("x-forwarded-for", forwarded)
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await
            .status
        }
    };
    for i in 0..30 {
        let forged: &'static str = if i % 2 == 0 {
            "1.2.3.4, 203.0.113.7"
        } else {
            "5.6.7.8, 203.0.113.7"
        };
        assert_eq!(attempt(format!("raad{i}@linde.demo"), forged).await, 401);
    }
    assert_eq!(
        attempt("nog-een@linde.demo".into(), "9.9.9.9, 203.0.113.7").await,
        StatusCode::TOO_MANY_REQUESTS,
        "a new first entry does not make a new client"
    );
    assert_eq!(
        app.count("SELECT COUNT(DISTINCT client_addr) FROM login_attempts")
            .await,
        1
    );
    assert_eq!(
        attempt("ander@linde.demo".into(), "203.0.113.99").await,
        401
    );
}

/// A wrong token is refused before any password is hashed: even a too-short password gets
/// "link invalid", and overlong log-in input is refused at the field.
async fn cheap_checks_come_first(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let err = app
        .send_err(
            None,
            SetPassword {
                token: "geen-echte-link".to_owned(),
                password: "kort".to_owned(),
                password_repeat: "kort".to_owned(),
            },
        )
        .await;
    assert_eq!(err, AppError::LinkInvalid);
    let long = "a".repeat(300);
    let err = app
        .send_err(
            None,
            Login {
                email: long.to_string(),
                password: "x".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("email"), Some(FieldProblem::TooLong));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM login_attempts").await,
        0,
        "refused input costs no attempt"
    );
}

/// A new password link ends every session of the account and tells its holder; reactivation
/// does not bring old sessions back.
async fn taking_over_an_account_ends_its_sessions_visibly(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let member = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let member_id = crate::fixtures::user(&app, "medewerker@linde.demo").await;
    assert!(signed_in(&app, &member).await);
    let reply = app
        .send(Some(&admin), NewPasswordLink { user: member_id })
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!signed_in(&app, &member).await, "the old session ended");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {member_id} AND kind = 'password_link'"
        ))
        .await,
        1
    );
    // Logging in again works, and the holder reads what happened.
    let again = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let page = app.get("/notifications", Some(&again), &[]).await;
    assert!(page.body.contains("wachtwoordlink"), "{}", page.body);

    for active in [false, true] {
        let reply = app
            .send(
                Some(&admin),
                SetAccountActive {
                    user: member_id,
                    active,
                },
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    assert!(
        !signed_in(&app, &again).await,
        "reactivation brings no session back"
    );

    // Setting a password through the link ends every session from before it.
    let link: app::teams::model::OneTimeLink = serde_json::from_str(&reply.body).expect("link");
    let token = link.url.rsplit('/').next().expect("token").to_owned();
    let before = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let password = "een nieuw en lang wachtwoord";
    let set = app
        .send(
            None,
            SetPassword {
                token: token.to_string(),
                password: password.to_string(),
                password_repeat: password.to_string(),
            },
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert!(
        !signed_in(&app, &before).await,
        "the session from before the password ended"
    );
    let after = app.login("medewerker@linde.demo", password).await;
    assert!(signed_in(&app, &after).await);
}

/// A held session cannot be cancelled; a visit slot in the past cannot be booked.
async fn status_changes_that_make_no_sense_are_refused(backend: Backend) {
    let n = noord(backend).await;
    let held = SessionId(
        n.app
            .id(&format!(
                "SELECT MIN(id) FROM sessions WHERE team_id = {} AND status = 'done'",
                n.team
            ))
            .await,
    );
    let err = n
        .app
        .send_err(Some(&n.leader), CancelSession { session: held })
        .await;
    assert_eq!(err.at_field("status"), Some(FieldProblem::NotNow));
    let still: i64 = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE id = {held} AND status = 'done'"
        ))
        .await;
    assert_eq!(still, 1);
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            ScheduleSession {
                session: held,
                date: "2031-01-07".to_owned(),
                time: "10:00".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("starts_at"), Some(FieldProblem::NotNow));
    let invited = n
        .app
        .id(&format!(
            "SELECT MIN(p.user_id) FROM session_participants p WHERE p.session_id = {held}"
        ))
        .await;
    let email = n.app.email_of(UserId(invited)).await;
    let guest = n.app.login(&email, DEMO_PASSWORD).await;
    let err = n
        .app
        .send_err(
            Some(&guest),
            AnswerInvitation {
                session: held,
                answer: "no".to_owned(),
            },
        )
        .await;
    assert_eq!(err.at_field("answer"), Some(FieldProblem::NotNow));

    let past_slot = SlotId(
        n.app
            .id(
                "SELECT MIN(s.id) FROM visit_slots s JOIN visit_offers o ON o.id = s.offer_id \
             JOIN teams t ON t.id = o.host_team_id WHERE s.starts_at < CURRENT_TIMESTAMP \
             AND t.name <> 'Wijkteam Noord'",
            )
            .await,
    );
    let mehmet_id = n.mehmet_id.to_string();
    let err = n
        .app
        .send_err(
            Some(&n.mehmet),
            BookVisit {
                slot: past_slot,
                team: n.team_id,
                visitors: mehmet_id.to_string(),
                question: "Mogen we nog komen?".to_owned(),
            },
        )
        .await;
    assert_eq!(
        err.at_field("slot"),
        Some(FieldProblem::InThePast),
        "{err:?}"
    );
}

/// Requests from another site are refused; bodies that cannot be decoded are the client's
/// fault.
async fn cross_site_and_undecodable_requests_are_refused(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let login = |origin: &'static str| {
        Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, origin)
            .body(Body::from(format!(
                "email=leider%40linde.demo&password={}",
                DEMO_PASSWORD
            )))
            .expect("request")
    };
    assert_eq!(app.request(login("https://evil.example")).await.status, 403);
    assert_eq!(
        app.request(login("https://draagkracht.test")).await.status,
        200
    );

    let leader = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    for body in ["%%%", "team=abc&client=", "{not json"] {
        let reply = app
            .request(
                Request::post("/api/log_signal")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, &leader)
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        let err: AppError = serde_json::from_str(&reply.body).expect("an error body");
        assert!(matches!(err, AppError::Transport(_)), "{err:?}");
    }
}

/// A CSV above the import's limit gets the field's message, not a transport error; a body above
/// the server's limit is refused before it is read.
async fn an_oversized_import_is_a_field_error(backend: Backend) {
    let n = noord(backend).await;
    let text = "K-1;3\n".repeat(400_000);
    let err = n
        .app
        .send_err(
            Some(&n.leader),
            PreviewImport {
                team: n.team_id,
                text: text.to_string(),
            },
        )
        .await;
    assert_eq!(err.at_field("file"), Some(FieldProblem::TooLong), "{err:?}");
    let huge = format!(
        "team={}&text={}",
        n.team,
        "a".repeat(draagkracht::request_guards::MAX_BODY_BYTES)
    );
    let reply = n
        .app
        .request(
            Request::post("/api/preview_import")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::CONTENT_LENGTH, huge.len())
                .header(header::COOKIE, &n.leader)
                .body(Body::from(huge))
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// 40 concurrent reassignments while pages load: none fails (SQLite used to answer "database
/// is locked" for transactions that read before they write).
async fn concurrent_writes_all_succeed(backend: Backend) {
    let n = Arc::new(noord(backend).await);
    let clients: Vec<(ClientId,)> = app::on_db!(&n.app.db, p => sqlx::query_as(&format!(
        "SELECT id FROM clients WHERE team_id = {} ORDER BY id LIMIT 20", n.team)).fetch_all(p).await)
        .expect("clients");
    let mut work = tokio::task::JoinSet::new();
    for i in 0..40 {
        let n = n.clone();
        let client = clients[i % clients.len()].0;
        work.spawn(async move {
            let primary = if i % 2 == 0 { n.mehmet_id } else { n.sanne_id }.to_string();
            let reply = n
                .app
                .send(
                    Some(&n.leader),
                    AssignClient {
                        client,
                        primary: primary.to_string(),
                        secondary: String::new(),
                    },
                )
                .await;
            let page = n.app.get("/caseload", Some(&n.mehmet), &[]).await;
            (reply.status, reply.body, page.status)
        });
    }
    while let Some(done) = work.join_next().await {
        let (status, body, page) = done.expect("task");
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(page, StatusCode::OK);
    }
}

/// Two people creating the same account at once: one succeeds, the other reads "already taken".
async fn a_unique_race_is_a_field_error(backend: Backend) {
    let app = Arc::new(TestApp::with_demo(backend).await);
    let admin = app.login("beheer@linde.demo", DEMO_PASSWORD).await;
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (app, admin) = (app.clone(), admin.clone());
        tries.spawn(async move {
            app.send(
                Some(&admin),
                CreateAccount {
                    email: "tegelijk@linde.demo".to_owned(),
                    display_name: "Tegelijk".to_owned(),
                    team: String::new(),
                    role: String::new(),
                    fte: String::new(),
                },
            )
            .await
        });
    }
    let mut created = 0;
    while let Some(reply) = tries.join_next().await {
        let reply = reply.expect("task");
        if reply.status == StatusCode::OK {
            created += 1;
        } else {
            let err: AppError = serde_json::from_str(&reply.body).expect("error body");
            assert_eq!(
                err.at_field("email"),
                Some(FieldProblem::AlreadyTaken),
                "{err:?}"
            );
        }
    }
    assert_eq!(created, 1);
}

on_both_databases!(
    the_session_store_is_written_only_when_a_session_changes,
    parallel_guessing_gets_no_more_checks_than_the_limit,
    a_burst_from_one_address_does_not_lock_out_colleagues,
    cheap_checks_come_first,
    the_forwarded_address_is_the_one_the_proxy_saw,
    taking_over_an_account_ends_its_sessions_visibly,
    status_changes_that_make_no_sense_are_refused,
    cross_site_and_undecodable_requests_are_refused,
    concurrent_writes_all_succeed,
    an_oversized_import_is_a_field_error,
    a_unique_race_is_a_field_error,
    a_page_not_yours_says_so,
    another_organisations_accounts_stay_unseen,
);

/// Two app servers on one PostgreSQL: a log-in made on one is valid on the other, and a job's
/// tick runs on one of them only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_behave_as_one() {
    let db = fresh_db(Backend::Postgres).await;
    draagkracht::demo::seed(&db).await.expect("demo");
    let first = TestApp::on(db.clone()).await;
    let second_db = app::db::Db::connect(&match &db {
        app::db::Db::Postgres(p) => {
            let opts = p.connect_options();
            format!(
                "postgres://{}@{}:{}/{}",
                opts.get_username(),
                opts.get_host(),
                opts.get_port(),
                opts.get_database().unwrap_or("postgres")
            )
        }
        app::db::Db::Sqlite(_) => unreachable!("a PostgreSQL test"),
    })
    .await
    .expect("second pool");
    let second = TestApp::on(second_db.clone()).await;
    let cookie = first.login("leider@linde.demo", DEMO_PASSWORD).await;
    assert!(signed_in(&second, &cookie).await, "the session is shared");
    drop(build_router(
        &second_db,
        DbSessionStore::for_db(&second_db).await.expect("store"),
    ));

    let now = chrono::Utc::now();
    let every = std::time::Duration::from_secs(300);
    let (a, b) = tokio::join!(
        app::jobs::store::claim_tick(&db, "rules", every, now),
        app::jobs::store::claim_tick(&second_db, "rules", every, now),
    );
    let ran = [a.expect("claim"), b.expect("claim")];
    assert_eq!(ran.iter().filter(|r| **r).count(), 1, "{ran:?}");
    let later = now + chrono::Duration::seconds(301);
    assert!(
        app::jobs::store::claim_tick(&second_db, "rules", every, later)
            .await
            .expect("claim")
    );
}

/// An admin creating an account learns nothing about another organisation's accounts: an email
/// in use elsewhere is created like any other, and its holder reaches each organisation with
/// that organisation's password.
async fn another_organisations_accounts_stay_unseen(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let anker = app.login("beheer@anker.demo", DEMO_PASSWORD).await;
    let create = |email: &'static str| {
        let (app, anker) = (&app, anker.clone());
        async move {
            app.send(
                Some(&anker),
                CreateAccount {
                    email: email.to_string(),
                    display_name: "Dubbel".to_owned(),
                    team: String::new(),
                    role: String::new(),
                    fte: String::new(),
                },
            )
            .await
        }
    };
    let new = create("nieuw@anker.demo").await;
    let elsewhere = create("medewerker@linde.demo").await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
    let link: app::teams::model::OneTimeLink =
        serde_json::from_str(&elsewhere.body).expect("a link");
    let token = link.url.rsplit('/').next().expect("token").to_owned();
    let password = "een heel ander wachtwoord";
    let reply = app
        .send(
            None,
            SetPassword {
                token: token.to_string(),
                password: password.to_string(),
                password_repeat: password.to_string(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let organisation = |cookie: String| {
        let app = &app;
        async move {
            let me: Option<app::auth::model::Actor> = app.send_ok(Some(&cookie), Me {}).await;
            me.expect("signed in").organisation_name
        }
    };
    let linde = organisation(app.login("medewerker@linde.demo", DEMO_PASSWORD).await).await;
    let other = organisation(app.login("medewerker@linde.demo", password).await).await;
    assert_ne!(linde, other);
    // Within one organisation an email is still taken.
    let again = create("medewerker@linde.demo").await;
    let err: AppError = serde_json::from_str(&again.body).expect("error");
    assert_eq!(err.at_field("email"), Some(FieldProblem::AlreadyTaken));
}

/// A session that is not the reader's to see says so, not "something went wrong on our side".
async fn a_page_not_yours_says_so(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let facilitator = app.login("gespreksleider@linde.demo", DEMO_PASSWORD).await;
    let me = crate::fixtures::user(&app, "gespreksleider@linde.demo").await;
    let not_theirs = app
        .id(&format!(
            "SELECT MIN(s.id) FROM sessions s WHERE s.facilitator_id <> {me} AND s.team_id NOT IN \
             (SELECT team_id FROM memberships WHERE user_id = {me}) AND NOT EXISTS \
             (SELECT 1 FROM session_participants p WHERE p.session_id = s.id AND p.user_id = {me})"
        ))
        .await;
    let page = app
        .get(&format!("/sessions/{not_theirs}"), Some(&facilitator), &[])
        .await;
    assert!(
        page.body
            .contains("Dit bestaat niet, of het is niet voor jou om te zien."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Er ging iets mis aan onze kant"));
}
