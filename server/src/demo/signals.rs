//! Demo stuck signals (vastloopmeldingen) and movements over the last twelve weeks, then the
//! proposals the team limits make from them, with a few decisions already taken.
//!
//! Wijkteam Noord tells the full story: Mehmet keeps running into one client on his own
//! (a private nudge), two colleagues keep getting stuck on a client they share (intervision for
//! the leader), moral dilemmas pile up (moreel beraad), and most of the team logged something
//! recently. The other working teams get a lighter sprinkle. Only clients currently assigned
//! to an author are ever attached to that author's signals.

use app::shared::ids::{ProposalId, UserId};
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use app::db::{Db, WritePool};
use app::error::AppError;
use app::limits::store::{decide, refresh_all};
use app::limits::views::Decision;
use app::on_db;
use app::signals::model::{KindOfWork, Reaction, Strain, Visibility};
use app::signals::store::kinds_to_text;

/// How far back the demo history reaches.
const WEEKS: u64 = 12;

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

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.roll(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.roll(100) < percent
    }
}

/// What people write for themselves when they feel stuck. Never a name, never a detail that
/// points to a person.
const NOTES: [&str; 18] = [
    "Ik merk dat ik dit contact uitstel.",
    "Afspraak opnieuw niet doorgegaan; ik weet niet meer hoe ik aansluiting vind.",
    "Het netwerk trekt allemaal een andere kant op en ik sta ertussen.",
    "Ik doe meer dan mijn rol is en voel me er toch verantwoordelijk voor.",
    "Na het huisbezoek bleef het de hele avond door mijn hoofd gaan.",
    "De schuldhulp loopt vast op de wachtlijst; ik kan weinig beloven.",
    "Ik twijfel of ik de situatie goed inschat.",
    "Het gesprek liep hoog op en ik voelde me niet veilig.",
    "Ik heb het gevoel dat ik tegen een muur praat.",
    "Te veel tegelijk deze week, ik kom niet toe aan nadenken.",
    "Ik herkende mezelf niet in hoe ik reageerde.",
    "Aanvraag weer afgewezen, we beginnen opnieuw.",
    "Ik weet niet of ik hier nog iets kan betekenen.",
    "Het contact is goed, maar er verandert niets.",
    "De afstemming met de andere hulpverleners loopt stroef.",
    "Ik neem het werk mee naar huis.",
    "",
    "",
];

const MORAL_NOTES: [&str; 4] = [
    "Melden of het vertrouwen bewaren: ik weet niet wat hier goed is.",
    "De wens van de cliënt botst met wat ik veilig vind voor de kinderen.",
    "Ik moet kiezen tussen de regels van de verhuurder en wat deze persoon nodig heeft.",
    "Moet ik doorzetten terwijl er geen hulpvraag is?",
];

const HELPED: [&str; 8] = [
    "Even sparren met een collega na het overleg.",
    "Samen met een collega op huisbezoek gegaan.",
    "De casus kort ingebracht in het teamoverleg.",
    "Een nieuw plan gemaakt met kleinere stappen.",
    "Een week afstand genomen en daarna opnieuw contact gezocht.",
    "Contact gezocht met de huisarts; we trekken nu samen op.",
    "Gesprek met de teamleider over wat wel en niet mijn rol is.",
    "Accepteren dat het tempo bij de cliënt ligt.",
];

/// One signal to insert, relative to now.
struct Planned {
    team: i64,
    author: i64,
    client: Option<i64>,
    ago: Duration,
    intensity: u8,
    kinds: Vec<KindOfWork>,
    strain: Option<Strain>,
    reaction: Option<Reaction>,
    moral: bool,
    note: &'static str,
    visibility: Visibility,
    /// Resolved this long after it was logged, with what helped.
    resolved: Option<(Duration, &'static str)>,
}

/// One working team as the seed needs it.
struct Team {
    id: i64,
    name: String,
    leader: i64,
    /// Members (role member) by id, with their email.
    members: Vec<(i64, String)>,
    /// Each member's current, active clients; primary assignments first.
    clients: BTreeMap<i64, Vec<i64>>,
    /// Clients with two current professionals: (client, primary, secondary).
    shared: Vec<(i64, i64, i64)>,
}

impl Team {
    fn member(&self, email: &str) -> Option<i64> {
        self.members
            .iter()
            .find(|(_, e)| e == email)
            .map(|(id, _)| *id)
    }

    fn clients_of(&self, user: i64) -> &[i64] {
        self.clients.get(&user).map(Vec::as_slice).unwrap_or(&[])
    }
}

const MEHMET: &str = "medewerker@linde.demo";
const SANNE: &str = "sanne@linde.demo";
const YOUSSEF: &str = "youssef@linde.demo";
const NOORD: &str = "Wijkteam Noord";

pub async fn seed(db: &Db) -> Result<(), AppError> {
    let now = Utc::now();
    let today = app::ui::time::today();
    let mut dice = Dice(20260112);
    let teams = load_teams(db).await?;
    let mut signals = Vec::new();
    let mut movements = Vec::new();
    // The clients of Noord that carry the leader's proposals.
    let mut declined_client = None;
    for team in &teams {
        if team.name == NOORD {
            declined_client = noord(team, today, &mut dice, &mut signals);
        } else {
            recurring(team, &mut dice, &mut signals);
            sprinkle(team, &mut dice, &mut signals);
        }
        movement(team, &mut dice, &mut movements);
    }
    insert(db, &signals, &movements, now, today).await?;

    // Three weeks ago the rules already ran; the leader of Noord decided on two proposals then.
    let then = now - Duration::days(21);
    refresh_all(db, then).await?;
    if let Some(noord) = teams.iter().find(|t| t.name == NOORD) {
        decide_earlier(db, noord, declined_client, then).await?;
    }
    refresh_all(db, now).await?;
    Ok(())
}

async fn load_teams(db: &Db) -> Result<Vec<Team>, AppError> {
    let rows: Vec<(i64, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, name FROM teams WHERE name NOT LIKE 'Werkgroep%' ORDER BY id").fetch_all(p).await)?;
    let mut teams = Vec::with_capacity(rows.len());
    for (id, name) in rows {
        let (leader,): (i64,) = on_db!(db, p => sqlx::query_as(
            "SELECT user_id FROM memberships WHERE team_id = $1 AND role = 'leader' ORDER BY user_id LIMIT 1")
            .bind(id).fetch_one(p).await)?;
        let members: Vec<(i64, String)> = on_db!(db, p => sqlx::query_as(
            "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.team_id = $1 AND m.role = 'member' AND u.active = TRUE ORDER BY u.id")
            .bind(id).fetch_all(p).await)?;
        let assigned: Vec<(i64, i64, String)> = on_db!(db, p => sqlx::query_as(
            "SELECT a.client_id, a.user_id, a.role FROM assignments a JOIN clients c ON c.id = a.client_id \
             WHERE c.team_id = $1 AND c.status = 'active' AND a.to_date IS NULL ORDER BY a.role, a.client_id")
            .bind(id).fetch_all(p).await)?;
        let mut clients: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        let mut by_client: BTreeMap<i64, (Option<i64>, Option<i64>)> = BTreeMap::new();
        for (client, user, role) in assigned {
            clients.entry(user).or_default().push(client);
            let slot = by_client.entry(client).or_default();
            if role == "primary" {
                slot.0 = Some(user);
            } else {
                slot.1 = Some(user);
            }
        }
        let shared = by_client
            .into_iter()
            .filter_map(|(client, pair)| match pair {
                (Some(a), Some(b)) if a != b => Some((client, a, b)),
                _ => None,
            })
            .collect();
        teams.push(Team {
            id,
            name,
            leader,
            members,
            clients,
            shared,
        });
    }
    Ok(teams)
}

/// A signal at `days` ago (plus some hours), with the defaults of an ordinary stuck moment.
fn planned(team: &Team, author: i64, client: Option<i64>, days: i64, dice: &mut Dice) -> Planned {
    let mut kinds = vec![dice.pick(&KindOfWork::ALL)];
    if dice.chance(40) {
        let second = dice.pick(&KindOfWork::ALL);
        if !kinds.contains(&second) {
            kinds.push(second);
        }
    }
    kinds.sort();
    Planned {
        team: team.id,
        author,
        client,
        ago: Duration::days(days) + Duration::minutes(dice.roll(480) as i64),
        intensity: 3 + dice.roll(6) as u8,
        kinds,
        strain: dice.chance(70).then(|| dice.pick(&Strain::ALL)),
        reaction: dice.chance(60).then(|| dice.pick(&Reaction::ALL)),
        moral: false,
        note: dice.pick(&NOTES),
        visibility: Visibility::Leader,
        resolved: None,
    }
}

/// Older signals are often resolved by now, recent ones sometimes.
fn maybe_resolve(signal: &mut Planned, days: i64, dice: &mut Dice) {
    let percent = if days > 28 { 55 } else { 12 };
    if days > 2 && dice.chance(percent) {
        let after = 1 + dice.roll(days.min(14) as u64 - 1) as i64;
        signal.resolved = Some((Duration::days(after), dice.pick(&HELPED)));
    }
}

/// The story of Wijkteam Noord. Returns the client whose older intervision proposal the leader
/// declined.
fn noord(team: &Team, today: NaiveDate, dice: &mut Dice, out: &mut Vec<Planned>) -> Option<i64> {
    use KindOfWork as K;
    let mehmet = team.member(MEHMET);
    let sanne = team.member(SANNE);
    let youssef = team.member(YOUSSEF);
    // Clients the story uses on purpose; the background signals stay off them.
    let mut reserved: Vec<i64> = Vec::new();

    // Mehmet: mostly private. Three stuck moments on one client in three weeks, one moral
    // dilemma he shares with his leader, and an older history, partly resolved.
    if let Some(m) = mehmet {
        let own = team.clients_of(m).to_vec();
        let first = own.first().copied();
        let second = own.get(1).copied();
        reserved.extend(own.iter().take(2));
        let story: [(i64, &'static str, u8, K); 3] = [
            (
                17,
                "Ik merk dat ik dit contact uitstel.",
                6,
                K::Relationship,
            ),
            (
                9,
                "Weer een afspraak gemist; ik twijfel of ik nog de juiste persoon ben.",
                7,
                K::Identity,
            ),
            (
                2,
                "Na het gesprek voelde ik vooral boosheid en ik weet niet goed waarom.",
                8,
                K::Emotion,
            ),
        ];
        for (days, note, intensity, kind) in story {
            let mut s = planned(team, m, first, days, dice);
            s.note = note;
            s.intensity = intensity;
            s.kinds = vec![kind];
            s.strain = Some(Strain::Relational);
            s.reaction = Some(Reaction::Withdraw);
            s.visibility = Visibility::Private;
            out.push(s);
        }
        let mut moral = planned(team, m, second, 12, dice);
        moral.moral = true;
        moral.intensity = 7;
        moral.kinds = vec![K::Role, K::Reasoning];
        moral.strain = Some(Strain::Identity);
        moral.note =
            "Er is zorg over de kinderen, maar melden kan het vertrouwen kosten dat we net hebben.";
        moral.visibility = Visibility::Leader;
        out.push(moral);
        // (days ago, which of his clients, visibility, resolved after days with what helped)
        let history = [
            (26, None, Visibility::Team, None),
            (
                33,
                None,
                Visibility::Private,
                Some((6, "Even sparren met een collega na het overleg.")),
            ),
            (
                48,
                Some(2),
                Visibility::Private,
                Some((10, "Een nieuw plan gemaakt met kleinere stappen.")),
            ),
            (63, Some(0), Visibility::Private, None),
            (
                80,
                Some(3),
                Visibility::Leader,
                Some((5, "Samen met een collega op huisbezoek gegaan.")),
            ),
        ];
        for (days, client, visibility, resolved) in history {
            let client = client.and_then(|i| own.get(i).copied());
            let mut s = planned(team, m, client, days, dice);
            s.visibility = visibility;
            s.resolved = resolved.map(|(d, h)| (Duration::days(d), h));
            if days == 26 {
                s.note = "Te veel tegelijk deze week, ik kom niet toe aan nadenken.";
                s.kinds = vec![K::Teamwork];
                s.strain = Some(Strain::Energy);
            }
            out.push(s);
        }
    }

    // Two clients that two colleagues share and keep getting stuck on: one recent (an open
    // intervision proposal), one older (the leader declined it three weeks ago).
    let not_mehmet = |&&(_, a, b): &&(i64, i64, i64)| Some(a) != mehmet && Some(b) != mehmet;
    let pair = |a: i64, b: i64| {
        (Some(a) == sanne && Some(b) == youssef) || (Some(a) == youssef && Some(b) == sanne)
    };
    let mut shared: Vec<(i64, i64, i64)> = team.shared.iter().filter(not_mehmet).copied().collect();
    shared.sort_by_key(|&(c, a, b)| (!pair(a, b), c));
    let recent = shared.first().copied().or_else(|| {
        let s = sanne?;
        Some((*team.clients_of(s).first()?, s, s))
    });
    let older = shared.get(1).copied().or_else(|| {
        let y = youssef?;
        Some((*team.clients_of(y).first()?, y, y))
    });
    if let Some((client, a, b)) = recent {
        reserved.push(client);
        for (days, author, visibility, note) in [
            (
                34,
                b,
                Visibility::Team,
                "Het contact is goed, maar er verandert niets.",
            ),
            (
                23,
                a,
                Visibility::Leader,
                "Ik heb het gevoel dat ik tegen een muur praat.",
            ),
            (
                11,
                b,
                Visibility::Leader,
                "Wij zeggen allebei iets anders tegen de cliënt; dat helpt niemand.",
            ),
            (
                4,
                a,
                Visibility::Team,
                "Ik merk dat ik dit contact uitstel.",
            ),
        ] {
            let mut s = planned(team, author, Some(client), days, dice);
            s.visibility = visibility;
            s.note = note;
            s.kinds = vec![K::Relationship, K::Teamwork];
            out.push(s);
        }
    }
    let declined = older.filter(|o| Some(o.0) != recent.map(|r| r.0));
    if let Some((client, a, b)) = declined {
        reserved.push(client);
        for (days, author) in [(37, a), (29, b), (24, a)] {
            let mut s = planned(team, author, Some(client), days, dice);
            s.visibility = Visibility::Leader;
            s.kinds = vec![K::TacitKnowledge];
            out.push(s);
        }
    }

    // Moral dilemmas the leader may know of: four in eight weeks, with Mehmet's.
    let others: Vec<i64> = team
        .members
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| Some(*id) != mehmet)
        .collect();
    let moral_authors = [sanne, others.get(3).copied(), others.get(6).copied()];
    let dilemmas = [
        (20, Visibility::Team),
        (40, Visibility::Leader),
        (52, Visibility::Leader),
    ];
    for (n, ((days, visibility), author)) in dilemmas.into_iter().zip(moral_authors).enumerate() {
        let Some(author) = author else { continue };
        let client = team
            .clients_of(author)
            .iter()
            .copied()
            .find(|c| !reserved.contains(c));
        if let Some(c) = client {
            reserved.push(c);
        }
        let mut s = planned(team, author, client, days, dice);
        s.moral = true;
        s.visibility = visibility;
        s.kinds = vec![K::Reasoning];
        s.note = MORAL_NOTES[(n + 1) % MORAL_NOTES.len()];
        out.push(s);
    }

    // Week by week, four colleagues in turn log a stuck moment, mostly for the leader or the
    // team to see: the weekly trend has enough people behind it every week.
    if !others.is_empty() {
        for week in 0..WEEKS as usize {
            // Days ago of this calendar week's Monday; a signal falls on Tuesday to Sunday, so
            // the hours subtracted later never push it into the week before.
            let monday = i64::from(today.weekday().num_days_from_monday()) + week as i64 * 7;
            let first = (monday - 6).max(0);
            let last = monday - 1;
            if last < first {
                continue;
            }
            for slot in 0..4 {
                let author = others[(week * 4 + slot) % others.len()];
                let days = first + dice.roll((last - first + 1) as u64) as i64;
                let free: Vec<i64> = team
                    .clients_of(author)
                    .iter()
                    .copied()
                    .filter(|c| !reserved.contains(c))
                    .collect();
                let client = (!free.is_empty() && dice.chance(70)).then(|| dice.pick(&free));
                let mut s = planned(team, author, client, days, dice);
                s.visibility = match (slot, dice.roll(10)) {
                    (3, 0..=3) => Visibility::Private,
                    (_, 0..=5) => Visibility::Leader,
                    _ => Visibility::Team,
                };
                maybe_resolve(&mut s, days, dice);
                out.push(s);
            }
        }
    }
    declined.map(|(client, _, _)| client)
}

/// In the other working teams, two colleagues who share a client both keep getting stuck on
/// it, and tell their leader: an intervision proposal about that client.
fn recurring(team: &Team, dice: &mut Dice, out: &mut Vec<Planned>) {
    let Some(&(client, a, b)) = team
        .shared
        .iter()
        .find(|(_, a, b)| ![*a, *b].iter().any(|u| team.member(MEHMET) == Some(*u)))
    else {
        return;
    };
    for (days, author) in [(30, a), (16, b), (6, a)] {
        let mut s = planned(team, author, Some(client), days, dice);
        s.visibility = Visibility::Leader;
        s.kinds = vec![KindOfWork::Relationship];
        out.push(s);
    }
}

/// The other working teams: one to three stuck moments a week, any visibility.
fn sprinkle(team: &Team, dice: &mut Dice, out: &mut Vec<Planned>) {
    // The demo professional's second team stays quiet: his story is in Noord.
    let authors: Vec<i64> = team
        .members
        .iter()
        .filter(|(_, email)| email != MEHMET)
        .map(|(id, _)| *id)
        .collect();
    if authors.is_empty() {
        return;
    }
    for week in 0..WEEKS as i64 {
        for _ in 0..1 + dice.roll(3) {
            let author = dice.pick(&authors);
            let days = week * 7 + 1 + dice.roll(6) as i64;
            let own: Vec<i64> = team
                .clients_of(author)
                .iter()
                .copied()
                .filter(|c| !team.shared.iter().any(|s| s.0 == *c))
                .collect();
            let client = (!own.is_empty() && dice.chance(65)).then(|| dice.pick(&own));
            let mut s = planned(team, author, client, days, dice);
            s.visibility = match dice.roll(20) {
                0..=6 => Visibility::Private,
                7..=14 => Visibility::Leader,
                _ => Visibility::Team,
            };
            if dice.chance(8) {
                s.moral = true;
                s.kinds = vec![KindOfWork::Reasoning];
                s.note = dice.pick(&MORAL_NOTES);
            }
            maybe_resolve(&mut s, days, dice);
            out.push(s);
        }
    }
}

/// Now and then someone notes that something moved with a client: (team, client, author, days ago).
fn movement(team: &Team, dice: &mut Dice, out: &mut Vec<(i64, i64, i64, i64)>) {
    for (author, clients) in &team.clients {
        for client in clients {
            if dice.chance(35) {
                for _ in 0..1 + dice.roll(2) {
                    out.push((
                        team.id,
                        *client,
                        *author,
                        1 + dice.roll(WEEKS * 7 - 1) as i64,
                    ));
                }
            }
        }
    }
}

async fn insert(
    db: &Db,
    signals: &[Planned],
    movements: &[(i64, i64, i64, i64)],
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), AppError> {
    const SIGNAL: &str = "INSERT INTO stuck_signals (team_id, author_id, client_id, intensity, kinds, strain, reaction, \
         moral_dilemma, note, visibility, created_at, resolved_at, helped) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    const MOVEMENT: &str = "INSERT INTO movements (team_id, client_id, author_id, noted_on, created_at) \
         VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for s in signals {
            let at = now - s.ago;
            let resolved_at = s.resolved.map(|(after, _)| (at + after).min(now));
            sqlx::query(SIGNAL)
                .bind(s.team)
                .bind(s.author)
                .bind(s.client)
                .bind(i64::from(s.intensity))
                .bind(kinds_to_text(&s.kinds))
                .bind(s.strain.map(Strain::as_str))
                .bind(s.reaction.map(Reaction::as_str))
                .bind(s.moral)
                .bind(s.note)
                .bind(s.visibility.as_str())
                .bind(at)
                .bind(resolved_at)
                .bind(s.resolved.map(|(_, helped)| helped).unwrap_or(""))
                .execute(&mut *tx)
                .await?;
        }
        for &(team, client, author, days) in movements {
            sqlx::query(MOVEMENT)
                .bind(team)
                .bind(client)
                .bind(author)
                .bind(today - Duration::days(days))
                .bind(now - Duration::days(days))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// The leader of Noord, three weeks ago: declined the intervision on the older shared client
/// (the two colleagues sorted it out together) and snoozed one caseload talk.
async fn decide_earlier(
    db: &Db,
    team: &Team,
    declined_client: Option<i64>,
    then: DateTime<Utc>,
) -> Result<(), AppError> {
    let open: Vec<(ProposalId, String, String, String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT id, kind, proposes, subject_kind, subject_id FROM proposals \
         WHERE team_id = $1 AND audience_user_id = 0 AND status = 'open' ORDER BY id")
        .bind(team.id).fetch_all(p).await)?;
    if let Some(client) = declined_client
        && let Some((id, ..)) = open.iter().find(|(_, kind, _, sk, s)| {
            kind == "signals_on_client" && sk == "client" && *s == client
        })
    {
        decide(
            db,
            *id,
            Decision::Decline,
            "Besproken in het teamoverleg: de twee collega's stemmen nu samen af en zoeken eerst zelf een nieuwe ingang.",
            None,
            UserId(team.leader),
            then + Duration::days(1),
        )
        .await?;
    }
    // Snooze one caseload talk about someone other than Youssef, as long as another stays open.
    let youssef = team.member(YOUSSEF).unwrap_or(0);
    let caseload: Vec<&(ProposalId, String, String, String, i64)> = open
        .iter()
        .filter(|(_, _, proposes, sk, _)| proposes == "caseload_talk" && sk == "member")
        .collect();
    if caseload.len() >= 2
        && let Some((id, ..)) = caseload.iter().find(|(.., s)| *s != youssef)
    {
        let decided = then + Duration::days(2);
        decide(
            db,
            *id,
            Decision::Snooze,
            "Nieuwe aanmeldingen gaan eerst naar collega's met ruimte; over een maand kijken we opnieuw.",
            Some(decided.date_naive() + Duration::days(30)),
            UserId(team.leader),
            decided,
        )
        .await?;
    }
    Ok(())
}
