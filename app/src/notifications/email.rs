//! The text of a notification email: plain text, Dutch first, then English, with a link to
//! the session. It says what happened and when, never what the session is about: no question,
//! no client, no signal.

use leptos_i18n::td_string;

use super::model::{About, NotificationKind, PendingEmail};
use crate::i18n::Locale;
use crate::shared::session_kind::SessionKind;
use crate::ui::time::local_date_time;

/// A composed email: its subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailText {
    pub subject: String,
    pub body: String,
}

/// Expands to a `match` on the locale giving one text of the `notifications` section.
macro_rules! text {
    ($locale:expr, $key:ident) => {
        match $locale {
            Locale::en => td_string!(Locale::en, notifications.$key),
            _ => td_string!(Locale::nl, notifications.$key),
        }
    };
}

/// The short name of what happened, as the subject says it.
fn kind_name(locale: Locale, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Invitation => text!(locale, k_invitation),
        NotificationKind::Changed => text!(locale, k_changed),
        NotificationKind::Cancelled => text!(locale, k_cancelled),
        NotificationKind::Reminder => text!(locale, k_reminder),
        NotificationKind::Action => text!(locale, k_action),
        NotificationKind::VisitBooked => text!(locale, k_visit_booked),
        NotificationKind::VisitConfirmed => text!(locale, k_visit_confirmed),
        NotificationKind::VisitDeclined => text!(locale, k_visit_declined),
        NotificationKind::VisitCancelled => text!(locale, k_visit_cancelled),
        NotificationKind::PasswordLink => text!(locale, k_password_link),
        NotificationKind::SecondFactorReset => text!(locale, k_second_factor_reset),
        NotificationKind::PasswordChanged => text!(locale, k_password_changed),
        NotificationKind::HelpAsked => text!(locale, k_help_asked),
        NotificationKind::HelpOffered => text!(locale, k_help_offered),
        NotificationKind::HelpAccepted => text!(locale, k_help_accepted),
        NotificationKind::HelpDeclined => text!(locale, k_help_declined),
        NotificationKind::HelpTimeSet => text!(locale, k_help_time_set),
        NotificationKind::HelpWithdrawn => text!(locale, k_help_withdrawn),
    }
}

/// The sentence saying what happened.
fn happened(locale: Locale, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Invitation => text!(locale, e_invitation),
        NotificationKind::Changed => text!(locale, e_changed),
        NotificationKind::Cancelled => text!(locale, e_cancelled),
        NotificationKind::Reminder => text!(locale, e_reminder),
        NotificationKind::Action => text!(locale, e_action),
        NotificationKind::VisitBooked => text!(locale, e_visit_booked),
        NotificationKind::VisitConfirmed => text!(locale, e_visit_confirmed),
        NotificationKind::VisitDeclined => text!(locale, e_visit_declined),
        NotificationKind::VisitCancelled => text!(locale, e_visit_cancelled),
        NotificationKind::PasswordLink => text!(locale, e_password_link),
        NotificationKind::SecondFactorReset => text!(locale, e_second_factor_reset),
        NotificationKind::PasswordChanged => text!(locale, e_password_changed),
        NotificationKind::HelpAsked => text!(locale, e_help_asked),
        NotificationKind::HelpOffered => text!(locale, e_help_offered),
        NotificationKind::HelpAccepted => text!(locale, e_help_accepted),
        NotificationKind::HelpDeclined => text!(locale, e_help_declined),
        NotificationKind::HelpTimeSet => text!(locale, e_help_time_set),
        NotificationKind::HelpWithdrawn => text!(locale, e_help_withdrawn),
    }
}

fn session_kind(locale: Locale, kind: SessionKind) -> &'static str {
    match (locale, kind) {
        (Locale::en, SessionKind::Intervision) => td_string!(Locale::en, sessions.k_intervision),
        (Locale::en, SessionKind::MoralDeliberation) => {
            td_string!(Locale::en, sessions.k_moral_deliberation)
        }
        (_, SessionKind::Intervision) => td_string!(Locale::nl, sessions.k_intervision),
        (_, SessionKind::MoralDeliberation) => {
            td_string!(Locale::nl, sessions.k_moral_deliberation)
        }
    }
}

/// What the email is about, in one line: a session's kind and method, or a visit's teams and
/// theme.
fn about_line(locale: Locale, about: &About) -> String {
    match about {
        About::Session {
            kind,
            method_name_nl,
            method_name_en,
            ..
        } => {
            let method = if locale == Locale::en {
                method_name_en
            } else {
                method_name_nl
            };
            format!("{} ({method})", session_kind(locale, *kind))
        }
        About::Visit {
            host_team,
            visiting_team,
            theme,
            ..
        } => {
            let at = if locale == Locale::en { "at" } else { "bij" };
            format!("{visiting_team} {at} {host_team}: {theme}")
        }
        About::Account => text!(locale, account_line).to_owned(),
        About::Help { other, .. } => format!("{} {other}", text!(locale, help_with)),
    }
}

/// One language's part of the body.
fn part(locale: Locale, n: &PendingEmail, link: &str) -> String {
    let (open, why) = match n.about {
        About::Visit { .. } => (text!(locale, e_open_visit), text!(locale, e_why_visit)),
        About::Session { .. } => (text!(locale, e_open), text!(locale, e_why)),
        About::Account => (text!(locale, e_open_account), text!(locale, e_why_account)),
        About::Help { .. } => (text!(locale, e_open_help), text!(locale, e_why_help)),
    };
    let when = n
        .starts_at
        .map(local_date_time)
        .unwrap_or_else(|| text!(locale, no_time).to_owned());
    format!(
        "{hello} {name},\n\n{what}\n\n{about}, {when}\n\n{open}\n{link}\n\n{why}\n",
        hello = text!(locale, e_hello),
        name = n.display_name,
        what = happened(locale, n.kind),
        about = about_line(locale, &n.about),
    )
}

/// The email for one notification; `public_url` is how people reach the app.
pub fn compose(n: &PendingEmail, public_url: &str) -> EmailText {
    let link = format!("{}{}", public_url.trim_end_matches('/'), n.about.path());
    EmailText {
        subject: format!(
            "Draagkracht: {} / {}",
            kind_name(Locale::nl, n.kind),
            kind_name(Locale::en, n.kind)
        ),
        body: format!(
            "{}\n-- \n\n{}",
            part(Locale::nl, n, &link),
            part(Locale::en, n, &link)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::ids::{BookingId, NotificationId, SessionId};
    use chrono::TimeZone;

    fn pending(kind: NotificationKind) -> PendingEmail {
        PendingEmail {
            attempts: 0,
            id: NotificationId(1),
            email: "sanne@linde.demo".into(),
            display_name: "Sanne".into(),
            kind,
            about: About::Session {
                id: SessionId(42),
                kind: SessionKind::Intervision,
                method_name_nl: "Incidentmethode".into(),
                method_name_en: "Incident method".into(),
            },
            starts_at: Some(chrono::Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap()),
        }
    }

    #[test]
    fn dutch_comes_first_then_english_with_the_link_in_both() {
        let text = compose(
            &pending(NotificationKind::Invitation),
            "https://dk.example/",
        );
        assert_eq!(text.subject, "Draagkracht: Uitnodiging / Invitation");
        let nl = text.body.find("Hallo Sanne").expect("Dutch greeting");
        let en = text.body.find("Hello Sanne").expect("English greeting");
        assert!(nl < en);
        assert_eq!(
            text.body
                .matches("https://dk.example/sessions/42\n")
                .count(),
            2
        );
        assert!(
            text.body
                .contains("Intervisie (Incidentmethode), 15-01-2026 13:00")
        );
        assert!(
            text.body
                .contains("Intervision (Incident method), 15-01-2026 13:00")
        );
    }

    #[test]
    fn every_kind_has_its_own_sentence() {
        let bodies: std::collections::HashSet<_> = NotificationKind::ALL
            .into_iter()
            .map(|k| compose(&pending(k), "https://dk.example").body)
            .collect();
        assert_eq!(bodies.len(), NotificationKind::ALL.len());
    }

    #[test]
    fn a_visit_names_its_teams_and_theme_and_links_to_the_visits_page() {
        let mut n = pending(NotificationKind::VisitBooked);
        n.about = About::Visit {
            booking: BookingId(7),
            host_team: "Ambulant Team West".into(),
            visiting_team: "Wijkteam Noord".into(),
            theme: "Outreachend werken".into(),
        };
        let text = compose(&n, "https://dk.example");
        assert_eq!(
            text.subject,
            "Draagkracht: Aanvraag voor een burenbezoek / Request for a neighbour visit"
        );
        assert!(
            text.body
                .contains("Wijkteam Noord bij Ambulant Team West: Outreachend werken")
        );
        assert!(
            text.body
                .contains("Wijkteam Noord at Ambulant Team West: Outreachend werken")
        );
        assert_eq!(
            text.body
                .matches("https://dk.example/visits#booking-7\n")
                .count(),
            2
        );
        assert!(text.body.contains("geen cliëntgegevens"));
    }

    #[test]
    fn a_session_without_a_time_says_so() {
        let mut n = pending(NotificationKind::Invitation);
        n.starts_at = None;
        let body = compose(&n, "https://dk.example").body;
        assert!(body.contains("Nog geen tijd gekozen"));
        assert!(body.contains("No time chosen yet"));
    }
}
