//! Demo Turen bij de Buren across the two demo organisations: directory entries, offers with
//! slots ahead, past visits with reflections on both sides, one team that only visits (so the
//! reciprocity nudge shows) and an open request.

use app::shared::ids::{TeamId, UserId};
use chrono::{Duration, Utc};

use app::db::Db;
use app::error::AppError;
use app::on_db;
use app::visits::model::{BookingStatus, NewBooking, NewOffer, NewSlot, Side, Target};
use app::visits::store;

async fn id(db: &Db, sql: &str) -> Result<i64, AppError> {
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(sql).fetch_one(p).await)?;
    Ok(id)
}

async fn team(db: &Db, name: &str) -> Result<TeamId, AppError> {
    id(db, &format!("SELECT id FROM teams WHERE name = '{name}'"))
        .await
        .map(TeamId)
}

async fn user(db: &Db, email: &str) -> Result<UserId, AppError> {
    id(db, &format!("SELECT id FROM users WHERE email = '{email}'"))
        .await
        .map(UserId)
}

fn offer(theme: &str, what_to_see: &str, location: &str) -> NewOffer {
    NewOffer {
        theme: theme.to_owned(),
        what_to_see: what_to_see.to_owned(),
        location: location.to_owned(),
        language: "nl".to_owned(),
    }
}

pub async fn seed(db: &Db) -> Result<(), AppError> {
    let now = Utc::now();
    let noord = team(db, "Wijkteam Noord").await?;
    let oost = team(db, "Jeugdteam Oost").await?;
    let fact = team(db, "FACT-team Centrum").await?;
    let west = team(db, "Ambulant Team West").await?;
    let zuid = team(db, "Beschermd Wonen Zuid").await?;
    let lotte = user(db, "leider@linde.demo").await?;
    let mehmet = user(db, "medewerker@linde.demo").await?;
    let sanne = user(db, "sanne@linde.demo").await?;
    let jasper = user(db, "jeugd.leider@linde.demo").await?;
    let kees = user(db, "leider@anker.demo").await?;
    let boer = user(db, "bw.leider@anker.demo").await?;
    let fact_people = app::teams::directory::team_people(db, fact).await?;
    let fact_lead = fact_people
        .first()
        .map(|p| p.id)
        .ok_or(AppError::Internal)?;

    let entries = [
        (
            noord,
            "Amsterdam-Noord",
            "Hoe we met het hele wijkteam zorgmijders vasthouden.",
            lotte,
        ),
        (
            oost,
            "Amsterdam-Oost",
            "Gezinsgesprekken met jongeren die hulp afhouden.",
            jasper,
        ),
        (
            fact,
            "Centrum",
            "Ons dagelijkse FACT-bord en de bemoeizorgronde.",
            fact_lead,
        ),
        (
            west,
            "Haarlem-West",
            "Outreachend werken: de eerste tien contacten.",
            kees,
        ),
        (
            zuid,
            "Haarlem-Zuid",
            "Herstelgericht wonen in een beschermde woonvorm.",
            boer,
        ),
    ];
    for (team, region, what, contact) in entries {
        let profile = store::Profile {
            accepts: true,
            region: region.to_owned(),
            what_to_see: what.to_owned(),
            contact: Some(contact),
            target: Target::default(),
        };
        store::save_profile(db, team, &profile).await?;
    }

    // Offers with slots ahead.
    let outreach = store::insert_offer(
        db,
        west,
        &offer(
            "Outreachend werken bij zorgmijders",
            "Loop mee in ons ochtendoverleg en de ronde langs cliënten die de deur dicht houden.",
            "Ankerplein 3, Haarlem",
        ),
        None,
        kees,
        now,
    )
    .await?;
    for days in [16, 30] {
        let slot = NewSlot {
            starts_at: now + Duration::days(days),
            minutes: 150,
            capacity: 3,
        };
        store::insert_slot(db, outreach, &slot).await?;
    }
    let wonen = store::insert_offer(
        db,
        zuid,
        &offer(
            "Herstelgericht wonen",
            "Een rondleiding en ons huisoverleg, waar bewoners zelf de agenda maken.",
            "Zuiderhof 12, Haarlem",
        ),
        None,
        boer,
        now,
    )
    .await?;
    let slot = NewSlot {
        starts_at: now + Duration::days(23),
        minutes: 120,
        capacity: 2,
    };
    store::insert_slot(db, wonen, &slot).await?;

    // Past visits: Noord looked along at West and West came back to Noord (both reflected and
    // shared); FACT only visits.
    let past = [
        (
            west,
            noord,
            vec![mehmet, sanne],
            10,
            "Hoe houden jullie het eerste contact vol?",
        ),
        (
            noord,
            west,
            vec![kees],
            5,
            "Wat doet een wijkteam als niemand opendoet?",
        ),
        (
            zuid,
            fact,
            vec![fact_lead],
            6,
            "Hoe houden bewoners zelf de regie?",
        ),
    ];
    for (host, visitor, visitors, weeks_ago, question) in past {
        let host_lead = if host == west {
            kees
        } else if host == zuid {
            boer
        } else {
            lotte
        };
        let offer_id = store::insert_offer(
            db,
            host,
            &offer(
                "Een dag meekijken",
                "Teamoverleg en casusbespreking zonder cliëntgegevens.",
                "Op locatie",
            ),
            None,
            host_lead,
            now - Duration::weeks(weeks_ago + 2),
        )
        .await?;
        let slot = NewSlot {
            starts_at: now - Duration::weeks(weeks_ago),
            minutes: 120,
            capacity: 3,
        };
        let slot = store::insert_slot(db, offer_id, &slot).await?;
        let booking = NewBooking {
            visitors,
            question: question.to_owned(),
        };
        let by = booking.visitors[0];
        let id = store::book(
            db,
            slot,
            visitor,
            &booking,
            by,
            now - Duration::weeks(weeks_ago + 1),
        )
        .await?;
        store::change_status(
            db,
            id,
            &[BookingStatus::Requested],
            BookingStatus::Confirmed,
            "",
            now,
        )
        .await?;
        if host != zuid {
            let reflections = [
                (
                    Side::Host,
                    host_lead,
                    "Hun vragen over ons ochtendoverleg lieten zien hoeveel we vanzelf doen.",
                    "We schrijven op waarom we aanbellen, niet alleen dat we het doen.",
                ),
                (
                    Side::Visitor,
                    by,
                    "Ze nemen de tijd voor de eerste tien contacten en tellen die niet als mislukking.",
                    "Wij gaan kleine contacten ook in het team benoemen.",
                ),
            ];
            for (side, writer, struck, take_away) in reflections {
                store::write_reflection(db, id, side, struck, take_away, true, writer, now).await?;
            }
        }
    }

    // An open request.
    app::execute!(
        db,
        "INSERT INTO visit_requests (team_id, wish, created_by, created_at) VALUES ($1, $2, $3, $4)",
        oost,
        "We willen graag zien hoe een team omgaat met ouders die elk contact afhouden.",
        jasper,
        now
    )?;
    Ok(())
}
