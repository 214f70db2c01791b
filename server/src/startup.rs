//! What every start needs before it serves: the database, migrated, with the reference data
//! every installation has (the method library; demo data is something else).

use app::db::Db;

pub async fn open_database(url: &str) -> Result<Db, Box<dyn std::error::Error>> {
    let db = Db::connect(url).await?;
    app::sessions::methods::store::seed_library(&db, chrono::Utc::now())
        .await
        .map_err(|err| format!("seeding the method library failed: {err}"))?;
    Ok(db)
}
