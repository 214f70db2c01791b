//! "Berichten": my notifications, newest first, each linking to its session, and a bell with
//! the unread count in the top bar.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::api::{MarkNotificationsRead, my_notifications, unread_notifications};
use super::model::{About, NotificationItem, NotificationKind};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::shared::language::in_language;
use crate::shared::session_kind::kind_text;
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

pub fn kind_line(i18n: I18nContext<Locale>, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Invitation => t_string!(i18n, notifications.k_invitation),
        NotificationKind::Changed => t_string!(i18n, notifications.k_changed),
        NotificationKind::Cancelled => t_string!(i18n, notifications.k_cancelled),
        NotificationKind::Reminder => t_string!(i18n, notifications.k_reminder),
        NotificationKind::Action => t_string!(i18n, notifications.k_action),
        NotificationKind::VisitBooked => t_string!(i18n, notifications.k_visit_booked),
        NotificationKind::VisitConfirmed => t_string!(i18n, notifications.k_visit_confirmed),
        NotificationKind::VisitDeclined => t_string!(i18n, notifications.k_visit_declined),
        NotificationKind::VisitCancelled => t_string!(i18n, notifications.k_visit_cancelled),
        NotificationKind::PasswordLink => t_string!(i18n, notifications.k_password_link),
        NotificationKind::SecondFactorReset => t_string!(i18n, notifications.k_second_factor_reset),
        NotificationKind::PasswordChanged => t_string!(i18n, notifications.k_password_changed),
        NotificationKind::HelpAsked => t_string!(i18n, notifications.k_help_asked),
        NotificationKind::HelpOffered => t_string!(i18n, notifications.k_help_offered),
        NotificationKind::HelpAccepted => t_string!(i18n, notifications.k_help_accepted),
        NotificationKind::HelpDeclined => t_string!(i18n, notifications.k_help_declined),
        NotificationKind::HelpTimeSet => t_string!(i18n, notifications.k_help_time_set),
        NotificationKind::HelpWithdrawn => t_string!(i18n, notifications.k_help_withdrawn),
    }
}

/// The bell in the top bar: a link to the page, with the number of unread notifications.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    // Counted afresh with every page: marking read posts the form and loads the page again.
    let unread = Resource::new(|| (), |_| unread_notifications());
    // The resource is read in exactly one place, inside one Transition: reading it in two
    // (an attribute and a Transition) can leave a streamed response hanging (leptos #4851).
    view! {
        <Transition fallback=|| view! { <a href="/notifications" class="bell" data-testid="bell"><span aria-hidden="true">"🔔"</span></a> }>
            {move || {
                let n = unread.get().and_then(Result::ok).unwrap_or(0);
                let label = if n == 0 {
                    t_string!(i18n, notifications.bell_none).to_string()
                } else {
                    t_string!(i18n, notifications.bell_unread, count = n).to_string()
                };
                view! {
                    <a href="/notifications" class="bell" data-testid="bell" aria-label=label>
                        <span aria-hidden="true">"🔔"</span>
                        {(n > 0).then(|| view! { <span class="bell-count" data-testid="bell-count" aria-hidden="true">{n}</span> })}
                    </a>
                }
            }}
        </Transition>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <NotificationsView /> } /> }
}

#[component]
fn NotificationsView() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let data = Resource::new(|| (), |_| my_notifications());
    view! {
        <h1>{t!(i18n, notifications.title)}</h1>
        <p class="muted">{t!(i18n, notifications.intro)}</p>
        <Loaded data=data let:items>
            {items.iter().any(|n| !n.read).then(|| view! {
                <ActionForm action=mark>
                    <input type="hidden" name="which" value="all" />
                    <button type="submit" class="secondary" data-testid="mark-all-read">
                        {t!(i18n, notifications.mark_all)}
                    </button>
                </ActionForm>
            })}
            <NotificationList items />
        </Loaded>
    }
}

#[component]
fn NotificationList(items: Vec<NotificationItem>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="muted" data-testid="no-notifications">{t!(i18n, notifications.none)}</p> }
            .into_any();
    }
    view! {
        <ul class="notifications" data-testid="notifications">
            {items.into_iter().map(|n| {
                let when = n.starts_at.map(local_date_time);
                let path = n.about.path();
                view! {
                    <li data-testid="notification" data-read=n.read.to_string() class:unread=!n.read>
                        <a href=path>
                            <strong>{move || kind_line(i18n, n.kind)}</strong>
                            " · "<AboutLine about=n.about.clone() kind=n.kind />
                        </a>
                        <span class="muted">" · "
                            {match when {
                                Some(w) => w.into_any(),
                                None => t!(i18n, notifications.no_time).into_any(),
                            }}
                        </span>
                        {(!n.read).then(|| view! { " "<span class="badge">{t!(i18n, notifications.unread_badge)}</span> })}
                        <span class="muted">" · "{local_date_time(n.created_at)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The subject of a notification in one line: a session's kind and method, or a visit's teams
/// and theme.
#[component]
fn AboutLine(about: About, kind: NotificationKind) -> impl IntoView {
    let i18n = use_i18n();
    match about {
        About::Session {
            kind,
            method_name_nl,
            method_name_en,
            ..
        } => view! {
            {move || kind_text(i18n, kind)}
            " · "{move || in_language(i18n, &method_name_nl, &method_name_en).to_owned()}
        }
        .into_any(),
        About::Visit {
            host_team,
            visiting_team,
            theme,
            ..
        } => view! {
            {move || {
                t_string!(i18n, notifications.visit_line, visitors = visiting_team.clone(), host = host_team.clone(), theme = theme.clone())
                    .to_string()
            }}
        }
        .into_any(),
        About::Help { other, .. } => view! {
            {move || t_string!(i18n, notifications.help_with)}" "{other.clone()}
        }
        .into_any(),
        About::Account => view! {
            {move || match kind {
                NotificationKind::SecondFactorReset => t_string!(i18n, notifications.e_second_factor_reset),
                NotificationKind::PasswordChanged => t_string!(i18n, notifications.e_password_changed),
                _ => t_string!(i18n, notifications.e_password_link),
            }}
        }
        .into_any(),
    }
}
