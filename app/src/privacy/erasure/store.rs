//! SQL for erasure. Each erasure is one write transaction that checks the record belongs to the
//! actor's organisation and may go now, so nothing is ever half-erased.

use chrono::{DateTime, Utc};

use super::views::{AccountErasureView, ClientErasureView};
use crate::auth::model::{OrganisationId, TeamId, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::on_db;
use crate::shared::ids::ClientId;
use crate::signals::model::evidence_without;

/// The name an erased account goes by wherever its work stays: sessions it led, clients it
/// handed over, actions it took on.
pub const FORMER_COLLEAGUE: &str = "oud-medewerker";

const ACCOUNT: &str = "SELECT display_name, email, active, erased_at IS NOT NULL AS erased, \
     (SELECT COUNT(DISTINCT a.client_id) FROM assignments a JOIN clients c ON c.id = a.client_id \
      WHERE a.user_id = u.id AND a.to_date IS NULL AND c.status = 'active') AS carries, \
     (SELECT COUNT(*) FROM stuck_signals s WHERE s.author_id = u.id) AS signals \
     FROM users u WHERE u.id = $1 AND u.organisation_id = $2";

/// Proposals about this person, or addressed to them alone.
const THEIR_PROPOSALS: &str = "SELECT id FROM proposals WHERE audience_user_id = $1 \
     OR (subject_kind = 'member' AND subject_id = $1)";

/// In this order: what points at a row goes before the row.
const ACCOUNT_STEPS: &[&str] = &[
    // Asked of them or by them: the request's notifications go with it.
    "DELETE FROM help_requests WHERE author_id = $1 OR helper_id = $1",
    "DELETE FROM session_signals WHERE signal_id IN (SELECT id FROM stuck_signals WHERE author_id = $1)",
    "DELETE FROM stuck_signals WHERE author_id = $1",
    "DELETE FROM session_preparations WHERE session_id IN (SELECT id FROM sessions WHERE presenter_id = $1)",
    "DELETE FROM personal_limits WHERE user_id = $1",
    "DELETE FROM availability_windows WHERE user_id = $1",
    "DELETE FROM absences WHERE user_id = $1",
    "DELETE FROM calendar_tokens WHERE user_id = $1",
    "DELETE FROM totp_factors WHERE user_id = $1",
    "DELETE FROM recovery_codes WHERE user_id = $1",
    "DELETE FROM passkeys WHERE user_id = $1",
    "DELETE FROM passkey_ceremonies WHERE user_id = $1",
    "DELETE FROM sign_ins WHERE user_id = $1",
    "DELETE FROM password_links WHERE user_id = $1",
    "DELETE FROM notifications WHERE user_id = $1",
    "DELETE FROM memberships WHERE user_id = $1",
];

const CLIENT: &str = "SELECT c.code, c.team_id, c.status = 'closed' AS closed, \
     (SELECT COUNT(*) FROM assignments a WHERE a.client_id = c.id) \
     + (SELECT COUNT(*) FROM avoidance_observations o WHERE o.client_id = c.id) \
     + (SELECT COUNT(*) FROM movements m WHERE m.client_id = c.id) AS records, \
     (SELECT COUNT(*) FROM stuck_signals s WHERE s.client_id = c.id) \
     + (SELECT COUNT(*) FROM sessions s WHERE s.client_id = c.id) AS unlinked \
     FROM clients c JOIN teams t ON t.id = c.team_id WHERE c.id = $1 AND t.organisation_id = $2";

const CLIENT_PROPOSALS: &str =
    "SELECT id FROM proposals WHERE subject_kind = 'client' AND subject_id = $1";

const CLIENT_STEPS: &[&str] = &[
    "DELETE FROM assignments WHERE client_id = $1",
    "DELETE FROM avoidance_observations WHERE client_id = $1",
    "DELETE FROM client_domains WHERE client_id = $1",
    "DELETE FROM movements WHERE client_id = $1",
    // Signals stay their author's and sessions the team's; only the link goes.
    "UPDATE stuck_signals SET client_id = NULL WHERE client_id = $1",
    "UPDATE sessions SET client_id = NULL WHERE client_id = $1",
    "DELETE FROM clients WHERE id = $1",
];

/// Removes proposals, their decisions and the sessions' links to them, for the proposals the
/// query (bound to `id`) selects.
const PROPOSAL_STEPS: &[&str] = &[
    "UPDATE sessions SET proposal_id = NULL WHERE proposal_id IN (SELECTED)",
    "DELETE FROM proposal_decisions WHERE proposal_id IN (SELECTED)",
    "DELETE FROM proposals WHERE id IN (SELECTED)",
];

#[derive(sqlx::FromRow)]
struct AccountRow {
    display_name: String,
    email: String,
    active: bool,
    erased: bool,
    carries: i64,
    signals: i64,
}

#[derive(sqlx::FromRow)]
struct ClientRow {
    code: String,
    team_id: TeamId,
    closed: bool,
    records: i64,
    unlinked: i64,
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub async fn account(
    db: &Db,
    org: OrganisationId,
    user: UserId,
) -> Result<AccountErasureView, AppError> {
    let row: AccountRow =
        on_db!(db, p => sqlx::query_as(ACCOUNT).bind(user).bind(org).fetch_optional(p).await)?
            .ok_or(AppError::NotFound)?;
    Ok(AccountErasureView {
        id: user,
        display_name: row.display_name,
        active: row.active,
        erased: row.erased,
        carries: count(row.carries),
        signals: count(row.signals),
    })
}

/// Whether the account may go now: deactivated first (so erasing is never the first step),
/// with every client handed over.
fn account_may_go(row: &AccountRow) -> Result<(), AppError> {
    if row.erased {
        return Err(AppError::NotFound);
    }
    if row.active {
        return Err(AppError::invalid("user", FieldProblem::StillActive));
    }
    if row.carries > 0 {
        return Err(AppError::invalid("user", FieldProblem::StillCarries));
    }
    Ok(())
}

/// Erases the account: its private data goes, and its name becomes [`FORMER_COLLEAGUE`]
/// wherever its work stays. Yields the teams whose signals changed, for the rules to look again.
pub async fn erase_account(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<TeamId>, AppError> {
    const TEAMS: &str = "SELECT DISTINCT team_id FROM stuck_signals WHERE author_id = $1";
    const SIGNALS: &str = "SELECT id FROM stuck_signals WHERE author_id = $1";
    const ATTEMPTS: &str = "DELETE FROM login_attempts WHERE account_key = $1";
    const USER: &str = "UPDATE users SET display_name = $2, email = $3, password_hash = NULL, \
         is_admin = FALSE, in_facilitator_pool = FALSE, active = FALSE, language = NULL, \
         session_epoch = session_epoch + 1, erased_at = $4 WHERE id = $1";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let row: Option<AccountRow> = sqlx::query_as(ACCOUNT).bind(user).bind(org).fetch_optional(&mut *tx).await?;
        let row = row.ok_or(AppError::NotFound)?;
        account_may_go(&row)?;
        let teams: Vec<(TeamId,)> = sqlx::query_as(TEAMS).bind(user).fetch_all(&mut *tx).await?;
        let signals: Vec<(i64,)> = sqlx::query_as(SIGNALS).bind(user).fetch_all(&mut *tx).await?;
        let gone: Vec<i64> = signals.into_iter().map(|(id,)| id).collect();
        for (team,) in &teams {
            let citing: Vec<(i64, String, String, i64)> = sqlx::query_as(CITING).bind(team).fetch_all(&mut *tx).await?;
            for (proposal, status, evidence, planned) in citing {
                let kept = evidence_without(&evidence, &gone);
                if kept == evidence {
                    continue;
                }
                if status == "open" && planned == 0 {
                    // An open proposal that counted these signals goes; the rules make it
                    // anew if it still holds without them.
                    sqlx::query("DELETE FROM proposals WHERE id = $1").bind(proposal).execute(&mut *tx).await?;
                } else {
                    sqlx::query("UPDATE proposals SET evidence = $1 WHERE id = $2").bind(kept).bind(proposal).execute(&mut *tx).await?;
                }
            }
        }
        for step in PROPOSAL_STEPS {
            let sql = step.replace("SELECTED", THEIR_PROPOSALS);
            sqlx::query(&sql).bind(user).execute(&mut *tx).await?;
        }
        for step in ACCOUNT_STEPS {
            sqlx::query(step).bind(user).execute(&mut *tx).await?;
        }
        sqlx::query(ATTEMPTS).bind(row.email.trim().to_lowercase()).execute(&mut *tx).await?;
        sqlx::query(USER).bind(user).bind(FORMER_COLLEAGUE).bind(format!("erased-{user}@invalid")).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(teams.into_iter().map(|(t,)| t).collect())
    })
}

/// A team's proposals that cite signals, with whether a session was planned from them. Open
/// ones without decisions only: the decisions of a decided proposal keep it.
const CITING: &str = "SELECT p.id, p.status, p.evidence, \
     (SELECT COUNT(*) FROM sessions s WHERE s.proposal_id = p.id) + \
     (SELECT COUNT(*) FROM proposal_decisions d WHERE d.proposal_id = p.id) AS planned \
     FROM proposals p WHERE p.team_id = $1 AND p.evidence <> ''";

pub async fn client(
    db: &Db,
    org: OrganisationId,
    client: ClientId,
) -> Result<ClientErasureView, AppError> {
    let row: ClientRow =
        on_db!(db, p => sqlx::query_as(CLIENT).bind(client).bind(org).fetch_optional(p).await)?
            .ok_or(AppError::NotFound)?;
    Ok(ClientErasureView {
        id: client,
        code: row.code,
        team: row.team_id,
        closed: row.closed,
        records: count(row.records),
        unlinked: count(row.unlinked),
    })
}

/// Erases a closed client: the code and every record that names it go, signals and sessions
/// lose the link. `team` is the team the caller was allowed to act for; a client that moved
/// since is not found.
pub async fn erase_client(
    db: &Db,
    org: OrganisationId,
    team: TeamId,
    client: ClientId,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let row: Option<ClientRow> = sqlx::query_as(CLIENT).bind(client).bind(org).fetch_optional(&mut *tx).await?;
        let row = row.filter(|r| r.team_id == team).ok_or(AppError::NotFound)?;
        if !row.closed {
            return Err(AppError::invalid("client", FieldProblem::ClientStillOpen));
        }
        for step in PROPOSAL_STEPS {
            let sql = step.replace("SELECTED", CLIENT_PROPOSALS);
            sqlx::query(&sql).bind(client).execute(&mut *tx).await?;
        }
        for step in CLIENT_STEPS {
            sqlx::query(step).bind(client).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}
