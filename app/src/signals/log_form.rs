//! "Ik loop vast": the short form behind the button on every page. Three clicks are enough
//! (open, how stuck, save); everything else is optional. The note is the author's alone.

use leptos::html;
use leptos::prelude::*;

use super::api::{LogSignal, signal_form_options};
use super::model::{KindOfWork, Reaction, SignalId, Strain, Visibility, prompt_indices};
use super::text::{
    STUCK_PROMPTS, kind_definition, kind_text, reaction_text, strain_text, stuck_prompt,
    visibility_text,
};
use crate::auth::model::TeamId;
use crate::i18n::*;
use crate::ui::form::{FormError, field_problem, problem_text};
use crate::ui::island::island_i18n;
use crate::ui::status::Loaded;
use crate::ui::time::today;

/// The button in the top bar and the dialog it opens. An island: the one part of every page
/// that must work in the browser as soon as possible. `turn` comes from the server, so the
/// browser needs no clock or time zones of its own.
#[island]
pub fn StuckButton(turn: u64) -> impl IntoView {
    let i18n = island_i18n();
    let open = RwSignal::new(false);
    let opened = RwSignal::new(0u64);
    let show = move |_| {
        opened.update(|n| *n += 1);
        open.set(true);
    };
    // Escape closes the form wherever the focus is (a disabled button drops it to the page).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <button type="button" class="stuck-button" data-testid="stuck-button" on:click=show>
            {t!(i18n, signals.button)}
        </button>
        {move || open.get().then(|| view! {
            <div class="modal-backdrop">
                <div
                    class="modal card"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="stuck-title"
                    data-testid="stuck-dialog"
                >
                    <h2 id="stuck-title">{t!(i18n, signals.form_title)}</h2>
                    <LogSignalForm turn=turn + opened.get_untracked() on_close=Callback::new(move |_| open.set(false)) />
                </div>
            </div>
        })}
    }
}

/// The form on the author's own page. A saved signal loads the page again, so it is in the list.
#[island]
pub fn PageSignalForm(turn: u64) -> impl IntoView {
    island_i18n();
    let reload = Callback::new(|_| {
        let _ = window().location().reload();
    });
    view! { <LogSignalForm turn on_saved=reload /> }
}

/// A turn that changes daily, so the prompts rotate and server and browser agree on them.
pub fn day_turn() -> u64 {
    use chrono::Datelike;
    today().num_days_from_ce().unsigned_abs() as u64
}

#[component]
pub fn LogSignalForm(
    turn: u64,
    #[prop(optional)] on_close: Option<Callback<()>>,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let team: RwSignal<Option<TeamId>> = RwSignal::new(None);
    let choices = Resource::new(move || team.get(), signal_form_options);
    view! {
        <Loaded data=choices let:choices>
            {
                let current = Some(choices.team);
                view! { <SignalFields choices current team turn on_close on_saved /> }
            }
        </Loaded>
    }
}

#[component]
fn SignalFields(
    choices: super::views::SignalChoices,
    current: Option<TeamId>,
    team: RwSignal<Option<TeamId>>,
    turn: u64,
    on_close: Option<Callback<()>>,
    on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let log = ServerAction::<LogSignal>::new();
    let client = RwSignal::new(String::new());
    let intensity = RwSignal::new(String::new());
    let kinds = RwSignal::new(Vec::<KindOfWork>::new());
    let strain = RwSignal::new(String::new());
    let reaction = RwSignal::new(String::new());
    let moral = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Private.as_str().to_owned());
    let saved = RwSignal::new(None::<SignalId>);
    let first = NodeRef::<html::Select>::new();
    Effect::new(move |_| {
        if let Some(el) = first.get() {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = log.value().get() {
            saved.set(Some(id));
            client.set(String::new());
            intensity.set(String::new());
            kinds.set(Vec::new());
            strain.set(String::new());
            reaction.set(String::new());
            moral.set(false);
            note.set(String::new());
            if let Some(cb) = on_saved {
                cb.run(());
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(team) = current else { return };
        saved.set(None);
        log.dispatch(LogSignal {
            team,
            client: client.get_untracked(),
            intensity: intensity.get_untracked(),
            kinds: kinds
                .get_untracked()
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(","),
            strain: strain.get_untracked(),
            reaction: reaction.get_untracked(),
            moral_dilemma: if moral.get_untracked() {
                "on".into()
            } else {
                String::new()
            },
            note: note.get_untracked(),
            visibility: visibility.get_untracked(),
        });
    };
    let prompts = prompt_indices(turn, STUCK_PROMPTS);
    let problem = move |field: &'static str| field_problem(log, field);
    let error_at = move |field: &'static str| {
        move || {
            problem(field).get().map(|p| view! {
            <p class="field-error" role="alert" data-testid=format!("error-{field}")>{problem_text(i18n, p)}</p>
        })
        }
    };
    let many_teams = choices.teams.len() > 1;
    let teams = choices.teams.clone();
    view! {
        <p class="muted">{t!(i18n, signals.form_intro)}</p>
        <form class="stack signal-form" on:submit=submit novalidate data-testid="signal-form">
            <FormError action=log />
            {many_teams.then(|| view! {
                <div class="field">
                    <label for="signal-team">{t!(i18n, signals.team)}</label>
                    <select id="signal-team" data-testid="signal-team" on:change=move |ev| team.set(event_target_value(&ev).parse().ok())>
                        {teams.iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=Some(*id) == current>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="signal-client">{t!(i18n, signals.client)}</label>
                <select id="signal-client" node_ref=first data-testid="signal-client"
                    prop:value=move || client.get()
                    on:change=move |ev| client.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, signals.no_client)}</option>
                    {choices.clients.iter().map(|(id, code)| view! {
                        <option value=id.to_string()>{code.clone()}</option>
                    }).collect_view()}
                </select>
                {error_at("client")}
            </div>
            <fieldset class="field" data-invalid=move || problem("intensity").get().is_some().to_string()>
                <legend>{t!(i18n, signals.intensity)}</legend>
                <div class="scale" data-testid="signal-intensity">
                    {(0..=10u8).map(|n| {
                        let value = n.to_string();
                        let v2 = value.clone();
                        view! {
                            <label class="scale-step">
                                <input type="radio" name="intensity" value=value.clone()
                                    prop:checked=move || intensity.get() == v2
                                    on:change=move |_| intensity.set(value.clone()) />
                                <span>{n}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                {error_at("intensity")}
            </fieldset>
            <fieldset class="field">
                <legend>{t!(i18n, signals.kinds)}</legend>
                <div class="chips" data-testid="signal-kinds">
                    {KindOfWork::ALL.into_iter().map(|k| view! {
                        <label class="chip" title=move || kind_definition(i18n, k)>
                            <input type="checkbox" value=k.as_str()
                                prop:checked=move || kinds.with(|ks| ks.contains(&k))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    kinds.update(|ks| {
                                        ks.retain(|x| *x != k);
                                        if on { ks.push(k); }
                                    });
                                } />
                            <span>{move || kind_text(i18n, k)}</span>
                        </label>
                    }).collect_view()}
                </div>
                // A title shows on hover only; on a phone the words are one tap away.
                <details class="kinds-explained" data-testid="kinds-explained">
                    <summary>{t!(i18n, signals.kinds_explained)}</summary>
                    <dl>
                        {KindOfWork::ALL.into_iter().map(|k| view! {
                            <dt>{move || kind_text(i18n, k)}</dt>
                            <dd>{move || kind_definition(i18n, k)}</dd>
                        }).collect_view()}
                    </dl>
                </details>
                {error_at("kinds")}
            </fieldset>
            <fieldset class="field">
                <legend>{t!(i18n, signals.strain)}</legend>
                <div class="chips">
                    {std::iter::once(None).chain(Strain::ALL.into_iter().map(Some)).map(|s| {
                        let code = s.map(|s| s.as_str()).unwrap_or("");
                        view! {
                            <label class="chip">
                                <input type="radio" name="strain" value=code
                                    prop:checked=move || strain.get() == code
                                    on:change=move |_| strain.set(code.to_owned()) />
                                <span>{move || match s { Some(s) => strain_text(i18n, s), None => t_string!(i18n, signals.strain_none) }}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="field">
                <label for="signal-reaction">{t!(i18n, signals.reaction)}</label>
                <select id="signal-reaction" prop:value=move || reaction.get() on:change=move |ev| reaction.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, signals.reaction_none)}</option>
                    {Reaction::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str()>{move || reaction_text(i18n, r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="signal-moral" prop:checked=move || moral.get() on:change=move |ev| moral.set(event_target_checked(&ev)) />
                <span>{t!(i18n, signals.moral)}</span>
            </label>
            <div class="field" data-invalid=move || problem("note").get().is_some().to_string()>
                <label for="signal-note">{t!(i18n, signals.note)}</label>
                <textarea id="signal-note" rows="3" data-testid="signal-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <span class="hint">{t!(i18n, signals.note_hint)}</span>
                {error_at("note")}
            </div>
            <fieldset class="field">
                <legend>{t!(i18n, signals.visibility)}</legend>
                <div class="chips" data-testid="signal-visibility">
                    {Visibility::ALL.into_iter().map(|v| view! {
                        <label class="chip">
                            <input type="radio" name="visibility" value=v.as_str()
                                prop:checked=move || visibility.get() == v.as_str()
                                on:change=move |_| visibility.set(v.as_str().to_owned()) />
                            <span>{move || visibility_text(i18n, v)}</span>
                        </label>
                    }).collect_view()}
                </div>
                <span class="hint">{t!(i18n, signals.visibility_hint)}</span>
            </fieldset>
            <aside class="prompts" data-testid="signal-prompts">
                <h3>{t!(i18n, signals.prompts_title)}</h3>
                <ul>
                    {prompts.into_iter().map(|i| view! { <li>{move || stuck_prompt(i18n, i)}</li> }).collect_view()}
                </ul>
            </aside>
            <div class="actions">
                <button type="submit" data-testid="signal-save" disabled=move || log.pending().get()>{t!(i18n, signals.save)}</button>
                {on_close.map(|close| view! {
                    <button type="button" class="secondary" on:click=move |_| close.run(())>{t!(i18n, signals.close)}</button>
                })}
            </div>
            {move || saved.get().map(|id| view! {
                <p class="saved" role="status" data-testid="signal-saved">
                    {t!(i18n, signals.saved)}" "<a href="/signals">{t!(i18n, signals.see_mine)}</a>
                    " · "<a href=format!("/help/signals/{id}") data-testid="ask-after-save">{t!(i18n, help.ask_link)}</a>
                </p>
            })}
        </form>
    }
}
