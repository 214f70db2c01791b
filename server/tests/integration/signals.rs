//! Stuck signals and proposals through the real router on both databases: a note is its
//! author's alone on every path, private signals lead to private proposals only, a moral
//! dilemma shared with the leader becomes moreel beraad, decisions are kept, and only leaders
//! edit limits and see team trends.

use app::limits::api::DecideProposal;
use app::limits::api::LimitsEditor;
use app::shared::ids::ClientId;
use app::shared::ids::SignalId;
use app::signals::api::DeleteSignal;
use app::signals::api::LogSignal;
use app::signals::api::MySignals;
use app::signals::api::NoteMovement;
use app::signals::api::ResolveSignal;
use app::signals::api::TeamSignals;
use axum::http::StatusCode;

use crate::common::{Backend, TestApp};
use crate::fixtures::{Noord, noord};
use app::error::{AppError, FieldProblem};
use app::limits::api::{EvaluateTeam, Inbox};
use app::limits::views::{LimitsOverview, ProposalInbox, ProposalRow, ProposalStatus};
use app::signals::views::{MySignalsOverview, TeamSignalsOverview};
use draagkracht::demo::DEMO_PASSWORD;

/// One of Mehmet's current clients that nobody logged a signal on yet, so the test's
/// proposals are its own and not the demo's.
async fn quiet_client_of_mehmet(app: &TestApp, skip: ClientId) -> (ClientId, String) {
    let sql = format!(
        "SELECT c.id FROM clients c JOIN assignments a ON a.client_id = c.id JOIN users u ON u.id = a.user_id \
         WHERE u.email = 'medewerker@linde.demo' AND a.to_date IS NULL AND c.status = 'active' AND c.id <> {skip} \
         AND NOT EXISTS (SELECT 1 FROM stuck_signals s WHERE s.client_id = c.id) ORDER BY c.id LIMIT 1"
    );
    let id = ClientId(app.id(&sql).await);
    let (code,): (String,) = app::on_db!(&app.db, p => sqlx::query_as("SELECT code FROM clients WHERE id = $1").bind(id).fetch_one(p).await).expect("code");
    (id, code)
}

async fn log(
    n: &Noord,
    session: &str,
    client: &str,
    visibility: &str,
    moral: bool,
    note: &str,
) -> SignalId {
    n.app
        .send_ok(
            Some(session),
            LogSignal {
                team: n.team_id,
                client: client.to_owned(),
                intensity: "7".to_owned(),
                kinds: "relationship,emotion".to_owned(),
                strain: "energy".to_owned(),
                reaction: "do_more".to_owned(),
                moral_dilemma: if moral { "on" } else { "" }.to_owned(),
                note: note.to_owned(),
                visibility: visibility.to_owned(),
            },
        )
        .await
}

fn about<'a>(rows: &'a [ProposalRow], code: &str) -> Vec<&'a ProposalRow> {
    rows.iter().filter(|p| p.subject_name == code).collect()
}

async fn a_note_is_readable_only_by_its_author(backend: Backend) {
    let n = noord(backend).await;
    let (client, _) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    let secret = "Zwaluwstaart-geheim: ik twijfel aan mezelf";
    let id = log(&n, &n.mehmet, &client.to_string(), "team", false, secret).await;

    let mine: MySignalsOverview = n.app.send_ok(Some(&n.mehmet), MySignals {}).await;
    let own = mine
        .signals
        .iter()
        .find(|s| s.id == id)
        .expect("own signal listed");
    assert_eq!(own.note, secret);

    // Every other path, for the leader and a colleague: server functions and rendered pages.
    for session in [&n.leader, &n.sanne] {
        for endpoint in ["my_signals", "inbox"] {
            let reply = n.app.call(endpoint, Some(session), &[]).await;
            assert_eq!(reply.status, StatusCode::OK, "{endpoint}: {}", reply.body);
            assert!(
                !reply.body.contains("Zwaluwstaart"),
                "{endpoint} leaked the note"
            );
        }
        for page in [
            "/signals",
            "/proposals",
            &format!("/teams/{}/signals", n.team),
        ] {
            let reply = n.app.get(page, Some(session), &[]).await;
            assert!(
                !reply.body.contains("Zwaluwstaart"),
                "{page} leaked the note"
            );
        }
    }
    let team: TeamSignalsOverview = n
        .app
        .send_ok(Some(&n.leader), TeamSignals { team: n.team_id })
        .await;
    assert!(
        team.shared.iter().any(|s| s.id == id),
        "a team signal is shared"
    );
    let reply = n
        .app
        .send(Some(&n.leader), TeamSignals { team: n.team_id })
        .await;
    assert!(!reply.body.contains("Zwaluwstaart"));
    // The colleague sees that it exists (visibility: team), without the note.
    let sanne: MySignalsOverview = n.app.send_ok(Some(&n.sanne), MySignals {}).await;
    assert!(sanne.shared_by_team.iter().any(|s| s.id == id));
    // Nor does the audit trail hold it.
    let audited = n
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE subject LIKE '%Zwaluwstaart%'")
        .await;
    assert_eq!(audited, 0);
}

async fn private_signals_make_a_private_proposal_the_leader_never_sees(backend: Backend) {
    let n = noord(backend).await;
    let (client, code) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    for _ in 0..3 {
        log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    }
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let proposals = about(&mine.mine, &code);
    assert_eq!(
        proposals.len(),
        1,
        "one private proposal about {code}: {:?}",
        mine.mine
    );
    let proposal = proposals[0];
    assert_eq!(proposal.status, ProposalStatus::Open);
    assert_eq!(proposal.measured, 3.0);
    assert_eq!(proposal.window_weeks, Some(6));

    let leader: ProposalInbox = n.app.send_ok(Some(&n.leader), Inbox {}).await;
    assert!(
        about(&leader.team, &code).is_empty(),
        "the leader sees nothing yet"
    );
    let trend: TeamSignalsOverview = n
        .app
        .send_ok(Some(&n.leader), TeamSignals { team: n.team_id })
        .await;
    assert!(
        trend.repeated.iter().all(|(_, c)| c != &code),
        "nor in the trends"
    );

    // Accepting is choosing to bring it: now the leader sees it, to plan.
    let id = proposal.id;
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            DecideProposal {
                proposal: id,
                decision: "accepted".to_owned(),
                reason: "Het zit me erg dwars".to_owned(),
                until: String::new(),
            },
        )
        .await;
    let leader: ProposalInbox = n.app.send_ok(Some(&n.leader), Inbox {}).await;
    let seen = about(&leader.team, &code);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].status, ProposalStatus::Accepted);
    assert_eq!(seen[0].decisions.len(), 1, "the decision is kept");
    assert_eq!(
        seen[0].decisions[0].reason, "",
        "the reason stays with its author"
    );
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    assert_eq!(
        about(&mine.mine, &code)[0].decisions[0].reason,
        "Het zit me erg dwars"
    );

    // A fourth, private signal neither proposes again nor changes what the leader sees: the
    // decided proposal is finished.
    log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    let leader: ProposalInbox = n.app.send_ok(Some(&n.leader), Inbox {}).await;
    assert_eq!(about(&leader.team, &code)[0].measured, 3.0);

    let count = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM proposals WHERE kind = 'signals_on_client' AND subject_id = {client}"
        ))
        .await;
    assert_eq!(count, 1);

    // Once the decision lies a window back and the signals keep coming, the rules invite
    // again with a new proposal; the accepted one stays as it was.
    let long_ago = chrono::Utc::now() - chrono::Duration::weeks(10);
    app::on_db!(&n.app.db, p => sqlx::query("UPDATE proposals SET updated_at = $1 WHERE id = $2")
        .bind(long_ago).bind(proposal.id).execute(p).await.map(|_| ()))
    .expect("age the decision");
    log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let statuses: Vec<ProposalStatus> = about(&mine.mine, &code).iter().map(|p| p.status).collect();
    assert_eq!(statuses.len(), 2, "{statuses:?}");
    assert!(
        statuses.contains(&ProposalStatus::Open) && statuses.contains(&ProposalStatus::Accepted)
    );
}

async fn a_shared_moral_dilemma_proposes_moreel_beraad_to_the_leader(backend: Backend) {
    let n = noord(backend).await;
    let (client, code) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    log(&n, &n.mehmet, &client.to_string(), "leader", true, "").await;
    let leader: ProposalInbox = n.app.send_ok(Some(&n.leader), Inbox {}).await;
    let proposals = about(&leader.team, &code);
    assert_eq!(proposals.len(), 1, "{:?}", leader.team);
    assert_eq!(
        proposals[0].proposes,
        app::limits::model::Proposes::MoralDeliberation
    );
    assert_eq!(proposals[0].private_to, None);

    // The same dilemma kept private goes to Mehmet alone.
    let (other, other_code) = quiet_client_of_mehmet(&n.app, client).await;
    log(&n, &n.mehmet, &other.to_string(), "private", true, "").await;
    let leader: ProposalInbox = n.app.send_ok(Some(&n.leader), Inbox {}).await;
    assert!(about(&leader.team, &other_code).is_empty());
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    assert_eq!(about(&mine.mine, &other_code).len(), 1);
}

async fn decisions_are_checked_and_only_the_addressee_decides(backend: Backend) {
    let n = noord(backend).await;
    let (client, code) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    for _ in 0..3 {
        log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    }
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let id = about(&mine.mine, &code)[0].id.to_string();
    let decide = |decision: &'static str, reason: &'static str, until: &'static str| {
        vec![
            ("proposal", id.clone()),
            ("decision", decision.to_owned()),
            ("reason", reason.to_owned()),
            ("until", until.to_owned()),
        ]
    };
    let call = |session: &str, form: Vec<(&'static str, String)>| {
        let app = &n.app;
        let session = session.to_owned();
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("decide_proposal", Some(&session), &pairs).await
        }
    };
    for other in [&n.leader, &n.sanne] {
        let reply = call(other, decide("accepted", "", "")).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "someone else's proposal looks unknown"
        );
    }
    let reply = call(&n.mehmet, decide("snoozed", "", "2020-01-01")).await;
    let err: AppError = serde_json::from_str(&reply.body).expect("error");
    assert_eq!(err.at_field("until"), Some(FieldProblem::InvalidDate));
    let before = n.app.count("SELECT COUNT(*) FROM proposal_decisions").await;
    // Nobody has to justify saying no to an invitation meant for them alone.
    let reply = call(&n.mehmet, decide("declined", "", "")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM proposal_decisions").await,
        before + 1
    );
    // Deciding twice is refused; a "no" is respected when the rules run again.
    let reply = call(&n.mehmet, decide("accepted", "", "")).await;
    assert_ne!(reply.status, StatusCode::OK);
    let _: usize = n
        .app
        .send_ok(Some(&n.leader), EvaluateTeam { team: n.team_id })
        .await;
    let live = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM proposals WHERE subject_kind = 'client' AND subject_id = {client} AND status <> 'declined'"
        ))
        .await;
    assert_eq!(live, 0, "a declined proposal is not made again at once");
}

async fn signal_input_is_checked_at_the_field_and_nothing_is_half_written(backend: Backend) {
    let n = noord(backend).await;
    let sanne_client = n
        .app
        .id("SELECT a.client_id FROM assignments a JOIN users u ON u.id = a.user_id WHERE u.email = 'sanne@linde.demo' AND a.to_date IS NULL ORDER BY a.client_id LIMIT 1")
        .await
        .to_string();
    let before = n.app.count("SELECT COUNT(*) FROM stuck_signals").await;
    let cases: [(&str, &str, &str, FieldProblem); 4] = [
        ("intensity", "11", "", FieldProblem::OutOfRange),
        ("intensity", "", "", FieldProblem::Required),
        ("client", "7", &sanne_client, FieldProblem::UnknownChoice),
        ("note", "5", "", FieldProblem::IdentifyingDetail),
    ];
    for (field, intensity, client, expected) in cases {
        let note = if field == "note" { "bsn 111222333" } else { "" };
        let err = n
            .app
            .send_err(
                Some(&n.mehmet),
                LogSignal {
                    team: n.team_id,
                    client: client.to_string(),
                    intensity: intensity.to_string(),
                    kinds: String::new(),
                    strain: String::new(),
                    reaction: String::new(),
                    moral_dilemma: String::new(),
                    note: note.to_string(),
                    visibility: "private".to_owned(),
                },
            )
            .await;
        assert_eq!(err.at_field(field), Some(expected), "{field}: {err:?}");
    }
    assert_eq!(
        n.app.count("SELECT COUNT(*) FROM stuck_signals").await,
        before
    );
    // Someone outside the team cannot log into it.
    let other = n.app.login("leider@anker.demo", DEMO_PASSWORD).await;
    let reply = n
        .app
        .send(
            Some(&other),
            LogSignal {
                team: n.team_id,
                client: String::new(),
                intensity: "3".to_owned(),
                kinds: String::new(),
                strain: String::new(),
                reaction: String::new(),
                moral_dilemma: String::new(),
                note: String::new(),
                visibility: "private".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

async fn only_the_author_resolves_and_only_own_clients_move(backend: Backend) {
    let n = noord(backend).await;
    let (client, _) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    let id = log(&n, &n.mehmet, &client.to_string(), "leader", false, "").await;
    let reply = n
        .app
        .send(
            Some(&n.leader),
            ResolveSignal {
                signal: id,
                helped: "x".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            ResolveSignal {
                signal: id,
                helped: "Even pauze en een collega gebeld".to_owned(),
            },
        )
        .await;
    let mine: MySignalsOverview = n.app.send_ok(Some(&n.mehmet), MySignals {}).await;
    let own = mine.signals.iter().find(|s| s.id == id).expect("listed");
    assert!(own.resolved_at.is_some());
    assert_eq!(own.helped, "Even pauze en een collega gebeld");

    let reply = n
        .app
        .send(
            Some(&n.sanne),
            NoteMovement {
                client,
                on: String::new(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "not Sanne's client");
    let _: () = n
        .app
        .send_ok(
            Some(&n.mehmet),
            NoteMovement {
                client,
                on: String::new(),
            },
        )
        .await;
    assert_eq!(
        n.app
            .count(&format!(
                "SELECT COUNT(*) FROM movements WHERE client_id = {client}"
            ))
            .await,
        1
    );
}

async fn only_leaders_edit_limits_and_changes_are_audited(backend: Backend) {
    let n = noord(backend).await;
    for endpoint in ["limits_editor", "team_signals", "evaluate_team"] {
        let reply = n
            .app
            .call(endpoint, Some(&n.mehmet), &[("team", &n.team)])
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{endpoint}");
    }
    let editor: LimitsOverview = n
        .app
        .send_ok(Some(&n.leader), LimitsEditor { team: n.team_id })
        .await;
    assert_eq!(
        editor.limits.len(),
        app::limits::model::LimitKind::ALL.len()
    );
    assert!(
        editor
            .snapshot
            .signals
            .iter()
            .all(|s| s.visibility.leader_sees()),
        "the preview snapshot holds no private signals"
    );
    assert!(
        editor
            .snapshot
            .members
            .iter()
            .all(|m| m.personal_breaches == 0)
    );

    let mut rows: Vec<serde_json::Value> = editor
        .limits
        .iter()
        .map(|l| serde_json::to_value(app::limits::views::LimitInput::from_limit(l)).expect("json"))
        .collect();
    rows[4]["threshold"] = "veel".into();
    let team: i64 = n.team.parse().expect("id");
    let reply = n
        .app
        .call_json(
            "save_limits",
            Some(&n.leader),
            serde_json::json!({ "team": team, "rows": rows }),
        )
        .await;
    let err: AppError = serde_json::from_str(&reply.body).expect("error");
    assert!(
        err.at_field("signals_by_member.threshold").is_some(),
        "{err:?}"
    );
    let audits = n
        .app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.limits'")
        .await;

    rows[4]["threshold"] = "5".into();
    let reply = n
        .app
        .call_json(
            "save_limits",
            Some(&n.leader),
            serde_json::json!({ "team": team, "rows": rows }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let saved: LimitsOverview = n
        .app
        .send_ok(Some(&n.leader), LimitsEditor { team: n.team_id })
        .await;
    let by_member = saved
        .limits
        .iter()
        .find(|l| l.kind == app::limits::model::LimitKind::SignalsByMember)
        .expect("row");
    assert_eq!(by_member.threshold, 5.0);
    assert_eq!(
        n.app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'team.limits'")
            .await,
        audits + 1
    );
    let reply = n
        .app
        .call_json(
            "save_limits",
            Some(&n.mehmet),
            serde_json::json!({ "team": team, "rows": rows }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

async fn an_author_erases_a_signal_and_it_counts_nowhere(backend: Backend) {
    let n = noord(backend).await;
    let (client, code) = quiet_client_of_mehmet(&n.app, ClientId(0)).await;
    let note = "Kraanvogel: dit wil ik kwijt";
    let erased = log(&n, &n.mehmet, &client.to_string(), "private", false, note).await;
    for _ in 0..2 {
        log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    }
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    assert_eq!(about(&mine.mine, &code).len(), 1, "three signals propose");

    let theirs = n
        .app
        .send_err(Some(&n.sanne), DeleteSignal { signal: erased })
        .await;
    assert_eq!(theirs, AppError::NotFound, "only the author erases");
    let _: () = n
        .app
        .send_ok(Some(&n.mehmet), DeleteSignal { signal: erased })
        .await;
    let again = n
        .app
        .send_err(Some(&n.mehmet), DeleteSignal { signal: erased })
        .await;
    assert_eq!(again, AppError::NotFound, "gone");

    let overview: MySignalsOverview = n.app.send_ok(Some(&n.mehmet), MySignals {}).await;
    assert!(overview.signals.iter().all(|s| s.id != erased));
    let page = n.app.get("/signals", Some(&n.mehmet), &[]).await;
    assert!(!page.body.contains("Kraanvogel"), "not on the page");
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    assert!(
        about(&mine.mine, &code).is_empty(),
        "two signals no longer propose: {:?}",
        mine.mine
    );
    let stored = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM stuck_signals WHERE id = {erased} OR note LIKE '%Kraanvogel%'"
        ))
        .await;
    assert_eq!(stored, 0, "nothing of it is stored");
    let cited = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM proposals WHERE (',' || evidence || ',') LIKE '%,{erased},%'"
        ))
        .await;
    assert_eq!(cited, 0, "no proposal mentions it");
    let audited = n
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'signal.delete' AND subject = 'signal:{erased}'"
        ))
        .await;
    assert_eq!(audited, 1);

    log(&n, &n.mehmet, &client.to_string(), "private", false, "").await;
    let mine: ProposalInbox = n.app.send_ok(Some(&n.mehmet), Inbox {}).await;
    let back = about(&mine.mine, &code);
    assert_eq!(back.len(), 1, "three again propose again");
    assert_eq!(back[0].measured, 3.0);
}

on_both_databases!(
    an_author_erases_a_signal_and_it_counts_nowhere,
    a_note_is_readable_only_by_its_author,
    private_signals_make_a_private_proposal_the_leader_never_sees,
    a_shared_moral_dilemma_proposes_moreel_beraad_to_the_leader,
    decisions_are_checked_and_only_the_addressee_decides,
    signal_input_is_checked_at_the_field_and_nothing_is_half_written,
    only_the_author_resolves_and_only_own_clients_move,
    only_leaders_edit_limits_and_changes_are_audited,
);
