//! SQL for the organisation's archive: one query per file, each bound to the organisation
//! (`$1`), streamed row by row into CSV so that no file is ever held whole in memory.

use futures::{AsyncWrite, AsyncWriteExt, TryStreamExt};
use sqlx::{Column, Executor, Row, Statement, TypeInfo, ValueRef};

use super::model::ArchiveFile;
use crate::auth::model::OrganisationId;
use crate::db::Db;
use crate::error::AppError;
use crate::on_db;

const TEAMS: &str = "(SELECT id FROM teams WHERE organisation_id = $1)";
const USERS: &str = "(SELECT id FROM users WHERE organisation_id = $1)";
const CLIENTS: &str =
    "(SELECT c.id FROM clients c JOIN teams t ON t.id = c.team_id WHERE t.organisation_id = $1)";
const SESSIONS: &str =
    "(SELECT s.id FROM sessions s JOIN teams t ON t.id = s.team_id WHERE t.organisation_id = $1)";
/// Proposals a leader or admin saw: those to the team's leader. A private signal's proposal
/// goes to its author alone.
const LEADERS_PROPOSALS: &str = "(SELECT p.id FROM proposals p JOIN teams t ON t.id = p.team_id \
     JOIN memberships m ON m.team_id = p.team_id AND m.user_id = p.audience_user_id AND m.role = 'leader' \
     WHERE t.organisation_id = $1)";
const OFFERS: &str = "(SELECT o.id FROM visit_offers o JOIN teams t ON t.id = o.host_team_id WHERE t.organisation_id = $1)";
/// Bookings of the organisation's offers, and its teams' own bookings elsewhere.
const BOOKINGS: &str = "(SELECT b.id FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id \
     JOIN visit_offers o ON o.id = s.offer_id JOIN teams h ON h.id = o.host_team_id \
     JOIN teams v ON v.id = b.visiting_team_id WHERE h.organisation_id = $1 OR v.organisation_id = $1)";

fn flag(column: &str) -> String {
    format!("CASE WHEN {column} THEN 1 ELSE 0 END AS {column}")
}

/// The query of one file. Every one names the organisation, so nothing of another leaks in.
pub fn query(file: ArchiveFile) -> String {
    match file {
        ArchiveFile::Teams => format!(
            "SELECT id, name, kind_of_work, norm_per_fte, secondary_fraction, {}, intervision_every_weeks, created_at \
             FROM teams WHERE organisation_id = $1 ORDER BY id",
            flag("members_see_balance")
        ),
        ArchiveFile::People => format!(
            "SELECT id, display_name, email, {}, {}, {}, created_at FROM users WHERE organisation_id = $1 ORDER BY id",
            flag("is_admin"),
            flag("in_facilitator_pool"),
            flag("active")
        ),
        ArchiveFile::Memberships => format!(
            "SELECT team_id, user_id, role, fte, capacity_override FROM memberships WHERE team_id IN {TEAMS} ORDER BY team_id, user_id"
        ),
        ArchiveFile::Domains => {
            format!("SELECT id, team_id, name FROM domains WHERE team_id IN {TEAMS} ORDER BY id")
        }
        ArchiveFile::Clients => format!(
            "SELECT id, team_id, code, weight, start_date, end_date, status, note, created_at FROM clients \
             WHERE team_id IN {TEAMS} ORDER BY id"
        ),
        ArchiveFile::ClientDomains => format!(
            "SELECT client_id, domain_id FROM client_domains WHERE client_id IN {CLIENTS} ORDER BY client_id, domain_id"
        ),
        ArchiveFile::Assignments => format!(
            "SELECT id, client_id, user_id, role, from_date, to_date, created_by, created_at FROM assignments \
             WHERE client_id IN {CLIENTS} ORDER BY id"
        ),
        ArchiveFile::AvoidanceObservations => format!(
            "SELECT id, client_id, observed_on, level, perspective, note, recorded_by, created_at \
             FROM avoidance_observations WHERE client_id IN {CLIENTS} ORDER BY id"
        ),
        ArchiveFile::Movements => format!(
            "SELECT id, team_id, client_id, author_id, noted_on, created_at FROM movements WHERE team_id IN {TEAMS} ORDER BY id"
        ),
        // Never the note or what helped; never a private signal.
        ArchiveFile::Signals => format!(
            "SELECT id, team_id, author_id, client_id, intensity, kinds, strain, reaction, {}, visibility, \
             created_at, resolved_at FROM stuck_signals WHERE team_id IN {TEAMS} AND visibility <> 'private' ORDER BY id",
            flag("moral_dilemma")
        ),
        ArchiveFile::TeamLimits => format!(
            "SELECT id, team_id, kind, threshold, window_weeks, proposes, {}, updated_at FROM team_limits \
             WHERE team_id IN {TEAMS} ORDER BY id",
            flag("active")
        ),
        ArchiveFile::SharedPersonalLimits => format!(
            "SELECT id, user_id, team_id, kind, domain_id, min_level, max_count, created_at FROM personal_limits \
             WHERE team_id IN {TEAMS} AND shared = TRUE ORDER BY id"
        ),
        ArchiveFile::Proposals => format!(
            "SELECT id, team_id, kind, proposes, subject_kind, subject_id, audience_user_id, measured, threshold, \
             window_weeks, evidence, status, snoozed_until, created_at, updated_at FROM proposals \
             WHERE id IN {LEADERS_PROPOSALS} ORDER BY id"
        ),
        ArchiveFile::ProposalDecisions => format!(
            "SELECT id, proposal_id, decision, reason, snoozed_until, decided_by, decided_at FROM proposal_decisions \
             WHERE proposal_id IN {LEADERS_PROPOSALS} ORDER BY id"
        ),
        ArchiveFile::OwnMethods => format!(
            "SELECT id, organisation_id, team_id, kind, name_nl, name_en, roles, created_at FROM methods \
             WHERE organisation_id = $1 OR team_id IN {TEAMS} ORDER BY id"
        ),
        ArchiveFile::Sessions => format!(
            "SELECT id, team_id, kind, method_id, facilitator_id, presenter_id, client_id, question, place, starts_at, \
             minutes, status, proposal_id, insights, follow_up_on, created_by, created_at, updated_at FROM sessions \
             WHERE team_id IN {TEAMS} ORDER BY id"
        ),
        ArchiveFile::SessionParticipants => format!(
            "SELECT session_id, user_id, answer, answered_at FROM session_participants WHERE session_id IN {SESSIONS} \
             ORDER BY session_id, user_id"
        ),
        ArchiveFile::SessionStepNotes => format!(
            "SELECT session_id, position, notes FROM session_step_notes WHERE session_id IN {SESSIONS} ORDER BY session_id, position"
        ),
        ArchiveFile::SessionActions => format!(
            "SELECT id, session_id, owner_id, description, due_on, done_at FROM session_actions WHERE session_id IN {SESSIONS} ORDER BY id"
        ),
        ArchiveFile::SessionEvaluations => format!(
            "SELECT session_id, given_count, helped_sum, felt_safe_sum, words, published_count, published_helped_sum, \
             published_felt_safe_sum, published_words FROM session_evaluation_tallies WHERE session_id IN {SESSIONS} \
             ORDER BY session_id"
        ),
        ArchiveFile::Availability => format!(
            "SELECT id, user_id, weekday, starts, ends FROM availability_windows WHERE user_id IN {USERS} ORDER BY id"
        ),
        ArchiveFile::Absences => format!(
            "SELECT id, user_id, first_day, last_day, reason FROM absences WHERE user_id IN {USERS} ORDER BY id"
        ),
        ArchiveFile::VisitProfiles => format!(
            "SELECT team_id, {}, region, what_to_see, contact_id, host_target, visit_target FROM visit_profiles \
             WHERE team_id IN {TEAMS} ORDER BY team_id",
            flag("accepts_visits")
        ),
        ArchiveFile::VisitRequests => format!(
            "SELECT id, team_id, wish, created_by, created_at, closed_at FROM visit_requests WHERE team_id IN {TEAMS} ORDER BY id"
        ),
        ArchiveFile::VisitOffers => format!(
            "SELECT id, host_team_id, theme, what_to_see, location, language, request_id, created_by, created_at, closed_at \
             FROM visit_offers WHERE id IN {OFFERS} ORDER BY id"
        ),
        ArchiveFile::VisitSlots => format!(
            "SELECT id, offer_id, starts_at, minutes, capacity, taken FROM visit_slots WHERE offer_id IN {OFFERS} ORDER BY id"
        ),
        ArchiveFile::VisitBookings => format!(
            "SELECT id, slot_id, visiting_team_id, question, places, status, reason, created_by, created_at, updated_at \
             FROM visit_bookings WHERE id IN {BOOKINGS} ORDER BY id"
        ),
        ArchiveFile::VisitVisitors => format!(
            "SELECT booking_id, user_id FROM visit_visitors WHERE booking_id IN {BOOKINGS} AND user_id IN {USERS} \
             ORDER BY booking_id, user_id"
        ),
        ArchiveFile::VisitReflections => format!(
            "SELECT booking_id, side, struck, take_away, {}, written_by, written_at FROM visit_reflections \
             WHERE booking_id IN {BOOKINGS} AND written_by IN {USERS} ORDER BY booking_id, side",
            flag("share_wider")
        ),
        ArchiveFile::AccessLog => {
            "SELECT id, at, actor_user_id, action, subject, client_id, address FROM audit_log \
             WHERE organisation_id = $1 ORDER BY id"
                .to_owned()
        }
    }
}

/// How many rows each file will hold; cheap, for the page that shows what the archive holds.
pub async fn count(db: &Db, org: OrganisationId, file: ArchiveFile) -> Result<u64, AppError> {
    let sql = format!("SELECT COUNT(*) FROM ({}) AS counted", query(file));
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(&sql).bind(org).fetch_one(p).await)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Writes one file as CSV into `out`, row by row. Yields its column names and row count.
pub async fn write_csv<W: AsyncWrite + Unpin>(
    db: &Db,
    org: OrganisationId,
    file: ArchiveFile,
    out: &mut W,
) -> Result<(Vec<String>, u64), AppError> {
    let sql = query(file);
    on_db!(db, p => {
        let statement = p.prepare(&sql).await?;
        let columns: Vec<String> = statement.columns().iter().map(|c| c.name().to_owned()).collect();
        out.write_all(&csv_line(&columns)?).await.map_err(write_failed)?;
        let mut rows = statement.query().bind(org).fetch(p);
        let mut written = 0u64;
        while let Some(row) = rows.try_next().await? {
            let cells: Vec<String> = (0..row.len()).map(|i| cell(&row, i)).collect();
            out.write_all(&csv_line(&cells)?).await.map_err(write_failed)?;
            written += 1;
        }
        Ok((columns, written))
    })
}

fn write_failed(err: std::io::Error) -> AppError {
    // The reader went away (a cancelled download) or the archive could not be written.
    tracing::info!(error = %err, "archive stream ended early");
    AppError::Internal
}

/// One CSV record, quoted where needed.
fn csv_line(cells: &[String]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells).map_err(|_| AppError::Internal)?;
    writer.into_inner().map_err(|_| AppError::Internal)
}

/// A cell as text, the same on both databases: integers and reals as numbers, times as
/// RFC 3339 in UTC, dates as YYYY-MM-DD, NULL as empty.
fn cell<R: Row>(row: &R, i: usize) -> String
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i32: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> f64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> bool: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> chrono::DateTime<chrono::Utc>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> chrono::NaiveDate: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let Ok(raw) = row.try_get_raw(i) else {
        return String::new();
    };
    if raw.is_null() {
        return String::new();
    }
    let kind = raw.type_info().name().to_ascii_uppercase();
    let text = match kind.as_str() {
        "INTEGER" | "INT8" | "BIGINT" => row.try_get::<i64, _>(i).map(|v| v.to_string()),
        "INT4" | "INT" | "INT2" => row.try_get::<i32, _>(i).map(|v| v.to_string()),
        "REAL" | "FLOAT8" | "FLOAT4" | "NUMERIC" => row.try_get::<f64, _>(i).map(|v| v.to_string()),
        "BOOL" | "BOOLEAN" => row.try_get::<bool, _>(i).map(|v| u8::from(v).to_string()),
        "TIMESTAMPTZ" => row
            .try_get::<chrono::DateTime<chrono::Utc>, _>(i)
            .map(|v| v.to_rfc3339()),
        "DATE" => row
            .try_get::<chrono::NaiveDate, _>(i)
            .map(|v| v.to_string()),
        _ => row.try_get::<String, _>(i),
    };
    text.unwrap_or_default()
}
