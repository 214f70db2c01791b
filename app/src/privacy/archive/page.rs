//! The organisation's archive page (`/admin/archive`): what the archive holds, file by file
//! with its number of rows, what it leaves out and why, and the download. With the page's
//! script the download shows which file is being prepared; without it, it is a plain link.

use leptos::prelude::*;
use leptos_router::components::A;

use super::api::archive_contents;
use super::model::ArchiveFile;
use super::views::ArchivePreview;
use crate::auth::signed_in::SignedIn;
use crate::i18n::*;
use crate::ui::island::{island_i18n, preload_lazy_island};
use crate::ui::status::Loaded;

/// Where the archive is served; `server` routes it.
pub const ARCHIVE_URL: &str = "/admin/archive.zip";

#[component]
pub fn ArchivePage() -> impl IntoView {
    view! { <SignedIn admin_only=true children=|_| view! { <Archive /> } /> }
}

#[component]
fn Archive() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| archive_contents());
    view! {
        <p><A href="/admin/organisation">{t!(i18n, retention.back)}</A></p>
        <h1>{t!(i18n, archive.title)}</h1>
        <p class="muted">{t!(i18n, archive.intro)}</p>
        <Loaded data let:preview>
            <Contents preview />
        </Loaded>
    }
}

#[component]
fn Contents(preview: ArchivePreview) -> impl IntoView {
    let i18n = use_i18n();
    let files = preview.files.len();
    view! {
        <section class="card">
            <ArchiveDownload files />
        </section>
        <section class="card" data-testid="archive-files">
            <h2>{t!(i18n, archive.holds)}</h2>
            <table>
                <thead><tr>
                    <th>{t!(i18n, archive.col_file)}</th>
                    <th>{t!(i18n, archive.col_rows)}</th>
                    <th>{t!(i18n, archive.col_about)}</th>
                </tr></thead>
                <tbody>
                    {preview.files.into_iter().map(|f| view! {
                        <tr data-testid=format!("archive-{}", f.file.name())>
                            <td><code>{f.file.name()}</code></td>
                            <td>{f.rows}</td>
                            <td>{about(i18n, f.file)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="card" data-testid="archive-left-out">
            <h2>{t!(i18n, archive.left_out)}</h2>
            <ul>{preview.left_out.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </section>
    }
}

/// The description in the reader's language: the manifest holds both, Dutch first.
fn about(i18n: leptos_i18n::I18nContext<Locale>, file: ArchiveFile) -> String {
    let (nl, en) = file
        .about()
        .split_once(" / ")
        .unwrap_or((file.about(), file.about()));
    match i18n.get_locale() {
        Locale::en => en.to_owned(),
        _ => nl.to_owned(),
    }
}

/// The download. With the script, the archive streams in through `fetch`, the page names the
/// file being written (`n of N`) and the bytes so far, and saves the whole when it is done.
#[island(lazy)]
pub fn ArchiveDownload(files: usize) -> impl IntoView {
    preload_lazy_island("archive_download");
    let i18n = island_i18n();
    let progress = RwSignal::new(None::<Shown>);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            if progress.with_untracked(|p| p.as_ref().is_some_and(|p| !p.done && !p.failed)) {
                return;
            }
            leptos::task::spawn_local(download::run(progress));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <p>
            <a href=ARCHIVE_URL download="draagkracht-archief.zip" rel="external" class="button"
                data-testid="archive-download" on:click=on_click>
                {t!(i18n, archive.download)}
            </a>
        </p>
        {move || progress.get().map(|p| {
            let text = if p.failed {
                t_string!(i18n, archive.failed).to_string()
            } else if p.done {
                t_string!(i18n, archive.done, size = megabytes(p.bytes)).to_string()
            } else {
                t_string!(i18n, archive.busy, n = p.begun.max(1), total = files + 1, file = p.file.clone(), size = megabytes(p.bytes)).to_string()
            };
            view! {
                <progress max=(files + 1).to_string() value=p.begun.to_string()></progress>
                <p role="status" data-testid="archive-progress" data-done=p.done.to_string()>{text}</p>
            }
        })}
    }
}

/// What the download shows while it runs.
#[derive(Debug, Clone, Default, PartialEq)]
struct Shown {
    begun: usize,
    file: String,
    bytes: u64,
    done: bool,
    failed: bool,
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_000_000.0)
}

#[cfg(feature = "hydrate")]
mod download {
    use js_sys::{Array, Reflect, Uint8Array};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::{ARCHIVE_URL, Shown};
    use crate::privacy::archive::model::ArchiveProgress;

    pub async fn run(shown: RwSignal<Option<Shown>>) {
        shown.set(Some(Shown::default()));
        if receive(shown).await.is_err() {
            shown.update(|s| {
                if let Some(s) = s {
                    s.failed = true;
                }
            });
        }
    }

    async fn receive(shown: RwSignal<Option<Shown>>) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(ARCHIVE_URL))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::NULL);
        }
        let body = response.body().ok_or(JsValue::NULL)?;
        let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().dyn_into()?;
        let parts = Array::new();
        let mut progress = ArchiveProgress::default();
        loop {
            let chunk = JsFuture::from(reader.read()).await?;
            if Reflect::get(&chunk, &"done".into())?
                .as_bool()
                .unwrap_or(true)
            {
                break;
            }
            let value: Uint8Array = Reflect::get(&chunk, &"value".into())?.dyn_into()?;
            progress.feed(&value.to_vec());
            parts.push(&value);
            shown.set(Some(Shown {
                begun: progress.begun.len(),
                file: progress.begun.last().cloned().unwrap_or_default(),
                bytes: progress.bytes,
                done: false,
                failed: false,
            }));
        }
        save(&parts)?;
        shown.update(|s| {
            if let Some(s) = s {
                s.done = true;
            }
        });
        Ok(())
    }

    /// Hands the received archive to the browser as a download.
    fn save(parts: &Array) -> Result<(), JsValue> {
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/zip");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or(JsValue::NULL)?;
        let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        link.set_href(&url);
        link.set_download("draagkracht-archief.zip");
        // The object URL lives until the page goes: revoking it at once can cancel the save.
        link.click();
        Ok(())
    }
}
