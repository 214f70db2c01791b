//! The organisation's archive through the real router on SQLite and PostgreSQL: one ZIP with a
//! CSV file per kind of record and a manifest; only the organisation's own records, and nothing
//! private to a person.

use std::collections::HashMap;

use app::privacy::archive::api::ArchiveContents;
use app::privacy::archive::model::{ArchiveFile, Manifest};
use app::privacy::archive::views::ArchivePreview;
use app::shared::ids::SignalId;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use draagkracht::demo::DEMO_PASSWORD;
use std::io::Read;

use crate::common::Backend;
use crate::fixtures::noord;

const ADMIN: &str = "beheer@linde.demo";

/// Every file of the archive by name, as text; each entry's checksum is checked as it is read.
fn unzip(bytes: Vec<u8>) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut files = HashMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("the entry reads");
        files.insert(entry.name().to_owned(), text);
    }
    files
}

async fn an_admin_downloads_the_organisations_archive_without_private_notes(backend: Backend) {
    let n = noord(backend).await;
    let app = &n.app;
    let _: SignalId = app
        .send_ok(
            Some(&n.mehmet),
            n.signal("", "Kwikstaart: alleen voor mij", "private"),
        )
        .await;
    let _: SignalId = app
        .send_ok(
            Some(&n.mehmet),
            n.signal("", "Boomklever: gedeeld, notitie blijft van mij", "team"),
        )
        .await;
    let admin = app.login(ADMIN, DEMO_PASSWORD).await;

    let preview: ArchivePreview = app.send_ok(Some(&admin), ArchiveContents {}).await;
    assert_eq!(preview.files.len(), ArchiveFile::ALL.len());

    let reply = app
        .request(
            Request::get("/admin/archive.zip")
                .header(header::COOKIE, &admin)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/zip"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let files = unzip(reply.bytes);

    let manifest: Manifest =
        serde_json::from_str(&files["manifest.json"]).expect("the manifest reads");
    assert_eq!(manifest.files.len(), ArchiveFile::ALL.len());
    assert!(
        manifest.left_out.iter().any(|l| l.contains("Notities")),
        "says what is left out"
    );
    for (listed, counted) in manifest.files.iter().zip(&preview.files) {
        let text = &files[&listed.name];
        assert_eq!(
            text.lines().count() as u64,
            listed.rows + 1,
            "{}: a header and its rows",
            listed.name
        );
        // The download is itself logged before the log is written into the archive.
        let logged = u64::from(listed.name == "access_log.csv");
        assert_eq!(
            listed.rows,
            counted.rows + logged,
            "{}: the page counted what the archive holds",
            listed.name
        );
        assert_eq!(
            text.lines().next().unwrap(),
            listed.columns.join(","),
            "{}",
            listed.name
        );
    }

    let all = files.values().cloned().collect::<Vec<_>>().join("\n");
    assert!(
        !all.contains("Kwikstaart") && !all.contains("Boomklever"),
        "no signal note"
    );
    assert!(
        !all.contains("@anker.demo") && !all.contains("Ambulant Team West"),
        "only its own"
    );
    assert!(files["teams.csv"].contains("Wijkteam Noord"));
    assert!(files["people.csv"].contains("medewerker@linde.demo"));
    let shared = app
        .count(
            "SELECT COUNT(*) FROM stuck_signals s JOIN teams t ON t.id = s.team_id \
             JOIN organisations o ON o.id = t.organisation_id \
             WHERE o.name = 'Zorggroep De Linde' AND s.visibility <> 'private'",
        )
        .await;
    assert_eq!(
        files["signals.csv"].lines().count() as i64,
        shared + 1,
        "no private signal"
    );
    let fte_column = files["memberships.csv"]
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "fte")
        .unwrap();
    assert!(
        files["memberships.csv"].lines().skip(1).all(|l| !l
            .split(',')
            .nth(fte_column)
            .unwrap()
            .is_empty()),
        "every cell of a column that is never empty reads on both databases"
    );
    assert!(
        files["access_log.csv"].starts_with("id,at,actor_user_id,action,subject,client_id,address")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.organisation'")
            .await,
        1
    );

    // Only an admin downloads it.
    let member = app
        .request(
            Request::get("/admin/archive.zip")
                .header(header::COOKIE, &n.leader)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);
    let nobody = app.get("/admin/archive.zip", None, &[]).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
}

on_both_databases!(an_admin_downloads_the_organisations_archive_without_private_notes,);
