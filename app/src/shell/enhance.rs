//! Every form on a page posts to its server function as plain HTML: it works before the script
//! has loaded, and without it. The server function answers with a redirect back to the page
//! (with the problem in the address, `__path`/`__err`, when there is one), and the server renders
//! the page with the problem at the field.
//!
//! Once this one small island runs, the same forms post in the background instead, and the
//! browser follows that same redirect itself. A success loads the page it lands on; a failure
//! swaps in only the form that was sent, as the server rendered it with its problems, and puts
//! back what was typed. So problems are shown one way, by the server, and no page needs code of
//! its own in the browser to keep what was typed.

use leptos::prelude::*;

/// Placed after everything else on the page: the browser brings islands to life in page order,
/// so when this one marks the page interactive (`body[data-hydrated]`, which the end-to-end
/// tests wait for), the ones before it are too.
#[island]
pub fn FormEnhancer() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| client::install());
}

#[cfg(feature = "hydrate")]
mod client {
    use std::collections::HashMap;

    use leptos::prelude::{document, window};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::{JsFuture, spawn_local};
    use web_sys::{
        DomParser, FormData, Headers, HtmlButtonElement, HtmlElement, HtmlFormElement,
        HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, RequestInit, Response,
        SubmitEvent, SupportedType, UrlSearchParams,
    };

    pub fn install() {
        // The listeners live as long as the page.
        std::mem::forget(leptos::prelude::window_event_listener(
            leptos::ev::submit,
            on_submit,
        ));
        std::mem::forget(leptos::prelude::window_event_listener(
            leptos::ev::change,
            on_change,
        ));
        std::mem::forget(leptos::prelude::window_event_listener(
            leptos::ev::input,
            on_input,
        ));
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }

    fn on_submit(ev: SubmitEvent) {
        // An island's own form has handled its submit itself.
        if ev.default_prevented() {
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if !posts_to_server_function(&form) {
            return;
        }
        ev.prevent_default();
        let submitter = ev.submitter();
        spawn_local(async move {
            if let Err(problem) = send(&form, submitter.as_ref()).await {
                // Whatever went wrong in the background, the plain post still works.
                web_sys::console::warn_2(
                    &"posting the form in the background failed".into(),
                    &problem,
                );
                let _ = form.submit();
            }
        });
    }

    /// A control marked `data-autosubmit` sends its form as soon as it changes: a checkbox
    /// that ticks off an action, say. Without the script its form has a button of its own.
    fn on_change(ev: web_sys::Event) {
        if let Some(control) = autosubmitting(&ev)
            && !typed_into(&control)
        {
            submit_form_of(&control);
        }
    }

    /// Text typed into a control marked `data-autosubmit` (a search that filters a list) is
    /// sent once the typing pauses.
    fn on_input(ev: web_sys::Event) {
        let Some(control) = autosubmitting(&ev).filter(typed_into) else {
            return;
        };
        PENDING.with(|pending| {
            if let Some(earlier) = pending.take() {
                earlier.clear();
            }
            let later = leptos::prelude::set_timeout_with_handle(
                move || submit_form_of(&control),
                std::time::Duration::from_millis(TYPING_PAUSE_MS),
            );
            pending.set(later.ok());
        });
    }

    const TYPING_PAUSE_MS: u64 = 400;

    thread_local! {
        static PENDING: std::cell::Cell<Option<leptos::prelude::TimeoutHandle>> =
            const { std::cell::Cell::new(None) };
    }

    fn autosubmitting(ev: &web_sys::Event) -> Option<web_sys::Element> {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|control| control.has_attribute("data-autosubmit"))
    }

    fn typed_into(control: &web_sys::Element) -> bool {
        control.tag_name().eq_ignore_ascii_case("textarea")
            || control.dyn_ref::<HtmlInputElement>().is_some_and(|input| {
                matches!(
                    input.type_().as_str(),
                    "text" | "search" | "email" | "number" | "tel"
                )
            })
    }

    fn submit_form_of(control: &web_sys::Element) {
        if let Some(form) = control
            .closest("form")
            .ok()
            .flatten()
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        {
            let _ = form.request_submit();
        }
    }

    /// Forms that post url-encoded fields to a server function: the only ones handled here.
    /// Read from the attributes: a form's `method` and `enctype` properties are hidden by a
    /// control of that name (the session planner has a `method` select).
    fn posts_to_server_function(form: &HtmlFormElement) -> bool {
        let attribute = |name| form.get_attribute(name).unwrap_or_default();
        let enctype = attribute("enctype");
        attribute("method").eq_ignore_ascii_case("post")
            && attribute("action").starts_with("/api/")
            && (enctype.is_empty() || enctype == "application/x-www-form-urlencoded")
    }

    async fn send(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Result<(), JsValue> {
        if form.get_attribute("aria-busy").as_deref() == Some("true") {
            return Ok(());
        }
        let data = FormData::new_with_form(form)?;
        // The button that was pressed is part of what was sent (the language switch has two).
        if let Some(button) = submitter
            && let Some(name) = button.get_attribute("name")
        {
            data.append_with_str(&name, &button.get_attribute("value").unwrap_or_default())?;
        }
        let typed = typed_values(&data);
        let body = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        set_busy(form, true);
        let headers = Headers::new()?;
        // Asked for as a page, the server function answers as it does a plain post: a redirect
        // to where the browser should be, which `fetch` follows.
        headers.set("Accept", "text/html")?;
        headers.set("Content-Type", "application/x-www-form-urlencoded")?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&body);
        let action = form.get_attribute("action").unwrap_or_default();
        let response: Response = JsFuture::from(window().fetch_with_str_and_init(&action, &init))
            .await?
            .dyn_into()?;
        let landed = response.url();
        if !landed.contains("__err=") {
            return go_to(&landed);
        }
        let html = JsFuture::from(response.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        show_problems(form, &html, &typed)
    }

    /// A success: the page as it is now, or where the server function sent the reader.
    fn go_to(landed: &str) -> Result<(), JsValue> {
        let location = window().location();
        if landed.is_empty() || landed == location.href()? {
            location.reload()
        } else {
            location.assign(landed)
        }
    }

    /// Swaps in the server's version of the form, with the same problems a plain post would
    /// show, where they belong.
    fn show_problems(
        form: &HtmlFormElement,
        html: &str,
        typed: &HashMap<String, Vec<String>>,
    ) -> Result<(), JsValue> {
        let page = DomParser::new()?.parse_from_string(html, SupportedType::TextHtml)?;
        let index = form_index(form).ok_or("the form is not in the page")?;
        let fresh = page
            .query_selector_all("form")?
            .item(index)
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
            .filter(|f| f.get_attribute("action") == form.get_attribute("action"))
            .ok_or("the page has changed")?;
        form.set_inner_html(&fresh.inner_html());
        put_back(form, typed);
        set_busy(form, false);
        focus_first_problem(form);
        Ok(())
    }

    fn form_index(form: &HtmlFormElement) -> Option<u32> {
        let forms = document().query_selector_all("form").ok()?;
        let form: &web_sys::Node = form.as_ref();
        (0..forms.length()).find(|&i| forms.item(i).is_some_and(|f| &f == form))
    }

    fn typed_values(data: &FormData) -> HashMap<String, Vec<String>> {
        let mut typed: HashMap<String, Vec<String>> = HashMap::new();
        let Ok(Some(entries)) = js_sys::try_iter(data) else {
            return typed;
        };
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                typed.entry(name).or_default().push(value);
            }
        }
        typed
    }

    /// Puts what was typed back into the swapped-in form, field by field.
    fn put_back(form: &HtmlFormElement, typed: &HashMap<String, Vec<String>>) {
        let mut used: HashMap<String, usize> = HashMap::new();
        let controls = form.elements();
        for i in 0..controls.length() {
            let Some(control) = controls.item(i) else {
                continue;
            };
            if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                let name = input.name();
                match input.type_().as_str() {
                    "checkbox" | "radio" => {
                        let values = typed.get(&name).map(Vec::as_slice).unwrap_or_default();
                        input.set_checked(values.contains(&input.value()));
                    }
                    "file" | "submit" | "button" | "hidden" | "password" => {}
                    _ => {
                        if let Some(value) = next_value(typed, &mut used, &name) {
                            input.set_value(value);
                        }
                    }
                }
            } else if let Some(area) = control.dyn_ref::<HtmlTextAreaElement>() {
                if let Some(value) = next_value(typed, &mut used, &area.name()) {
                    area.set_value(value);
                }
            } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>()
                && let Some(value) = next_value(typed, &mut used, &select.name())
            {
                select.set_value(value);
            }
        }
    }

    fn next_value<'a>(
        typed: &'a HashMap<String, Vec<String>>,
        used: &mut HashMap<String, usize>,
        name: &str,
    ) -> Option<&'a str> {
        let n = used.entry(name.to_owned()).or_default();
        let value = typed.get(name)?.get(*n)?;
        *n += 1;
        Some(value)
    }

    fn set_busy(form: &HtmlFormElement, busy: bool) {
        let _ = form.set_attribute("aria-busy", if busy { "true" } else { "false" });
        let Ok(buttons) = form.query_selector_all("button") else {
            return;
        };
        for i in 0..buttons.length() {
            if let Some(button) = buttons
                .item(i)
                .and_then(|b| b.dyn_into::<HtmlButtonElement>().ok())
            {
                button.set_disabled(busy);
            }
        }
    }

    fn focus_first_problem(form: &HtmlFormElement) {
        let first = form
            .query_selector("[aria-invalid=\"true\"], .form-error, .field-error")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<HtmlElement>().ok());
        if let Some(el) = first {
            if !el.matches("input, select, textarea").unwrap_or(false) {
                el.set_tab_index(-1);
            }
            let _ = el.focus();
        }
    }
}
