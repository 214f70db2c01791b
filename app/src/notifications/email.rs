//! The text of a notification email: plain text, Dutch first, then English, with a link to
//! the session. It says what happened and when, never what the session is about: no question,
//! no client, no signal.

use leptos_i18n::td_string;

use super::model::{NotificationKind, PendingEmail};
use crate::i18n::Locale;
use crate::sessions::model::SessionKind;
use crate::ui::time::local_date_time;

/// A composed email: its subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailText {
    pub subject: String,
    pub body: String,
}

/// The short name of what happened, as the subject says it.
fn kind_name(locale: Locale, kind: NotificationKind) -> &'static str {
    match (locale, kind) {
        (Locale::en, NotificationKind::Invitation) => {
            td_string!(Locale::en, notifications.k_invitation)
        }
        (Locale::en, NotificationKind::Changed) => td_string!(Locale::en, notifications.k_changed),
        (Locale::en, NotificationKind::Cancelled) => {
            td_string!(Locale::en, notifications.k_cancelled)
        }
        (Locale::en, NotificationKind::Reminder) => {
            td_string!(Locale::en, notifications.k_reminder)
        }
        (Locale::en, NotificationKind::Action) => td_string!(Locale::en, notifications.k_action),
        (_, NotificationKind::Invitation) => td_string!(Locale::nl, notifications.k_invitation),
        (_, NotificationKind::Changed) => td_string!(Locale::nl, notifications.k_changed),
        (_, NotificationKind::Cancelled) => td_string!(Locale::nl, notifications.k_cancelled),
        (_, NotificationKind::Reminder) => td_string!(Locale::nl, notifications.k_reminder),
        (_, NotificationKind::Action) => td_string!(Locale::nl, notifications.k_action),
    }
}

/// The sentence saying what happened.
fn happened(locale: Locale, kind: NotificationKind) -> &'static str {
    match (locale, kind) {
        (Locale::en, NotificationKind::Invitation) => {
            td_string!(Locale::en, notifications.e_invitation)
        }
        (Locale::en, NotificationKind::Changed) => td_string!(Locale::en, notifications.e_changed),
        (Locale::en, NotificationKind::Cancelled) => {
            td_string!(Locale::en, notifications.e_cancelled)
        }
        (Locale::en, NotificationKind::Reminder) => {
            td_string!(Locale::en, notifications.e_reminder)
        }
        (Locale::en, NotificationKind::Action) => td_string!(Locale::en, notifications.e_action),
        (_, NotificationKind::Invitation) => td_string!(Locale::nl, notifications.e_invitation),
        (_, NotificationKind::Changed) => td_string!(Locale::nl, notifications.e_changed),
        (_, NotificationKind::Cancelled) => td_string!(Locale::nl, notifications.e_cancelled),
        (_, NotificationKind::Reminder) => td_string!(Locale::nl, notifications.e_reminder),
        (_, NotificationKind::Action) => td_string!(Locale::nl, notifications.e_action),
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

/// One language's part of the body.
fn part(locale: Locale, n: &PendingEmail, link: &str) -> String {
    let (hello, no_time, method, open, why) = match locale {
        Locale::en => (
            td_string!(Locale::en, notifications.e_hello),
            td_string!(Locale::en, notifications.no_time),
            n.method_name_en.as_str(),
            td_string!(Locale::en, notifications.e_open),
            td_string!(Locale::en, notifications.e_why),
        ),
        _ => (
            td_string!(Locale::nl, notifications.e_hello),
            td_string!(Locale::nl, notifications.no_time),
            n.method_name_nl.as_str(),
            td_string!(Locale::nl, notifications.e_open),
            td_string!(Locale::nl, notifications.e_why),
        ),
    };
    let when = n
        .starts_at
        .map(local_date_time)
        .unwrap_or_else(|| no_time.to_owned());
    format!(
        "{hello} {name},\n\n{what}\n\n{kind} ({method}), {when}\n\n{open}\n{link}\n\n{why}\n",
        name = n.display_name,
        what = happened(locale, n.kind),
        kind = session_kind(locale, n.session_kind),
    )
}

/// The email for one notification; `public_url` is how people reach the app.
pub fn compose(n: &PendingEmail, public_url: &str) -> EmailText {
    let link = format!(
        "{}/sessions/{}",
        public_url.trim_end_matches('/'),
        n.session
    );
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
    use chrono::TimeZone;

    fn pending(kind: NotificationKind) -> PendingEmail {
        PendingEmail {
            id: 1,
            email: "sanne@linde.demo".into(),
            display_name: "Sanne".into(),
            kind,
            session: 42,
            session_kind: SessionKind::Intervision,
            method_name_nl: "Incidentmethode".into(),
            method_name_en: "Incident method".into(),
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
    fn a_session_without_a_time_says_so() {
        let mut n = pending(NotificationKind::Invitation);
        n.starts_at = None;
        let body = compose(&n, "https://dk.example").body;
        assert!(body.contains("Nog geen tijd gekozen"));
        assert!(body.contains("No time chosen yet"));
    }
}
