//! The CSV import is all or nothing, and importing twice changes nothing.

use app::caseload::import::api::ApplyImport;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::noord;
use app::caseload::views::ImportCheck;

const GOOD_CSV: &str = include_str!("../../../../end2end/fixtures/caseload-goed.csv");

const BAD_CSV: &str = include_str!("../../../../end2end/fixtures/caseload-met-fout.csv");

async fn csv_import_is_all_or_nothing_and_idempotent(backend: Backend) {
    let n = noord(backend).await;
    let before = n.app.count("SELECT COUNT(*) FROM clients").await;
    let check: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: BAD_CSV.to_string(),
            },
        )
        .await;
    assert!(check.applied.is_none());
    let bad: Vec<usize> = check
        .preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| r.line)
        .collect();
    assert_eq!(bad, vec![5], "exactly the bad row is named");
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM clients").await,
        before,
        "nothing was imported"
    );

    let check: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: GOOD_CSV.to_string(),
            },
        )
        .await;
    let done = check.applied.expect("a clean file is applied");
    assert_eq!((done.created, done.updated), (8, 0));
    let snapshot = n.app.count("SELECT COUNT(*) FROM assignments").await
        + n.app
            .count("SELECT COUNT(*) FROM avoidance_observations")
            .await
        + n.app.count("SELECT COUNT(*) FROM client_domains").await;
    let again: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: GOOD_CSV.to_string(),
            },
        )
        .await;
    let done = again.applied.unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (0, 0, 8));
    let after = n.app.count("SELECT COUNT(*) FROM assignments").await
        + n.app
            .count("SELECT COUNT(*) FROM avoidance_observations")
            .await
        + n.app.count("SELECT COUNT(*) FROM client_domains").await;
    assert_eq!(
        snapshot, after,
        "re-importing the same file changes nothing"
    );

    // The export opens in a spreadsheet and re-imports without changes.
    let reply = n
        .app
        .get(
            &format!("/teams/{}/caseload.csv", n.team),
            Some(&n.leader),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(reply.body.contains("K-2001"));
    let round: ImportCheck = n
        .app
        .send_ok(
            Some(&n.leader),
            ApplyImport {
                team: n.team_id,
                text: reply.body.to_string(),
            },
        )
        .await;
    let done = round.applied.expect("the export is a clean import");
    assert_eq!(
        (done.created, done.updated),
        (0, 0),
        "export → import changes nothing"
    );
    let reply = n
        .app
        .get(
            &format!("/teams/{}/caseload.csv", n.team),
            Some(&n.mehmet),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

on_both_databases!(csv_import_is_all_or_nothing_and_idempotent,);
