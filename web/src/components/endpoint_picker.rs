//! The catalogue of endpoints, grouped as the API reference groups them, with a filter.

use crate::actions;
use crate::api::Target;
use crate::app::use_ctx;
use crate::catalogue::{self, Group, Method, ENDPOINTS};
use crate::components::method_badge;
use crate::dom;
use crate::form::RequestForm;
use crate::state::Action;
use yew::prelude::*;

/// Props of [`EndpointPicker`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The request in the editor.
    pub form: RequestForm,
    pub target: Target,
}

/// The path as the picker shows it: `{ns}` for `{namespace}`, the batch/v1 prefix as `…`.
fn short_path(path: &str) -> String {
    let p = path.replace("{namespace}", "{ns}");
    match p.strip_prefix("/apis/batch/v1/") {
        Some(rest) => format!("…/{rest}"),
        None => p,
    }
}

/// Lists every endpoint; picking one loads it into the request editor.
#[function_component(EndpointPicker)]
pub fn endpoint_picker(p: &Props) -> Html {
    let ctx = use_ctx();
    let filter = use_state(String::new);
    let Some(ctx) = ctx else { return html! {} };
    let needle = filter.to_lowercase();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(dom::event_value(&e)))
    };
    let groups = Group::ALL.iter().map(|g| {
        let items: Vec<Html> = ENDPOINTS
            .iter()
            .filter(|e| e.group == *g)
            .filter(|e| {
                needle.is_empty()
                    || e.title.to_lowercase().contains(&needle)
                    || e.path.to_lowercase().contains(&needle)
                    || e.method.as_str().to_lowercase() == needle
                    || e.summary.to_lowercase().contains(&needle)
            })
            .map(|e| {
                let selected = p.form.custom.is_none() && p.form.endpoint == e.id;
                let (h, d, form, target) = (ctx.handle.clone(), ctx.dispatch.clone(), p.form.clone(), p.target.clone());
                let id = e.id;
                let replace = e.method == Method::Put;
                let onclick = Callback::from(move |_| {
                    d.dispatch(Action::Pick(id));
                    // A replace starts from the live object, as kubectl edit does.
                    if let (true, Some(e)) = (replace, catalogue::endpoint(id)) {
                        actions::load_current(&h, &d, &form.switch_to(e), &target);
                    }
                    dom::focus("send");
                });
                html! {
                    <li>
                        <button class={classes!("endpoint", selected.then_some("selected"))}
                            aria-current={selected.then_some("true")} title={e.summary} {onclick}
                            data-endpoint={e.id}>
                            { method_badge(e.method.as_str()) }
                            <span class="endpoint-text">
                                <span class="endpoint-title">{ e.title }</span>
                                <code class="endpoint-path">{ for short_path(e.path).split_inclusive('/').map(|part| html! { <>{ part }<wbr /></> }) }</code>
                                if e.deprecated || e.coming {
                                    <span class="tags">
                                        if e.deprecated { <span class="tag deprecated">{ "deprecated" }</span> }
                                        if e.coming { <span class="tag coming">{ "coming" }</span> }
                                    </span>
                                }
                            </span>
                        </button>
                    </li>
                }
            })
            .collect();
        if items.is_empty() {
            return html! {};
        }
        html! {
            <section class="group">
                <h2>{ g.title() }</h2>
                <ul>{ for items }</ul>
            </section>
        }
    });
    html! {
        <nav class="picker" aria-label="Endpoints">
            <label class="visually-hidden" for="endpoint-filter">{ "Filter endpoints" }</label>
            <input id="endpoint-filter" type="search" placeholder="Filter: watch, status, DELETE…"
                value={(*filter).clone()} oninput={on_filter} />
            <p class="help">{ "In Job paths, … stands for " }<code>{ "/apis/batch/v1" }</code>{ " and {ns} for the namespace." }</p>
            { for groups }
        </nav>
    }
}
