//! The balance's sort links, name search and "only over a limit" switch. The server sorts and
//! filters (`?sort=…&q=…&over=1`); the page's form enhancer sends the search form as the leader
//! types or ticks (`data-autosubmit`), so the list follows without a button. Without the script
//! the form has a button.

use leptos::prelude::*;

use crate::i18n::*;

/// The orders the balance can be read in, as they appear in the address.
pub const SORTS: [&str; 4] = ["ratio", "avoiders", "variety", "name"];

/// `sort`, `q` and `over` are what the server renders the list with.
#[component]
pub fn BalanceToolbar(sort: String, q: String, over: bool) -> impl IntoView {
    let i18n = use_i18n();
    let link = {
        let (q, over) = (q.clone(), over);
        move |by: &str| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("sort", by);
            if !q.is_empty() {
                query.append_pair("q", &q);
            }
            if over {
                query.append_pair("over", "1");
            }
            format!("?{}", query.finish())
        }
    };
    let sort_label = move |by: &str| match by {
        "avoiders" => t_string!(i18n, balance.sort_avoiders),
        "variety" => t_string!(i18n, balance.sort_variety),
        "name" => t_string!(i18n, balance.sort_name),
        _ => t_string!(i18n, balance.sort_ratio),
    };
    view! {
        <form method="get" class="toolbar" autocomplete="off" data-testid="balance-toolbar">
            <span>{t!(i18n, balance.sort)}</span>
            {SORTS.into_iter().map(|by| view! {
                <a class="button quiet" href=link(by) aria-current=(sort == by).then_some("true")>{sort_label(by)}</a>
            }).collect_view()}
            <input type="hidden" name="sort" value=sort.clone() />
            // Typing goes on where it was after the list reloads.
            <input type="search" name="q" value=q.clone() autofocus=!q.is_empty() data-autosubmit=""
                aria-label=t_string!(i18n, balance.filter) placeholder=t_string!(i18n, balance.filter)
                data-testid="balance-filter" />
            <label class="check">
                <input type="checkbox" name="over" value="1" checked=over data-autosubmit=""
                    data-testid="only-over" />
                {t!(i18n, balance.only_over)}
            </label>
            <noscript><button type="submit" class="secondary">{t!(i18n, balance.filter_apply)}</button></noscript>
        </form>
    }
}
