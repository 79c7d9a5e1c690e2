//! Live watches: one panel per watch, events streaming in with their type, resourceVersion and object.

use crate::actions;
use crate::app::use_ctx;
use crate::components::response_view::parse;
use crate::components::{reason_phrase, status_badge};
use crate::state::{Action, Watch, WatchStatus};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`WatchFeed`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub watches: Rc<Vec<Watch>>,
}

fn status_of(w: &Watch) -> Html {
    match &w.status {
        WatchStatus::Opening => html! { <span class="pill muted">{ "opening…" }</span> },
        WatchStatus::Open => html! { <span class="pill live">{ "● live" }</span> },
        WatchStatus::Ended(why) => html! { <span class="pill muted">{ format!("ended: {why}") }</span> },
        WatchStatus::Refused(code) => {
            html! { <span class="pill err">{ format!("refused: {code} {}", reason_phrase(*code)) }</span> }
        }
    }
}

/// Every open (and ended) watch.
#[function_component(WatchFeed)]
pub fn watch_feed(p: &Props) -> Html {
    let ctx = use_ctx();
    let Some(ctx) = ctx else { return html! {} };
    if p.watches.is_empty() {
        return html! {
            <div class="hint">
                <p>{ "No watches yet." }</p>
                <p>{ "Pick \"Watch Jobs in a namespace\" (or set watch=true on any list) and press Send. Open as many as you like: each gets its own panel here, and events stream in as the server changes." }</p>
            </div>
        };
    }
    html! {
        <div class="watches">
            { for p.watches.iter().map(|w| {
                let key = w.key;
                let live = matches!(w.status, WatchStatus::Open | WatchStatus::Opening);
                let stop = {
                    let (h, d) = (ctx.handle.clone(), ctx.dispatch.clone());
                    Callback::from(move |_: MouseEvent| actions::close_watch(&h, &d, key, false))
                };
                let remove = {
                    let (h, d) = (ctx.handle.clone(), ctx.dispatch.clone());
                    Callback::from(move |_: MouseEvent| actions::close_watch(&h, &d, key, true))
                };
                let clear = {
                    let d = ctx.dispatch.clone();
                    Callback::from(move |_: MouseEvent| d.dispatch(Action::WatchClear(key)))
                };
                let refusal = match (&w.status, &w.response) {
                    (WatchStatus::Refused(_), Some(r)) => parse(r).map(|v| {
                        let msg = v["message"].as_str().unwrap_or("").to_string();
                        let reason = v["reason"].as_str().unwrap_or("").to_string();
                        html! {
                            <p class="refusal">
                                { status_badge(r.status) }
                                if !reason.is_empty() { <code class="reason">{ format!(" {reason}") }</code> }
                                { format!(" {msg}") }
                            </p>
                        }
                    }),
                    _ => None,
                };
                html! {
                    <section class="watch" aria-label={format!("Watch {}", w.label)} data-watch={key.to_string()}>
                        <header class="watch-head">
                            <code class="path">{ &w.label }</code>
                            { status_of(w) }
                            <span class="muted">{ format!("{} · {} event{}", w.target.label(), w.received, if w.received == 1 { "" } else { "s" }) }</span>
                            <span class="spacer"></span>
                            if live { <button type="button" class="small" onclick={stop}>{ "Stop" }</button> }
                            <button type="button" class="small" onclick={clear} disabled={w.events.is_empty()}>{ "Clear" }</button>
                            <button type="button" class="small" onclick={remove} aria-label={format!("Remove watch {}", w.label)}>{ "Remove" }</button>
                        </header>
                        { refusal.unwrap_or_default() }
                        if w.events.is_empty() && live {
                            <p class="help">{ "Waiting for changes… create, change or delete a Job, or move the clock." }</p>
                        }
                        <ol class="events" reversed=true>
                            { for w.events.iter().rev().map(|ev| html! {
                                <li class={classes!("event", ev.kind.to_lowercase())}>
                                    <details>
                                        <summary>
                                            <span class="ev-n">{ format!("#{}", ev.n) }</span>
                                            <span class={classes!("ev-type", ev.kind.to_lowercase())}>{ &ev.kind }</span>
                                            <span class="ev-rv" title="resourceVersion">{ format!("rv {}", ev.resource_version) }</span>
                                            <code class="ev-subject">{ &ev.subject }</code>
                                            <span class="ev-summary">{ &ev.summary }</span>
                                        </summary>
                                        <pre class="body">{ &ev.object }</pre>
                                    </details>
                                </li>
                            }) }
                        </ol>
                    </section>
                }
            }) }
        </div>
    }
}
