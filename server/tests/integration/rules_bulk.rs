//! The organisation-wide snapshot loader against the per-team one, on a small generated
//! organisation with a few awkward cases added: every team must get the same limits and the
//! same snapshot (up to order), and the background job the same proposals.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::common::{Backend, fresh_db};
use app::caseload::balance::store::team_limits;
use app::caseload::directory::save_team_limits;
use app::db::Db;
use app::limits::bulk::{load_all, load_team};
use app::limits::model::default_limits;
use app::limits::rules::{RuleSnapshot, evaluate, longest_window};
use app::limits::store::{refresh_all, refresh_team, rule_snapshot};
use app::shared::ids::TeamId;
use app::{execute, on_db};
use draagkracht::bench::data::{Spec, generate};

const SMALL: Spec = Spec {
    teams: 6,
    members_per_team: 5,
    clients_per_team: 40,
    closed_per_team: 4,
    signals: 8_000,
    seed: 11,
};

/// The small organisation, plus the cases the generator does not make.
async fn organisation(backend: Backend, now: DateTime<Utc>) -> Db {
    let db = fresh_db(backend).await;
    generate(&db, &SMALL, now).await.expect("generate");
    // An inactive member counts for no team.
    execute!(&db, "UPDATE users SET active = FALSE WHERE id = 3").expect("deactivate");
    // A leader's own limit: leaders carry no caseload, so it is never checked.
    execute!(
        &db,
        "INSERT INTO personal_limits (user_id, team_id, kind, max_count, shared, created_at) VALUES (1, 1, 'clients', 0, FALSE, $1)",
        now
    )
    .expect("leader limit");
    // A domain limit for someone in team 2, and one that can only be broken.
    execute!(
        &db,
        "INSERT INTO personal_limits (user_id, team_id, kind, domain_id, max_count, shared, created_at) VALUES (8, 2, 'domain', 9, 0, TRUE, $1)",
        now
    )
    .expect("domain limit");
    // A movement noted before the client started counts from the start.
    let (start,): (NaiveDate,) = on_db!(&db, p => sqlx::query_as("SELECT start_date FROM clients WHERE id = 5").fetch_one(p).await)
        .expect("start");
    execute!(
        &db,
        "INSERT INTO movements (team_id, client_id, author_id, noted_on, created_at) VALUES (1, 5, 2, $1, $2)",
        start - Duration::days(10),
        now
    )
    .expect("movement");
    // Team 3 never saved limits; team 4 turned every windowed rule off.
    execute!(&db, "DELETE FROM team_limits WHERE team_id = 3").expect("no limits");
    let quiet: Vec<_> = default_limits()
        .into_iter()
        .map(|mut l| {
            l.active = l.window_weeks.is_none();
            l
        })
        .collect();
    save_team_limits(&db, TeamId(4), &quiet, now)
        .await
        .expect("quiet limits");
    // A team with nobody and nothing in it yet.
    execute!(
        &db,
        "INSERT INTO teams (organisation_id, name, kind_of_work, created_at) VALUES (1, 'Nieuw team', '', $1)",
        now - Duration::days(3)
    )
    .expect("empty team");
    db
}

/// The rules depend neither on order, which differs between the loaders, nor on a signal's
/// kinds of work and strain, which the bulk loader leaves out.
fn normalised(mut snapshot: RuleSnapshot) -> RuleSnapshot {
    snapshot.members.sort_by_key(|m| m.user);
    snapshot.clients.sort_by_key(|c| c.id);
    snapshot.signals.sort_by_key(|s| s.id);
    for signal in &mut snapshot.signals {
        signal.kinds.clear();
        signal.strain = None;
    }
    snapshot
}

async fn bulk_snapshots_equal_per_team_snapshots(backend: Backend) {
    let now = Utc::now();
    let db = organisation(backend, now).await;
    let (teams,): (i64,) =
        on_db!(&db, p => sqlx::query_as("SELECT COUNT(*) FROM teams").fetch_one(p).await)
            .expect("teams");
    let bulk = load_all(&db, now).await.expect("bulk load");
    assert_eq!(bulk.len() as i64, teams, "every team, the empty one too");
    let (mut signals, mut findings, mut breaches) = (0, 0, 0);
    for team in &bulk {
        let limits = team_limits(&db, team.team).await.expect("limits");
        assert_eq!(team.limits, limits, "limits of team {}", team.team);
        let single = rule_snapshot(&db, team.team, longest_window(&limits), now)
            .await
            .expect("snapshot");
        assert_eq!(
            normalised(team.snapshot.clone()),
            normalised(single),
            "snapshot of team {}",
            team.team
        );
        let narrowed = load_team(&db, team.team, now)
            .await
            .expect("one team")
            .expect("exists");
        assert_eq!(&narrowed, team, "narrowed to team {}", team.team);
        signals += team.snapshot.signals.len();
        findings += evaluate(&team.snapshot, &team.limits, now).len();
        breaches += team
            .snapshot
            .members
            .iter()
            .map(|m| m.personal_breaches)
            .sum::<u32>();
    }
    // The comparison is only worth something when there is something to compare.
    assert!(signals > 100, "signals in the windows: {signals}");
    assert!(findings > 10, "findings: {findings}");
    assert!(breaches > 0, "personal limits broken");
    let quiet = bulk.iter().find(|t| t.team == TeamId(4)).expect("team 4");
    assert!(quiet.snapshot.signals.is_empty(), "no window, no signals");
    assert!(
        load_team(&db, TeamId(999_999), now)
            .await
            .expect("none")
            .is_none()
    );
    let empty = bulk.last().expect("the new team");
    assert!(empty.snapshot.members.is_empty() && empty.snapshot.clients.is_empty());
}

/// The background job, now on the bulk loader, proposes exactly what evaluating team by team
/// proposes, and a second run makes nothing new.
async fn refresh_all_proposes_what_refresh_team_proposes(backend: Backend) {
    const PROPOSALS: &str = "SELECT team_id, kind, proposes, subject_kind, subject_id, audience_user_id, \
         measured, threshold, window_weeks, evidence, status FROM proposals \
         ORDER BY team_id, kind, subject_kind, subject_id, audience_user_id";
    type Row = (
        i64,
        String,
        String,
        String,
        i64,
        i64,
        f64,
        f64,
        Option<i64>,
        String,
        String,
    );
    let now = Utc::now();
    let all = organisation(backend, now).await;
    let each = organisation(backend, now).await;
    let made = refresh_all(&all, now).await.expect("refresh all");
    let mut made_each = 0;
    let teams: Vec<(i64,)> =
        on_db!(&each, p => sqlx::query_as("SELECT id FROM teams ORDER BY id").fetch_all(p).await)
            .expect("teams");
    for (team,) in teams {
        made_each += refresh_team(&each, TeamId(team), now)
            .await
            .expect("refresh team");
    }
    assert!(made > 10, "proposals made: {made}");
    assert_eq!(made, made_each);
    let a: Vec<Row> =
        on_db!(&all, p => sqlx::query_as(PROPOSALS).fetch_all(p).await).expect("proposals");
    let b: Vec<Row> =
        on_db!(&each, p => sqlx::query_as(PROPOSALS).fetch_all(p).await).expect("proposals");
    assert_eq!(a, b);
    assert_eq!(refresh_all(&all, now).await.expect("again"), 0);
}

on_both_databases!(
    bulk_snapshots_equal_per_team_snapshots,
    refresh_all_proposes_what_refresh_team_proposes,
);
