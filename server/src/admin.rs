//! `draagkracht create-admin`: the first account of a real deployment. It prints a one-time
//! link instead of taking a password on the command line, where shells keep history.

use app::shared::ids::OrganisationId;
use chrono::Utc;

use app::auth::links;
use app::auth::model::Email;
use app::db::Db;
use app::error::AppError;
use app::teams::model::NewAccount;
use app::{auth, on_db, teams};

/// Creates the organisation if needed and an admin account in it; returns the one-time link.
pub async fn create_admin(
    db: &Db,
    organisation: &str,
    email: &str,
    name: &str,
    public_url: &str,
) -> Result<String, AppError> {
    let now = Utc::now();
    let org = ensure_organisation(db, organisation).await?;
    let account = NewAccount {
        email: Email::parse("email", email)?,
        display_name: name.trim().to_owned(),
        team: None,
        fte: 1.0,
    };
    let user = teams::store::create_account(db, OrganisationId(org), &account, true, now).await?;
    let token = links::new_token();
    auth::store::create_password_link(
        db,
        user,
        &links::hash_token(&token),
        now + chrono::Duration::hours(links::LINK_VALID_HOURS),
    )
    .await?;
    app::audit::record(
        db,
        OrganisationId(org),
        None,
        "account.create_admin",
        &format!("user:{user}"),
    )
    .await?;
    Ok(format!(
        "{}/set-password/{token}",
        public_url.trim_end_matches('/')
    ))
}

pub async fn ensure_organisation(db: &Db, name: &str) -> Result<i64, AppError> {
    const FIND: &str = "SELECT id FROM organisations WHERE name = $1";
    const INSERT: &str = "INSERT INTO organisations (name, visible_to_neighbours, created_at) VALUES ($1, FALSE, $2) RETURNING id";
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid(
            "organisation",
            app::error::FieldProblem::Required,
        ));
    }
    if let Some((id,)) =
        on_db!(db, p => sqlx::query_as::<_, (i64,)>(FIND).bind(name).fetch_optional(p).await)?
    {
        return Ok(id);
    }
    let (id,): (i64,) =
        on_db!(db, p => sqlx::query_as(INSERT).bind(name).bind(Utc::now()).fetch_one(p).await)?;
    Ok(id)
}
