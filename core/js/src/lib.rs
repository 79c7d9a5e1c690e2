//! JavaScript bindings of jobsim: a thin shell that converts JS values and forwards to
//! [`jobsim::ApiServer`]. API errors come back as responses carrying a Status; only malformed
//! calls into the bindings throw.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Options of `new JobApi(options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    pub tokens: Vec<String>,
    pub auto_create_namespaces: bool,
    pub seed: Option<u64>,
    /// Start of the virtual clock, milliseconds since the Unix epoch.
    pub start_time: Option<f64>,
}

impl Options {
    pub fn config(self) -> jobsim::Config {
        let mut c = jobsim::Config {
            tokens: self.tokens,
            auto_create_namespaces: self.auto_create_namespaces,
            ..Default::default()
        };
        if let Some(seed) = self.seed {
            c.seed = seed;
        }
        if let Some(ms) = self.start_time {
            c.start_time = (ms / 1000.0).floor() as i64;
        }
        c
    }
}

/// `api.request({ method, path, headers, body })`.
#[derive(Debug, Deserialize)]
pub struct JsRequest {
    #[serde(default = "get")]
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<String>,
}

fn get() -> String {
    "GET".to_string()
}

/// `{ status, headers, body }` handed back to JS; repeated headers are joined with `, `.
#[derive(Debug, Serialize)]
pub struct JsResponse {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl From<JsRequest> for jobsim::Request {
    fn from(r: JsRequest) -> Self {
        let mut req = jobsim::Request::new(r.method.to_ascii_uppercase(), r.path);
        req.headers = r.headers.into_iter().collect();
        req.body = r.body.map(String::into_bytes).unwrap_or_default();
        req
    }
}

impl From<jobsim::Response> for JsResponse {
    fn from(r: jobsim::Response) -> Self {
        let mut headers: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in &r.headers {
            headers
                .entry(k.to_ascii_lowercase())
                .and_modify(|e| {
                    e.push_str(", ");
                    e.push_str(v);
                })
                .or_insert_with(|| v.clone());
        }
        JsResponse { status: r.status, headers, body: text(r.body) }
    }
}

/// Bytes as text without a copy: bodies are UTF-8 (the server writes them), and the check for it
/// is the fast one; anything else is converted with replacement characters.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What `openWatch` hands back: the response head, and either a watch id or the error body.
#[derive(Debug, Serialize)]
pub struct JsWatchHead {
    pub id: Option<u64>,
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
}

/// What `poll` hands back: event lines (JSON text without the newline) and whether the watch ended.
#[derive(Debug, Serialize)]
pub struct JsPoll {
    pub events: Vec<String>,
    pub done: bool,
}

impl From<jobsim::WatchPoll> for JsPoll {
    fn from(p: jobsim::WatchPoll) -> Self {
        let events = p.events.iter().map(|e| text(e.trim_ascii_end().to_vec())).collect();
        JsPoll { events, done: p.done }
    }
}

/// Opens a watch on `server`, shaping the answer for JS.
pub fn open_watch(server: &mut jobsim::ApiServer, req: jobsim::Request) -> JsWatchHead {
    match server.watch(req) {
        Ok((id, head)) => {
            let r = JsResponse::from(head);
            JsWatchHead { id: Some(id.0), status: r.status, headers: r.headers, body: None }
        }
        Err(res) => {
            let r = JsResponse::from(res);
            JsWatchHead { id: None, status: r.status, headers: r.headers, body: Some(r.body) }
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod bindings {
    use super::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
        v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The Job API, in this JS realm.
    #[wasm_bindgen(js_name = JobApiCore)]
    pub struct JobApiCore {
        server: RefCell<jobsim::ApiServer>,
    }

    #[wasm_bindgen(js_class = JobApiCore)]
    impl JobApiCore {
        #[wasm_bindgen(constructor)]
        pub fn new(options: JsValue) -> Result<JobApiCore, JsError> {
            let opts: Options = if options.is_undefined() || options.is_null() {
                Options::default()
            } else {
                serde_wasm_bindgen::from_value(options)
                    .map_err(|e| JsError::new(&format!("invalid JobApi options: {e}")))?
            };
            Ok(JobApiCore { server: RefCell::new(jobsim::ApiServer::new(opts.config())) })
        }

        /// A server restored from `snapshot()`'s text; throws on a corrupted snapshot.
        pub fn restore(snapshot: &str, options: JsValue) -> Result<JobApiCore, JsError> {
            let opts: Options = if options.is_undefined() || options.is_null() {
                Options::default()
            } else {
                serde_wasm_bindgen::from_value(options)
                    .map_err(|e| JsError::new(&format!("invalid JobApi options: {e}")))?
            };
            let server = jobsim::ApiServer::restore(snapshot, opts.config()).map_err(|e| JsError::new(&e))?;
            Ok(JobApiCore { server: RefCell::new(server) })
        }

        /// The whole state as a JSON string.
        pub fn snapshot(&self) -> Result<String, JsError> {
            let server = self.server.try_borrow().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            Ok(server.snapshot())
        }

        /// Sends one request; the answer is `{ status, headers, body }`.
        pub fn request(&self, req: JsValue) -> Result<JsValue, JsError> {
            let req: JsRequest =
                serde_wasm_bindgen::from_value(req).map_err(|e| JsError::new(&format!("invalid request: {e}")))?;
            let mut server =
                self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            to_js(&JsResponse::from(server.handle(req.into())))
        }

        /// Opens a watch: `{ id, status, headers }`, or `{ id: null, status, headers, body }` when refused.
        #[wasm_bindgen(js_name = openWatch)]
        pub fn open_watch(&self, req: JsValue) -> Result<JsValue, JsError> {
            let req: JsRequest =
                serde_wasm_bindgen::from_value(req).map_err(|e| JsError::new(&format!("invalid request: {e}")))?;
            let mut server =
                self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            to_js(&super::open_watch(&mut server, req.into()))
        }

        /// The events a watch has queued: `{ events: string[], done }`.
        pub fn poll(&self, id: f64) -> Result<JsValue, JsError> {
            let mut server =
                self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            to_js(&JsPoll::from(server.poll(jobsim::WatchId(id as u64))))
        }

        /// Ends a watch.
        #[wasm_bindgen(js_name = closeWatch)]
        pub fn close_watch(&self, id: f64) -> Result<(), JsError> {
            let mut server =
                self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            server.close(jobsim::WatchId(id as u64));
            Ok(())
        }

        /// Advances the virtual clock by `ms` milliseconds.
        pub fn advance(&self, ms: f64) -> Result<(), JsError> {
            let mut server =
                self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))?;
            server.advance(std::time::Duration::from_millis(ms.max(0.0) as u64));
            Ok(())
        }

        /// The virtual clock, milliseconds since the Unix epoch.
        pub fn now(&self) -> f64 {
            self.server.borrow().now().as_millisecond() as f64
        }
    }
}
