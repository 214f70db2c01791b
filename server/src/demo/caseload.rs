//! Demo caseloads: every working team gets clients with believable weights, domains,
//! assignment histories and avoidance observations. Some members carry too much, one carries
//! many zorgmijders, and a few keep personal limits (one private, one shared).

use app::shared::ids::{ClientId, UserId};
use app::shared::ids::{DomainId, TeamId};
use chrono::{Duration, NaiveDate, Utc};

use app::caseload::balance::model::PersonalLimitKind;
use app::caseload::model::{AvoidanceLevel, AvoidanceObservation, ClientCode, Perspective, Weight};
use app::caseload::store;
use app::caseload::views::NewClient;
use app::db::Db;
use app::error::AppError;
use app::on_db;

/// A small deterministic generator, so the demo is the same on every machine.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// How a member's caseload is shaped: a load factor against capacity and the share of
/// clients who avoid care.
fn profile(email: &str, index: usize) -> (f64, u64) {
    match email {
        "medewerker@linde.demo" => (0.95, 30),
        "sanne@linde.demo" => (0.9, 75),
        "youssef@linde.demo" => (1.35, 25),
        _ if index % 5 == 1 => (1.3, 20),
        _ if index % 7 == 3 => (0.85, 70),
        _ => (0.8 + (index % 3) as f64 * 0.08, 20),
    }
}

pub async fn seed(db: &Db) -> Result<(), AppError> {
    let today = app::ui::time::today();
    let now = Utc::now();
    let teams: Vec<(TeamId, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, name FROM teams WHERE name NOT LIKE 'Werkgroep%' ORDER BY id").fetch_all(p).await)?;
    let mut dice = Dice(20261121);
    let mut code = 100;
    for (team, _) in teams {
        let domains: Vec<DomainId> = store::domains(db, team)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect();
        let members = store::caseload_members(db, team).await?;
        let leader: (UserId,) = on_db!(db, p => sqlx::query_as(
            "SELECT user_id FROM memberships WHERE team_id = $1 AND role = 'leader' LIMIT 1").bind(team).fetch_one(p).await)?;
        let settings = app::caseload::balance::store::team_settings(db, team).await?;
        let emails: Vec<(UserId, String)> = on_db!(db, p => sqlx::query_as(
            "SELECT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.team_id = $1").bind(team).fetch_all(p).await)?;
        for (index, member) in members.iter().enumerate() {
            let email = emails
                .iter()
                .find(|(id, _)| *id == member.person.id)
                .map(|(_, e)| e.as_str())
                .unwrap_or("");
            let (factor, avoider_pct) = profile(email, index);
            let target = member.fte * settings.policy.norm_per_fte * factor;
            let mut load = 0.0;
            while load < target {
                code += 1;
                let weight = 1 + dice.roll(5) as u8;
                let first = domains[dice.roll(domains.len() as u64) as usize];
                let mut picked = vec![first];
                if dice.roll(2) == 0 {
                    let second = domains[dice.roll(domains.len() as u64) as usize];
                    if second != first {
                        picked.push(second);
                    }
                }
                let months_ago = 1 + dice.roll(30) as i64;
                let start = today - Duration::days(months_ago * 30 + dice.roll(28) as i64);
                let avoids = dice.roll(100) < avoider_pct;
                let secondary = (dice.roll(4) == 0 && members.len() > 1)
                    .then(|| {
                        members[(index + 1 + dice.roll(members.len() as u64 - 1) as usize)
                            % members.len()]
                        .person
                        .id
                    })
                    .filter(|s| *s != member.person.id);
                let client = NewClient {
                    code: ClientCode::parse("code", &format!("K-{code:04}"))?,
                    weight: Weight::new(weight).ok_or(AppError::Internal)?,
                    domains: picked,
                    start,
                    primary: Some(member.person.id),
                    secondary,
                    avoidance: None,
                    note: String::new(),
                };
                let id = app::caseload::clients::store::create_client(
                    db, team, &client, leader.0, today, now,
                )
                .await?;
                observe(db, id, avoids, start, today, member.person.id, &mut dice).await?;
                load += f64::from(weight);
            }
        }
        add_limits(db, team, &emails, &domains).await?;
    }
    Ok(())
}

/// Two or three observations over time, from different perspectives: avoidance moves.
async fn observe(
    db: &Db,
    client: ClientId,
    avoids: bool,
    start: NaiveDate,
    today: NaiveDate,
    by: UserId,
    dice: &mut Dice,
) -> Result<(), AppError> {
    let span = (today - start).num_days().max(1) as u64;
    let count = 1 + dice.roll(3);
    let now = Utc::now();
    for i in 0..count {
        let level = if avoids {
            2 + dice.roll(2) as i64
        } else {
            dice.roll(2) as i64
        };
        let perspective = match (i, dice.roll(4)) {
            (0, _) => Perspective::Professional,
            (_, 0) => Perspective::FamilyOrNetwork,
            (_, 1) => Perspective::ThirdParty,
            (_, 2) => Perspective::ClientThemself,
            _ => Perspective::Professional,
        };
        let observation = AvoidanceObservation {
            observed_on: start + Duration::days((span * (i + 1) / (count + 1)) as i64),
            level: AvoidanceLevel::from_number(level).ok_or(AppError::Internal)?,
            perspective,
        };
        app::caseload::clients::store::add_observation(db, client, &observation, "", by, now)
            .await?;
    }
    Ok(())
}

async fn add_limits(
    db: &Db,
    team: TeamId,
    emails: &[(UserId, String)],
    domains: &[DomainId],
) -> Result<(), AppError> {
    let now = Utc::now();
    let verslaving: Option<(DomainId,)> = on_db!(db, p => sqlx::query_as(
        "SELECT id FROM domains WHERE team_id = $1 AND name = 'verslaving'").bind(team).fetch_optional(p).await)?;
    for (user, email) in emails {
        match email.as_str() {
            // Private: only Mehmet sees this one.
            "medewerker@linde.demo" => {
                let domain = verslaving.map(|(d,)| d).unwrap_or(domains[0]);
                app::caseload::balance::store::add_personal_limit(
                    db,
                    *user,
                    team,
                    PersonalLimitKind::Domain(domain),
                    2,
                    false,
                    now,
                )
                .await?;
            }
            // Shared with the leader.
            "sanne@linde.demo" => {
                app::caseload::balance::store::add_personal_limit(
                    db,
                    *user,
                    team,
                    PersonalLimitKind::Avoiders(AvoidanceLevel::Considerable),
                    4,
                    true,
                    now,
                )
                .await?;
            }
            "youssef@linde.demo" => {
                app::caseload::balance::store::add_personal_limit(
                    db,
                    *user,
                    team,
                    PersonalLimitKind::Clients,
                    14,
                    true,
                    now,
                )
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}
