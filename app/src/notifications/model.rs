//! Pure types of a notification. Compiled for the browser too.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::shared::ids::NotificationId;
use crate::shared::ids::SessionId;
use crate::shared::ids::{BookingId, HelpRequestId};
use crate::shared::session_kind::SessionKind;

/// What happened. A notification points at a session (an action at the session it came from)
/// or at a neighbour visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    /// You are invited to a session.
    Invitation,
    /// The session has a new time.
    Changed,
    /// The session will not take place.
    Cancelled,
    /// The session starts within a day.
    Reminder,
    /// An action from a session is yours to do.
    Action,
    /// A neighbouring team asks to visit your team.
    VisitBooked,
    /// The host confirmed your team's visit.
    VisitConfirmed,
    /// The host declined your team's visit.
    VisitDeclined,
    /// The other side cancelled a visit.
    VisitCancelled,
    /// An admin made a new password link for your account; every session of it ended.
    PasswordLink,
    /// The admin reset the person's second factors.
    SecondFactorReset,
    /// The person's password was changed on their account page; if that was not them, they
    /// know at once.
    PasswordChanged,
    /// A colleague asks you to look along at a stuck moment.
    HelpAsked,
    /// A colleague offers to look along at a stuck moment you shared.
    HelpOffered,
    /// The other side said yes.
    HelpAccepted,
    /// The other side said no; no reason comes with it.
    HelpDeclined,
    /// A time was picked for the one-to-one.
    HelpTimeSet,
    /// The other side called it off.
    HelpWithdrawn,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 18] = [
        NotificationKind::Invitation,
        NotificationKind::Changed,
        NotificationKind::Cancelled,
        NotificationKind::Reminder,
        NotificationKind::Action,
        NotificationKind::VisitBooked,
        NotificationKind::VisitConfirmed,
        NotificationKind::VisitDeclined,
        NotificationKind::VisitCancelled,
        NotificationKind::PasswordLink,
        NotificationKind::SecondFactorReset,
        NotificationKind::PasswordChanged,
        NotificationKind::HelpAsked,
        NotificationKind::HelpOffered,
        NotificationKind::HelpAccepted,
        NotificationKind::HelpDeclined,
        NotificationKind::HelpTimeSet,
        NotificationKind::HelpWithdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Invitation => "invitation",
            NotificationKind::Changed => "changed",
            NotificationKind::Cancelled => "cancelled",
            NotificationKind::Reminder => "reminder",
            NotificationKind::Action => "action",
            NotificationKind::VisitBooked => "visit_booked",
            NotificationKind::VisitConfirmed => "visit_confirmed",
            NotificationKind::VisitDeclined => "visit_declined",
            NotificationKind::VisitCancelled => "visit_cancelled",
            NotificationKind::PasswordLink => "password_link",
            NotificationKind::SecondFactorReset => "second_factor_reset",
            NotificationKind::PasswordChanged => "password_changed",
            NotificationKind::HelpAsked => "help_asked",
            NotificationKind::HelpOffered => "help_offered",
            NotificationKind::HelpAccepted => "help_accepted",
            NotificationKind::HelpDeclined => "help_declined",
            NotificationKind::HelpTimeSet => "help_time_set",
            NotificationKind::HelpWithdrawn => "help_withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a notification is about, with just enough to say something useful: a session's kind
/// and method, or a visit's teams and theme. Never a question, client or signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum About {
    Session {
        id: SessionId,
        kind: SessionKind,
        method_name_nl: String,
        method_name_en: String,
    },
    Visit {
        booking: BookingId,
        host_team: String,
        visiting_team: String,
        theme: String,
    },
    /// The recipient's own account.
    Account,
    /// A request for help between the recipient and `other`: never the question or signal.
    Help {
        request: HelpRequestId,
        other: String,
    },
}

impl About {
    /// Where in the app the notification leads.
    pub fn path(&self) -> String {
        match self {
            About::Session { id, .. } => format!("/sessions/{id}"),
            About::Visit { booking, .. } => format!("/visits#booking-{booking}"),
            About::Account => "/notifications".to_owned(),
            About::Help { request, .. } => format!("/help#help-{request}"),
        }
    }
}

/// One notification as its recipient sees it: what happened, to what, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub about: About,
    pub starts_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

impl NotificationItem {
    /// The session this is about, if it is about one.
    pub fn session(&self) -> Option<SessionId> {
        match self.about {
            About::Session { id, .. } => Some(id),
            About::Visit { .. } | About::Account | About::Help { .. } => None,
        }
    }

    /// The visit booking this is about, if it is about one.
    pub fn visit(&self) -> Option<BookingId> {
        match self.about {
            About::Visit { booking, .. } => Some(booking),
            About::Session { .. } | About::Account | About::Help { .. } => None,
        }
    }
}

/// Which of my notifications to mark as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadSelection {
    All,
    Only(Vec<NotificationId>),
}

/// The most ids one "mark as read" names: the page never shows more, and a longer list would
/// only make a long query.
pub const MAX_READ_IDS: usize = 200;

impl ReadSelection {
    /// The browser posts `all`, or ids separated by commas; anything unreadable is left out,
    /// and so is anything past the first [`MAX_READ_IDS`].
    pub fn parse(raw: &str) -> ReadSelection {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("all") {
            return ReadSelection::All;
        }
        let mut ids: Vec<NotificationId> = raw
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .filter(|id: &NotificationId| id.get() > 0)
            .take(MAX_READ_IDS)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ReadSelection::Only(ids)
    }
}

/// A notification still to be emailed, with what the email may say (see [`About`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEmail {
    pub id: NotificationId,
    pub email: String,
    pub display_name: String,
    pub kind: NotificationKind,
    pub about: About,
    pub starts_at: Option<DateTime<Utc>>,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// After this many failed attempts an email is given up on; the notification stays in the app.
pub const MAX_EMAIL_ATTEMPTS: u32 = 10;

/// How long a claim on an email holds: a server that crashed while sending loses its claim
/// after this, and another sends the email.
pub const EMAIL_CLAIM: chrono::Duration = chrono::Duration::minutes(10);

/// The wait before the next attempt after `attempts` failures: 1, 2, 4, … minutes, at most 6
/// hours, so a mail server that is down for a while is not hammered.
pub fn email_retry_delay(attempts: u32) -> chrono::Duration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(9);
    chrono::Duration::minutes(minutes.min(6 * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_id_list_is_cut_short() {
        let raw = (1..=100_000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        match ReadSelection::parse(&raw) {
            ReadSelection::Only(ids) => assert_eq!(ids.len(), MAX_READ_IDS),
            ReadSelection::All => panic!("not all"),
        }
    }

    #[test]
    fn retries_wait_longer_each_time_up_to_six_hours() {
        assert_eq!(email_retry_delay(1), chrono::Duration::minutes(1));
        assert_eq!(email_retry_delay(2), chrono::Duration::minutes(2));
        assert_eq!(email_retry_delay(5), chrono::Duration::minutes(16));
        for n in 1..40 {
            assert!(email_retry_delay(n + 1) >= email_retry_delay(n));
            assert!(email_retry_delay(n) <= chrono::Duration::hours(6));
        }
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn names_are_the_ones_the_database_holds() {
        let names: Vec<_> = NotificationKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "invitation",
                "changed",
                "cancelled",
                "reminder",
                "action",
                "visit_booked",
                "visit_confirmed",
                "visit_declined",
                "visit_cancelled",
                "password_link",
                "second_factor_reset",
                "password_changed",
                "help_asked",
                "help_offered",
                "help_accepted",
                "help_declined",
                "help_time_set",
                "help_withdrawn"
            ]
        );
    }

    #[test]
    fn unknown_names_are_refused() {
        for raw in ["", "Reminder", "remind", " invitation", "signal"] {
            assert_eq!(NotificationKind::parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn a_read_selection_is_all_or_a_clean_list_of_ids() {
        assert_eq!(ReadSelection::parse("all"), ReadSelection::All);
        assert_eq!(ReadSelection::parse(" ALL "), ReadSelection::All);
        assert_eq!(
            ReadSelection::parse("3, 1,x,3,-2,0, 7"),
            ReadSelection::Only(vec![
                NotificationId(1),
                NotificationId(3),
                NotificationId(7)
            ])
        );
        assert_eq!(ReadSelection::parse(""), ReadSelection::Only(vec![]));
    }
}
