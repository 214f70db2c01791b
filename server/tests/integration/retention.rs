//! Retention through the real router and the daily job, on SQLite and PostgreSQL: the admin
//! sets the organisation's periods, bad periods are refused at their field, and the job removes
//! what is older, for each organisation by its own periods, once across servers.

use app::caseload::clients::api::CloseClient;
use app::error::{AppError, FieldProblem};
use app::privacy::retention::api::{RetentionSettings, SaveRetention};
use app::privacy::retention::model::RetentionPeriods;
use app::privacy::retention::views::RetentionView;
use app::shared::ids::ClientId;
use chrono::{Duration, Months, Utc};
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::{Backend, TestApp};
use crate::fixtures::noord;

const ADMIN: &str = "beheer@linde.demo";

fn periods(all_months: &str, access_log: &str, login_days: &str) -> SaveRetention {
    SaveRetention {
        closed_clients_months: all_months.into(),
        signal_notes_months: all_months.into(),
        login_attempts_days: login_days.into(),
        notifications_months: all_months.into(),
        session_notes_months: all_months.into(),
        access_log_months: access_log.into(),
    }
}

async fn an_admin_sets_the_periods_and_bad_ones_are_refused_at_their_field(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let view: RetentionView = app.send_ok(Some(&admin), RetentionSettings {}).await;
    assert_eq!(
        view.periods,
        RetentionPeriods::default(),
        "the defaults to start with"
    );
    assert!(view.last_applied.is_none());

    let err = app.send_err(Some(&admin), periods("12", "6", "30")).await;
    assert_eq!(
        err.at_field("access_log_months"),
        Some(FieldProblem::OutOfRange)
    );
    let err = app
        .send_err(Some(&admin), periods("twaalf", "60", "30"))
        .await;
    assert_eq!(
        err.at_field("closed_clients_months"),
        Some(FieldProblem::OutOfRange)
    );
    let err = app.send_err(Some(&admin), periods("12", "60", "")).await;
    assert_eq!(
        err.at_field("login_attempts_days"),
        Some(FieldProblem::Required)
    );
    let still: RetentionView = app.send_ok(Some(&admin), RetentionSettings {}).await;
    assert_eq!(
        still.periods,
        RetentionPeriods::default(),
        "nothing half-saved"
    );

    let member = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    assert_eq!(
        app.send_err(Some(&member), periods("3", "24", "7")).await,
        AppError::Forbidden
    );

    let _: () = app.send_ok(Some(&admin), periods("3", "24", "7")).await;
    let saved: RetentionView = app.send_ok(Some(&admin), RetentionSettings {}).await;
    assert_eq!(saved.periods.closed_clients_months, 3);
    assert_eq!(saved.periods.access_log_months, 24);
    assert_eq!(saved.periods.login_attempts_days, 7);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.settings'")
            .await,
        1
    );
    let page = app.get("/admin/retention", Some(&admin), &[]).await;
    assert!(page.body.contains("Bewaartermijnen"), "{}", page.body);
}

async fn the_daily_job_removes_what_is_older_per_organisation(backend: Backend) {
    let n = noord(backend).await;
    let app = &n.app;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    // Linde keeps everything one month (the access log a year); Anker keeps the defaults.
    let _: () = app.send_ok(Some(&admin), periods("1", "12", "1")).await;
    let client = ClientId(
        app.id(&format!(
            "SELECT id FROM clients WHERE team_id = {} AND status = 'active' ORDER BY id LIMIT 1",
            n.team_id.0
        ))
        .await,
    );
    let _: () = app.send_ok(Some(&n.leader), CloseClient { client }).await;
    let linde = app
        .id("SELECT id FROM organisations WHERE name = 'Zorggroep De Linde'")
        .await;
    let anker = app
        .id("SELECT id FROM organisations WHERE name = 'Stichting Het Anker'")
        .await;
    let notes_of = |org: i64| {
        format!(
            "SELECT COUNT(*) FROM stuck_signals s JOIN teams t ON t.id = s.team_id \
             WHERE t.organisation_id = {org} AND s.note <> ''"
        )
    };
    let anker_notes = app.count(&notes_of(anker)).await;
    assert!(
        app.count(&notes_of(linde)).await > 0 && anker_notes > 0,
        "the demo has notes"
    );

    // Forty days on: Linde's month has passed for everything made today.
    let later = Utc::now() + Duration::days(40);
    let anker_kept = app
        .count(&format!(
            "SELECT COUNT(*) FROM stuck_signals s JOIN teams t ON t.id = s.team_id \
             WHERE t.organisation_id = {anker} AND s.note <> '' AND s.created_at >= '{}'",
            sql_time(
                later
                    .checked_sub_months(Months::new(12))
                    .expect("a year back")
            )
        ))
        .await;
    let said = format!(
        "SELECT COUNT(*) FROM sessions s JOIN teams t ON t.id = s.team_id WHERE t.organisation_id = {linde} \
         AND s.status <> 'planned' AND (s.question <> '' OR s.insights <> '')"
    );
    assert!(app.count(&said).await > 0, "the demo has sessions held");
    let done = app::privacy::retention::service::apply_all(&app.db, later)
        .await
        .expect("retention applies");
    assert_eq!(done.len(), 2, "both organisations");

    assert_eq!(
        app.count(&notes_of(linde)).await,
        0,
        "Linde's notes are emptied"
    );
    assert_eq!(app.count(&said).await, 0, "what was said in sessions goes");
    assert_eq!(
        app.count(&notes_of(anker)).await,
        anker_kept,
        "Anker keeps its own year"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM clients WHERE id = {}",
            client.0
        ))
        .await,
        0,
        "the closed client is erased"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM assignments WHERE client_id = {}",
            client.0
        ))
        .await,
        0
    );
    assert!(
        app.count("SELECT COUNT(*) FROM stuck_signals").await > 0,
        "signals stay as counts"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.organisation_id = {linde}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM login_attempts WHERE account_key IN (SELECT LOWER(email) FROM users WHERE organisation_id = {linde})"
        ))
        .await,
        0,
        "the logins of this test are a month old by then"
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE organisation_id = {linde} AND action = 'retention.apply'"
        ))
        .await,
        1,
        "the job's work is logged"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.settings'")
            .await,
        1,
        "the access log keeps its year"
    );
    // The admin's own sign-in was a month old by then, and went too.
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;
    let view: RetentionView = app.send_ok(Some(&admin), RetentionSettings {}).await;
    let (_, what) = view.last_applied.expect("the page says when it last ran");
    assert!(
        what.starts_with("clients:") && !what.starts_with("clients:0 "),
        "{what}"
    );
}

/// How the databases compare a timestamp with text: the same RFC 3339 form the app writes.
fn sql_time(t: chrono::DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

async fn the_job_runs_once_a_day_however_many_servers_ask(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let (db1, db2, db3) = (app.db.clone(), app.db.clone(), app.db.clone());
    tokio::join!(
        draagkracht::retention_job::run_if_due(&db1),
        draagkracht::retention_job::run_if_due(&db2),
        draagkracht::retention_job::run_if_due(&db3),
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.apply'")
            .await,
        2,
        "one run: one entry per organisation"
    );
    draagkracht::retention_job::run_if_due(&app.db).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.apply'")
            .await,
        2,
        "not again the same day"
    );
}

/// More old rows than one batch of the job touches: they all go, batch after batch, and the
/// recent ones stay.
async fn more_than_a_batch_goes_in_batches(backend: Backend) {
    use app::privacy::retention::store::BATCH;
    let app = TestApp::with_demo(backend).await;
    let mehmet = app
        .id("SELECT id FROM users WHERE email = 'medewerker@linde.demo'")
        .await;
    let linde = app
        .id("SELECT id FROM organisations WHERE name = 'Zorggroep De Linde'")
        .await;
    let old = Utc::now() - Duration::days(800);
    let rows = i64::try_from(BATCH).expect("small") * 2 + 345;
    let notifications = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3) \
         INSERT INTO notifications (user_id, kind, created_at) SELECT $1, 'proposal', $2 FROM n";
    let access_log = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3) \
         INSERT INTO audit_log (organisation_id, actor_user_id, action, subject, address, at) \
         SELECT $1, NULL, 'client.view', 'client:1', '', $2 FROM n";
    let ceremony = "INSERT INTO passkey_ceremonies (id, user_id, kind, state, created_at) \
         VALUES ('vergeten', $1, 'log_in', '{}', $2)";
    app::on_db!(&app.db, p => async {
        sqlx::query(notifications).bind(mehmet).bind(old).bind(rows).execute(p).await?;
        sqlx::query(access_log).bind(linde).bind(old - Duration::days(3000)).bind(rows).execute(p).await?;
        sqlx::query(access_log).bind(linde).bind(Utc::now()).bind(3_i64).execute(p).await?;
        sqlx::query(ceremony).bind(mehmet).bind(old).execute(p).await.map(|_| ())
    }.await)
    .expect("old rows made");
    let recent_log = app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE organisation_id = {linde}"
        ))
        .await
        - rows;
    assert!(recent_log >= 3, "three entries of today");

    let done = app::privacy::retention::service::apply_all(&app.db, Utc::now())
        .await
        .expect("retention applies");
    let (_, applied) = done.iter().find(|(org, _)| org.0 == linde).expect("Linde");
    assert_eq!(
        applied.notifications,
        u64::try_from(rows).expect("positive")
    );
    assert_eq!(applied.access_log, u64::try_from(rows).expect("positive"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {mehmet} AND created_at < '{}'",
            sql_time(Utc::now() - Duration::days(400))
        ))
        .await,
        0
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE organisation_id = {linde} AND action <> 'retention.apply'"))
            .await,
        recent_log,
        "only the old entries go"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM passkey_ceremonies").await,
        0,
        "an unanswered passkey challenge goes after a day"
    );
}

on_both_databases!(
    an_admin_sets_the_periods_and_bad_ones_are_refused_at_their_field,
    the_daily_job_removes_what_is_older_per_organisation,
    the_job_runs_once_a_day_however_many_servers_ask,
    more_than_a_batch_goes_in_batches,
);
