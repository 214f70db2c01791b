//! Turen bij de Buren (`/visits`): our visits on both sides with the reciprocity ledger, the
//! neighbours' offers to book, publishing our own offer, the directory and the learning
//! library. Every part reminds that no client data is shared on a visit.

use crate::shared::ids::{BookingId, OfferId, RequestId, SlotId, TeamId, UserId};
use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{
    BookVisit, CancelBooking, DecideBooking, PostVisitRequest, PublishOffer, SaveVisitProfile,
    WriteReflection, learning_library, my_visits, neighbours_directory, visit_offers,
};
use super::model::{BookingStatus, Side, reciprocity};
use super::offers::api::{AddVisitSlot, CloseVisitOffer, CloseVisitRequest};
use super::offers::pages::{OrganisationLedger, OwnOffer, reciprocity_text};
use super::views::{BookingCard, MyTeam, OfferCard, RequestCard, SlotCard};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::form::{Field, FormError, field_problem, problem_text, success_count};
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

#[component]
pub fn VisitsPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <Visits /> } /> }
}

#[component]
fn Secrecy() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice" role="note" data-testid="secrecy">{t!(i18n, visits.secrecy)}</p> }
}

#[component]
fn Visits() -> impl IntoView {
    let i18n = use_i18n();
    let book = ServerAction::<BookVisit>::new();
    let decide = ServerAction::<DecideBooking>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let reflect = ServerAction::<WriteReflection>::new();
    let publish = ServerAction::<PublishOffer>::new();
    let ask = ServerAction::<PostVisitRequest>::new();
    let asked = success_count(ask);
    let keep = ServerAction::<SaveVisitProfile>::new();
    let kept = success_count(keep);
    let add_slot = ServerAction::<AddVisitSlot>::new();
    let close_offer = ServerAction::<CloseVisitOffer>::new();
    let close_request = ServerAction::<CloseVisitRequest>::new();
    let kept_offers = (
        success_count(add_slot),
        success_count(close_offer),
        success_count(close_request),
    );
    let adding_to = RwSignal::new(None::<OfferId>);
    let changed = (
        success_count(book),
        success_count(decide),
        success_count(cancel),
        success_count(reflect),
        success_count(publish),
    );
    let version = move || {
        changed.0.get()
            + changed.1.get()
            + changed.2.get()
            + changed.3.get()
            + changed.4.get()
            + asked.get()
            + kept.get()
            + kept_offers.0.get()
            + kept_offers.1.get()
            + kept_offers.2.get()
    };
    let answering = RwSignal::new(None::<(RequestId, String)>);
    // The three loads start at once: on the server each takes its request's state when it is
    // first polled, which is when the resource is made. One started only after another had
    // finished could outlive a page instance that the render had already let go of, and then
    // run without its request ("AppState missing").
    let data = Resource::new(version, |_| {
        futures::future::try_join3(my_visits(), visit_offers(), neighbours_directory())
    });
    view! {
        <h1>{t!(i18n, visits.title)}</h1>
        <p class="muted">{t!(i18n, visits.intro)}</p>
        <Secrecy />
        <Loaded data=data let:loaded>
            {
                let (board, offers, neighbours) = loaded;
                view! {
                    <Ledgers teams=board.teams.clone() keep />
                    {board.organisation.map(|teams| view! { <OrganisationLedger teams /> })}
                    <Bookings bookings=board.bookings decide cancel reflect />
                    <Offers offers teams=board.teams.clone() book add_slot close_offer adding_to />
                    <Requests requests=board.requests teams=board.teams.clone() ask answering close_request />
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
                                    {n.contact.map(|c| view! { <br /><span class="muted">{move || t_string!(i18n, visits.contact, name = c.clone()).to_string()}</span> })}
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
fn Ledgers(teams: Vec<MyTeam>, keep: ServerAction<SaveVisitProfile>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="ledgers">
            <h2>{t!(i18n, visits.ledger)}</h2>
            {teams.into_iter().map(|t| {
                let (l, target) = (t.ledger, t.target);
                let nudge = reciprocity(l, target);
                view! {
                    <p data-testid="ledger" data-team=t.team.to_string() data-hosted=l.hosted.to_string() data-visited=l.visited.to_string()>
                        <strong>{t.name.clone()}</strong>": "
                        {move || t_string!(i18n, visits.ledger_line, hosted = l.hosted, visited = l.visited, host = target.host, visit = target.visit).to_string()}
                        <br /><span class="muted" data-testid="reciprocity">{move || reciprocity_text(i18n, nudge)}</span>
                    </p>
                    {t.leads.then(|| view! { <ProfileForm team=t.clone() keep /> })}
                }
            }).collect_view()}
        </section>
    }
}

/// The leader keeps the team's directory entry and its yearly target.
#[component]
fn ProfileForm(team: MyTeam, keep: ServerAction<SaveVisitProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let p = move |f: &'static str| field_problem(keep, f);
    view! {
        <details data-testid="visit-profile">
            <summary>{t!(i18n, visits.profile)}</summary>
            <ActionForm action=keep>
                <input type="hidden" name="team" value=team.team.to_string() />
                <label class="check"><input type="checkbox" name="accepts" value="yes" checked=team.accepts_visits />" "{t!(i18n, visits.accepts)}</label>
                <Field label=move || t!(i18n, visits.region) name="region" value=team.region.clone() problem=p("region") />
                // Its own field name: the offer form on the same page has a `what_to_see` too,
                // and ids must stay unique for labels to find their inputs.
                <Field label=move || t!(i18n, visits.what_to_see) name="shown_to_visitors" value=team.what_to_see.clone() problem=p("shown_to_visitors") />
                <div class="grid two">
                    <Field label=move || t!(i18n, visits.host_target) name="host_target" kind="number" value=team.target.host.to_string() problem=p("host_target") />
                    <Field label=move || t!(i18n, visits.visit_target) name="visit_target" kind="number" value=team.target.visit.to_string() problem=p("visit_target") />
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
fn Bookings(
    bookings: Vec<BookingCard>,
    decide: ServerAction<DecideBooking>,
    cancel: ServerAction<CancelBooking>,
    reflect: ServerAction<WriteReflection>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                                {move || t_string!(i18n, visits.between, host = b.host_name.clone(), visitor = b.visitor_name.clone()).to_string()}
                                " "<span class="badge" data-testid="booking-status">{move || status_text(i18n, status)}</span>
                            </p>
                            <p><span class="muted">{t!(i18n, visits.kijkvraag)}": "</span>{b.question.clone()}</p>
                            <p class="muted">{t!(i18n, visits.visitors)}": "{b.visitors.join(", ")}</p>
                            {(!b.reason.is_empty()).then(|| view! { <p class="muted">{t!(i18n, visits.reason)}": "{b.reason.clone()}</p> })}
                            {live.then(|| view! {
                                <p><a href=format!("/visits/{id}/visit.ics") download="burenbezoek.ics" data-testid="visit-ics">{t!(i18n, sessions.download_ics)}</a></p>
                            })}
                            {(host && status == BookingStatus::Requested).then(|| view! {
                                <div class="actions">
                                    <button type="button" data-testid="confirm-booking" on:click=move |_| {
                                        decide.dispatch(DecideBooking { booking: id, decision: "confirm".into(), reason: String::new() });
                                    }>{t!(i18n, visits.confirm)}</button>
                                </div>
                                <ReasonForm id label=ViewFn::from(move || t!(i18n, visits.decline)) testid="decline-booking"
                                    on_submit=Callback::new(move |reason: String| { decide.dispatch(DecideBooking { booking: id, decision: "decline".into(), reason }); }) />
                            })}
                            {(live && !past).then(|| view! {
                                <ReasonForm id label=ViewFn::from(move || t!(i18n, visits.cancel)) testid="cancel-booking"
                                    on_submit=Callback::new(move |reason: String| { cancel.dispatch(CancelBooking { booking: id, reason }); }) />
                            })}
                            {reflect_now.then(|| view! { <Reflection id reflect /> })}
                            {b.reflected.then(|| view! { <p class="muted" data-testid="reflected">{t!(i18n, visits.reflected)}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <FormError action=decide />
            <FormError action=cancel />
            {move || [decide.value().get().and_then(|r| r.err()), cancel.value().get().and_then(|r| r.err())]
                .into_iter().flatten().find_map(|e| e.at_field("reason"))
                .map(|p| view! { <p class="field-error" role="alert" data-testid="error-reason">{problem_text(i18n, p)}</p> })}
        </section>
    }
}

/// A reason and a button: declining and cancelling always say why.
#[component]
fn ReasonForm(
    id: BookingId,
    label: ViewFn,
    testid: &'static str,
    on_submit: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let field = format!("{testid}-{id}");
    view! {
        <div class="inline-form">
            <input type="text" id=field.clone() maxlength="500" bind:value=reason
                aria-label=move || t_string!(i18n, visits.reason) placeholder=move || t_string!(i18n, visits.reason)
                data-testid=format!("{testid}-reason") />
            <button type="button" class="secondary" data-testid=testid on:click=move |_| on_submit.run(reason.get_untracked())>{label.run()}</button>
        </div>
    }
}

#[component]
fn Reflection(id: BookingId, reflect: ServerAction<WriteReflection>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ActionForm action=reflect attr:data-testid="reflection-form">
            <input type="hidden" name="booking" value=id.to_string() />
            <p class="hint">{t!(i18n, visits.after_prompts)}</p>
            <Field label=move || t!(i18n, visits.struck) name="struck" problem=field_problem(reflect, "struck") />
            <Field label=move || t!(i18n, visits.take_away) name="take_away" problem=field_problem(reflect, "take_away") />
            <label class="check"><input type="checkbox" name="share_wider" value="yes" />" "{t!(i18n, visits.share_wider)}</label>
            <FormError action=reflect />
            <button type="submit" data-testid="save-reflection">{t!(i18n, visits.save_reflection)}</button>
        </ActionForm>
    }
}

#[component]
fn Offers(
    offers: Vec<OfferCard>,
    teams: Vec<MyTeam>,
    book: ServerAction<BookVisit>,
    add_slot: ServerAction<AddVisitSlot>,
    close_offer: ServerAction<CloseVisitOffer>,
    adding_to: RwSignal<Option<OfferId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let teams = StoredValue::new(teams);
    let open = RwSignal::new(None::<SlotId>);
    view! {
        <section class="card" data-testid="offers">
            <h2>{t!(i18n, visits.offers)}</h2>
            {offers.is_empty().then(|| view! { <p class="muted">{t!(i18n, visits.no_offers)}</p> })}
            {offers.into_iter().map(|o| {
                let host = o.host;
                let own = teams.with_value(|t| t.iter().any(|m| m.team == host));
                let offer = o.id;
                view! {
                    <article class="offer" data-testid="offer" data-own=own.to_string()>
                        <h3>{o.theme.clone()}</h3>
                        <p class="muted">{o.host_name.clone()}" · "{o.organisation.clone()}" · "{o.location.clone()}" · "{o.language.to_uppercase()}</p>
                        <p>{o.what_to_see.clone()}</p>
                        <ul class="plain">
                            {o.slots.into_iter().map(|s: SlotCard| view! {
                                <li data-testid="visit-slot" data-places=s.places_left.to_string()>
                                    {local_date_time(s.starts_at)}" · "
                                    {move || t_string!(i18n, visits.places_left, count = s.places_left).to_string()}" "
                                    {(!own && s.places_left > 0).then(|| view! {
                                        <button type="button" class="secondary" data-testid="open-booking" on:click=move |_| open.set(Some(s.id))>{t!(i18n, visits.book)}</button>
                                    })}
                                    {move || (open.get() == Some(s.id)).then(|| view! { <BookingForm slot_id=s.id host teams book /> })}
                                </li>
                            }).collect_view()}
                        </ul>
                        {own.then(|| view! { <OwnOffer offer add=add_slot close=close_offer adding_to /> })}
                    </article>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn BookingForm(
    slot_id: SlotId,
    host: TeamId,
    teams: StoredValue<Vec<MyTeam>>,
    book: ServerAction<BookVisit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices: Vec<MyTeam> =
        teams.with_value(|t| t.iter().filter(|m| m.team != host).cloned().collect());
    let team = RwSignal::new(choices.first().map(|t| t.team).unwrap_or_default());
    let chosen = RwSignal::new(Vec::<UserId>::new());
    let question = RwSignal::new(String::new());
    let choices = StoredValue::new(choices);
    let problem = move |field: &'static str| {
        move || {
            match book.value().get() {
        Some(Err(err)) => err.at_field(field).map(|p| view! { <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p> }),
        _ => None,
    }
        }
    };
    view! {
        <div class="booking-form" data-testid="booking-form">
            <Secrecy />
            <div class="field">
                <label for="booking-team">{t!(i18n, visits.our_team)}</label>
                <select id="booking-team" on:change=move |ev| {
                    team.set(event_target_value(&ev).parse().unwrap_or_default());
                    chosen.set(Vec::new());
                }>
                    {choices.with_value(|c| c.iter().map(|t| view! { <option value=t.team.to_string()>{t.name.clone()}</option> }).collect_view())}
                </select>
            </div>
            <fieldset>
                <legend>{t!(i18n, visits.who_comes)}</legend>
                {move || choices.with_value(|c| c.iter().find(|t| t.team == team.get()).map(|t| t.people.iter().map(|p| {
                    let id = p.id;
                    view! {
                        <label class="check">
                            <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                on:change=move |_| chosen.update(|c| if c.contains(&id) { c.retain(|x| *x != id) } else { c.push(id) }) />
                            " "{p.name.clone()}
                        </label>
                    }
                }).collect_view()))}
                {problem("visitors")}
            </fieldset>
            <div class="field">
                <label for="booking-question">{t!(i18n, visits.kijkvraag)}</label>
                <p class="hint">{t!(i18n, visits.prompt_1)}<br />{t!(i18n, visits.prompt_2)}</p>
                <textarea id="booking-question" rows="3" maxlength="1000" data-testid="kijkvraag" bind:value=question></textarea>
                {problem("question")}
            </div>
            {problem("slot")}
            <FormError action=book />
            <button type="button" data-testid="book-visit" on:click=move |_| {
                book.dispatch(BookVisit {
                    slot: slot_id,
                    team: team.get_untracked(),
                    visitors: chosen.get_untracked().iter().map(UserId::to_string).collect::<Vec<_>>().join(","),
                    question: question.get_untracked(),
                });
            }>{t!(i18n, visits.book_now)}</button>
        </div>
    }
}

#[component]
fn Requests(
    requests: Vec<RequestCard>,
    teams: Vec<MyTeam>,
    ask: ServerAction<PostVisitRequest>,
    answering: RwSignal<Option<(RequestId, String)>>,
    close_request: ServerAction<CloseVisitRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mine: Vec<TeamId> = teams.iter().map(|t| t.team).collect();
    view! {
        <section class="card" data-testid="requests">
            <h2>{t!(i18n, visits.requests)}</h2>
            {requests.is_empty().then(|| view! { <p class="muted">{t!(i18n, visits.no_requests)}</p> })}
            <ul class="plain">
                {requests.into_iter().map(|r| {
                    let own = mine.contains(&r.team);
                    let (id, wish) = (r.id, r.wish.clone());
                    view! {
                        <li data-testid="visit-request">
                            <strong>{r.team_name.clone()}</strong>" · "{r.organisation.clone()}<br />{r.wish.clone()}
                            {(r.answers > 0).then(|| view! { <br /><span class="muted">{move || t_string!(i18n, visits.answers, count = r.answers).to_string()}</span> })}
                            {(!own).then(|| view! {
                                " "<a href="#publish" class="button secondary" data-testid="answer-request"
                                    on:click=move |_| answering.set(Some((id, wish.clone())))>{t!(i18n, visits.answer_request)}</a>
                            })}
                            {own.then(|| view! {
                                " "<button type="button" class="secondary" data-testid="close-request"
                                    on:click=move |_| { close_request.dispatch(CloseVisitRequest { request: id }); }>{t!(i18n, visits.close_request)}</button>
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

#[component]
fn Publish(
    teams: Vec<MyTeam>,
    publish: ServerAction<PublishOffer>,
    answering: RwSignal<Option<(RequestId, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = move |f: &'static str| field_problem(publish, f);
    view! {
        <section class="card" data-testid="publish" id="publish">
            <h2>{t!(i18n, visits.publish)}</h2>
            {move || answering.get().map(|(_, wish)| view! { <p class="notice" data-testid="answering">{move || t_string!(i18n, visits.answering, wish = wish.clone()).to_string()}</p> })}
            <ActionForm action=publish>
                <input type="hidden" name="request" prop:value=move || answering.get().map(|(id, _)| id.to_string()).unwrap_or_default() />
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

#[component]
fn Library() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found = Resource::new(move || query.get(), learning_library);
    view! {
        <section class="card" data-testid="library">
            <h2>{t!(i18n, visits.library)}</h2>
            <p class="muted">{t!(i18n, visits.library_intro)}</p>
            <input type="search" aria-label=move || t_string!(i18n, visits.search) placeholder=move || t_string!(i18n, visits.search)
                data-testid="library-search" on:input=move |ev| query.set(event_target_value(&ev)) />
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let items = found.await.unwrap_or_default();
                    if items.is_empty() {
                        return view! { <p class="muted">{t!(i18n, visits.library_empty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="plain">
                            {items.into_iter().map(|r| view! {
                                <li data-testid="reflection">
                                    <strong>{r.theme}</strong>" · "{r.host_name}" ↔ "{r.visitor_name}<br />
                                    <span class="muted">{t!(i18n, visits.struck)}": "</span>{r.struck}<br />
                                    <span class="muted">{t!(i18n, visits.take_away)}": "</span>{r.take_away}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
