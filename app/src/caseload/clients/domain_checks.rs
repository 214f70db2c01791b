//! Choosing a client's domains with checkboxes, for forms whose server function takes them as
//! one comma-separated field (`domains`).

use leptos::html;
use leptos::prelude::*;

use crate::caseload::views::Domain;
use crate::shared::ids::DomainId;
use crate::ui::island::{island_i18n, preload_lazy_island};

/// An island because a form sends ticked checkboxes one by one, while the server functions
/// take the domains as one field: this keeps the hidden `domains` field in step with the
/// boxes. Each box is also sent on its own as `domain_<id>` (one name per box, so a server
/// function ignores them), which a GET form read on the server can use without the script.
#[island(lazy)]
pub fn DomainChecks(domains: Vec<Domain>, chosen: Vec<DomainId>) -> impl IntoView {
    preload_lazy_island("domain_checks");
    island_i18n();
    let all = NodeRef::<html::Input>::new();
    let boxes: Vec<(DomainId, NodeRef<html::Input>)> =
        domains.iter().map(|d| (d.id, NodeRef::new())).collect();
    let boxes = StoredValue::new(boxes);
    let sync = move || {
        let ticked = boxes.with_value(|boxes| {
            boxes
                .iter()
                .filter(|(_, el)| el.get_untracked().is_some_and(|el| el.checked()))
                .map(|(id, _)| id.to_string())
                .collect::<Vec<_>>()
                .join(",")
        });
        if let Some(hidden) = all.get_untracked() {
            hidden.set_value(&ticked);
        }
    };
    // Boxes ticked before the script ran count too.
    Effect::new(move |_| {
        if all.get().is_some() {
            sync();
        }
    });
    let initial = chosen
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <input type="hidden" name="domains" value=initial node_ref=all />
        <div class="checks">
            {domains.into_iter().zip(boxes.get_value()).map(|(d, (_, el))| view! {
                <label class="check">
                    <input type="checkbox" name=format!("domain_{}", d.id) value="on"
                        checked=chosen.contains(&d.id) node_ref=el on:change=move |_| sync() />
                    {d.name}
                </label>
            }).collect_view()}
        </div>
    }
}
