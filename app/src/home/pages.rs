//! The start page: who you are and which teams you work in.

use leptos::prelude::*;

use crate::auth::text::role_text;
use leptos_router::components::A;

use crate::auth::model::Actor;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::FormError;

#[component]
pub fn HomePage() -> impl IntoView {
    view! { <SignedIn children=|actor| view! { <Home actor /> } /> }
}

#[component]
fn Home(actor: Actor) -> impl IntoView {
    let i18n = use_i18n();
    let name = actor.display_name.clone();
    let teams = actor.memberships.clone();
    view! {
        <h1 data-testid="greeting">{t!(i18n, home.greeting, name = name.clone())}</h1>
        <p class="muted">{t!(i18n, home.intro)}</p>
        <h2>{t!(i18n, home.teams)}</h2>
        {if teams.is_empty() {
            view! { <p class="muted">{t!(i18n, home.no_teams)}</p> }.into_any()
        } else {
            view! {
                <div class="grid" data-testid="my-teams">
                    {teams.into_iter().map(|m| view! {
                        <article class="card">
                            <strong>{m.team_name}</strong>
                            <p><span class="pill">{move || role_text(i18n, m.role)}</span></p>
                        </article>
                    }).collect_view()}
                </div>
            }.into_any()
        }}
        {(!actor.memberships.is_empty()).then(|| view! { <ProposalsWaiting /> })}
        <HelpWaitingCard />
        <SessionsComing />
        <MyActions />
        {actor.is_admin.then(|| view! {
            <section class="card">
                <p>{t!(i18n, home.admin_hint)}</p>
                <A href="/admin" attr:class="button">{t!(i18n, home.to_admin)}</A>
            </section>
        })}
    }
}

/// How many proposals wait for this person's decision (their own, and their team's if they
/// lead one): an invitation on the start page, never a red badge.
#[component]
fn ProposalsWaiting() -> impl IntoView {
    use crate::limits::views::ProposalStatus;
    let i18n = use_i18n();
    let inbox = Resource::new(|| (), |_| crate::limits::api::inbox());
    view! {
        <section class="card">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let waiting = inbox.await.map(|i| {
                        i.mine.iter().chain(i.team.iter())
                            .filter(|p| matches!(p.status, ProposalStatus::Open | ProposalStatus::Snoozed))
                            .filter(|p| p.shown_status(crate::ui::time::today()) == ProposalStatus::Open)
                            .count()
                    }).unwrap_or(0);
                    (waiting > 0).then(|| view! {
                        <p data-testid="proposals-waiting">
                            {move || t_string!(i18n, home.proposals_waiting, count = waiting).to_string()}" "
                            <A href="/proposals">{t!(i18n, home.to_proposals)}</A>
                        </p>
                    })
                })}
            </Transition>
            <p class="muted">{t!(i18n, home.stuck_hint)}</p>
        </section>
    }
}

/// Colleagues waiting for my answer on looking along, and the next talk agreed.
#[component]
fn HelpWaitingCard() -> impl IntoView {
    let i18n = use_i18n();
    let waiting = Resource::new(|| (), |_| crate::help::ask::api::help_at_a_glance());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let w = waiting.await.ok()?;
                (w.to_answer > 0 || w.next.is_some()).then(|| view! {
                    <section class="card" data-testid="help-waiting">
                        {(w.to_answer > 0).then(|| view! {
                            <p>{move || if w.to_answer == 1 {
                                t_string!(i18n, home.help_to_answer_single).to_string()
                            } else {
                                t_string!(i18n, home.help_to_answer_several, count = w.to_answer).to_string()
                            }}</p>
                        })}
                        {w.next.clone().map(|(who, at)| view! {
                            <p data-testid="help-next">{move || t_string!(i18n, home.help_next, name = who.clone(), at = crate::ui::time::local_date_time(at)).to_string()}</p>
                        })}
                        <A href="/help">{t!(i18n, help.to_overview)}</A>
                    </section>
                })
            })}
        </Transition>
    }
}

/// My open actions from sessions, until I tick them off. Ticking one is a small form per action:
/// the box sends it as soon as it changes (`data-autosubmit`), and the page comes back without it.
#[component]
fn MyActions() -> impl IntoView {
    use crate::sessions::outcomes::api::TickAction;
    let i18n = use_i18n();
    let tick = ServerAction::<TickAction>::new();
    let open = Resource::new(|| (), |_| crate::sessions::outcomes::api::my_open_actions());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let actions = open.await.unwrap_or_default();
                (!actions.is_empty()).then(|| view! {
                    <section class="card" data-testid="my-actions">
                        <h2>{t!(i18n, outcome.my_actions)}</h2>
                        <FormError action=tick />
                        <ul class="actions-list">
                            {actions.into_iter().map(|a| {
                                let action = a.id;
                                view! {
                                    <li data-testid="my-action">
                                        <ActionForm action=tick attr:class="inline">
                                            <input type="hidden" name="action" value=action.to_string() />
                                            <input type="hidden" name="done" value="true" />
                                            <label>
                                                <input type="checkbox" data-testid="my-action-done" data-autosubmit="" />
                                                " "{a.description.clone()}
                                            </label>
                                            <noscript><button type="submit" class="quiet">{t!(i18n, home.tick_off)}</button></noscript>
                                        </ActionForm>
                                        {a.due_on.map(|d| view! { <span class="muted">" · "{move || t_string!(i18n, outcome.due, date = crate::ui::time::dutch_date(d)).to_string()}</span> })}
                                        " · "<A href=format!("/sessions/{}", a.session)>{t!(i18n, outcome.to_session)}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

/// My next session, and how many invitations still wait for my answer.
#[component]
fn SessionsComing() -> impl IntoView {
    use crate::sessions::model::Answer;
    use crate::sessions::text::{in_language, kind_text};
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| crate::sessions::plan::api::sessions_overview());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(board) = board.await else { return None };
                let pending = board.upcoming.iter()
                    .filter(|s| s.starts_at.is_some() && s.my_answer == Some(Answer::Pending))
                    .count();
                let next = board.upcoming.iter()
                    .find(|s| s.starts_at.is_some() && s.my_answer.is_some_and(|a| a != Answer::No))
                    .cloned();
                (pending > 0 || next.is_some()).then(|| view! {
                    <section class="card" data-testid="sessions-coming">
                        {(pending > 0).then(|| view! {
                            <p data-testid="invitations-waiting">{move || t_string!(i18n, home.invitations_waiting, count = pending).to_string()}</p>
                        })}
                        {next.map(|s| {
                            let when = s.starts_at.map(crate::ui::time::local_date_time).unwrap_or_default();
                            let (nl, en) = (s.method_name_nl.clone(), s.method_name_en.clone());
                            view! {
                                <p data-testid="next-session">{move || t_string!(i18n, home.next_session,
                                    what = format!("{} · {}", kind_text(i18n, s.kind), in_language(i18n, &nl, &en)),
                                    when = when.clone()).to_string()}</p>
                            }
                        })}
                        <A href="/sessions">{t!(i18n, home.to_sessions)}</A>
                    </section>
                })
            })}
        </Transition>
    }
}
