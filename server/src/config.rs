//! Configuration from the command line and the environment (see the README for the list).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// sqlite://path or postgres://user@host/db. The default SQLite file is created on first start.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/draagkracht.db"
    )]
    pub database_url: String,

    /// Address to listen on.
    #[arg(long, env = "DRAAGKRACHT_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Public address of the app, used in one-time links. Defaults to http://<addr>.
    #[arg(long, env = "DRAAGKRACHT_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Folder with the built front-end (pkg/, main.css). Defaults to $LEPTOS_SITE_ROOT, then
    /// target/site, then ../site next to the binary.
    #[arg(long, env = "DRAAGKRACHT_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "DRAAGKRACHT_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: i64,

    /// Trust X-Forwarded-For for the client address (only behind your own proxy).
    #[arg(long, env = "DRAAGKRACHT_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,

    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "DRAAGKRACHT_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// Mail server for notification emails; none are sent when unset. smtp://host:25 (plain),
    /// smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://user:pass@host:465 (TLS).
    #[arg(long, env = "DRAAGKRACHT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of notification emails, e.g. "Draagkracht <noreply@example.org>".
    #[arg(long, env = "DRAAGKRACHT_MAIL_FROM")]
    pub mail_from: Option<String>,
}

impl Config {
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }

    /// Session cookies are `Secure` whenever the app is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url().starts_with("https://")
    }

    pub fn site_root(&self) -> PathBuf {
        if let Some(root) = &self.site_root {
            return root.clone();
        }
        if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
            return PathBuf::from(root);
        }
        let local = PathBuf::from("target/site");
        if local.join("pkg").exists() {
            return local;
        }
        std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.parent()?.join("site")))
            .filter(|p| p.join("pkg").exists())
            .unwrap_or(local)
    }
}
