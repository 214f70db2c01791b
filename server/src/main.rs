//! `draagkracht`: serve the app, migrate, create the first admin, seed demo data, or generate
//! and benchmark a large organisation.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use draagkracht::bench::{data as bench_data, rules as bench_rules};
use draagkracht::{Config, admin, demo, serve};

// A page is built from many small allocations on several threads (Tokio's workers and one
// thread per SQLite connection); glibc's allocator spent a fifth of the balance page's CPU
// time under load, mostly consolidating across those threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "draagkracht",
    version,
    about = "Draagkracht: caseload, stuck signals and reflection for care teams"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the default).
    Serve {
        /// Seed the demo organisations first if the database is empty.
        #[arg(long)]
        demo_if_empty: bool,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Create an organisation admin and print a one-time link to set the password.
    CreateAdmin {
        #[arg(long)]
        organisation: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Fill an empty database with the demo organisations.
    SeedDemo,
    /// Fill an empty database with a large generated organisation for benchmarks.
    BenchData {
        #[arg(long, default_value_t = bench_data::Spec::ORGANISATION.teams)]
        teams: u32,
        #[arg(long, default_value_t = bench_data::Spec::ORGANISATION.members_per_team)]
        members_per_team: u32,
        #[arg(long, default_value_t = bench_data::Spec::ORGANISATION.clients_per_team)]
        clients_per_team: u32,
        #[arg(long, default_value_t = bench_data::Spec::ORGANISATION.signals)]
        signals: u64,
        #[arg(long, default_value_t = bench_data::Spec::ORGANISATION.seed)]
        seed: u64,
        /// Lets the first team's leader (p00001@bench.test) log in with this password, for
        /// the HTTP benchmark.
        #[arg(long)]
        leader_password: Option<String>,
    },
    /// Time rule evaluation, snapshot loading included, for the whole organisation and per team.
    BenchRules {
        /// Runs of the whole-organisation evaluation.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Random teams timed one at a time.
        #[arg(long, default_value_t = 200)]
        sample: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Also time the background job, which writes proposals into the database.
        #[arg(long)]
        proposals: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.config.log_json);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "draagkracht stopped with an error");
            eprintln!("draagkracht: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let config = cli.config;
    let db = draagkracht::startup::open_database(&config.database_url).await?;
    tracing::info!(database = db.kind(), "database ready");
    match cli.command.unwrap_or(Command::Serve {
        demo_if_empty: false,
    }) {
        Command::Serve { demo_if_empty } => {
            if demo_if_empty && demo::is_empty(&db).await? {
                demo::seed(&db).await?;
                print_demo_logins(&config);
            }
            serve(config, db).await?;
        }
        Command::Migrate => println!("Database schema is up to date ({}).", db.kind()),
        Command::CreateAdmin {
            organisation,
            email,
            name,
        } => {
            let link = admin::create_admin(&db, &organisation, &email, &name, &config.public_url())
                .await?;
            println!(
                "Admin account created for {email}.\nOpen this one-time link within 72 hours to set the password:\n{link}"
            );
        }
        Command::SeedDemo => {
            if !demo::is_empty(&db).await? {
                return Err(
                    "the database already holds data; seed-demo only fills an empty database"
                        .into(),
                );
            }
            demo::seed(&db).await?;
            print_demo_logins(&config);
        }
        Command::BenchData {
            teams,
            members_per_team,
            clients_per_team,
            signals,
            seed,
            leader_password,
        } => {
            let spec = bench_data::Spec {
                teams,
                members_per_team,
                clients_per_team,
                closed_per_team: bench_data::Spec::ORGANISATION.closed_per_team,
                signals,
                seed,
            };
            println!("Generating {spec:?} into the {} database ...", db.kind());
            let report = bench_data::generate(&db, &spec, chrono::Utc::now()).await?;
            for (table, rows, took) in &report.tables {
                println!(
                    "  {table:<24} {rows:>9} rows  {:>7.2} s",
                    took.as_secs_f64()
                );
            }
            println!(
                "Generated organisation {:?} in {:.1} s.",
                bench_data::ORGANISATION_NAME,
                report.total.as_secs_f64()
            );
            if let Some(password) = leader_password {
                bench_data::let_first_leader_log_in(&db, password).await?;
                println!("p00001@bench.test (leader of team 1) can log in.");
            }
        }
        Command::BenchRules {
            runs,
            sample,
            seed,
            proposals,
        } => {
            let options = bench_rules::Options {
                runs,
                sample,
                seed,
                proposals,
            };
            bench_rules::run(&db, options).await?;
        }
    }
    Ok(())
}

fn print_demo_logins(config: &Config) {
    println!(
        "\nDraagkracht demo is ready at {}\nDemo log-ins (password for all: {}):",
        config.public_url(),
        demo::DEMO_PASSWORD
    );
    for (role, email) in demo::DEMO_LOGINS {
        println!("  {role:<32} {email}");
    }
    println!();
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
