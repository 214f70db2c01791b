//! Notifications through the real router on both databases: planning invites everyone but
//! the planner, each person sees and marks only their own, a new time and a cancellation
//! notify, reminders are written once for sessions within a day, and the background job
//! emails a notification once, through a local SMTP sink started here.

use app::notifications::api::MarkNotificationsRead;
use app::notifications::api::MyNotifications;
use app::notifications::api::UnreadNotifications;
use app::sessions::plan::api::AnswerInvitation;
use app::sessions::plan::api::CancelSession;
use app::sessions::plan::api::CreateSession;
use app::sessions::plan::api::PlannerChoices;
use app::sessions::plan::api::ScheduleSession;
use app::shared::ids::{NotificationId, SessionId, UserId};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::common::Backend;
use crate::fixtures::{Noord, noord};
use app::notifications::model::{About, NotificationItem, NotificationKind};
use app::sessions::views::PlanningOptions;
use draagkracht::demo::DEMO_PASSWORD;
use draagkracht::notifications_job::{Mailer, tick};

/// The leader plans a session by hand and takes part in it: the pool facilitator, Mehmet
/// presenting, Sanne, Youssef and the leader taking part.
async fn plan(t: &Noord, question: &str) -> SessionId {
    let options: PlanningOptions = t
        .app
        .send_ok(
            Some(&t.leader),
            PlannerChoices {
                team: t.team_id,
                proposal: None,
            },
        )
        .await;
    let method = options
        .methods
        .iter()
        .find(|m| m.kind.as_str() == "intervision")
        .expect("a seeded intervision method")
        .id
        .to_string();
    let participants = format!("{},{},{}", t.sanne_id, t.youssef_id, t.leader_id);
    t.app
        .send_ok(
            Some(&t.leader),
            CreateSession {
                team: t.team_id,
                proposal: String::new(),
                kind: "intervision".to_owned(),
                method: method.to_string(),
                facilitator: t.facilitator_id.to_string(),
                presenter: t.mehmet_id.to_string(),
                participants: participants.to_string(),
                client: String::new(),
                question: question.to_string(),
                place: "Zaal 2".to_owned(),
                minutes: "60".to_owned(),
                date: String::new(),
                time: String::new(),
            },
        )
        .await
}

async fn list(t: &Noord, session: &str) -> Vec<NotificationItem> {
    t.app.send_ok(Some(session), MyNotifications {}).await
}

async fn unread(t: &Noord, session: &str) -> i64 {
    t.app.send_ok(Some(session), UnreadNotifications {}).await
}

async fn notifications_of(t: &Noord, user: UserId) -> i64 {
    t.app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {user}"
        ))
        .await
}

async fn planning_invites_everyone_but_the_planner(backend: Backend) {
    let t = noord(backend).await;
    let session = plan(&t, "Hoe houd ik contact?").await;
    for user in [t.mehmet_id, t.sanne_id, t.youssef_id, t.facilitator_id] {
        assert_eq!(notifications_of(&t, user).await, 1, "user {user}");
    }
    assert_eq!(
        notifications_of(&t, t.leader_id).await,
        0,
        "the planner is not told what they did"
    );
    assert_eq!(unread(&t, &t.leader).await, 0);
    assert_eq!(unread(&t, &t.sanne).await, 1);
    let items = list(&t, &t.sanne).await;
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.kind, NotificationKind::Invitation);
    assert_eq!(item.session(), Some(session));
    assert!(
        matches!(&item.about, About::Session { method_name_nl, .. } if !method_name_nl.is_empty())
    );
    assert!(!item.read);

    let page = t.app.get("/notifications", Some(&t.sanne), &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("/sessions/{session}")),
        "the page links to the session"
    );
    assert!(page.body.contains("data-testid=\"bell\""));
    let anonymous = t.app.get("/notifications", None, &[]).await;
    assert_eq!(anonymous.status, StatusCode::FOUND);
}

async fn each_person_sees_and_marks_only_their_own(backend: Backend) {
    let t = noord(backend).await;
    let session = plan(&t, "Wat doe ik als niemand opendoet?").await;
    let mehmets = list(&t, &t.mehmet).await;
    assert_eq!(mehmets.len(), 1);
    let mehmets_id = mehmets[0].id.to_string();

    // Sanne names Mehmet's notification: nothing changes for him.
    let changed: u64 = t
        .app
        .send_ok(
            Some(&t.sanne),
            MarkNotificationsRead {
                which: mehmets_id.to_string(),
            },
        )
        .await;
    assert_eq!(changed, 0);
    assert_eq!(unread(&t, &t.mehmet).await, 1);
    assert!(
        list(&t, &t.sanne)
            .await
            .iter()
            .all(|n| n.id != mehmets[0].id)
    );

    // Sanne marks all of hers; Mehmet's stays unread.
    let changed: u64 = t
        .app
        .send_ok(
            Some(&t.sanne),
            MarkNotificationsRead {
                which: "all".to_owned(),
            },
        )
        .await;
    assert_eq!(changed, 1);
    assert_eq!(unread(&t, &t.sanne).await, 0);
    assert!(list(&t, &t.sanne).await.iter().all(|n| n.read));
    assert_eq!(unread(&t, &t.mehmet).await, 1);

    // Mehmet marks his own by id.
    let changed: u64 = t
        .app
        .send_ok(
            Some(&t.mehmet),
            MarkNotificationsRead {
                which: mehmets_id.to_string(),
            },
        )
        .await;
    assert_eq!(changed, 1);
    assert_eq!(unread(&t, &t.mehmet).await, 0);

    for endpoint in [
        "my_notifications",
        "unread_notifications",
        "mark_notifications_read",
    ] {
        let reply = t.app.call(endpoint, None, &[("which", "all")]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    let _ = session;
}

async fn a_new_time_and_a_cancellation_notify_the_invitees(backend: Backend) {
    let t = noord(backend).await;
    let session = plan(&t, "Hoe verdeel ik mijn tijd?").await;
    let date = (Utc::now() + Duration::days(10))
        .format("%Y-%m-%d")
        .to_string();
    let reply = t
        .app
        .send(
            Some(&t.leader),
            ScheduleSession {
                session,
                date: date.to_string(),
                time: "10:00".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let newest = |items: Vec<NotificationItem>| items.first().map(|n| (n.kind, n.session()));
    assert_eq!(
        newest(list(&t, &t.mehmet).await),
        Some((NotificationKind::Changed, Some(session)))
    );
    assert!(
        list(&t, &t.mehmet).await[0].starts_at.is_some(),
        "the notification shows the new time"
    );
    assert_eq!(unread(&t, &t.sanne).await, 2);
    assert_eq!(notifications_of(&t, t.leader_id).await, 0);

    let reply = t.app.send(Some(&t.leader), CancelSession { session }).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        newest(list(&t, &youssef_session(&t).await).await),
        Some((NotificationKind::Cancelled, Some(session)))
    );
    assert_eq!(unread(&t, &t.sanne).await, 3);
    assert_eq!(notifications_of(&t, t.leader_id).await, 0);
}

async fn youssef_session(t: &Noord) -> String {
    t.app.login("youssef@linde.demo", DEMO_PASSWORD).await
}

async fn set_start(t: &Noord, session: SessionId, starts_at: chrono::DateTime<Utc>) {
    {
        app::execute!(
            &t.app.db,
            "UPDATE sessions SET starts_at = $1 WHERE id = $2",
            starts_at,
            session
        )
        .expect("set start");
    }
}

async fn reminders_are_written_once_for_sessions_within_a_day(backend: Backend) {
    let t = noord(backend).await;
    let now = Utc::now();
    let soon = plan(&t, "Morgen").await;
    let later = plan(&t, "Over drie dagen").await;
    let cancelled = plan(&t, "Gaat niet door").await;
    set_start(&t, soon, now + Duration::hours(20)).await;
    set_start(&t, later, now + Duration::days(3)).await;
    set_start(&t, cancelled, now + Duration::hours(5)).await;
    let reply = t
        .app
        .send(Some(&t.leader), CancelSession { session: cancelled })
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // Sanne says she cannot come: she gets no reminder.
    let reply = t
        .app
        .send(
            Some(&t.sanne),
            AnswerInvitation {
                session: soon,
                answer: "no".to_owned(),
            },
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let written = app::notifications::store::due_reminders(&t.app.db, now)
        .await
        .expect("reminders");
    // The facilitator, Mehmet, Youssef and the leader; not Sanne (the demo may add its own).
    assert!(written >= 4, "{written}");
    let again = app::notifications::store::due_reminders(&t.app.db, now + Duration::minutes(1))
        .await
        .expect("reminders again");
    assert_eq!(again, 0, "a reminder is written once");
    let reminders = |session: SessionId| {
        format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'reminder' AND session_id = {session}"
        )
    };
    assert_eq!(t.app.count(&reminders(soon)).await, 4);
    assert_eq!(t.app.count(&reminders(later)).await, 0);
    assert_eq!(t.app.count(&reminders(cancelled)).await, 0);
    assert_eq!(
        t.app
            .count(&format!(
                "SELECT COUNT(*) FROM notifications WHERE kind = 'reminder' AND user_id = {} AND session_id = {soon}",
                t.sanne_id
            ))
            .await,
        0
    );
    let leaders = list(&t, &t.leader).await;
    assert_eq!(
        leaders
            .iter()
            .filter(|n| n
                .session()
                .is_some_and(|s| [soon, later, cancelled].contains(&s)))
            .map(|n| (n.kind, n.session().unwrap_or_default()))
            .collect::<Vec<_>>(),
        vec![(NotificationKind::Reminder, soon)],
        "the planner is reminded too, of a session they take part in"
    );
}

/// One message as the sink received it.
#[derive(Debug, Clone)]
struct Received {
    to: Vec<String>,
    data: String,
}

/// A minimal SMTP server on a free local port that keeps every message it is given.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the SMTP sink");
    let port = listener.local_addr().expect("sink address").port();
    let inbox = Arc::new(Mutex::new(Vec::new()));
    let kept = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut to = Vec::new();
                write.write_all(b"220 sink ESMTP\r\n").await.ok()?;
                while let Some(line) = lines.next_line().await.ok()? {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                        b"250 OK\r\n"
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go ahead\r\n").await.ok()?;
                        let mut data = String::new();
                        while let Some(line) = lines.next_line().await.ok()? {
                            if line == "." {
                                break;
                            }
                            data.push_str(line.strip_prefix('.').unwrap_or(&line));
                            data.push('\n');
                        }
                        inbox.lock().expect("inbox").push(Received {
                            to: std::mem::take(&mut to),
                            data,
                        });
                        b"250 OK\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok()?;
                        return Some(());
                    } else {
                        b"250 OK\r\n"
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    (port, inbox)
}

/// The body as text: quoted-printable soft breaks joined and escapes decoded.
fn decoded(data: &str) -> String {
    let joined = data.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn notification_emails_go_out_once_with_a_link(backend: Backend) {
    let t = noord(backend).await;
    let (port, inbox) = smtp_sink().await;
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Draagkracht <noreply@draagkracht.test>",
        "https://draagkracht.test",
    )
    .expect("mailer");
    let now = Utc::now();
    let since = now - Duration::hours(1);

    // A notification from before the bound is never emailed.
    let old = plan(&t, "Oud").await;
    app::execute!(
        &t.app.db,
        "UPDATE notifications SET created_at = $1 WHERE session_id = $2",
        now - Duration::hours(3),
        old
    )
    .expect("age the old notifications");

    let question = "Hoe blijf ik in contact met K-0142?";
    let session = plan(&t, question).await;

    let off = tick(&t.app.db, None, since, now).await.expect("tick");
    assert_eq!(off.emailed, 0, "without a mail server nothing is sent");
    assert!(inbox.lock().expect("inbox").is_empty());

    let done = tick(&t.app.db, Some(&mailer), since, now)
        .await
        .expect("tick");
    assert_eq!((done.emailed, done.failed), (4, 0));
    let received = inbox.lock().expect("inbox").clone();
    assert_eq!(received.len(), 4);
    let sanne_email = t.app.email_of(t.sanne_id).await;
    let to_sanne: Vec<_> = received
        .iter()
        .filter(|m| m.to == vec![sanne_email.clone()])
        .collect();
    assert_eq!(to_sanne.len(), 1, "{received:?}");
    let body = decoded(&to_sanne[0].data);
    assert!(
        body.contains(&format!("https://draagkracht.test/sessions/{session}")),
        "{body}"
    );
    assert!(body.contains("Hallo"), "{body}");
    assert!(
        body.find("Hallo") < body.find("Hello"),
        "Dutch first: {body}"
    );
    assert!(!body.contains("K-0142"), "no client in an email: {body}");
    assert!(
        !body.contains("contact met"),
        "no question in an email: {body}"
    );
    let leader_email = t.app.email_of(t.leader_id).await;
    assert!(
        received.iter().all(|m| !m.to.contains(&leader_email)),
        "the planner gets no email"
    );
    assert_eq!(
        t.app
            .count(&format!(
                "SELECT COUNT(*) FROM notifications WHERE session_id = {session} AND emailed_at IS NOT NULL"
            ))
            .await,
        4
    );
    assert_eq!(
        t.app
            .count(&format!(
                "SELECT COUNT(*) FROM notifications WHERE session_id = {old} AND emailed_at IS NOT NULL"
            ))
            .await,
        0,
        "old notifications are not emailed"
    );

    let again = tick(&t.app.db, Some(&mailer), since, now + Duration::minutes(1))
        .await
        .expect("second tick");
    assert_eq!(again.emailed, 0);
    assert_eq!(
        inbox.lock().expect("inbox").len(),
        4,
        "nothing is sent twice"
    );
}

/// A claim whose server crashed before sending runs out, and the email still goes out; a send
/// that failed is tried again after a wait, not at once and not never.
async fn a_crashed_or_failed_send_is_tried_again(backend: Backend) {
    let t = noord(backend).await;
    let (port, inbox) = smtp_sink().await;
    let mailer = Mailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Draagkracht <noreply@draagkracht.test>",
        "https://draagkracht.test",
    )
    .expect("mailer");
    let now = Utc::now();
    let since = now - Duration::hours(1);

    let crashed = plan(&t, "Na een crash").await;
    let ids: Vec<(i64,)> = app::on_db!(&t.app.db, p => sqlx::query_as(
        "SELECT id FROM notifications WHERE session_id = $1").bind(crashed).fetch_all(p).await)
    .expect("notifications");
    assert!(!ids.is_empty());
    // Another server claimed them all, then died before sending.
    for (id,) in &ids {
        assert!(
            app::notifications::store::claim_email(&t.app.db, NotificationId(*id), now)
                .await
                .expect("claim")
        );
    }
    let held = tick(&t.app.db, Some(&mailer), since, now + Duration::minutes(1))
        .await
        .expect("tick");
    assert_eq!(held.emailed, 0, "a fresh claim is respected");
    let later = tick(&t.app.db, Some(&mailer), since, now + Duration::minutes(11))
        .await
        .expect("tick");
    assert_eq!(
        later.emailed as usize,
        ids.len(),
        "the run-out claims are sent"
    );
    assert_eq!(inbox.lock().expect("inbox").len(), ids.len());

    let down = Mailer::new(
        "smtp://127.0.0.1:1",
        "Draagkracht <noreply@draagkracht.test>",
        "https://draagkracht.test",
    )
    .expect("mailer");
    let failing = plan(&t, "Mailserver plat").await;
    let waiting = t
        .app
        .count(&format!(
            "SELECT COUNT(*) FROM notifications WHERE session_id = {failing}"
        ))
        .await as u64;
    let failed = tick(&t.app.db, Some(&down), since, now)
        .await
        .expect("tick");
    assert_eq!((failed.emailed, failed.failed), (0, waiting));
    assert_eq!(
        t.app
            .count(&format!(
                "SELECT MIN(email_attempts) FROM notifications WHERE session_id = {failing}"
            ))
            .await,
        1
    );
    let soon = tick(&t.app.db, Some(&mailer), since, now + Duration::seconds(30))
        .await
        .expect("tick");
    assert_eq!(soon.emailed, 0, "a retry waits");
    let after = tick(&t.app.db, Some(&mailer), since, now + Duration::minutes(2))
        .await
        .expect("tick");
    assert_eq!(after.emailed, waiting, "and then goes out");
}

on_both_databases!(
    planning_invites_everyone_but_the_planner,
    each_person_sees_and_marks_only_their_own,
    a_new_time_and_a_cancellation_notify_the_invitees,
    reminders_are_written_once_for_sessions_within_a_day,
    notification_emails_go_out_once_with_a_link,
    a_crashed_or_failed_send_is_tried_again,
);
