//! Load without loss: many people writing at once (stuck signals, reassignments, proposal
//! decisions, visit bookings) on either database. Every write the server acknowledged is
//! stored, and nothing is answered with a server error.

use app::caseload::clients::api::AssignClient;
use app::limits::api::DecideProposal;
use app::limits::api::EvaluateTeam;
use app::shared::ids::{ClientId, ProposalId};
use app::signals::api::LogSignal;
use app::visits::api::BookVisit;
use std::sync::Arc;

use crate::common::Backend;
use crate::fixtures::noord;

const CLIENTS: usize = 50;
const WRITES_EACH: usize = 40;

#[derive(Debug, Default)]
struct Tally {
    acknowledged: usize,
    refused: usize,
    server_errors: Vec<String>,
    signals: Vec<i64>,
    bookings: Vec<i64>,
    decisions: Vec<i64>,
    assignments: Vec<(i64, i64)>,
}

async fn writes_under_load_are_never_lost(backend: Backend) {
    let n = Arc::new(noord(backend).await);
    let app = &n.app;
    let clients: Vec<(ClientId,)> = app::on_db!(&app.db, p => sqlx::query_as(&format!(
        "SELECT id FROM clients WHERE team_id = {} AND status = 'active' ORDER BY id LIMIT 25", n.team))
        .fetch_all(p).await)
    .expect("clients");
    // Five times with six places each, offered by Ambulant Team West.
    let mut slots = Vec::new();
    for _ in 0..5 {
        slots.push(crate::visits::anker_slot(app, 6).await.1);
    }
    let _: usize = app
        .send_ok(Some(&n.leader), EvaluateTeam { team: n.team_id })
        .await;
    let proposals: Vec<(ProposalId,)> = app::on_db!(&app.db, p => sqlx::query_as(&format!(
        "SELECT id FROM proposals WHERE team_id = {} AND audience_user_id = 0 AND status = 'open'", n.team))
        .fetch_all(p).await)
    .expect("proposals");

    let tally = Arc::new(tokio::sync::Mutex::new(Tally::default()));
    let mut people = tokio::task::JoinSet::new();
    for person in 0..CLIENTS {
        let (n, tally) = (n.clone(), tally.clone());
        let clients = clients.clone();
        let (slots, proposals) = (slots.clone(), proposals.clone());
        people.spawn(async move {
            for i in 0..WRITES_EACH {
                let step = person * WRITES_EACH + i;
                let (what, reply) = match step % 4 {
                    0 => {
                        let who = if person % 2 == 0 { &n.mehmet } else { &n.sanne };
                        let note = format!("belasting {person} {i}");
                        (
                            "signal".to_owned(),
                            n.app
                                .send(
                                    Some(who),
                                    LogSignal {
                                        team: n.team_id,
                                        client: String::new(),
                                        intensity: "5".to_owned(),
                                        kinds: "emotion".to_owned(),
                                        strain: String::new(),
                                        reaction: String::new(),
                                        moral_dilemma: String::new(),
                                        note: note.to_string(),
                                        visibility: "team".to_owned(),
                                    },
                                )
                                .await,
                        )
                    }
                    1 => {
                        let client = clients[step % clients.len()].0;
                        let primary = if step % 8 == 1 {
                            n.mehmet_id
                        } else {
                            n.sanne_id
                        }
                        .to_string();
                        (
                            format!("assign:{client}:{primary}"),
                            n.app
                                .send(
                                    Some(&n.leader),
                                    AssignClient {
                                        client,
                                        primary: primary.to_string(),
                                        secondary: String::new(),
                                    },
                                )
                                .await,
                        )
                    }
                    2 if !proposals.is_empty() => {
                        let proposal = proposals[step % proposals.len()].0;
                        (
                            format!("decision:{proposal}"),
                            n.app
                                .send(
                                    Some(&n.leader),
                                    DecideProposal {
                                        proposal,
                                        decision: "accepted".to_owned(),
                                        reason: String::new(),
                                        until: String::new(),
                                    },
                                )
                                .await,
                        )
                    }
                    _ => {
                        let slot = slots[step % slots.len()];
                        let visitor = n.mehmet_id.to_string();
                        (
                            "booking".to_owned(),
                            n.app
                                .send(
                                    Some(&n.mehmet),
                                    BookVisit {
                                        slot,
                                        team: n.team_id,
                                        visitors: visitor.to_string(),
                                        question: "Hoe werken jullie samen?".to_owned(),
                                    },
                                )
                                .await,
                        )
                    }
                };
                let mut t = tally.lock().await;
                if reply.status.is_server_error() {
                    t.server_errors
                        .push(format!("{what}: {} {}", reply.status, reply.body));
                } else if reply.status.is_success() {
                    t.acknowledged += 1;
                    if what == "signal" {
                        t.signals
                            .push(reply.body.trim().parse().expect("signal id"));
                    } else if what == "booking" {
                        t.bookings
                            .push(reply.body.trim().parse().expect("booking id"));
                    } else if let Some(p) = what.strip_prefix("decision:") {
                        t.decisions.push(p.parse().expect("proposal"));
                    } else if let Some(rest) = what.strip_prefix("assign:") {
                        let (c, u) = rest.split_once(':').expect("client and user");
                        t.assignments
                            .push((c.parse().expect("client"), u.parse().expect("user")));
                    }
                } else {
                    t.refused += 1;
                }
            }
        });
    }
    while let Some(done) = people.join_next().await {
        done.expect("a writer");
    }
    let t = tally.lock().await;
    assert!(
        t.server_errors.is_empty(),
        "server errors: {:?}",
        t.server_errors
    );
    let mut stored = 0;
    for id in &t.signals {
        stored += app
            .count(&format!(
                "SELECT COUNT(*) FROM stuck_signals WHERE id = {id}"
            ))
            .await;
    }
    for id in &t.bookings {
        stored += app
            .count(&format!(
                "SELECT COUNT(*) FROM visit_bookings WHERE id = {id}"
            ))
            .await;
    }
    for id in &t.decisions {
        stored += app
            .count(&format!(
                "SELECT COUNT(*) FROM proposals WHERE id = {id} AND status = 'accepted'"
            ))
            .await
            .min(1);
    }
    for (client, user) in &t.assignments {
        stored += app
            .count(&format!(
                "SELECT COUNT(*) FROM assignments WHERE client_id = {client} AND user_id = {user} AND role = 'primary'"
            ))
            .await
            .min(1);
    }
    println!(
        "load without loss ({backend:?}): {} writes sent, {} acknowledged, {stored} stored, {} refused at a field, {} server errors",
        CLIENTS * WRITES_EACH,
        t.acknowledged,
        t.refused,
        t.server_errors.len()
    );
    assert_eq!(
        stored as usize, t.acknowledged,
        "every acknowledged write is stored"
    );
    assert!(
        t.acknowledged > CLIENTS * WRITES_EACH / 3,
        "most writes went through"
    );
}

on_both_databases!(writes_under_load_are_never_lost);

/// Crash without loss: the real binary on SQLite is killed (SIGKILL) while people are writing.
/// After a restart the database is intact and every write acknowledged before the kill is
/// there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_loses_no_acknowledged_write() {
    let dir = std::env::temp_dir().join(format!("draagkracht-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("folder");
    let url = format!("sqlite://{}/crash.db", dir.display());
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("address").port()
    };
    let start = |demo: bool| {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_draagkracht"));
        command
            .arg("serve")
            .env("DATABASE_URL", &url)
            .env("DRAAGKRACHT_ADDR", format!("127.0.0.1:{port}"))
            .env("DRAAGKRACHT_SITE_ROOT", &dir)
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true);
        if demo {
            command.arg("--demo-if-empty");
        }
        command.spawn().expect("the server starts")
    };
    let mut server = start(true);
    wait_for_health(port).await;
    let cookie = http::login(port, "medewerker@linde.demo").await;
    let team = {
        let pool = sqlx::SqlitePool::connect(&url).await.expect("db");
        let (team,): (i64,) = sqlx::query_as("SELECT id FROM teams WHERE name = 'Wijkteam Noord'")
            .fetch_one(&pool)
            .await
            .expect("team");
        pool.close().await;
        team.to_string()
    };

    let acknowledged = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..16 {
        let (acknowledged, stop, cookie, team) = (
            acknowledged.clone(),
            stop.clone(),
            cookie.clone(),
            team.clone(),
        );
        writers.spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                i += 1;
                let note = format!("crash {writer} {i}");
                let body = serde_urlencoded::to_string([
                    ("team", team.as_str()),
                    ("client", ""),
                    ("intensity", "4"),
                    ("kinds", ""),
                    ("strain", ""),
                    ("reaction", ""),
                    ("moral_dilemma", ""),
                    ("note", &note),
                    ("visibility", "private"),
                ])
                .expect("form");
                match http::post(port, "/api/log_signal", &body, Some(&cookie)).await {
                    Some((200, reply)) => acknowledged
                        .lock()
                        .expect("lock")
                        .push(reply.trim().parse().expect("an id")),
                    Some((status, reply)) if status >= 500 => panic!("{status}: {reply}"),
                    _ => {}
                }
            }
        });
    }
    let started = std::time::Instant::now();
    while acknowledged.lock().expect("lock").len() < 150
        && started.elapsed() < std::time::Duration::from_secs(30)
    {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.start_kill().expect("SIGKILL");
    server.wait().await.expect("the server ends");
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    while let Some(done) = writers.join_next().await {
        done.expect("a writer");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();

    let mut server = start(false);
    wait_for_health(port).await;
    let pool = sqlx::SqlitePool::connect(&url).await.expect("db");
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .expect("integrity check");
    let mut stored = 0;
    for id in &acknowledged {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM stuck_signals WHERE id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("count");
        stored += n;
    }
    pool.close().await;
    server.start_kill().expect("stop");
    let _ = server.wait().await;
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "crash without loss (SQLite, SIGKILL): {} acknowledged before the kill, {stored} stored after restart, integrity_check {check}",
        acknowledged.len()
    );
    assert_eq!(check, "ok");
    assert!(
        acknowledged.len() >= 50,
        "the load ran: {}",
        acknowledged.len()
    );
    assert_eq!(stored as usize, acknowledged.len());
}

async fn wait_for_health(port: u16) {
    let started = std::time::Instant::now();
    loop {
        if let Some((200, _)) = http::get(port, "/health").await {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the server did not come up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Just enough HTTP/1.1 over a socket to talk to the real binary.
mod http {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn exchange(port: u16, request: String) -> Option<(u16, String, String)> {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.ok()?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        Some((status, head.to_owned(), body))
    }

    fn dechunk(mut body: &str) -> String {
        let mut out = String::new();
        while let Some((size, rest)) = body.split_once("\r\n") {
            let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
                break;
            };
            if size == 0 || rest.len() < size {
                break;
            }
            out.push_str(&rest[..size]);
            body = rest[size..].trim_start_matches("\r\n");
        }
        out
    }

    pub async fn get(port: u16, path: &str) -> Option<(u16, String)> {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        exchange(port, request).await.map(|(s, _, b)| (s, b))
    }

    pub async fn post(
        port: u16,
        path: &str,
        body: &str,
        cookie: Option<&str>,
    ) -> Option<(u16, String)> {
        let cookie = cookie
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{cookie}\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        exchange(port, request).await.map(|(s, _, b)| (s, b))
    }

    /// Logs in and returns the session cookie.
    pub async fn login(port: u16, email: &str) -> String {
        let body = serde_urlencoded::to_string([
            ("email", email),
            ("password", draagkracht::demo::DEMO_PASSWORD),
        ])
        .expect("form");
        let request = format!(
            "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let (status, head, body) = exchange(port, request).await.expect("log-in answered");
        assert_eq!(status, 200, "{body}");
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.trim().split(';').next())
            .find(|c| c.starts_with(draagkracht::router::SESSION_COOKIE))
            .expect("a session cookie")
            .to_owned()
    }
}
