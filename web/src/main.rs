//! The jobsim playground: the Job API running in this browser tab.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod app;

fn main() {
    #[cfg(target_arch = "wasm32")]
    yew::Renderer::<app::App>::new().render();
}
