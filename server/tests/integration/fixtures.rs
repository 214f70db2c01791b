//! What the tests share of the demo organisation: Wijkteam Noord with its leader and two
//! members signed in, and the ids tests refer to. One place, so that a change to the demo
//! changes one fixture.

use app::auth::model::{TeamId, UserId};
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
