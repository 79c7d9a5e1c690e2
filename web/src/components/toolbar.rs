//! Keep and share: a link to the current request, export and import of everything, and reset.

use crate::api;
use crate::app::use_ctx;
use crate::dom;
use crate::persist::{self, Persisted};
use crate::state::{Action, AppState};
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
}

/// The toolbar.
#[function_component(Toolbar)]
pub fn toolbar(p: &Props) -> Html {
    let ctx = use_ctx();
    let confirming = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    let share = {
        let (form, d) = (p.state.form.clone(), ctx.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let url = format!("{}{}", dom::page_url(), persist::link_fragment(&form));
            dom::copy(&url);
            d.dispatch(Action::Notice(Some("Link to this request copied.".into())));
        })
    };
    let export = {
        let (state, h) = (p.state.clone(), ctx.handle.clone());
        Callback::from(move |_: MouseEvent| {
            let p = Persisted::capture(&state, api::save(&h));
            dom::download("jobsim-playground.json", "application/json", &p.to_json());
        })
    };
    let import = {
        let (h, d) = (ctx.handle.clone(), ctx.dispatch.clone());
        Callback::from(move |e: Event| {
            let (h, d) = (h.clone(), d.clone());
            dom::read_file(&e, move |text| match text.and_then(|t| Persisted::from_json(&t)) {
                Ok(p) => {
                    let (ended, refused) = api::replace_server(&h, p.server.as_ref());
                    for key in ended {
                        d.dispatch(Action::WatchEnded { key, why: "the server was replaced by the import".into() });
                    }
                    let note = match refused {
                        Some(why) => format!(
                            "Imported, but the server state could not be read ({why}): the server starts empty."
                        ),
                        None => "Imported.".into(),
                    };
                    h.ids_after(p.history.iter().map(|e| e.id).max().unwrap_or(0));
                    d.dispatch(Action::Restore(Box::new(p)));
                    d.dispatch(Action::Notice(Some(note)));
                }
                Err(e) => d.dispatch(Action::Notice(Some(format!("Import failed: {e}")))),
            });
        })
    };
    let reset = {
        let (h, d, confirming, watches) =
            (ctx.handle.clone(), ctx.dispatch.clone(), confirming.clone(), p.state.watches.clone());
        Callback::from(move |_: MouseEvent| {
            if !*confirming {
                confirming.set(true);
                return;
            }
            confirming.set(false);
            for w in watches.iter() {
                api::close_watch(&h, w.key);
            }
            let _ = api::replace_server(&h, None);
            persist::clear();
            d.dispatch(Action::Reset);
            d.dispatch(Action::Notice(Some("Everything was reset: a fresh server, no history.".into())));
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: FocusEvent| confirming.set(false))
    };
    html! {
        <details class="toolbar menu">
            <summary class="button small" title="Share, save, reset">{ "Share & save" }</summary>
            <div class="menu-items" role="group" aria-label="Keep and share">
            <button type="button" class="small" onclick={share} title="Copy a link that opens this request">{ "Copy link" }</button>
            <button type="button" class="small" onclick={export} title="Download the state, the history and the server's data">{ "Export" }</button>
            <button type="button" class="small" onclick={Callback::from(|_: MouseEvent| dom::click("import-file"))}
                title="Load an exported file">{ "Import" }</button>
            <input id="import-file" class="visually-hidden" type="file" accept="application/json,.json" onchange={import}
                tabindex="-1" aria-label="Import file" />
            <button type="button" id="reset" class={classes!("small", confirming.then_some("danger"))} onclick={reset} onblur={cancel}>
                { if *confirming { "Really reset?" } else { "Reset" } }
            </button>
            </div>
        </details>
    }
}
