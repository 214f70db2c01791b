//! The access log (NEN 7513) through the real router on SQLite and PostgreSQL: opening a client's
//! file is logged with its address; the admin filters by person, client, action and period and
//! exports the selection; the person who carries the client sees who opened it.

use app::audit::api::{AccessLog, WhoOpenedMyClients};
use app::audit::views::{AccessLogView, LogEntry};
use app::caseload::clients::api::ClientDetail;
use app::error::{AppError, FieldProblem};
use app::shared::ids::ClientId;
use axum::http::StatusCode;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::Backend;
use crate::fixtures::noord;

const ADMIN: &str = "beheer@linde.demo";

fn filter(person: &str, client: &str, action: &str, from: &str, to: &str) -> AccessLog {
    AccessLog {
        person: person.into(),
        client: client.into(),
        action: action.into(),
        from: from.into(),
        to: to.into(),
    }
}

async fn the_admin_sees_who_opened_a_client_and_exports_it(backend: Backend) {
    let n = noord(backend).await;
    let (client, code): (i64, String) = app::on_db!(&n.app.db, p => sqlx::query_as(
        "SELECT c.id, c.code FROM clients c JOIN assignments a ON a.client_id = c.id JOIN users u ON u.id = a.user_id \
         WHERE u.email = 'medewerker@linde.demo' AND a.to_date IS NULL AND c.status = 'active' ORDER BY c.id LIMIT 1")
        .fetch_one(p).await).expect("a client of Mehmet");
    n.app
        .send_ok(
            Some(&n.leader),
            ClientDetail {
                client: ClientId(client),
            },
        )
        .await;
    let admin = n.app.login(ADMIN, DEMO_PASSWORD).await;

    let today = chrono::Utc::now().date_naive().to_string();
    let log: AccessLogView = n
        .app
        .send_ok(
            Some(&admin),
            filter(&n.leader_id.to_string(), &code, "client", &today, &today),
        )
        .await;
    let opened: Vec<&LogEntry> = log
        .entries
        .iter()
        .filter(|e| e.action == "client.view")
        .collect();
    assert_eq!(opened.len(), 1, "{:?}", log.entries);
    assert_eq!(opened[0].client_code.as_deref(), Some(code.as_str()));
    assert_eq!(opened[0].who, "Lotte de Leeuw");
    assert!(!opened[0].address.is_empty(), "from which address");
    let other: AccessLogView = n
        .app
        .send_ok(
            Some(&admin),
            filter(&n.sanne_id.to_string(), &code, "client", "", ""),
        )
        .await;
    assert!(other.entries.is_empty(), "Sanne did not open it");

    let bad = n
        .app
        .send_err(Some(&admin), filter("", "", "", "2026-03-02", "2026-03-01"))
        .await;
    assert_eq!(bad.at_field("to"), Some(FieldProblem::OutOfRange));
    let forbidden = n
        .app
        .send_err(Some(&n.leader), filter("", "", "", "", ""))
        .await;
    assert_eq!(
        forbidden,
        AppError::Forbidden,
        "only the admin reads the whole log"
    );

    let csv = n
        .app
        .get(
            &format!(
                "/admin/access-log.csv?person={}&client={code}&action=client",
                n.leader_id
            ),
            Some(&admin),
            &[],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert!(
        rows.iter()
            .any(|r| &r[2] == "client.view" && &r[4] == code.as_str())
    );
    let refused = n
        .app
        .get("/admin/access-log.csv", Some(&n.leader), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let exported = n
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.access_log'")
        .await;
    assert_eq!(exported, 1, "exporting the log is logged too");

    let mine: Vec<LogEntry> = n.app.send_ok(Some(&n.mehmet), WhoOpenedMyClients {}).await;
    assert!(
        mine.iter()
            .any(|e| e.who == "Lotte de Leeuw" && e.client_code.as_deref() == Some(code.as_str())),
        "the person who carries the client sees who opened it: {mine:?}"
    );
    let sanne: Vec<LogEntry> = n.app.send_ok(Some(&n.sanne), WhoOpenedMyClients {}).await;
    assert!(
        sanne
            .iter()
            .all(|e| e.client_code.as_deref() != Some(code.as_str()))
    );
}

on_both_databases!(the_admin_sees_who_opened_a_client_and_exports_it,);
