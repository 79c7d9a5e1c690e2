//! Small browser helpers (no-ops outside the browser, so native builds and tests compile).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;

/// The value of the input, textarea or select an event came from.
pub fn event_value<E: AsRef<yew::events::Event>>(e: &E) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let target = e.as_ref().target();
        if let Some(i) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            return i.value();
        }
        if let Some(t) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            return t.value();
        }
        target.and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = e;
        String::new()
    }
}

/// The current value of the input with this id.
pub fn value_of(id: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = id;
        None
    }
}

/// Copies text to the clipboard (best effort).
pub fn copy(text: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(a) =
            doc.and_then(|d| d.create_element("a").ok()).and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(file_name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (file_name, mime, text);
}

/// Reads the first file chosen in a file input, then calls `done` with its text.
pub fn read_file(e: &yew::events::Event, done: impl FnOnce(Result<String, String>) + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        let file = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| {
            let f = i.files().and_then(|l| l.get(0));
            i.set_value("");
            f
        });
        let Some(file) = file else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            done(text.ok().and_then(|t| t.as_string()).ok_or_else(|| "the file could not be read".to_string()));
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = e;
        done(Err("files need a browser".into()));
    }
}

/// The page's URL fragment (`#…`).
pub fn fragment() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The page's URL without its fragment.
pub fn page_url() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        href.split('#').next().unwrap_or("").to_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The page's origin (`http://host:port`).
pub fn origin() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Drops the fragment from the address bar without reloading.
pub fn clear_fragment() {
    #[cfg(target_arch = "wasm32")]
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_url()));
    }
}

/// Moves keyboard focus to the element with this id.
pub fn focus(id: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}

/// Clicks the element with this id (opens a hidden file input from a button).
pub fn click(id: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.click();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}

/// Syncs the scroll position of the element `to` with `from` (the editor's line numbers).
pub fn sync_scroll(from: &yew::events::Event, to_id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let top = from.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|e| e.scroll_top());
        if let (Some(top), Some(to)) =
            (top, web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(to_id)))
        {
            to.set_scroll_top(top);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (from, to_id);
}

/// A repeating timer; dropping it stops it.
pub struct Ticker {
    #[cfg(target_arch = "wasm32")]
    _inner: gloo::timers::callback::Interval,
}

impl Ticker {
    /// Calls `f` every `millis` milliseconds.
    pub fn every(millis: u32, f: impl FnMut() + 'static) -> Ticker {
        #[cfg(target_arch = "wasm32")]
        {
            Ticker { _inner: gloo::timers::callback::Interval::new(millis, f) }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (millis, f);
            Ticker {}
        }
    }

    /// Stops the timer.
    pub fn stop(self) {}
}

/// A one-shot timer; dropping it cancels it.
pub struct Later {
    #[cfg(target_arch = "wasm32")]
    _inner: gloo::timers::callback::Timeout,
}

impl Later {
    /// Calls `f` once after `millis` milliseconds.
    pub fn after(millis: u32, f: impl FnOnce() + 'static) -> Later {
        #[cfg(target_arch = "wasm32")]
        {
            Later { _inner: gloo::timers::callback::Timeout::new(millis, f) }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (millis, f);
            Later {}
        }
    }
}

/// Milliseconds since the epoch, from the wall clock.
pub fn wall_millis() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// `HH:MM:SS` (UTC) of a timestamp.
pub fn hms(t: jiff::Timestamp) -> String {
    let s = t.as_second().rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}
