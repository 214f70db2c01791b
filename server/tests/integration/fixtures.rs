//! What the tests share of the demo organisation: Wijkteam Noord with its leader and two
//! members signed in, and the ids tests refer to. One place, so that a change to the demo
//! changes one fixture.

use app::auth::model::{TeamId, UserId};
use app::sessions::plan::api::CreateSession;
use app::sessions::views::PlanningOptions;
use draagkracht::demo::DEMO_PASSWORD;

use crate::common::{Backend, TestApp};

/// The demo's Wijkteam Noord (Linde Zorg): Mehmet and Sanne are members, Youssef too, and the
/// organisation's pool has a facilitator.
pub(crate) struct Noord {
    pub app: TestApp,
    pub team_id: TeamId,
    /// The team's id as a form sends it.
    pub team: String,
    pub leader: String,
    pub mehmet: String,
    pub sanne: String,
    pub leader_id: UserId,
    pub mehmet_id: UserId,
    pub sanne_id: UserId,
    pub youssef_id: UserId,
    pub facilitator_id: UserId,
}

pub(crate) async fn noord(backend: Backend) -> Noord {
    let app = TestApp::with_demo(backend).await;
    let team_id = team(&app, "Wijkteam Noord").await;
    let leader = app.login("leider@linde.demo", DEMO_PASSWORD).await;
    let mehmet = app.login("medewerker@linde.demo", DEMO_PASSWORD).await;
    let sanne = app.login("sanne@linde.demo", DEMO_PASSWORD).await;
    Noord {
        team: team_id.to_string(),
        team_id,
        leader_id: user(&app, "leider@linde.demo").await,
        mehmet_id: user(&app, "medewerker@linde.demo").await,
        sanne_id: user(&app, "sanne@linde.demo").await,
        youssef_id: user(&app, "youssef@linde.demo").await,
        facilitator_id: user(&app, "gespreksleider@linde.demo").await,
        app,
        leader,
        mehmet,
        sanne,
    }
}

impl Noord {
    /// A stuck moment in Noord, with a note, shared as `visibility` says; `client` may be empty.
    pub fn signal(
        &self,
        client: &str,
        note: &str,
        visibility: &str,
    ) -> app::signals::api::LogSignal {
        app::signals::api::LogSignal {
            team: self.team_id,
            client: client.to_owned(),
            intensity: "7".into(),
            kinds: "relationship".into(),
            strain: "energy".into(),
            reaction: "do_more".into(),
            moral_dilemma: String::new(),
            note: note.to_owned(),
            visibility: visibility.to_owned(),
        }
    }

    /// The planner's form for an intervision in Noord with the pool facilitator and Mehmet
    /// presenting: by hand (no proposal), no client, 60 minutes, no time yet. A test changes
    /// the fields it is about.
    pub fn intervision(
        &self,
        options: &PlanningOptions,
        participants: &[UserId],
        question: &str,
    ) -> CreateSession {
        let method = options
            .methods
            .iter()
            .find(|m| m.kind.as_str() == "intervision")
            .expect("a seeded intervision method");
        CreateSession {
            team: self.team_id,
            proposal: String::new(),
            kind: "intervision".to_owned(),
            method: method.id.to_string(),
            facilitator: self.facilitator_id.to_string(),
            presenter: self.mehmet_id.to_string(),
            participants: participants
                .iter()
                .map(UserId::to_string)
                .collect::<Vec<_>>()
                .join(","),
            client: String::new(),
            question: question.to_owned(),
            place: String::new(),
            minutes: "60".to_owned(),
            date: String::new(),
            time: String::new(),
        }
    }
}

/// A demo team, by its name.
pub(crate) async fn team(app: &TestApp, name: &str) -> TeamId {
    TeamId(
        app.id(&format!(
            "SELECT id FROM teams WHERE name = '{}'",
            name.replace('\'', "''")
        ))
        .await,
    )
}

/// A demo account, by its email address.
pub(crate) async fn user(app: &TestApp, email: &str) -> UserId {
    UserId(
        app.id(&format!(
            "SELECT id FROM users WHERE email = '{}'",
            email.replace('\'', "''")
        ))
        .await,
    )
}
