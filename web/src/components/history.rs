//! Every request sent, newest first: show its answer again, load it into the editor, send it again,
//! and copy it as `curl` or `kubectl`.

use crate::actions;
use crate::api::Target;
use crate::app::use_ctx;
use crate::commands::{self, PROXY};
use crate::components::{method_badge, status_badge};
use crate::dom;
use crate::state::{Action, Exchange};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`History`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub history: Rc<Vec<Exchange>>,
    /// The exchange in the response view.
    pub current: Option<u64>,
    pub remote_base: String,
}

fn curl_base(t: &Target) -> String {
    match t {
        Target::InTab => PROXY.to_string(),
        Target::Remote(b) if b.is_empty() => dom::origin(),
        Target::Remote(b) if b.starts_with('/') => format!("{}{b}", dom::origin()),
        Target::Remote(b) => b.clone(),
    }
}

/// The history list.
#[function_component(History)]
pub fn history(p: &Props) -> Html {
    let ctx = use_ctx();
    let Some(ctx) = ctx else { return html! {} };
    if p.history.is_empty() {
        return html! { <p class="hint">{ "Requests you send appear here, with their curl and kubectl equivalents." }</p> };
    }
    let clear = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::ClearHistory))
    };
    let copy = |text: String, what: &'static str| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dom::copy(&text);
            d.dispatch(Action::Notice(Some(format!("{what} copied."))));
        })
    };
    html! {
        <div class="history">
            <div class="history-head">
                <p class="help">{ format!("{} request{}, newest first.", p.history.len(), if p.history.len() == 1 { "" } else { "s" }) }
                    { " curl for in-tab requests points at kubectl proxy's address (" }<code>{ PROXY }</code>{ ")." }</p>
                <button type="button" class="small" onclick={clear}>{ "Clear history" }</button>
            </div>
            <ol class="entries" reversed=true>
                { for p.history.iter().rev().map(|ex| {
                    let id = ex.id;
                    let show = {
                        let d = ctx.dispatch.clone();
                        Callback::from(move |_: MouseEvent| d.dispatch(Action::Show(id)))
                    };
                    let load = {
                        let d = ctx.dispatch.clone();
                        Callback::from(move |_: MouseEvent| {
                            d.dispatch(Action::Load(id));
                            dom::focus("send");
                        })
                    };
                    let resend = {
                        let (h, d, target, form) = (ctx.handle.clone(), ctx.dispatch.clone(), ex.target.clone(), ex.form.clone());
                        Callback::from(move |_: MouseEvent| actions::send(&h, &d, &target, &form))
                    };
                    let curl = commands::curl(&ex.form, &curl_base(&ex.target));
                    let kubectl = commands::kubectl(&ex.form);
                    let status = match &ex.result {
                        Ok(r) => status_badge(r.status),
                        Err(_) => html! { <span class="code server-err">{ "no response" }</span> },
                    };
                    html! {
                        <li class={classes!("entry", (p.current == Some(id)).then_some("current"))} data-id={id.to_string()}>
                            <div class="entry-line">
                                <span class="muted">{ format!("#{id} {}", ex.at) }</span>
                                { method_badge(&ex.sent.method) }
                                <code class="path" title={ex.sent.path.clone()}>{ &ex.sent.path }</code>
                                { status }
                                if ex.watch { <span class="tag">{ "watch" }</span> }
                                if ex.target != Target::InTab { <span class="tag">{ ex.target.label() }</span> }
                            </div>
                            <div class="entry-actions">
                                <button type="button" class="small" onclick={show} aria-label={format!("Show answer of request {id}")}>{ "Show" }</button>
                                <button type="button" class="small" onclick={load} aria-label={format!("Load request {id} into the editor")}>{ "Load" }</button>
                                <button type="button" class="small" onclick={resend} aria-label={format!("Send request {id} again")}>{ "Re-send" }</button>
                            </div>
                            <details class="commands">
                                <summary>{ "curl / kubectl" }</summary>
                                <div class="command">
                                    <div class="command-head"><b>{ "curl" }</b>
                                        <button type="button" class="small" onclick={copy(curl.clone(), "curl command")}>{ "Copy" }</button></div>
                                    <pre class="cmd">{ curl }</pre>
                                </div>
                                if let Some(k) = kubectl {
                                    <div class="command">
                                        <div class="command-head"><b>{ "kubectl" }</b>
                                            <button type="button" class="small" onclick={copy(k.clone(), "kubectl command")}>{ "Copy" }</button></div>
                                        <pre class="cmd">{ k }</pre>
                                    </div>
                                } else {
                                    <p class="help">{ "No kubectl command sends exactly this request." }</p>
                                }
                            </details>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
