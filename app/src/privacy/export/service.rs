//! The personal export (AVG articles 15 and 20): any signed-in person downloads everything the
//! app holds about them, their private notes included, as one JSON document.

use chrono::Utc;

use super::store;
use super::views::PersonalExport;
use crate::audit;
use crate::auth::guard::authorize_session;
use crate::auth::model::Need;
use crate::error::AppError;
use crate::state::AppState;

const ABOUT: &[&str] = &[
    "Alles wat Draagkracht over jou bewaart, op het moment van downloaden. / Everything Draagkracht holds about you, at the moment of download.",
    "account: je naam, e-mailadres, organisatie en keuzes. / your name, email address, organisation and choices.",
    "memberships: je teams, je rol en je FTE. / your teams, role and FTE.",
    "signals: je vastloopmomenten, met je eigen notities en wat hielp. / your stuck moments, with your own notes and what helped.",
    "movements: beweging die je noteerde bij cliënten (codes, geen namen). / movement you noted on clients (codes, no names).",
    "personal_limits, availability, absences: je eigen grenzen, agenda en afwezigheid. / your own limits, diary and absences.",
    "sessions, session_preparations, actions: gesprekken waarin je zat, je voorbereiding als inbrenger, je acties. / sessions you were in, your preparation as presenter, your actions.",
    "help_requests: wie je vroeg mee te kijken en wie jou vroeg (of aanbood), met het antwoord, de vraag en de afgesproken tijd; een nee heeft nooit een reden. / whom you asked to look along and who asked (or offered) you, with the answer, the question and the agreed time; a no never has a reason.",
    "visit_reflections: wat je schreef na Turen bij de Buren. / what you wrote after Turen bij de Buren.",
    "sign_ins, notifications, audit_trail: waar je bent ingelogd, je meldingen, en wat je deed dat is vastgelegd. / where you are signed in, your notifications, and what you did that was recorded.",
    "second_factors: sinds wanneer je een authenticator-app hebt, je passkeys (naam, toegevoegd, laatst gebruikt) en hoeveel herstelcodes je nog hebt; geheimen en sleutels blijven op de server. / since when you have an authenticator app, your passkeys (name, added, last used) and how many recovery codes you have left; secrets and keys stay on the server.",
];

const NOT_INCLUDED: &[&str] = &[
    "Anonieme evaluaties van gesprekken: die worden alleen als optelsom per gesprek bewaard en zijn niet aan jou te koppelen, ook niet door ons. / Anonymous session evaluations: they are kept only as a sum per session and cannot be linked to you, not even by us.",
    "Signalen en notities van anderen: die zijn van hun schrijver. / Other people's signals and notes: they belong to their author.",
];

/// The export of the person whose session this is; the download itself is recorded.
pub async fn personal_export(
    state: &AppState,
    session: &tower_sessions::Session,
) -> Result<String, AppError> {
    let actor = authorize_session(state, session, Need::SignedIn).await?;
    let (db, user) = (&state.db, actor.user_id);
    let export = PersonalExport {
        about: ABOUT.iter().map(|s| (*s).to_owned()).collect(),
        exported_at: Utc::now(),
        account: store::account(db, user).await?,
        memberships: store::memberships(db, user).await?,
        signals: store::signals(db, user).await?,
        movements: store::movements(db, user).await?,
        help_requests: store::help_requests(db, user).await?,
        personal_limits: store::personal_limits(db, user).await?,
        availability: store::availability(db, user).await?,
        absences: store::absences(db, user).await?,
        sessions: store::sessions(db, user).await?,
        session_preparations: store::preparations(db, user).await?,
        actions: store::actions(db, user).await?,
        visit_reflections: store::visit_reflections(db, user).await?,
        sign_ins: store::sign_ins(db, user).await?,
        second_factors: store::second_factors(db, user).await?,
        notifications: store::notifications(db, user).await?,
        audit_trail: store::audit_trail(db, user).await?,
        not_included: NOT_INCLUDED.iter().map(|s| (*s).to_owned()).collect(),
    };
    audit::by_actor(db, &actor, "export.personal", &format!("user:{user}")).await?;
    serde_json::to_string_pretty(&export).map_err(|e| {
        tracing::error!(error = %e, "personal export did not serialise");
        AppError::Internal
    })
}
