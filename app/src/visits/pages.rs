//! Turen bij de Buren (`/visits`): our visits on both sides with the reciprocity ledger, the
//! neighbours' offers to book, publishing our own offer, the directory and the learning
//! library. Every part reminds that no client data is shared on a visit.

use crate::shared::ids::{BookingId, RequestId, TeamId};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{
    CancelBooking, DecideBooking, PostVisitRequest, PublishOffer, SaveVisitProfile,
    WriteReflection, learning_library, my_visits, neighbours_directory, visit_offers,
};
use super::booking::{BookSlot, Secrecy};
use super::model::{BookingStatus, Side, reciprocity};
use super::offers::api::{AddVisitSlot, CloseVisitOffer, CloseVisitRequest};
use super::offers::pages::{OrganisationLedger, OwnOffer, reciprocity_text};
use super::views::{BookingCard, MyTeam, OfferCard, RequestCard, SlotCard, VisitingTeam, by_visit};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, just_saved, problem_text};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn VisitsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <Visits /> } /> }
}

/// The page is rendered on the server; every change is a form post that comes back to it, so
/// the data is loaded once per page. What the reader picked in the address (`?answer=` a
/// request, `?q=` words in the library) is read here.
#[component]
fn Visits() -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<PublishOffer>::new();
    let query = use_query_map();
    let answer: Option<RequestId> =
        query.with_untracked(|q| q.get("answer").and_then(|a| a.parse().ok()));
    // Once the answering offer is published, the page no longer says it is answering.
    let answer = answer.filter(|_| !just_saved(publish));
    // The three loads start at once: on the server each takes its request's state when it is
    // first polled, which is when the resource is made. One started only after another had
    // finished could outlive a page instance that the render had already let go of, and then
    // run without its request ("AppState missing").
    let data = Resource::new(
        || (),
        |_| futures::future::try_join3(my_visits(), visit_offers(), neighbours_directory()),
    );
    view! {
        <h1>{t!(i18n, visits.title)}</h1>
        <p class="muted">{t!(i18n, visits.intro)}</p>
        <Secrecy />
        <Loaded data=data let:loaded>
            {
                let (board, offers, neighbours) = loaded;
                let answering = answer.and_then(|id| {
                    board.requests.iter().find(|r| r.id == id).map(|r| (r.id, r.wish.clone()))
                });
                view! {
                    <Ledgers teams=board.teams.clone() />
                    {board.organisation.map(|teams| view! { <OrganisationLedger teams /> })}
                    <Bookings bookings=board.bookings />
                    <Offers offers teams=board.teams.clone() />
                    <Requests requests=board.requests teams=board.teams.clone() />
                    {(!board.teams.is_empty()).then(|| view! { <Publish teams=board.teams publish answering /> })}
                    <section class="card" data-testid="directory">
                        <h2>{t!(i18n, visits.directory)}</h2>
                        <ul>
                            {neighbours.into_iter().map(|n| view! {
                                <li data-testid="neighbour">
                                    <strong>{n.name}</strong>" · "{n.organisation}
                                    {(!n.kind_of_work.is_empty()).then(|| view! { " · "{n.kind_of_work.clone()} })}
                                    {(!n.region.is_empty()).then(|| view! { " · "{n.region.clone()} })}
                                    {(!n.what_to_see.is_empty()).then(|| view! { <br /><span class="muted">{n.what_to_see.clone()}</span> })}
                                    {n.contact.map(|c| view! { <br /><span class="muted">{t_string!(i18n, visits.contact, name = c).to_string()}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }
        </Loaded>
        <Library />
    }
}

#[component]
fn Ledgers(teams: Vec<MyTeam>) -> impl IntoView {
    let i18n = use_i18n();
    let keep = ServerAction::<SaveVisitProfile>::new();
    view! {
        <section class="card" data-testid="ledgers">
            <h2>{t!(i18n, visits.ledger)}</h2>
            {teams.into_iter().map(|t| {
                let (l, target) = (t.ledger, t.target);
                let nudge = reciprocity(l, target);
                view! {
                    <p data-testid="ledger" data-team=t.team.to_string() data-hosted=l.hosted.to_string() data-visited=l.visited.to_string()>
                        <strong>{t.name.clone()}</strong>": "
                        {t_string!(i18n, visits.ledger_line, hosted = l.hosted, visited = l.visited, host = target.host, visit = target.visit).to_string()}
                        <br /><span class="muted" data-testid="reciprocity">{reciprocity_text(i18n, nudge)}</span>
                    </p>
                    {t.leads.then(|| view! { <ProfileForm team=t.clone() keep /> })}
                }
            }).collect_view()}
            {just_saved(keep).then(|| view! {
                <p class="form-ok" role="status" data-testid="visit-profile-saved">{t!(i18n, visits.profile_saved)}</p>
            })}
        </section>
    }
}

/// The leader keeps the team's directory entry and its yearly target.
#[component]
fn ProfileForm(team: MyTeam, keep: ServerAction<SaveVisitProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let p = move |f: &'static str| field_problem(keep, f);
    // A leader of two teams has two of these forms: the ids carry the team.
    let scope = format!("profile-{}", team.team);
    // Without the script a failed post comes back as a new page: keep the form open there.
    let failed = keep.value().with_untracked(|v| matches!(v, Some(Err(_))));
    view! {
        <details data-testid="visit-profile" open=failed>
            <summary>{t!(i18n, visits.profile)}</summary>
            <ActionForm action=keep>
                <input type="hidden" name="team" value=team.team.to_string() />
                <label class="check"><input type="checkbox" name="accepts" value="yes" checked=team.accepts_visits />" "{t!(i18n, visits.accepts)}</label>
                <Field label=move || t!(i18n, visits.region) name="region" value=team.region.clone() scope=scope.clone() problem=p("region") />
                // Its own field name: the offer form on the same page has a `what_to_see` too.
                <Field label=move || t!(i18n, visits.what_to_see) name="shown_to_visitors" value=team.what_to_see.clone() scope=scope.clone() problem=p("shown_to_visitors") />
                <div class="grid two">
                    <Field label=move || t!(i18n, visits.host_target) name="host_target" kind="number" value=team.target.host.to_string() scope=scope.clone() problem=p("host_target") />
                    <Field label=move || t!(i18n, visits.visit_target) name="visit_target" kind="number" value=team.target.visit.to_string() scope=scope.clone() problem=p("visit_target") />
                </div>
                <FormError action=keep />
                <button type="submit" class="secondary" data-testid="save-visit-profile">{t!(i18n, visits.save_profile)}</button>
            </ActionForm>
        </details>
    }
}

fn status_text(i18n: leptos_i18n::I18nContext<Locale>, s: BookingStatus) -> &'static str {
    match s {
        BookingStatus::Requested => t_string!(i18n, visits.s_requested),
        BookingStatus::Confirmed => t_string!(i18n, visits.s_confirmed),
        BookingStatus::Declined => t_string!(i18n, visits.s_declined),
        BookingStatus::Cancelled => t_string!(i18n, visits.s_cancelled),
    }
}

#[component]
fn Bookings(bookings: Vec<BookingCard>) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideBooking>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let reflect = ServerAction::<WriteReflection>::new();
    let now = chrono::Utc::now();
    view! {
        <section class="card" data-testid="bookings">
            <h2>{t!(i18n, visits.ours)}</h2>
            {bookings.is_empty().then(|| view! { <p class="muted">{t!(i18n, visits.none)}</p> })}
            <ul class="plain">
                {bookings.into_iter().map(|b| {
                    let id = b.id;
                    let status = b.status;
                    let live = status.holds_places();
                    let past = b.starts_at < now;
                    let host = b.my_side == Side::Host;
                    let reflect_now = status == BookingStatus::Confirmed && past && !b.reflected;
                    view! {
                        <li class="booking" id=format!("booking-{id}") data-testid="booking" data-status=status.as_str() data-side=b.my_side.as_str()>
                            <p>
                                <strong>{b.theme.clone()}</strong>" · "{local_date_time(b.starts_at)}" · "{b.location.clone()}<br />
                                {t_string!(i18n, visits.between, host = b.host_name.clone(), visitor = b.visitor_name.clone()).to_string()}
                                " "<span class="badge" data-testid="booking-status">{status_text(i18n, status)}</span>
                            </p>
                            <p><span class="muted">{t!(i18n, visits.kijkvraag)}": "</span>{b.question.clone()}</p>
                            <p class="muted">{t!(i18n, visits.visitors)}": "{b.visitors.join(", ")}</p>
                            {(!b.reason.is_empty()).then(|| view! { <p class="muted">{t!(i18n, visits.reason)}": "{b.reason.clone()}</p> })}
                            {live.then(|| view! {
                                <p><a href=format!("/visits/{id}/visit.ics") download="burenbezoek.ics" data-testid="visit-ics">{t!(i18n, sessions.download_ics)}</a></p>
                            })}
                            {(host && status == BookingStatus::Requested).then(|| view! {
                                <ActionForm action=decide attr:class="actions">
                                    <input type="hidden" name="booking" value=id.to_string() />
                                    <input type="hidden" name="decision" value="confirm" />
                                    <input type="hidden" name="reason" value="" />
                                    <button type="submit" data-testid="confirm-booking">{t!(i18n, visits.confirm)}</button>
                                    <FormError action=decide />
                                </ActionForm>
                                <ActionForm action=decide attr:class="inline-form">
                                    <input type="hidden" name="booking" value=id.to_string() />
                                    <input type="hidden" name="decision" value="decline" />
                                    <ReasonInput id testid="decline-booking" />
                                    <button type="submit" class="secondary" data-testid="decline-booking">{t!(i18n, visits.decline)}</button>
                                    <ReasonProblem problem=field_problem(decide, "reason") />
                                </ActionForm>
                            })}
                            {(live && !past).then(|| view! {
                                <ActionForm action=cancel attr:class="inline-form">
                                    <input type="hidden" name="booking" value=id.to_string() />
                                    <ReasonInput id testid="cancel-booking" />
                                    <button type="submit" class="secondary" data-testid="cancel-booking">{t!(i18n, visits.cancel)}</button>
                                    <ReasonProblem problem=field_problem(cancel, "reason") />
                                    <FormError action=cancel />
                                </ActionForm>
                            })}
                            {reflect_now.then(|| view! { <Reflection id reflect /> })}
                            {b.reflected.then(|| view! { <p class="muted" data-testid="reflected">{t!(i18n, visits.reflected)}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The reason field of declining and cancelling: both always say why.
#[component]
fn ReasonInput(id: BookingId, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input type="text" name="reason" id=format!("{testid}-{id}") maxlength="500"
            aria-label=t_string!(i18n, visits.reason) placeholder=t_string!(i18n, visits.reason)
            data-testid=format!("{testid}-reason") />
    }
}

#[component]
fn ReasonProblem(problem: Signal<Option<crate::error::FieldProblem>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problem.get().map(|p| view! {
            <p class="field-error" role="alert" data-testid="error-reason">{problem_text(i18n, p)}</p>
        })
    }
}

#[component]
fn Reflection(id: BookingId, reflect: ServerAction<WriteReflection>) -> impl IntoView {
    let i18n = use_i18n();
    // Two bookings may wait for a reflection at once: the ids carry the booking.
    let scope = format!("booking-{id}");
    view! {
        <ActionForm action=reflect attr:data-testid="reflection-form">
            <input type="hidden" name="booking" value=id.to_string() />
            <p class="hint">{t!(i18n, visits.after_prompts)}</p>
            <Field label=move || t!(i18n, visits.struck) name="struck" scope=scope.clone() problem=field_problem(reflect, "struck") />
            <Field label=move || t!(i18n, visits.take_away) name="take_away" scope=scope.clone() problem=field_problem(reflect, "take_away") />
            <label class="check"><input type="checkbox" name="share_wider" value="yes" />" "{t!(i18n, visits.share_wider)}</label>
            <FormError action=reflect />
            <button type="submit" data-testid="save-reflection">{t!(i18n, visits.save_reflection)}</button>
        </ActionForm>
    }
}

#[component]
fn Offers(offers: Vec<OfferCard>, teams: Vec<MyTeam>) -> impl IntoView {
    let i18n = use_i18n();
    let add_slot = ServerAction::<AddVisitSlot>::new();
    let close_offer = ServerAction::<CloseVisitOffer>::new();
    view! {
        <section class="card" data-testid="offers">
            <h2>{t!(i18n, visits.offers)}</h2>
            {offers.is_empty().then(|| view! { <p class="muted">{t!(i18n, visits.no_offers)}</p> })}
            {offers.into_iter().map(|o| {
                let host = o.host;
                let own = teams.iter().any(|m| m.team == host);
                let offer = o.id;
                // The reader's teams that could visit this host, with their people: all the
                // booking island needs.
                let visiting: Vec<VisitingTeam> = teams
                    .iter()
                    .filter(|m| m.team != host)
                    .map(|m| VisitingTeam { team: m.team, name: m.name.clone(), people: m.people.clone() })
                    .collect();
                view! {
                    <article class="offer" data-testid="offer" data-own=own.to_string()>
                        <h3>{o.theme.clone()}</h3>
                        <p class="muted">{o.host_name.clone()}" · "{o.organisation.clone()}" · "{o.location.clone()}" · "{o.language.to_uppercase()}</p>
                        <p>{o.what_to_see.clone()}</p>
                        <ul class="plain">
                            {o.slots.into_iter().map(|s: SlotCard| view! {
                                <li data-testid="visit-slot" data-places=s.places_left.to_string()>
                                    {local_date_time(s.starts_at)}" · "
                                    {t_string!(i18n, visits.places_left, count = s.places_left).to_string()}" "
                                    {(!own && s.places_left > 0 && !visiting.is_empty()).then(|| view! {
                                        <BookSlot slot_id=s.id teams=visiting.clone() />
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                        {own.then(|| view! { <OwnOffer offer add=add_slot close=close_offer /> })}
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Requests(requests: Vec<RequestCard>, teams: Vec<MyTeam>) -> impl IntoView {
    let i18n = use_i18n();
    let ask = ServerAction::<PostVisitRequest>::new();
    let close_request = ServerAction::<CloseVisitRequest>::new();
    let mine: Vec<TeamId> = teams.iter().map(|t| t.team).collect();
    view! {
        <section class="card" data-testid="requests">
            <h2>{t!(i18n, visits.requests)}</h2>
            {requests.is_empty().then(|| view! { <p class="muted">{t!(i18n, visits.no_requests)}</p> })}
            <ul class="plain">
                {requests.into_iter().map(|r| {
                    let own = mine.contains(&r.team);
                    let id = r.id;
                    view! {
                        <li data-testid="visit-request">
                            <strong>{r.team_name.clone()}</strong>" · "{r.organisation.clone()}<br />{r.wish.clone()}
                            {(r.answers > 0).then(|| view! { <br /><span class="muted">{t_string!(i18n, visits.answers, count = r.answers).to_string()}</span> })}
                            // Answering is a link: the page comes back with the offer form
                            // saying which request it answers.
                            {(!own).then(|| view! {
                                " "<a href=format!("/visits?answer={id}#publish") class="button secondary" data-testid="answer-request">{t!(i18n, visits.answer_request)}</a>
                            })}
                            {own.then(|| view! {
                                <ActionForm action=close_request attr:class="inline">
                                    <input type="hidden" name="request" value=id.to_string() />
                                    " "<button type="submit" class="secondary" data-testid="close-request">{t!(i18n, visits.close_request)}</button>
                                    <FormError action=close_request />
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!teams.is_empty()).then(|| view! {
            <ActionForm action=ask>
                <div class="field">
                    <label for="request-team">{t!(i18n, visits.our_team)}</label>
                    <select id="request-team" name="team">
                        {teams.iter().map(|t| view! { <option value=t.team.to_string()>{t.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=move || t!(i18n, visits.wish) name="wish" problem=field_problem(ask, "wish") />
                <FormError action=ask />
                <button type="submit" class="secondary" data-testid="post-request">{t!(i18n, visits.post_request)}</button>
            </ActionForm>
            })}
        </section>
    }
}

/// Publishing an offer; `answering` is the request it answers, chosen with `?answer=`.
#[component]
fn Publish(
    teams: Vec<MyTeam>,
    publish: ServerAction<PublishOffer>,
    answering: Option<(RequestId, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = move |f: &'static str| field_problem(publish, f);
    let request = answering
        .as_ref()
        .map(|(id, _)| id.to_string())
        .unwrap_or_default();
    view! {
        <section class="card" data-testid="publish" id="publish">
            <h2>{t!(i18n, visits.publish)}</h2>
            {answering.map(|(_, wish)| view! { <p class="notice" data-testid="answering">{t_string!(i18n, visits.answering, wish = wish).to_string()}</p> })}
            <ActionForm action=publish>
                <input type="hidden" name="request" value=request />
                <div class="field">
                    <label for="publish-team">{t!(i18n, visits.host_team)}</label>
                    <select id="publish-team" name="team">
                        {teams.iter().map(|t| view! { <option value=t.team.to_string()>{t.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <Field label=move || t!(i18n, visits.theme) name="theme" problem=p("theme") />
                <Field label=move || t!(i18n, visits.what_to_see) name="what_to_see" problem=p("what_to_see") />
                <Field label=move || t!(i18n, visits.location) name="location" problem=p("location") />
                <div class="field">
                    <label for="publish-language">{t!(i18n, visits.language)}</label>
                    <select id="publish-language" name="language">
                        <option value="nl">"Nederlands"</option>
                        <option value="en">"English"</option>
                    </select>
                </div>
                <div class="grid two">
                    <Field label=move || t!(i18n, visits.date) name="date" kind="date" problem=p("date") />
                    <Field label=move || t!(i18n, visits.time) name="time" kind="time" problem=p("time") />
                    <Field label=move || t!(i18n, visits.minutes) name="minutes" kind="number" value="120".to_owned() problem=p("minutes") />
                    <Field label=move || t!(i18n, visits.capacity) name="capacity" kind="number" value="3".to_owned() problem=p("capacity") />
                </div>
                <FormError action=publish />
                <button type="submit" data-testid="publish-offer">{t!(i18n, visits.publish_now)}</button>
            </ActionForm>
        </section>
    }
}

/// The learning library, searched with a GET form (`?q=`): the words are in the address, so
/// the server renders what they find.
#[component]
fn Library() -> impl IntoView {
    let i18n = use_i18n();
    let q = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let asked = q.clone();
    let found = Resource::new(|| (), move |_| learning_library(asked.clone()));
    view! {
        <section class="card" data-testid="library" id="library">
            <h2>{t!(i18n, visits.library)}</h2>
            <p class="muted">{t!(i18n, visits.library_intro)}</p>
            <form method="get" action="/visits#library" role="search" class="inline-form">
                // The enhancer sends the search as one types (`data-autosubmit`).
                <input type="search" name="q" value=q.clone() autofocus=!q.is_empty() data-autosubmit=""
                    aria-label=t_string!(i18n, visits.search) placeholder=t_string!(i18n, visits.search)
                    data-testid="library-search" />
                <button type="submit" class="secondary" data-testid="library-search-now">{t!(i18n, visits.search_now)}</button>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let items = found.await.unwrap_or_default();
                    if items.is_empty() {
                        return view! { <p class="muted">{t!(i18n, visits.library_empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain">
                            {by_visit(items).into_iter().map(|visit| {
                                let first = visit[0].clone();
                                view! {
                                    <li data-testid="reflection">
                                        <strong>{first.theme}</strong>" · "{first.host_name}" ↔ "{first.visitor_name}
                                        {visit.into_iter().map(|r| {
                                            let side = match r.side {
                                                Side::Host => r.host_name.clone(),
                                                Side::Visitor => r.visitor_name.clone(),
                                            };
                                            view! {
                                                <p class="reflection-side">
                                                    <em>{side}</em><br />
                                                    <span class="muted">{t!(i18n, visits.struck)}": "</span>{r.struck}<br />
                                                    <span class="muted">{t!(i18n, visits.take_away)}": "</span>{r.take_away}
                                                </p>
                                            }
                                        }).collect_view()}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
