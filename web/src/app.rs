//! The page: top bar, endpoint picker or lessons on the side, the request editor, and the response,
//! watch, jobs and history tabs.

use crate::actions::{self, Dispatch};
use crate::api;
use crate::components::{
    clock_controls::ClockControls, endpoint_picker::EndpointPicker, history::History, jobs_board::JobsBoard,
    lessons::Lessons, request_editor::RequestEditor, response_view::ResponseView, target_switch::TargetSwitch,
    toolbar::Toolbar, watch_feed::WatchFeed,
};
use crate::context::ServerHandle;
use crate::dom::{self, Later};
use crate::persist::{self, Persisted};
use crate::state::{Action, AppState, SideTab, Tab};
use std::rc::Rc;
use yew::prelude::*;

/// What every component may use: the server handle and the reducer's dispatcher (both stable).
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// The in-tab server.
    pub handle: ServerHandle,
    /// Sends actions to the UI state's reducer.
    pub dispatch: Dispatch,
}

/// What the page starts from: saved state and a request carried by the link.
struct Boot {
    saved: Option<Persisted>,
    link: Option<crate::form::RequestForm>,
}

impl Boot {
    fn load() -> Boot {
        let link = persist::form_from_fragment(&dom::fragment());
        if link.is_some() {
            dom::clear_fragment();
        }
        Boot { saved: persist::load(), link }
    }

    fn state(&self) -> AppState {
        let mut s = Rc::new(AppState::default());
        if let Some(p) = &self.saved {
            s = yew::Reducible::reduce(s, Action::Restore(Box::new(p.clone())));
        }
        let mut s = (*s).clone();
        if let Some(f) = &self.link {
            s.form = f.clone();
            s.notice = Some("Loaded the request from the link.".into());
        }
        s
    }
}

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |_| Boot::load());
    let started = {
        let boot = boot.clone();
        use_memo((), move |_| {
            let (h, refused) = ServerHandle::restored(boot.saved.as_ref().and_then(|p| p.server.as_ref()));
            if let Some(p) = &boot.saved {
                h.ids_after(p.history.iter().map(|e| e.id).max().unwrap_or(0));
            }
            (h, refused)
        })
    };
    let handle = started.0.clone();
    let state = {
        let (boot, refused) = (boot.clone(), started.1.clone());
        use_reducer(move || {
            let mut s = boot.state();
            if let Some(why) = refused {
                s.notice =
                    Some(format!("The saved server state could not be restored ({why}): the server starts empty."));
            }
            s
        })
    };
    let ctx = Ctx { handle: handle.clone(), dispatch: state.dispatcher() };

    // Once the page is up, warm the server's code paths on a throwaway server.
    let warm = use_mut_ref(|| None::<Later>);
    use_effect_with((), move |_| {
        *warm.borrow_mut() = Some(Later::after(30, api::warm_up));
    });

    // Save whenever the state changes: 400 ms after the last change, and at least every 3 s while
    // changes keep coming (a running clock).
    let saver = use_mut_ref(|| None::<Later>);
    let last_saved = use_mut_ref(dom::wall_millis);
    {
        let (handle, saver) = (handle.clone(), saver.clone());
        use_effect_with(state.clone(), move |s| {
            let (state, h, last) = (s.clone(), handle.clone(), last_saved.clone());
            let save = move || {
                *last.borrow_mut() = dom::wall_millis();
                let p = Persisted::capture(&state, api::save(&h));
                if !persist::store(&p) {
                    state.dispatch(Action::Notice(Some("This browser did not let the page save its state.".into())));
                }
            };
            let overdue = dom::wall_millis() - *last_saved.borrow() > 3000.0;
            *saver.borrow_mut() = Some(Later::after(if overdue { 0 } else { 400 }, save));
        });
    }

    // Notices fade after a few seconds.
    let notice_timer = use_mut_ref(|| None::<Later>);
    {
        let d = state.dispatcher();
        use_effect_with(state.notice.clone(), move |n| {
            if n.is_some() {
                *notice_timer.borrow_mut() = Some(Later::after(6000, move || d.dispatch(Action::Notice(None))));
            }
        });
    }

    let tab = |t: Tab, label: String| {
        let d = state.dispatcher();
        let selected = state.tab == t;
        let id = format!("tab-{}", format!("{t:?}").to_lowercase());
        html! {
            <button role="tab" id={id.clone()} aria-selected={selected.to_string()} aria-controls="main-panel"
                class={classes!("tab", selected.then_some("selected"))}
                tabindex={if selected { "0" } else { "-1" }}
                onclick={Callback::from(move |_| d.dispatch(Action::SetTab(t)))}>{ label }</button>
        }
    };
    let side_tab = |t: SideTab, label: &str| {
        let d = state.dispatcher();
        let selected = state.side == t;
        html! {
            <button role="tab" aria-selected={selected.to_string()} aria-controls="side-panel"
                class={classes!("tab", selected.then_some("selected"))}
                onclick={Callback::from(move |_| d.dispatch(Action::SetSide(t)))}>{ label }</button>
        }
    };
    let on_tabs_key = {
        let d = state.dispatcher();
        let current = state.tab;
        Callback::from(move |e: KeyboardEvent| {
            let order = [Tab::Response, Tab::Watches, Tab::Jobs, Tab::History];
            let i = order.iter().position(|t| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => order[(i + 1) % order.len()],
                "ArrowLeft" => order[(i + order.len() - 1) % order.len()],
                _ => return,
            };
            e.prevent_default();
            d.dispatch(Action::SetTab(next));
            dom::focus(&format!("tab-{}", format!("{next:?}").to_lowercase()));
        })
    };

    let watches_label = match (state.watches.len(), state.unseen) {
        (0, _) => "Watches".to_string(),
        (n, 0) => format!("Watches ({n})"),
        (n, u) => format!("Watches ({n}) · {u} new"),
    };
    let history_label = format!("History ({})", state.history.len());
    let current = state.current_exchange().cloned();

    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="app">
                <a class="skip" href="#url" onclick={Callback::from(|e: MouseEvent| {
                    e.prevent_default();
                    dom::focus("url");
                })}>{ "Skip to the request" }</a>
                <header class="topbar">
                    <h1><span class="brand">{ "jobsim" }</span>{ " playground" }</h1>
                    <p class="tagline">{ "The Kubernetes batch/v1 Job API, running in this tab." }</p>
                    <TargetSwitch target={state.target.clone()} remote_base={state.remote_base.clone()} />
                    <ClockControls target={state.target.clone()} playing={state.playing} speed={state.speed}
                        server_rev={state.server_rev} />
                    <Toolbar state={state.clone()} />
                </header>
                <aside class="side" aria-label="Endpoints and lessons">
                    <div class="tabs" role="tablist" aria-label="Side panel">
                        { side_tab(SideTab::Endpoints, "Endpoints") }
                        { side_tab(SideTab::Lessons, "Lessons") }
                    </div>
                    <div id="side-panel" role="tabpanel">
                        if state.side == SideTab::Endpoints {
                            <EndpointPicker form={state.form.clone()} target={state.target.clone()} />
                        } else {
                            <Lessons at={state.lesson} history={state.history.clone()} form={state.form.clone()}
                                target={state.target.clone()} />
                        }
                    </div>
                </aside>
                <section class="center" aria-label="Request">
                    <RequestEditor form={state.form.clone()} target={state.target.clone()} pending={state.pending} />
                </section>
                <section class="right" aria-label="Results">
                    <div class="tabs" role="tablist" aria-label="Results" onkeydown={on_tabs_key}>
                        { tab(Tab::Response, "Response".into()) }
                        { tab(Tab::Watches, watches_label) }
                        { tab(Tab::Jobs, "Jobs".into()) }
                        { tab(Tab::History, history_label) }
                    </div>
                    <div id="main-panel" role="tabpanel" aria-labelledby={format!("tab-{}", format!("{:?}", state.tab).to_lowercase())}>
                        { match state.tab {
                            Tab::Response => html! { <ResponseView exchange={current} yaml={state.yaml} pending={state.pending} /> },
                            Tab::Watches => html! { <WatchFeed watches={state.watches.clone()} /> },
                            Tab::Jobs => html! { <JobsBoard target={state.target.clone()} server_rev={state.server_rev} /> },
                            Tab::History => html! { <History history={state.history.clone()} current={state.current}
                                remote_base={state.remote_base.clone()} /> },
                        } }
                    </div>
                </section>
                <div class="notice" role="status" aria-live="polite">
                    if let Some(n) = &state.notice {
                        <span>{ n }</span>
                        <button class="link" aria-label="Dismiss" onclick={
                            let d = state.dispatcher();
                            Callback::from(move |_| d.dispatch(Action::Notice(None)))
                        }>{ "×" }</button>
                    }
                </div>
            </div>
        </ContextProvider<Ctx>>
    }
}

/// The shared context; components are only ever rendered inside the provider.
#[hook]
pub fn use_ctx() -> Option<Ctx> {
    use_context::<Ctx>()
}

/// Sends the form's request (used by the editor and the history).
pub fn send(ctx: &Ctx, target: &api::Target, form: &crate::form::RequestForm) {
    actions::send(&ctx.handle, &ctx.dispatch, target, form);
}
