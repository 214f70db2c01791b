//! CSV import for the leader: choose the file, see every row checked (errors per row, in the
//! reader's language), then apply all of it at once, or nothing.

use crate::shared::ids::TeamId;
use leptos::prelude::*;

use super::api::{ApplyImport, PreviewImport};
use crate::caseload::text::{file_problem_text, row_problem_text};
use crate::caseload::views::ImportCheck;
use crate::i18n::*;
use crate::shared::route::team_param;
use crate::ui::form::FormError;
use crate::ui::island::{island_i18n, preload_lazy_island};

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <crate::auth::signed_in::SignedIn children=|_| view! { <Import /> } /> }
}

#[component]
fn Import() -> impl IntoView {
    let i18n = use_i18n();
    let team = team_param().get_untracked();
    view! {
        <h1>{t!(i18n, import.title)}</h1>
        <p class="muted">{t!(i18n, import.intro)}</p>
        {match team {
            Some(team) => view! { <ImportFile team /> }.into_any(),
            None => view! { <p class="form-error" role="alert">{t!(i18n, errors.not_found)}</p> }.into_any(),
        }}
    }
}

/// An island: the chosen file is read in the browser and checked by the server before
/// anything is saved, and the check is shown here; only then can it be applied as a whole.
#[island(lazy)]
pub fn ImportFile(team: TeamId) -> impl IntoView {
    preload_lazy_island("import_file");
    let i18n = island_i18n();
    let text = RwSignal::new(String::new());
    let file_name = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewImport>::new();
    let apply = ServerAction::<ApplyImport>::new();
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        file_name.set(file.name());
        // Lets the leader choose the same (corrected) file again and still get a fresh check.
        input.set_value("");
        preview.value().set(None);
        apply.value().set(None);
        leptos::task::spawn_local(async move {
            if let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                let content = decode(js_sys::Uint8Array::new(&buffer).to_vec());
                text.set(content.clone());
                preview.dispatch(PreviewImport {
                    team,
                    text: content,
                });
            }
        });
    };
    let check = Signal::derive(move || {
        apply
            .value()
            .get()
            .and_then(|r| r.ok())
            .or_else(|| preview.value().get().and_then(|r| r.ok()))
    });
    view! {
        <section class="card">
            <div class="field">
                <label for="field-file">{t!(i18n, import.file)}</label>
                <input id="field-file" type="file" accept=".csv,text/csv" on:change=on_file data-testid="import-file" />
                <span class="hint">{t!(i18n, import.file_hint)}</span>
                {move || (!file_name.get().is_empty()).then(|| view! { <p data-testid="import-chosen">{t!(i18n, import.chosen, name = file_name.get())}</p> })}
            </div>
            <FormError action=preview />
            <FormError action=apply />
        </section>
        {move || check.get().map(|check| view! { <Checked check team text apply /> })}
    }
}

/// UTF-8 as modern spreadsheets write it; otherwise Windows-1252, which older Dutch Excel
/// uses for "CSV (puntkomma)". The browser's own decoder does the work.
fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => web_sys::TextDecoder::new_with_label("windows-1252")
            .and_then(|d| d.decode_with_u8_array(err.as_bytes()))
            .unwrap_or_default(),
    }
}

#[component]
fn Checked(
    check: ImportCheck,
    team: TeamId,
    text: RwSignal<String>,
    apply: ServerAction<ApplyImport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let clean = check.preview.is_clean();
    let bad = check
        .preview
        .rows
        .iter()
        .filter(|r| !r.problems.is_empty())
        .count();
    let rows = check.preview.rows.len();
    view! {
        <section class="card" data-testid="import-preview">
            {check.preview.file_problem.as_ref().map(|p| view! { <p class="form-error" role="alert">{file_problem_text(i18n, p)}</p> })}
            {match check.applied {
                Some(done) => view! {
                    <p class="form-ok" role="status" data-testid="import-done">{t!(i18n, import.done, created = done.created, updated = done.updated, unchanged = done.unchanged)}</p>
                    <p><a href=format!("/teams/{team}/balance")>{t!(i18n, clients.to_balance)}</a></p>
                }.into_any(),
                None if clean => view! {
                    <p data-testid="import-ready">{t!(i18n, import.ready, count = rows)}</p>
                    <button type="button" data-testid="import-apply" on:click=move |_| { apply.dispatch(ApplyImport { team, text: text.get() }); }>{t!(i18n, import.apply)}</button>
                }.into_any(),
                None => view! {
                    <p class="form-error" role="alert" data-testid="import-errors">{t!(i18n, import.has_errors, bad = bad, count = rows)}</p>
                }.into_any(),
            }}
            <div class="scroll-x">
                <table>
                    <thead><tr><th>{t!(i18n, import.line)}</th><th>{t!(i18n, import.row)}</th><th>{t!(i18n, import.problems)}</th></tr></thead>
                    <tbody>
                        {check.preview.rows.into_iter().map(|r| {
                            let ok = r.problems.is_empty();
                            view! {
                                <tr data-testid=format!("import-line-{}", r.line) data-ok=ok.to_string()>
                                    <td>{r.line}</td>
                                    <td data-label=move || t_string!(i18n, import.row)>{r.raw.join(" · ")}</td>
                                    <td data-label=move || t_string!(i18n, import.problems)>{if ok {
                                        view! { <span class="pill">{t!(i18n, import.ok)}</span> }.into_any()
                                    } else {
                                        view! { <ul class="problems">{r.problems.iter().map(|p| view! { <li>{row_problem_text(i18n, p)}</li> }).collect_view()}</ul> }.into_any()
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
