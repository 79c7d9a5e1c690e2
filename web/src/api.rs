//! The one place that talks to a server: the in-tab `jobsim::ApiServer` or a real cluster at a base URL.
//! Everything else in the UI goes through these functions, so the transport can change here alone.

use crate::context::ServerHandle;
use jobsim::{ApiServer, Config, Request, Response, WatchId, WatchPoll};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Target {
    /// The API server compiled into this page.
    #[default]
    InTab,
    /// A server at this base URL (same origin: `jobsim serve --playground`, `kubectl proxy`).
    Remote(String),
}

impl Target {
    /// A short label for history entries.
    pub fn label(&self) -> String {
        match self {
            Target::InTab => "in-tab".into(),
            Target::Remote(base) if base.is_empty() => "this origin".into(),
            Target::Remote(base) => base.clone(),
        }
    }
}

/// The in-tab server's saved state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedServer {
    /// When its clock started (seconds since the epoch), for the elapsed time shown by the clock.
    pub start_time: i64,
    /// [`ApiServer::snapshot`]'s output.
    pub snapshot: String,
}

/// The configuration of a fresh in-tab server starting now.
pub fn fresh_config() -> Config {
    Config { start_time: now_unix(), ..Config::default() }
}

fn now_unix() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Config::default().start_time
    }
}

fn busy() -> Response {
    status_response(503, "ServiceUnavailable", "the in-tab server is busy; try again")
}

/// A `Status` response made on this side (network failures, a busy server).
pub fn status_response(code: u16, reason: &str, message: &str) -> Response {
    let body = serde_json::json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code,
    });
    Response {
        status: code,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::to_vec_pretty(&body).unwrap_or_default(),
    }
}

/// Sends one request to the in-tab server. After a write the simulated controllers react at once
/// (as a cluster's would), without moving the clock.
pub fn handle(h: &ServerHandle, req: Request) -> Response {
    let write = req.method != "GET";
    match h.server.try_borrow_mut() {
        Ok(mut s) => {
            let res = s.handle(req);
            if write {
                s.advance(Duration::ZERO);
            }
            res
        }
        Err(_) => busy(),
    }
}

/// A read made by the UI itself (jobs board, diffs): not shown in the history.
pub fn peek(h: &ServerHandle, path: &str) -> Response {
    match h.server.try_borrow_mut() {
        Ok(mut s) => s.handle(
            Request::get(path)
                .with_header("Accept", "application/json")
                .with_header("User-Agent", crate::form::USER_AGENT),
        ),
        Err(_) => busy(),
    }
}

/// Moves the in-tab clock forward by whole seconds.
pub fn advance(h: &ServerHandle, secs: u64) {
    if let Ok(mut s) = h.server.try_borrow_mut() {
        s.advance(Duration::from_secs(secs));
    }
}

/// The in-tab clock and the store's resourceVersion.
pub fn clock(h: &ServerHandle) -> Option<(jiff::Timestamp, u64)> {
    h.server.try_borrow().ok().map(|s| (s.now(), s.resource_version()))
}

/// Runs the common requests once on a throwaway server, so the browser has compiled their code before
/// the learner's first click (the first create would otherwise pay for it).
pub fn warm_up() {
    let mut s = ApiServer::new(fresh_config());
    let job = include_str!("../../www/playground/examples/job-hello.yaml");
    let _ = s.handle(
        Request::post("/apis/batch/v1/namespaces/default/jobs", job).with_header("Content-Type", "application/yaml"),
    );
    s.advance(Duration::from_secs(10));
    let _ = s.handle(
        Request::get("/apis/batch/v1/namespaces/default/jobs")
            .with_header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io"),
    );
    let _ = s.handle(Request::patch(
        "/apis/batch/v1/namespaces/default/jobs/hello",
        "application/merge-patch+json",
        r#"{"metadata":{"labels":{"warm":"yes"}}}"#,
    ));
    let _ = s.snapshot();
}

/// The state of the in-tab server, to persist.
pub fn save(h: &ServerHandle) -> Option<SavedServer> {
    let snapshot = h.server.try_borrow().ok()?.snapshot();
    let start_time = h.runtime.try_borrow().ok()?.start_time;
    Some(SavedServer { start_time, snapshot })
}

/// Rebuilds an in-tab server from saved state; a fresh one if there is none or it cannot be read.
pub fn restore(saved: Option<&SavedServer>) -> (ApiServer, i64, Option<String>) {
    let config = fresh_config();
    match saved {
        Some(s) => match ApiServer::restore(&s.snapshot, Config { start_time: s.start_time, ..config.clone() }) {
            Ok(server) => (server, s.start_time, None),
            Err(e) => (ApiServer::new(config.clone()), config.start_time, Some(e)),
        },
        None => (ApiServer::new(config.clone()), config.start_time, None),
    }
}

/// Replaces the in-tab server with `saved` (or a fresh one) and forgets its watches.
/// Returns the keys of the in-tab watches that ended, and why a saved state was refused.
pub fn replace_server(h: &ServerHandle, saved: Option<&SavedServer>) -> (Vec<WatchKey>, Option<String>) {
    let (server, start_time, refused) = restore(saved);
    if let Ok(mut s) = h.server.try_borrow_mut() {
        *s = server;
    }
    let mut ended = Vec::new();
    if let Ok(mut rt) = h.runtime.try_borrow_mut() {
        rt.start_time = start_time;
        rt.watches.retain(|(k, w)| match w {
            OpenWatch::InTab(_) => {
                ended.push(*k);
                false
            }
            #[cfg(target_arch = "wasm32")]
            OpenWatch::Remote(_) => true,
        });
    }
    (ended, refused)
}

/// An open watch, as the UI knows it.
pub type WatchKey = u64;

/// What is open behind a watch panel.
#[derive(Debug)]
pub enum OpenWatch {
    InTab(WatchId),
    #[cfg(target_arch = "wasm32")]
    Remote(web_sys::AbortController),
}

/// Opens a watch on the in-tab server: `Ok` carries the 200 headers, `Err` the error response.
pub fn open_watch(h: &ServerHandle, key: WatchKey, req: Request) -> Result<Response, Response> {
    let opened = match h.server.try_borrow_mut() {
        Ok(mut s) => s.watch(req),
        Err(_) => return Err(busy()),
    };
    let (id, head) = opened?;
    if let Ok(mut rt) = h.runtime.try_borrow_mut() {
        rt.watches.push((key, OpenWatch::InTab(id)));
    }
    Ok(head)
}

/// New events of every open in-tab watch: `(key, event lines, ended)`.
pub fn poll_watches(h: &ServerHandle) -> Vec<(WatchKey, Vec<String>, bool)> {
    let (Ok(mut rt), Ok(mut s)) = (h.runtime.try_borrow_mut(), h.server.try_borrow_mut()) else { return Vec::new() };
    let mut out = Vec::new();
    rt.watches.retain(|(key, w)| match w {
        OpenWatch::InTab(id) => {
            let WatchPoll { events, done } = s.poll(*id);
            let lines: Vec<String> = events
                .iter()
                .map(|e| String::from_utf8_lossy(e).trim_end().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            if !lines.is_empty() || done {
                out.push((*key, lines, done));
            }
            !done
        }
        #[cfg(target_arch = "wasm32")]
        OpenWatch::Remote(_) => true,
    });
    out
}

/// Stops a watch (in-tab or remote).
pub fn close_watch(h: &ServerHandle, key: WatchKey) {
    let Ok(mut rt) = h.runtime.try_borrow_mut() else { return };
    if let Some(i) = rt.watches.iter().position(|(k, _)| *k == key) {
        let (_, w) = rt.watches.remove(i);
        match w {
            OpenWatch::InTab(id) => {
                if let Ok(mut s) = h.server.try_borrow_mut() {
                    s.close(id);
                }
            }
            #[cfg(target_arch = "wasm32")]
            OpenWatch::Remote(abort) => abort.abort(),
        }
    }
}

/// The URL of a request on a remote base (`""` = this page's origin).
pub fn remote_url(base: &str, path_and_query: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path_and_query)
}

/// Sends a request to a remote server.
#[cfg(target_arch = "wasm32")]
pub async fn fetch(base: &str, req: Request) -> Result<Response, String> {
    let res = build(base, &req, None)?.send().await.map_err(|e| e.to_string())?;
    let status = res.status();
    let headers = collect_headers(&res);
    let body = res.binary().await.map_err(|e| e.to_string())?;
    Ok(Response { status, headers, body })
}

/// Sends a request to a remote server (not available outside the browser).
#[cfg(not(target_arch = "wasm32"))]
pub async fn fetch(base: &str, req: Request) -> Result<Response, String> {
    let _ = (base, req);
    Err("remote targets need a browser".into())
}

#[cfg(target_arch = "wasm32")]
fn build(base: &str, req: &Request, signal: Option<&web_sys::AbortSignal>) -> Result<gloo::net::http::Request, String> {
    use gloo::net::http::{Method, RequestBuilder};
    let method = Method::from_bytes(req.method.as_bytes()).map_err(|e| e.to_string())?;
    let mut b = RequestBuilder::new(&remote_url(base, &req.path)).method(method).abort_signal(signal);
    for (k, v) in &req.headers {
        // Browsers refuse to let a page set these.
        if !k.eq_ignore_ascii_case("user-agent") {
            b = b.header(k, v);
        }
    }
    if req.body.is_empty() {
        b.build().map_err(|e| e.to_string())
    } else {
        b.body(String::from_utf8_lossy(&req.body).into_owned()).map_err(|e| e.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
fn collect_headers(res: &gloo::net::http::Response) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, v) in res.headers().entries() {
        if k.eq_ignore_ascii_case("warning") {
            // The browser joins repeated headers with ", ": split the warnings back apart.
            out.extend(split_warnings(&v).into_iter().map(|w| (k.clone(), w)));
        } else {
            out.push((k, v));
        }
    }
    out
}

/// Splits a joined `Warning` header (`299 - "a", 299 - "b"`) into its values.
pub fn split_warnings(joined: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut in_quotes, mut escaped) = (false, false);
    for c in joined.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_quotes = !in_quotes;
        } else if c == ',' && !in_quotes {
            out.push(cur.trim().to_string());
            cur.clear();
            continue;
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Callbacks of a remote watch.
pub struct WatchSink {
    pub opened: Box<dyn Fn(Result<Response, Response>)>,
    pub events: Box<dyn Fn(Vec<String>)>,
    pub ended: Box<dyn Fn(String)>,
}

/// Opens a streaming watch on a remote server; events arrive through `sink` until it ends or is closed.
#[cfg(target_arch = "wasm32")]
pub fn open_remote_watch(h: &ServerHandle, key: WatchKey, base: String, req: Request, sink: WatchSink) {
    use wasm_bindgen::JsCast;
    let Ok(abort) = web_sys::AbortController::new() else {
        (sink.opened)(Err(status_response(0, "ClientError", "this browser cannot abort requests")));
        return;
    };
    let signal = abort.signal();
    if let Ok(mut rt) = h.runtime.try_borrow_mut() {
        rt.watches.push((key, OpenWatch::Remote(abort)));
    }
    wasm_bindgen_futures::spawn_local(async move {
        let sent = match build(&base, &req, Some(&signal)) {
            Ok(r) => r.send().await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let res = match sent {
            Ok(r) => r,
            Err(e) => {
                (sink.opened)(Err(status_response(0, "NetworkError", &e)));
                return;
            }
        };
        let head = Response { status: res.status(), headers: collect_headers(&res), body: Vec::new() };
        if res.status() != 200 {
            let body = res.binary().await.unwrap_or_default();
            (sink.opened)(Err(Response { body, ..head }));
            return;
        }
        (sink.opened)(Ok(head));
        let Some(stream) = res.body() else {
            (sink.ended)("the response had no body".into());
            return;
        };
        let Ok(reader) = stream.get_reader().dyn_into::<web_sys::ReadableStreamDefaultReader>() else {
            (sink.ended)("the response body cannot be read as a stream".into());
            return;
        };
        let mut buf: Vec<u8> = Vec::new();
        loop {
            let chunk = match wasm_bindgen_futures::JsFuture::from(reader.read()).await {
                Ok(c) => c,
                Err(_) => {
                    (sink.ended)("closed".into());
                    return;
                }
            };
            let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
            if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
                if let Some(arr) = value.dyn_ref::<js_sys::Uint8Array>() {
                    buf.extend(arr.to_vec());
                }
            }
            let mut lines = Vec::new();
            while let Some(i) = buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = buf.drain(..=i).collect();
                let text = String::from_utf8_lossy(&line).trim().to_string();
                if !text.is_empty() {
                    lines.push(text);
                }
            }
            if !lines.is_empty() {
                (sink.events)(lines);
            }
            if done {
                (sink.ended)("the server ended the stream".into());
                return;
            }
        }
    });
}

/// Opens a streaming watch on a remote server (browser only).
#[cfg(not(target_arch = "wasm32"))]
pub fn open_remote_watch(h: &ServerHandle, key: WatchKey, base: String, req: Request, sink: WatchSink) {
    let _ = (h, key, base, req);
    (sink.opened)(Err(status_response(0, "ClientError", "remote targets need a browser")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_split_back_apart() {
        assert_eq!(
            split_warnings(r#"299 - "a, b", 299 - "say \"hi\", ok""#),
            vec![r#"299 - "a, b""#.to_string(), r#"299 - "say \"hi\", ok""#.to_string()]
        );
    }

    #[test]
    fn snapshots_restore_the_same_state() {
        let h = ServerHandle::new(None);
        let body = include_str!("../../www/playground/examples/job-hello.yaml");
        let req = Request::post("/apis/batch/v1/namespaces/default/jobs", body)
            .with_header("Content-Type", "application/yaml");
        assert_eq!(handle(&h, req).status, 201);
        advance(&h, 5);
        let before = peek(&h, "/apis/batch/v1/namespaces/default/jobs/hello").body;
        let saved = save(&h).unwrap();
        let again = ServerHandle::new(Some(&saved));
        assert_eq!(peek(&again, "/apis/batch/v1/namespaces/default/jobs/hello").body, before);
        assert_eq!(clock(&again), clock(&h));
        let (_, refused) = replace_server(&again, Some(&SavedServer { start_time: 0, snapshot: "{".into() }));
        assert!(refused.is_some());
    }

    #[test]
    fn in_tab_watches_stream_events() {
        let h = ServerHandle::new(None);
        let head = open_watch(&h, 1, Request::get("/apis/batch/v1/namespaces/default/jobs?watch=1")).unwrap();
        assert_eq!(head.status, 200);
        let body = include_str!("../../www/playground/examples/job-hello.yaml");
        let req = Request::post("/apis/batch/v1/namespaces/default/jobs", body)
            .with_header("Content-Type", "application/yaml");
        assert_eq!(handle(&h, req).status, 201);
        let polled = poll_watches(&h);
        assert_eq!(polled[0].0, 1);
        assert!(polled[0].1[0].starts_with("{\"type\":\"ADDED\""), "{:?}", polled[0].1);
        close_watch(&h, 1);
        assert!(poll_watches(&h).is_empty());
        assert!(open_watch(
            &h,
            2,
            Request::get("/apis/batch/v1/namespaces/default/jobs?watch=1&resourceVersionMatch=Exact")
        )
        .is_err());
    }
}
