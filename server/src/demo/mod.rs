//! Believable demo data: two organisations, several teams of about twelve people each, leaders,
//! and an organisation-wide facilitator pool. Later capabilities extend this same seed.

use app::shared::ids::OrganisationId;
use app::shared::ids::{TeamId, UserId};
use chrono::Utc;

use app::auth::model::{Email, TeamRole};
use app::db::Db;
use app::error::AppError;
use app::teams::model::{NewAccount, NewTeam};
use app::{auth, execute, on_db, teams};

use crate::admin::ensure_organisation;

mod caseload;
mod sessions;
mod signals;
mod visits;

/// Every demo account shares this password; the README and the run command print it.
pub const DEMO_PASSWORD: &str = "draagkracht-demo";

/// The log-ins printed for people trying the demo: (role, email).
pub const DEMO_LOGINS: [(&str, &str); 4] = [
    ("teamleider / team leader", "leider@linde.demo"),
    ("begeleider / professional", "medewerker@linde.demo"),
    ("gespreksleider / facilitator", "gespreksleider@linde.demo"),
    ("beheerder / admin", "beheer@linde.demo"),
];

struct DemoTeam {
    name: &'static str,
    kind_of_work: &'static str,
    /// Named accounts that must exist in this team: (email, name, role).
    named: &'static [(&'static str, &'static str, TeamRole)],
    size: usize,
}

struct DemoOrganisation {
    name: &'static str,
    domain: &'static str,
    visible_to_neighbours: bool,
    admin: (&'static str, &'static str),
    teams: &'static [DemoTeam],
}

const ORGANISATIONS: [DemoOrganisation; 2] = [
    DemoOrganisation {
        name: "Zorggroep De Linde",
        domain: "linde.demo",
        visible_to_neighbours: true,
        admin: ("beheer@linde.demo", "Bram Beheer"),
        teams: &[
            DemoTeam {
                name: "Wijkteam Noord",
                kind_of_work: "Wijkteam: ondersteuning thuis bij schulden, huisvesting en opvoeding",
                named: &[
                    ("leider@linde.demo", "Lotte de Leeuw", TeamRole::Leader),
                    ("medewerker@linde.demo", "Mehmet Yilmaz", TeamRole::Member),
                    ("sanne@linde.demo", "Sanne Vermeulen", TeamRole::Member),
                    ("youssef@linde.demo", "Youssef Amrani", TeamRole::Member),
                ],
                size: 12,
            },
            DemoTeam {
                name: "Jeugdteam Oost",
                kind_of_work: "Jeugdhulp: gezinnen met meervoudige problematiek",
                named: &[("jeugd.leider@linde.demo", "Jasper Visser", TeamRole::Leader)],
                size: 11,
            },
            DemoTeam {
                name: "FACT-team Centrum",
                kind_of_work: "Ggz: outreachende zorg voor mensen met ernstige psychiatrische aandoeningen",
                named: &[(
                    "fact.leider@linde.demo",
                    "Fatima El Amrani",
                    TeamRole::Leader,
                )],
                size: 12,
            },
            DemoTeam {
                name: "Werkgroep ethische reflectie",
                kind_of_work: "Gespreksleiders voor moreel beraad en intervisie, organisatiebreed",
                named: &[(
                    "gespreksleider@linde.demo",
                    "Greetje Hoekstra",
                    TeamRole::Facilitator,
                )],
                size: 4,
            },
        ],
    },
    DemoOrganisation {
        name: "Stichting Het Anker",
        domain: "anker.demo",
        visible_to_neighbours: true,
        admin: ("beheer@anker.demo", "Anouk Bakker"),
        teams: &[
            DemoTeam {
                name: "Ambulant Team West",
                kind_of_work: "Gehandicaptenzorg: ambulante begeleiding van mensen met een LVB",
                named: &[("leider@anker.demo", "Kees Mulder", TeamRole::Leader)],
                size: 12,
            },
            DemoTeam {
                name: "Beschermd Wonen Zuid",
                kind_of_work: "Beschermd wonen voor jongvolwassenen",
                named: &[("bw.leider@anker.demo", "Sanne de Boer", TeamRole::Leader)],
                size: 10,
            },
        ],
    },
];

const FIRST_NAMES: [&str; 24] = [
    "Anna", "Daan", "Eva", "Youssef", "Sophie", "Thijs", "Noa", "Ruben", "Lisa", "Milan", "Fleur",
    "Sem", "Iris", "Bilal", "Julia", "Lucas", "Emma", "Tim", "Sara", "Niels", "Amira", "Joost",
    "Femke", "Rik",
];
const LAST_NAMES: [&str; 20] = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kaya",
];
const FTES: [f64; 6] = [1.0, 0.89, 0.8, 0.72, 0.67, 0.56];

/// True when the database holds no organisation yet.
pub async fn is_empty(db: &Db) -> Result<bool, AppError> {
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as("SELECT COUNT(*) FROM organisations").fetch_one(p).await)?;
    Ok(n == 0)
}

/// Seeds the demo. Refuses to run twice: the demo organisations' names are unique.
pub async fn seed(db: &Db) -> Result<(), AppError> {
    let hash = auth::password::hash(DEMO_PASSWORD.to_owned()).await?;
    let now = Utc::now();
    let mut person = 0usize;
    for org in &ORGANISATIONS {
        let org_id = ensure_organisation(db, org.name).await?;
        set_visibility(db, org_id, org.visible_to_neighbours).await?;
        let admin = account(org.admin.0, org.admin.1, None)?;
        let admin_id =
            teams::store::create_account(db, OrganisationId(org_id), &admin, true, now).await?;
        set_password(db, admin_id, &hash).await?;
        for team in org.teams {
            let team_id = teams::store::create_team(
                db,
                OrganisationId(org_id),
                &NewTeam::parse(team.name, team.kind_of_work)?,
                now,
            )
            .await?;
            for (email, name, role) in team.named {
                let id = teams::store::create_account(
                    db,
                    OrganisationId(org_id),
                    &account(email, name, Some((team_id, *role)))?,
                    false,
                    now,
                )
                .await?;
                set_password(db, id, &hash).await?;
                if *role == TeamRole::Facilitator {
                    join_facilitator_pool(db, id).await?;
                }
            }
            for _ in team.named.len()..team.size {
                person += 1;
                let name = format!(
                    "{} {}",
                    FIRST_NAMES[person % FIRST_NAMES.len()],
                    LAST_NAMES[(person * 7) % LAST_NAMES.len()]
                );
                let email = format!(
                    "{}.{person}@{}",
                    FIRST_NAMES[person % FIRST_NAMES.len()].to_lowercase(),
                    org.domain
                );
                let role = if team.name.starts_with("Werkgroep") {
                    TeamRole::Facilitator
                } else {
                    TeamRole::Member
                };
                let mut new = account(&email, &name, Some((team_id, role)))?;
                new.fte = FTES[person % FTES.len()];
                let id = teams::store::create_account(db, OrganisationId(org_id), &new, false, now)
                    .await?;
                set_password(db, id, &hash).await?;
                if role == TeamRole::Facilitator {
                    join_facilitator_pool(db, id).await?;
                }
            }
        }
    }
    // The demo professional also sits in a second team, as people do.
    let (medewerker,): (UserId,) = on_db!(db, p => sqlx::query_as("SELECT id FROM users WHERE email = 'medewerker@linde.demo'").fetch_one(p).await)?;
    let (jeugd,): (TeamId,) = on_db!(db, p => sqlx::query_as("SELECT id FROM teams WHERE name = 'Jeugdteam Oost'").fetch_one(p).await)?;
    teams::store::set_membership(db, jeugd, medewerker, TeamRole::Member, 0.2).await?;
    caseload::seed(db).await?;
    signals::seed(db).await?;
    sessions::seed(db).await?;
    visits::seed(db).await?;
    Ok(())
}

fn account(
    email: &str,
    name: &str,
    team: Option<(TeamId, TeamRole)>,
) -> Result<NewAccount, AppError> {
    Ok(NewAccount {
        email: Email::parse("email", email)?,
        display_name: name.to_owned(),
        team,
        fte: 1.0,
    })
}

async fn set_password(db: &Db, user: UserId, hash: &str) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        hash,
        user
    )?;
    Ok(())
}

async fn join_facilitator_pool(db: &Db, user: UserId) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE users SET in_facilitator_pool = TRUE WHERE id = $1",
        user
    )?;
    Ok(())
}

async fn set_visibility(db: &Db, org: i64, visible: bool) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE organisations SET visible_to_neighbours = $1 WHERE id = $2",
        visible,
        org
    )?;
    Ok(())
}
