//! `draagkracht bench-rules`: how long rule evaluation takes on the configured database, with
//! loading the snapshots included. Three figures:
//!
//! - the whole organisation: the bulk loader plus `evaluate` for every team, as the background
//!   job does it (several runs; minimum and median);
//! - one team at a time: `team_limits` + `rule_snapshot` + `evaluate`, as a write does it, for a
//!   sample of teams (median and 95th percentile);
//! - one team through the bulk loader narrowed to that team (`bulk::load_team`), for the same
//!   sample;
//! - `evaluate` alone per team, on snapshots already in memory.
//!
//! Reads only, unless `--proposals` asks to time the whole background job as well
//! (`limits::store::refresh_all`, which writes proposals): once on the data as it is, and
//! once more, when the proposals exist and are only brought up to date.

use app::shared::ids::TeamId;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use app::caseload::directory::team_limits;
use app::db::Db;
use app::error::AppError;
use app::limits::bulk::{Scope, TeamRules, load, load_team};
use app::limits::rules::{evaluate, longest_window};
use app::limits::store::{refresh_all, rule_snapshot};
use app::on_db;

use crate::bench::data::Lcg;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Runs of the whole-organisation evaluation.
    pub runs: usize,
    /// Teams timed one at a time.
    pub sample: usize,
    pub seed: u64,
    /// Also time `refresh_all`, which writes proposals.
    pub proposals: bool,
}

/// The figures, also printed as they come.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub teams: usize,
    pub whole_min: Duration,
    pub whole_median: Duration,
    pub per_team_median: Duration,
    pub per_team_p95: Duration,
    pub bulk_team_median: Duration,
    pub bulk_team_p95: Duration,
    pub evaluate_median: Duration,
    pub evaluate_p95: Duration,
    pub findings: usize,
}

pub async fn run(db: &Db, options: Options) -> Result<Figures, AppError> {
    let now = Utc::now();
    let mut figures = Figures::default();
    print_sizes(db, now).await?;

    // (a) The whole organisation, as the background job sees it.
    let mut totals = Vec::new();
    let mut last: Vec<TeamRules> = Vec::new();
    for run in 1..=options.runs.max(1) {
        let cpu = cpu_seconds();
        let started = Instant::now();
        let (teams, timings) = load(db, Scope::All, now).await?;
        let loaded = started.elapsed();
        let findings: usize = teams
            .iter()
            .map(|t| evaluate(&t.snapshot, &t.limits, now).len())
            .sum();
        let total = started.elapsed();
        let cpu = match (cpu, cpu_seconds()) {
            (Some(before), Some(after)) => format!(", process cpu {:.2} s", after - before),
            _ => String::new(),
        };
        println!(
            "  run {run}: load {} (limits {}, queries {}, grouping {}; {} signal rows), evaluate {}, total {}{cpu}; {findings} findings",
            secs(loaded),
            ms(timings.limits),
            ms(timings.queries),
            ms(timings.assemble),
            timings.signal_rows,
            secs(total - loaded),
            secs(total),
        );
        totals.push(total);
        figures.findings = findings;
        last = teams;
    }
    figures.teams = last.len();
    totals.sort_unstable();
    figures.whole_min = totals[0];
    figures.whole_median = percentile(&totals, 50);
    println!(
        "whole organisation ({} teams, load + evaluate): median {}, min {} over {} runs",
        figures.teams,
        secs(figures.whole_median),
        secs(figures.whole_min),
        totals.len()
    );

    // (b) One team at a time, as after a write.
    let mut rng = Lcg::new(options.seed);
    let sample: Vec<TeamId> = (0..options.sample.min(last.len()))
        .map(|_| last[rng.index(last.len())].team)
        .collect();
    // Warm the statement caches first, as a running server has.
    for team in sample.iter().take(5) {
        one_team(db, *team, now).await?;
        one_team_bulk(db, *team, now).await?;
    }
    let mut per_team = Vec::with_capacity(sample.len());
    for team in &sample {
        let started = Instant::now();
        one_team(db, *team, now).await?;
        per_team.push(started.elapsed());
    }
    if !per_team.is_empty() {
        per_team.sort_unstable();
        figures.per_team_median = percentile(&per_team, 50);
        figures.per_team_p95 = percentile(&per_team, 95);
        println!(
            "one team ({} random teams, team_limits + rule_snapshot + evaluate): median {}, p95 {}, max {}",
            per_team.len(),
            ms(figures.per_team_median),
            ms(figures.per_team_p95),
            ms(per_team[per_team.len() - 1])
        );
    }

    let mut narrowed = Vec::with_capacity(sample.len());
    for team in &sample {
        let started = Instant::now();
        one_team_bulk(db, *team, now).await?;
        narrowed.push(started.elapsed());
    }
    if !narrowed.is_empty() {
        narrowed.sort_unstable();
        figures.bulk_team_median = percentile(&narrowed, 50);
        figures.bulk_team_p95 = percentile(&narrowed, 95);
        println!(
            "one team ({} random teams, bulk::load_team + evaluate): median {}, p95 {}, max {}",
            narrowed.len(),
            ms(figures.bulk_team_median),
            ms(figures.bulk_team_p95),
            ms(narrowed[narrowed.len() - 1])
        );
    }

    // (c) The rules alone.
    let mut evaluate_only = Vec::with_capacity(last.len());
    for team in &last {
        let started = Instant::now();
        std::hint::black_box(evaluate(&team.snapshot, &team.limits, now));
        evaluate_only.push(started.elapsed());
    }
    if !evaluate_only.is_empty() {
        let sum: Duration = evaluate_only.iter().sum();
        evaluate_only.sort_unstable();
        figures.evaluate_median = percentile(&evaluate_only, 50);
        figures.evaluate_p95 = percentile(&evaluate_only, 95);
        println!(
            "evaluate only (per team, snapshot in memory, {} teams): median {}, p95 {}, max {}; all teams {}",
            evaluate_only.len(),
            ms(figures.evaluate_median),
            ms(figures.evaluate_p95),
            ms(evaluate_only[evaluate_only.len() - 1]),
            ms(sum)
        );
    }

    // (d) The whole background job, proposals included.
    if options.proposals {
        for round in ["first", "second"] {
            let started = Instant::now();
            let made = refresh_all(db, now).await?;
            println!(
                "background job (refresh_all, {round} run): {} with {made} new proposals",
                secs(started.elapsed())
            );
        }
    }
    Ok(figures)
}

async fn one_team(db: &Db, team: TeamId, now: DateTime<Utc>) -> Result<usize, AppError> {
    let limits = team_limits(db, team).await?;
    let snapshot = rule_snapshot(db, team, longest_window(&limits), now).await?;
    Ok(evaluate(&snapshot, &limits, now).len())
}

async fn one_team_bulk(db: &Db, team: TeamId, now: DateTime<Utc>) -> Result<usize, AppError> {
    let rules = load_team(db, team, now).await?.ok_or(AppError::NotFound)?;
    Ok(evaluate(&rules.snapshot, &rules.limits, now).len())
}

/// CPU time this process used so far (user + system), where Linux says so. On a busy machine
/// it shows how much of the wall-clock time was ours.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime, in clock ticks of 1/100 s on Linux.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

async fn print_sizes(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    const SQL: &str = "SELECT (SELECT COUNT(*) FROM teams), \
         (SELECT COUNT(*) FROM memberships WHERE role = 'member'), \
         (SELECT COUNT(*) FROM clients WHERE status = 'active'), \
         (SELECT COUNT(*) FROM stuck_signals), \
         (SELECT COUNT(*) FROM stuck_signals WHERE created_at >= $1)";
    let twelve_weeks = now - chrono::Duration::weeks(12);
    let (teams, members, clients, signals, recent): (i64, i64, i64, i64, i64) =
        on_db!(db, p => sqlx::query_as(SQL).bind(twelve_weeks).fetch_one(p).await)?;
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "machine: {cores} cores, load average {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    println!(
        "{} database: {teams} teams, {members} members, {clients} active clients, {signals} stuck signals ({recent} in the last 12 weeks)",
        db.kind()
    );
    Ok(())
}

/// The `p`th percentile of sorted durations (nearest rank).
fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
