//! The background job for notifications: about every minute it writes the reminders that
//! are due (a day before a session), then, when a mail server is configured, emails the
//! notifications no email went out for yet. Emails are off unless `DRAAGKRACHT_SMTP_URL` is
//! set.

use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use app::db::Db;
use app::error::AppError;
use app::notifications::email::compose;
use app::notifications::model::PendingEmail;
use app::notifications::store;

use crate::Config;

/// How often the job runs.
pub const EVERY: Duration = Duration::from_secs(60);

/// Only notifications made at most this long before the job started are emailed, so turning
/// email on (or restarting after an outage) does not send the whole history.
pub const EMAIL_LOOKBACK: chrono::Duration = chrono::Duration::hours(1);

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("DRAAGKRACHT_SMTP_URL is not a usable mail server URL: {0}")]
    Url(#[from] lettre::transport::smtp::Error),
    #[error("DRAAGKRACHT_MAIL_FROM must be set when DRAAGKRACHT_SMTP_URL is")]
    NoSender,
    #[error("DRAAGKRACHT_MAIL_FROM is not an email address: {0}")]
    Sender(#[from] lettre::address::AddressError),
}

/// Sends notification emails through one mail server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    // The transport holds the mail server's credentials; never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// The configured mailer, or `None` when no mail server is configured.
    pub fn from_config(config: &Config) -> Result<Option<Mailer>, MailerError> {
        let Some(url) = config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let from = config
            .mail_from
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .ok_or(MailerError::NoSender)?;
        Mailer::new(url, from, &config.public_url()).map(Some)
    }

    /// `smtp_url` as lettre reads it: smtp://, smtp://…?tls=required or smtps://.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Mailer, MailerError> {
        Ok(Mailer {
            transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url.trim())?.build(),
            from: from.trim().parse()?,
            public_url: public_url.to_owned(),
        })
    }

    async fn send(
        &self,
        pending: &PendingEmail,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let text = compose(pending, &self.public_url);
        let to = Mailbox::new(Some(pending.display_name.clone()), pending.email.parse()?);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(text.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text.body)?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub reminders: u64,
    pub emailed: u64,
    pub failed: u64,
}

/// One run: writes the due reminders, then emails what is unsent since `since` (when there
/// is a mailer). Each notification is claimed before it is sent, so several app servers on
/// one database never send the same email twice; a failed send gives the claim back and is
/// retried later, each time after a longer wait; a claim whose server crashed runs out.
pub async fn tick(
    db: &Db,
    mailer: Option<&Mailer>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Tick, AppError> {
    let mut done = Tick {
        reminders: store::due_reminders(db, now).await?,
        ..Tick::default()
    };
    let Some(mailer) = mailer else {
        return Ok(done);
    };
    for pending in store::unsent_emails(db, since, now).await? {
        if !store::claim_email(db, pending.id, now).await? {
            continue;
        }
        match mailer.send(&pending).await {
            Ok(()) => {
                store::email_sent(db, pending.id, Utc::now()).await?;
                done.emailed += 1;
            }
            Err(err) => {
                tracing::warn!(error = %err, notification = %pending.id, attempts = pending.attempts + 1, "sending a notification email failed; it will be retried");
                store::email_failed(db, &pending, Utc::now()).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

pub fn spawn(db: Db, mailer: Option<Mailer>) -> tokio::task::JoinHandle<()> {
    if mailer.is_none() {
        tracing::info!("no DRAAGKRACHT_SMTP_URL: notifications are in-app only");
    }
    let since = Utc::now() - EMAIL_LOOKBACK;
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        loop {
            ticks.tick().await;
            // One server runs each tick, however many share the database.
            match app::jobs::store::claim_tick(&db, "notifications", EVERY, Utc::now()).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(err) => {
                    tracing::warn!(error = %err, "notifications job could not claim its tick");
                    continue;
                }
            }
            match tick(&db, mailer.as_ref(), since, Utc::now()).await {
                Ok(done) if done != Tick::default() => tracing::info!(
                    reminders = done.reminders,
                    emailed = done.emailed,
                    failed = done.failed,
                    "notifications job"
                ),
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "notifications job failed"),
            }
        }
    })
}
