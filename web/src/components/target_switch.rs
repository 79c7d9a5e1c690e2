//! Where requests go: the server in this tab, or a real one at a base URL (same origin).

use crate::api::Target;
use crate::app::use_ctx;
use crate::dom;
use crate::state::Action;
use yew::prelude::*;

/// Props of [`TargetSwitch`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub target: Target,
    /// The base URL typed for the remote target.
    pub remote_base: String,
}

/// The target switch.
#[function_component(TargetSwitch)]
pub fn target_switch(p: &Props) -> Html {
    let ctx = use_ctx();
    let Some(ctx) = ctx else { return html! {} };
    let remote = matches!(p.target, Target::Remote(_));
    let pick = |t: Target| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: Event| {
            d.dispatch(Action::SetTarget(t.clone()));
            let msg = match &t {
                Target::InTab => "Requests now go to the server in this tab.".to_string(),
                Target::Remote(b) => {
                    format!("Requests now go to {}.", if b.is_empty() { "this page's origin" } else { b })
                }
            };
            d.dispatch(Action::Notice(Some(msg)));
        })
    };
    let on_base = {
        let d = ctx.dispatch.clone();
        Callback::from(move |e: Event| d.dispatch(Action::SetRemoteBase(dom::event_value(&e).trim().to_string())))
    };
    html! {
        <fieldset class="target" aria-describedby="target-help">
            <legend class="visually-hidden">{ "Target" }</legend>
            <label class="radio">
                <input type="radio" name="target" id="target-intab" checked={!remote} onchange={pick(Target::InTab)} />
                { "In this tab" }
            </label>
            <label class="radio">
                <input type="radio" name="target" id="target-remote" checked={remote}
                    onchange={pick(Target::Remote(p.remote_base.clone()))} />
                { "Server at" }
            </label>
            <label class="visually-hidden" for="remote-base">{ "Base URL of the remote server" }</label>
            <input id="remote-base" class="mono" value={p.remote_base.clone()} onchange={on_base}
                placeholder="this origin" disabled={!remote} spellcheck="false" autocomplete="off" />
            <span id="target-help" class="visually-hidden">
                { "A remote server must be on this page's origin, for example jobsim serve --playground or kubectl proxy serving this page." }
            </span>
        </fieldset>
    }
}
