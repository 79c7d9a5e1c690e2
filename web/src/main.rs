//! The jobsim playground: the Job API running in this browser tab.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod actions;
mod api;
mod app;
mod catalogue;
mod commands;
mod components;
mod context;
mod diff;
mod dom;
mod examples;
mod form;
mod lessons;
mod persist;
mod state;

/// Talc instead of the default dlmalloc: 3.4 KB smaller gzipped, which the page's 1 MB transfer
/// budget needs, for writes a few percent slower (measured in the npm build, which keeps dlmalloc
/// for speed).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // Replace the page's loading message with the app.
        let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
        match root {
            Some(root) => {
                root.set_inner_html("");
                yew::Renderer::<app::App>::with_root(root).render();
            }
            None => {
                yew::Renderer::<app::App>::new().render();
            }
        }
    }
}
