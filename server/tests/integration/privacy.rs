//! Data rights through the real router on SQLite and PostgreSQL: the personal export holds the
//! person's own private note and nobody else's.

use app::privacy::export::views::PersonalExport;
use app::shared::ids::SignalId;
use app::signals::api::LogSignal;
use axum::http::StatusCode;

use crate::common::Backend;
use crate::fixtures::noord;

async fn a_person_downloads_their_own_data_with_their_private_note(backend: Backend) {
    let n = noord(backend).await;
    let client = n
        .app
        .id("SELECT c.id FROM clients c JOIN assignments a ON a.client_id = c.id JOIN users u ON u.id = a.user_id \
             WHERE u.email = 'medewerker@linde.demo' AND a.to_date IS NULL ORDER BY c.id LIMIT 1")
        .await;
    let _: SignalId = n
        .app
        .send_ok(
            Some(&n.mehmet),
            LogSignal {
                team: n.team_id,
                client: client.to_string(),
                intensity: "6".into(),
                kinds: "relationship".into(),
                strain: "energy".into(),
                reaction: "do_more".into(),
                moral_dilemma: String::new(),
                note: "Ijsvogel: alleen voor mij".into(),
                visibility: "private".into(),
            },
        )
        .await;

    let mut laptop = crate::passkeys::Device::new();
    crate::passkeys::add_passkey(&n.app, &n.mehmet, &mut laptop, "Laptop kantoor")
        .await
        .expect("a passkey");
    let reply = n
        .app
        .get("/account/export.json", Some(&n.mehmet), &[])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
        "a download"
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let export: PersonalExport = serde_json::from_str(&reply.body).expect("the export reads back");
    assert_eq!(export.account.email, "medewerker@linde.demo");
    assert!(
        export
            .signals
            .iter()
            .any(|s| s.note == "Ijsvogel: alleen voor mij")
    );
    assert!(!export.memberships.is_empty());
    assert!(!export.sign_ins.is_empty());
    let factors = &export.second_factors;
    assert_eq!(factors.passkeys.len(), 1);
    assert_eq!(factors.passkeys[0].name, "Laptop kantoor");
    assert_eq!(factors.recovery_codes_left, 10);
    assert!(factors.authenticator_app_since.is_none());
    let stored = n
        .app
        .count("SELECT COUNT(*) FROM passkeys WHERE credential LIKE '%cred_id%'")
        .await;
    assert_eq!(stored, 1, "the server keeps the passkey's key");
    assert!(
        !reply.body.contains("cred_id") && !reply.body.contains("user_handle"),
        "the passkey's keys stay on the server"
    );
    assert!(
        export.not_included.iter().any(|s| s.contains("evaluaties")),
        "says why evaluations are left out"
    );

    let sanne = n.app.get("/account/export.json", Some(&n.sanne), &[]).await;
    assert_eq!(sanne.status, StatusCode::OK);
    assert!(
        !sanne.body.contains("Ijsvogel"),
        "another person's export holds no one else's note"
    );
    let nobody = n.app.get("/account/export.json", None, &[]).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    let audited = n
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.personal'")
        .await;
    assert_eq!(audited, 2);
}

on_both_databases!(a_person_downloads_their_own_data_with_their_private_note,);
