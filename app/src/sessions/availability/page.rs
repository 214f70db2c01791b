//! "Mijn beschikbaarheid": the weekly time blocks when I can join a session, and the days I
//! am away. Planners only ever see whether someone can come, never why not.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::auth::signed_in::SignedIn;
use crate::calendar::api::{RenewCalendarFeed, RevokeCalendarFeed};
use crate::i18n::*;
use crate::sessions::availability::model::AbsenceReason;
use crate::sessions::plan::api::{AddAbsence, RemoveAbsence, SaveWindows, my_availability};
use crate::sessions::text::{absence_text, weekday_text};
use crate::sessions::views::{AvailabilityDiary, WindowRow};
use crate::ui::form::{FormError, field_problem, problem_text};
use crate::ui::island::{awake, island_i18n, preload_lazy_island};
use crate::ui::status::Loaded;
use crate::ui::time::dutch_date;

#[component]
pub fn AvailabilityPage() -> impl IntoView {
    view! { <SignedIn children=|_| view! { <AvailabilityView /> } /> }
}

#[component]
fn AvailabilityView() -> impl IntoView {
    let i18n = use_i18n();
    // Days away change through plain form posts, which load the page again; the weekly blocks
    // and the calendar link are islands that keep their own state. So one load is enough.
    let data = Resource::new(|| (), |_| my_availability());
    view! {
        <h1>{t!(i18n, sessions.availability_title)}</h1>
        <p class="muted">{t!(i18n, sessions.availability_intro)}</p>
        <Loaded data=data let:data>
            <Availability data />
        </Loaded>
    }
}

#[component]
fn Availability(data: AvailabilityDiary) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddAbsence>::new();
    let remove = ServerAction::<RemoveAbsence>::new();
    view! {
        <div class="grid two">
            <WeeklyEditor rows=data.windows />
            <section class="card">
                <h2>{t!(i18n, sessions.absences_title)}</h2>
                {if data.absences.is_empty() {
                    view! { <p class="muted">{t!(i18n, sessions.no_absences)}</p> }.into_any()
                } else {
                    view! {
                        <ul data-testid="absences">
                            {data.absences.into_iter().map(|a| {
                                let reason = a.reason.clone();
                                let span = if a.first_day == a.last_day { dutch_date(a.first_day) } else { format!("{} – {}", dutch_date(a.first_day), dutch_date(a.last_day)) };
                                view! {
                                    <li data-testid="absence">{span}" · "{move || absence_text(i18n, &reason)}" "
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="id" value=a.id.to_string() />
                                            <button type="submit" class="secondary small">{t!(i18n, sessions.remove)}</button>
                                            <FormError action=remove />
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <AbsenceForm add />
            </section>
        </div>
        <CalendarFeed active=data.calendar_feed />
    }
}

#[component]
fn AbsenceForm(add: ServerAction<AddAbsence>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = move |field: &'static str| {
        let p = field_problem(add, field);
        move || {
            p.get().map(|p| view! { <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p> })
        }
    };
    view! {
        <ActionForm action=add>
            <div class="grid two">
                <div class="field">
                    <label for="absence-first">{t!(i18n, sessions.first_day)}</label>
                    <input id="absence-first" name="first_day" type="date" />
                    {problem("first_day")}
                </div>
                <div class="field">
                    <label for="absence-last">{t!(i18n, sessions.last_day)}</label>
                    <input id="absence-last" name="last_day" type="date" />
                    {problem("last_day")}
                </div>
            </div>
            <div class="field">
                <label for="absence-reason">{t!(i18n, sessions.reason)}</label>
                <select id="absence-reason" name="reason">
                    {AbsenceReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{move || absence_text(i18n, r.as_str())}</option> }).collect_view()}
                </select>
                {problem("reason")}
            </div>
            <FormError action=add />
            <button type="submit" class="secondary" data-testid="add-absence">{t!(i18n, sessions.add_absence)}</button>
        </ActionForm>
    }
}

/// The weekly blocks: rows come and go as the reader types, and are saved together (a JSON
/// list), so this is an island. It says "saved" itself.
#[island(lazy)]
fn WeeklyEditor(rows: Vec<WindowRow>) -> impl IntoView {
    preload_lazy_island("weekly_editor");
    let i18n = island_i18n();
    let save = ServerAction::<SaveWindows>::new();
    let ready = awake();
    // Each row keeps a stable key, so removing one does not reshuffle what was typed.
    let next = StoredValue::new(rows.len());
    let rows = RwSignal::new(
        rows.into_iter()
            .enumerate()
            .collect::<Vec<(usize, WindowRow)>>(),
    );
    let add_row = move |_| {
        let key = next.get_value();
        next.set_value(key + 1);
        rows.update(|r| {
            r.push((
                key,
                WindowRow {
                    weekday: 1,
                    starts: "09:00".into(),
                    ends: "12:00".into(),
                },
            ))
        });
    };
    let problem_at = move |field: String| {
        move || match save.value().get() {
            Some(Err(err)) => err
                .at_field(&field)
                .map(|p| view! { <p class="field-error" role="alert">{problem_text(i18n, p)}</p> }),
            _ => None,
        }
    };
    let edit = move |key: usize, f: fn(&mut WindowRow, String), value: String| {
        rows.update(|r| {
            if let Some((_, row)) = r.iter_mut().find(|(k, _)| *k == key) {
                f(row, value);
            }
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, sessions.weekly_title)}</h2>
            {move || rows.with(Vec::is_empty).then(|| view! { <p class="muted">{t!(i18n, sessions.no_windows)}</p> })}
            <table data-testid="windows">
                <thead><tr><th>{t!(i18n, sessions.weekday)}</th><th>{t!(i18n, sessions.starts)}</th><th>{t!(i18n, sessions.ends)}</th><th></th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|(k, _)| *k let:item>
                        {
                            let (key, row) = item;
                            let i = move || rows.with(|r| r.iter().position(|(k, _)| *k == key).unwrap_or(0));
                            view! {
                                <tr data-testid="window">
                                    <td data-label=move || t_string!(i18n, sessions.weekday)>
                                        <select aria-label=move || t_string!(i18n, sessions.weekday) prop:value=row.weekday.to_string()
                                            on:change=move |ev| edit(key, |r, v| r.weekday = v.parse().unwrap_or(1), event_target_value(&ev))>
                                            {(1u8..=7).map(|d| view! { <option value=d.to_string()>{move || weekday_text(i18n, d)}</option> }).collect_view()}
                                        </select>
                                    </td>
                                    <td data-label=move || t_string!(i18n, sessions.starts)>
                                        <input type="time" step="900" aria-label=move || t_string!(i18n, sessions.starts) prop:value=row.starts.clone()
                                            on:change=move |ev| edit(key, |r, v| r.starts = v, event_target_value(&ev)) />
                                        {move || problem_at(format!("starts-{}", i()))}
                                    </td>
                                    <td data-label=move || t_string!(i18n, sessions.ends)>
                                        <input type="time" step="900" aria-label=move || t_string!(i18n, sessions.ends) prop:value=row.ends.clone()
                                            on:change=move |ev| edit(key, |r, v| r.ends = v, event_target_value(&ev)) />
                                        {move || problem_at(format!("ends-{}", i()))}
                                    </td>
                                    <td><button type="button" class="secondary small" disabled=move || !ready.get() on:click=move |_| rows.update(|r| r.retain(|(k, _)| *k != key))>{t!(i18n, sessions.remove)}</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <p class="actions">
                <button type="button" class="secondary" data-testid="add-window" disabled=move || !ready.get() on:click=add_row>{t!(i18n, sessions.add_window)}</button>
                " "
                <button type="button" data-testid="save-windows" disabled=move || !ready.get() on:click=move |_| {
                    save.dispatch(SaveWindows { rows: rows.get_untracked().into_iter().map(|(_, r)| r).collect() });
                }>{t!(i18n, sessions.save_windows)}</button>
            </p>
            <FormError action=save />
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="success" role="status" data-testid="windows-saved">{t!(i18n, sessions.saved)}</p> })}
        </section>
    }
}

/// The private calendar link. It is shown once, right after it is made (the server keeps only
/// its hash), so it cannot come back in a page load: this is an island.
#[island(lazy)]
fn CalendarFeed(active: bool) -> impl IntoView {
    preload_lazy_island("calendar_feed");
    let i18n = island_i18n();
    let renew = ServerAction::<RenewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let ready = awake();
    let active = RwSignal::new(active);
    let fresh = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(token)) = renew.value().get() {
            fresh.set(Some(token));
            active.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            fresh.set(None);
            active.set(false);
        }
    });
    view! {
        <section class="card" data-testid="calendar-feed">
            <h2>{t!(i18n, sessions.feed_title)}</h2>
            <p class="muted">{t!(i18n, sessions.feed_intro)}</p>
            <p data-testid="feed-state">{move || if active.get() { t!(i18n, sessions.feed_active).into_any() } else { t!(i18n, sessions.feed_none).into_any() }}</p>
            {move || fresh.get().map(|token| {
                let path = format!("/calendar/{token}.ics");
                view! { <p>{t!(i18n, sessions.feed_new)}" "<a href=path.clone() rel="external" data-testid="feed-url"><code>{path.clone()}</code></a></p> }
            })}
            <p class="actions">
                <button type="button" data-testid="feed-renew" disabled=move || !ready.get() || renew.pending().get() on:click=move |_| {
                    renew.dispatch(RenewCalendarFeed {});
                }>
                    {move || if active.get() { t!(i18n, sessions.feed_renew).into_any() } else { t!(i18n, sessions.feed_make).into_any() }}
                </button>
                {move || active.get().then(|| view! {
                    " "<button type="button" class="secondary" data-testid="feed-revoke" disabled=move || revoke.pending().get() on:click=move |_| { revoke.dispatch(RevokeCalendarFeed {}); }>{t!(i18n, sessions.feed_revoke)}</button>
                })}
            </p>
            <FormError action=renew />
            <FormError action=revoke />
        </section>
    }
}
