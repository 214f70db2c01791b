//! SQL for the organisation's settings.

use crate::auth::model::{OrganisationId, UserId};
use crate::auth::second_factor::model::SecondFactorRule;
use crate::db::Db;
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_optional};

pub struct Settings {
    pub name: String,
    pub visible_to_neighbours: bool,
    pub second_factor_rule: SecondFactorRule,
}

pub async fn settings(db: &Db, org: OrganisationId) -> Result<Settings, AppError> {
    const SQL: &str =
        "SELECT name, visible_to_neighbours, second_factor_rule FROM organisations WHERE id = $1";
    let row: Option<(String, bool, String)> = fetch_optional!(db, SQL, org)?;
    let (name, visible_to_neighbours, rule) = row.ok_or(AppError::NotFound)?;
    Ok(Settings {
        name,
        visible_to_neighbours,
        second_factor_rule: SecondFactorRule::parse(&rule).unwrap_or(SecondFactorRule::Off),
    })
}

pub async fn save_settings(
    db: &Db,
    org: OrganisationId,
    visible_to_neighbours: bool,
    rule: SecondFactorRule,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE organisations SET visible_to_neighbours = $1, second_factor_rule = $2 WHERE id = $3";
    execute!(db, SQL, visible_to_neighbours, rule.as_str(), org)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct PoolRow {
    pub id: UserId,
    pub display_name: String,
    pub in_facilitator_pool: bool,
}

/// The organisation's active people by name, with whether each is in the pool.
pub async fn people(db: &Db, org: OrganisationId) -> Result<Vec<PoolRow>, AppError> {
    const SQL: &str = "SELECT id, display_name, in_facilitator_pool FROM users \
         WHERE organisation_id = $1 AND active = TRUE ORDER BY display_name, id";
    Ok(fetch_all!(db, SQL, org)?)
}

/// Puts an active person of the organisation in the pool or takes them out.
pub async fn set_in_pool(
    db: &Db,
    org: OrganisationId,
    user: UserId,
    in_pool: bool,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE users SET in_facilitator_pool = $1 \
         WHERE id = $2 AND organisation_id = $3 AND active = TRUE";
    if execute!(db, SQL, in_pool, user, org)? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
