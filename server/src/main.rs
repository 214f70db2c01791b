//! `draagkracht`: serve the app, migrate, create the first admin, or seed demo data.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use app::db::Db;
use draagkracht::{Config, admin, demo, serve};

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
    let db = Db::connect(&config.database_url).await?;
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
