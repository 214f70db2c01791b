//! SQL for the personal export: every table that holds something of one person, read for that
//! person only.

use chrono::{DateTime, Utc};

use super::views::*;
use crate::auth::model::UserId;
use crate::db::Db;
use crate::error::AppError;
use crate::{fetch_all, fetch_one, fetch_optional};

pub async fn account(db: &Db, user: UserId) -> Result<ExportAccount, AppError> {
    const SQL: &str = "SELECT u.display_name, u.email, o.name AS organisation, u.language, u.is_admin, \
         u.in_facilitator_pool, u.created_at FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.id = $1";
    let row: Option<ExportAccount> = fetch_optional!(db, SQL, user)?;
    row.ok_or(AppError::NotFound)
}

pub async fn memberships(db: &Db, user: UserId) -> Result<Vec<ExportMembership>, AppError> {
    const SQL: &str = "SELECT t.name AS team, m.role, m.fte FROM memberships m JOIN teams t ON t.id = m.team_id \
         WHERE m.user_id = $1 ORDER BY t.name";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn signals(db: &Db, user: UserId) -> Result<Vec<ExportSignal>, AppError> {
    const SQL: &str = "SELECT s.created_at AS logged_at, t.name AS team, c.code AS client_code, \
         CAST(s.intensity AS BIGINT) AS intensity, s.kinds, s.strain, s.reaction, s.moral_dilemma, s.note, \
         s.visibility, s.resolved_at, s.helped FROM stuck_signals s JOIN teams t ON t.id = s.team_id \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.author_id = $1 ORDER BY s.created_at, s.id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn help_requests(db: &Db, user: UserId) -> Result<Vec<ExportHelpRequest>, AppError> {
    const SQL: &str = "SELECT h.created_at, CASE WHEN h.author_id = $1 THEN 'author' ELSE 'helper' END AS side, \
         h.initiative, h.status, o.display_name AS other, h.question, h.starts_at FROM help_requests h \
         JOIN users o ON o.id = CASE WHEN h.author_id = $1 THEN h.helper_id ELSE h.author_id END \
         WHERE h.author_id = $1 OR h.helper_id = $1 ORDER BY h.created_at, h.id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn movements(db: &Db, user: UserId) -> Result<Vec<ExportMovement>, AppError> {
    const SQL: &str = "SELECT t.name AS team, c.code AS client_code, m.noted_on FROM movements m \
         JOIN teams t ON t.id = m.team_id JOIN clients c ON c.id = m.client_id \
         WHERE m.author_id = $1 ORDER BY m.noted_on, m.id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn personal_limits(db: &Db, user: UserId) -> Result<Vec<ExportLimit>, AppError> {
    const SQL: &str = "SELECT t.name AS team, p.kind, d.name AS domain, CAST(p.min_level AS BIGINT) AS min_level, \
         CAST(p.max_count AS BIGINT) AS max_count, p.shared AS shared_with_leader FROM personal_limits p \
         JOIN teams t ON t.id = p.team_id LEFT JOIN domains d ON d.id = p.domain_id \
         WHERE p.user_id = $1 ORDER BY t.name, p.id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn availability(db: &Db, user: UserId) -> Result<Vec<ExportWindow>, AppError> {
    const SQL: &str = "SELECT CAST(weekday AS BIGINT) AS weekday, starts, ends FROM availability_windows \
         WHERE user_id = $1 ORDER BY weekday, starts";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn absences(db: &Db, user: UserId) -> Result<Vec<ExportAbsence>, AppError> {
    const SQL: &str =
        "SELECT first_day, last_day, reason FROM absences WHERE user_id = $1 ORDER BY first_day";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn sessions(db: &Db, user: UserId) -> Result<Vec<ExportSession>, AppError> {
    const SQL: &str = "SELECT t.name AS team, s.kind, s.starts_at, s.status, \
         (s.facilitator_id = $1) AS facilitated, (s.presenter_id = $1) AS presented, \
         CASE WHEN s.presenter_id = $1 THEN s.question END AS question, p.answer \
         FROM sessions s JOIN teams t ON t.id = s.team_id \
         LEFT JOIN session_participants p ON p.session_id = s.id AND p.user_id = $1 \
         WHERE s.facilitator_id = $1 OR s.presenter_id = $1 OR p.user_id IS NOT NULL \
         ORDER BY s.starts_at, s.id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn preparations(db: &Db, user: UserId) -> Result<Vec<ExportPreparation>, AppError> {
    const SQL: &str = "SELECT s.starts_at AS session_starts_at, CAST(p.prompt AS BIGINT) AS prompt, p.answer \
         FROM session_preparations p JOIN sessions s ON s.id = p.session_id \
         WHERE s.presenter_id = $1 ORDER BY s.starts_at, p.prompt";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn actions(db: &Db, user: UserId) -> Result<Vec<ExportAction>, AppError> {
    const SQL: &str =
        "SELECT description, due_on, done_at FROM session_actions WHERE owner_id = $1 ORDER BY id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn visit_reflections(db: &Db, user: UserId) -> Result<Vec<ExportReflection>, AppError> {
    const SQL: &str = "SELECT side, struck, take_away, share_wider, written_at FROM visit_reflections \
         WHERE written_by = $1 ORDER BY written_at";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn sign_ins(db: &Db, user: UserId) -> Result<Vec<ExportSignIn>, AppError> {
    const SQL: &str = "SELECT device, address, created_at, last_seen_at FROM sign_ins WHERE user_id = $1 ORDER BY created_at";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn second_factors(db: &Db, user: UserId) -> Result<ExportSecondFactors, AppError> {
    const APP: &str =
        "SELECT confirmed_at FROM totp_factors WHERE user_id = $1 AND confirmed_at IS NOT NULL";
    const PASSKEYS: &str = "SELECT name, created_at, last_used_at FROM passkeys \
         WHERE user_id = $1 ORDER BY created_at, id";
    const CODES: &str =
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL";
    let app: Option<(DateTime<Utc>,)> = fetch_optional!(db, APP, user)?;
    let (codes,): (i64,) = fetch_one!(db, CODES, user)?;
    Ok(ExportSecondFactors {
        authenticator_app_since: app.map(|(at,)| at),
        passkeys: fetch_all!(db, PASSKEYS, user)?,
        recovery_codes_left: codes,
    })
}

pub async fn notifications(db: &Db, user: UserId) -> Result<Vec<ExportNotification>, AppError> {
    const SQL: &str = "SELECT kind, created_at, (read_at IS NOT NULL) AS read FROM notifications \
         WHERE user_id = $1 ORDER BY created_at, id";
    Ok(fetch_all!(db, SQL, user)?)
}

pub async fn audit_trail(db: &Db, user: UserId) -> Result<Vec<ExportAudit>, AppError> {
    const SQL: &str =
        "SELECT action, subject, at FROM audit_log WHERE actor_user_id = $1 ORDER BY at, id";
    Ok(fetch_all!(db, SQL, user)?)
}
