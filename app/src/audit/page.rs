//! The admin's access log (`/admin/access-log`): a filter in the address, the selection newest
//! first, and the same selection as CSV. And the list a person sees of who opened the files of
//! the clients they carry.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{access_log, who_opened_my_clients};
use super::model::ACTION_GROUPS;
use super::views::{AccessLogView, LogEntry};
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::status::Loaded;
use crate::ui::time::local_date_time;

/// The filter as the address holds it: person, client, action, from, to.
#[derive(Clone, Default, PartialEq)]
struct Query([String; 5]);

const FIELDS: [&str; 5] = ["person", "client", "action", "from", "to"];

impl Query {
    fn read() -> Query {
        let query = use_query_map();
        query.with_untracked(|q| Query(FIELDS.map(|f| q.get(f).unwrap_or_default())))
    }

    fn encoded(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (field, value) in FIELDS.iter().zip(&self.0) {
            out.append_pair(field, value);
        }
        out.finish()
    }
}

#[component]
pub fn AccessLogPage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <AccessLog /> } /> }
}

#[component]
fn AccessLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = Query::read();
    let args = query.0.clone();
    let data = Resource::new(
        || (),
        move |_| {
            let [person, client, action, from, to] = args.clone();
            access_log(person, client, action, from, to)
        },
    );
    view! {
        <p><A href="/admin">{t!(i18n, people.back)}</A></p>
        <h1>{t!(i18n, access_log.title)}</h1>
        <p class="muted">{t!(i18n, access_log.intro)}</p>
        <Loaded data let:log>
            <Filter log=log.clone() query=query.clone() />
            <Entries entries=log.entries more=log.more />
        </Loaded>
    }
}

fn action_text(i18n: leptos_i18n::I18nContext<Locale>, group: &str) -> &'static str {
    match group {
        "client" => t_string!(i18n, access_log.a_client),
        "caseload" => t_string!(i18n, access_log.a_caseload),
        "export" => t_string!(i18n, access_log.a_export),
        "membership" => t_string!(i18n, access_log.a_membership),
        "second_factor" => t_string!(i18n, access_log.a_second_factor),
        "account" => t_string!(i18n, access_log.a_account),
        "organisation" => t_string!(i18n, access_log.a_organisation),
        _ => t_string!(i18n, access_log.a_signal),
    }
}

#[component]
fn Filter(log: AccessLogView, query: Query) -> impl IntoView {
    let i18n = use_i18n();
    let [person, client, action, from, to] = query.0.clone();
    let csv = format!("/admin/access-log.csv?{}", query.encoded());
    view! {
        <form method="get" class="card toolbar wrap" data-testid="access-log-filter">
            <div class="field">
                <label for="log-person">{t!(i18n, access_log.person)}</label>
                <select id="log-person" name="person">
                    <option value="">{t!(i18n, access_log.anyone)}</option>
                    {log.people.into_iter().map(|(id, name)| {
                        let id = id.to_string();
                        view! { <option value=id.clone() selected=id == person>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="log-client">{t!(i18n, access_log.client)}</label>
                <input id="log-client" name="client" value=client placeholder="K-0142" />
            </div>
            <div class="field">
                <label for="log-action">{t!(i18n, access_log.action)}</label>
                <select id="log-action" name="action">
                    <option value="">{t!(i18n, access_log.any_action)}</option>
                    {ACTION_GROUPS.iter().map(|g| view! {
                        <option value=*g selected=*g == action>{move || action_text(i18n, g)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="log-from">{t!(i18n, access_log.from)}</label>
                <input id="log-from" name="from" type="date" value=from />
            </div>
            <div class="field">
                <label for="log-to">{t!(i18n, access_log.to)}</label>
                <input id="log-to" name="to" type="date" value=to />
            </div>
            <button type="submit">{t!(i18n, access_log.show)}</button>
            <a class="button secondary" href=csv rel="external" data-testid="access-log-csv">{t!(i18n, access_log.export)}</a>
        </form>
    }
}

#[component]
fn Entries(entries: Vec<LogEntry>, more: bool) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted" data-testid="access-log-empty">{t!(i18n, access_log.empty)}</p> }.into_any();
    }
    view! {
        {more.then(|| view! { <p class="hint" data-testid="access-log-more">{t!(i18n, access_log.more)}</p> })}
        <EntryTable entries />
    }
    .into_any()
}

#[component]
fn EntryTable(entries: Vec<LogEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="scroll-x">
            <table data-testid="access-log">
                <thead><tr>
                    <th>{t!(i18n, access_log.col_at)}</th>
                    <th>{t!(i18n, access_log.col_who)}</th>
                    <th>{t!(i18n, access_log.col_action)}</th>
                    <th>{t!(i18n, access_log.col_client)}</th>
                    <th>{t!(i18n, access_log.col_address)}</th>
                </tr></thead>
                <tbody>
                    {entries.into_iter().map(|e| view! {
                        <tr data-testid="access-log-entry">
                            <td>{local_date_time(e.at)}</td>
                            <td data-label=move || t_string!(i18n, access_log.col_who)>{e.who}</td>
                            <td data-label=move || t_string!(i18n, access_log.col_action)><code>{e.action}</code></td>
                            <td data-label=move || t_string!(i18n, access_log.col_client)>{e.client_code.unwrap_or_default()}</td>
                            <td data-label=move || t_string!(i18n, access_log.col_address)>{e.address}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// For the own caseload page: who else opened the files of the clients one carries.
#[component]
pub fn WhoOpenedMyClients() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| who_opened_my_clients());
    view! {
        <section class="card" data-testid="who-opened">
            <h2>{t!(i18n, access_log.mine_title)}</h2>
            <p class="muted">{t!(i18n, access_log.mine_intro)}</p>
            <Loaded data let:entries>
                {if entries.is_empty() {
                    view! { <p class="muted">{t!(i18n, access_log.mine_empty)}</p> }.into_any()
                } else {
                    view! { <EntryTable entries /> }.into_any()
                }}
            </Loaded>
        </section>
    }
}
