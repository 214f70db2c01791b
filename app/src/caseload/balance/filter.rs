//! The balance's sort links, name search and "only over a limit" switch. The server sorts and
//! filters (`?sort=…&q=…&over=1`); this island only sends the search form as the leader types
//! or ticks, so the list follows without a button. Without the script the form has a button.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::island::island_i18n;

/// How long typing has to pause before the list is filtered: long enough not to reload the
/// page at every letter, short enough to feel live.
const PAUSE_MS: u64 = 500;

/// The orders the balance can be read in, as they appear in the address.
pub const SORTS: [&str; 4] = ["ratio", "avoiders", "variety", "name"];

/// `sort`, `q` and `over` are what the server rendered the list with.
#[island]
pub fn BalanceToolbar(sort: String, q: String, over: bool) -> impl IntoView {
    let i18n = island_i18n();
    let form = NodeRef::<html::Form>::new();
    let search = NodeRef::<html::Input>::new();
    let only = NodeRef::<html::Input>::new();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // One timer for both controls, so a tick and a few letters typed right after it go as one.
    let send_soon = move || {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                if let Some(form) = form.get_untracked() {
                    let _ = form.request_submit();
                }
            },
            std::time::Duration::from_millis(PAUSE_MS),
        )
        .ok();
        pending.set_value(handle);
    };
    {
        // What was typed or ticked before the script ran is sent as soon as it runs; and a
        // list filtered by typing keeps the search at hand for the next letter.
        let (q, over) = (q.clone(), over);
        Effect::new(move |_| {
            let (Some(input), Some(check)) = (search.get(), only.get()) else {
                return;
            };
            let typed = input.value();
            if typed != q || check.checked() != over {
                send_soon();
            } else if !typed.is_empty() {
                let _ = input.focus();
                let end = typed.encode_utf16().count() as u32;
                let _ = input.set_selection_range(end, end);
            }
        });
    }
    let link = {
        let (q, over) = (q.clone(), over);
        move |by: &str| {
            let mut href = format!("?sort={by}");
            if !q.is_empty() {
                href.push_str("&q=");
                href.push_str(&encode(&q));
            }
            if over {
                href.push_str("&over=1");
            }
            href
        }
    };
    let sort_label = move |by: &str| match by {
        "avoiders" => t_string!(i18n, balance.sort_avoiders),
        "variety" => t_string!(i18n, balance.sort_variety),
        "name" => t_string!(i18n, balance.sort_name),
        _ => t_string!(i18n, balance.sort_ratio),
    };
    view! {
        <form method="get" class="toolbar" autocomplete="off" node_ref=form data-testid="balance-toolbar">
            <span>{t!(i18n, balance.sort)}</span>
            {SORTS.into_iter().map(|by| view! {
                <a class="button quiet" href=link(by) aria-current=(sort == by).then_some("true")>{sort_label(by)}</a>
            }).collect_view()}
            <input type="hidden" name="sort" value=sort.clone() />
            <input type="search" name="q" value=q.clone() node_ref=search
                aria-label=t_string!(i18n, balance.filter) placeholder=t_string!(i18n, balance.filter)
                on:input=move |_| send_soon() data-testid="balance-filter" />
            <label class="check">
                <input type="checkbox" name="over" value="1" checked=over node_ref=only
                    on:change=move |_| send_soon() data-testid="only-over" />
                {t!(i18n, balance.only_over)}
            </label>
            <noscript><button type="submit" class="secondary">{t!(i18n, balance.filter_apply)}</button></noscript>
        </form>
    }
}

/// A query value as the browser would write it.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
