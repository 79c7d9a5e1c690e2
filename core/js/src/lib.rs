//! JavaScript bindings of jobsim: a thin shell that converts JS values and forwards to
//! [`jobsim::ApiServer`]. API errors come back as responses carrying a Status; only malformed
//! calls into the bindings throw.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use serde::Deserialize;

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

/// A request as the JS side hands it over: `headers` is `name\0value` pairs joined with `\0`
/// (the fetch standard forbids NUL in header names and values, and the JS side refuses it).
/// Plain strings cross the boundary with one bulk copy each, where a JS object costs a call per
/// field.
pub fn request(method: &str, path: &str, headers: &str, body: Option<String>) -> jobsim::Request {
    let mut req = jobsim::Request::new(method.to_ascii_uppercase(), path);
    let mut parts = headers.split('\0');
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        req.headers.push((k.to_string(), v.to_string()));
    }
    req.body = body.map(String::into_bytes).unwrap_or_default();
    req
}

/// A response as one string for JS: the body, then the head — the status line and a
/// `name:value` line per header (names lower-case, repeated headers joined with `, `) — then the
/// head's length in UTF-16 units as 8 decimal digits. One string is one crossing of the boundary,
/// and the head goes after the body so that the body's bytes (a list can be megabytes) are
/// extended in place rather than copied behind a prefix.
pub fn response(r: jobsim::Response) -> String {
    pack(r, None)
}

/// What `openWatch` hands back: as [`response`], with the watch id (empty when refused) as the
/// first line of the head; the body is the refusal's, if any.
pub fn open_watch(server: &mut jobsim::ApiServer, req: jobsim::Request) -> String {
    match server.watch(req) {
        Ok((id, head)) => pack(head, Some(&id.0.to_string())),
        Err(res) => pack(res, Some("")),
    }
}

fn pack(r: jobsim::Response, first_line: Option<&str>) -> String {
    let mut head = String::with_capacity(256);
    if let Some(line) = first_line {
        head.push_str(line);
        head.push('\n');
    }
    head.push_str(&r.status.to_string());
    head.push('\n');
    let mut headers: Vec<(String, String)> = Vec::with_capacity(r.headers.len());
    for (k, v) in r.headers {
        let k = k.to_ascii_lowercase();
        match headers.iter_mut().find(|(n, _)| *n == k) {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(&v);
            }
            None => headers.push((k, v)),
        }
    }
    for (k, v) in &headers {
        head.push_str(k);
        head.push(':');
        head.push_str(v);
        head.push('\n');
    }
    let units = head.encode_utf16().count();
    let mut out = String::from_utf8(r.body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    out.reserve(head.len() + 8);
    out.push_str(&head);
    out.push_str(&format!("{units:08}"));
    out
}

/// What `poll` hands back: `1` if the watch has ended, else `0`, then each queued event line
/// (JSON text, which never holds a raw newline) followed by `\n`.
pub fn poll(p: jobsim::WatchPoll) -> String {
    let size: usize = p.events.iter().map(|e| e.len() + 1).sum();
    let mut out = String::with_capacity(1 + size);
    out.push(if p.done { '1' } else { '0' });
    for e in &p.events {
        out.push_str(&String::from_utf8_lossy(e.trim_ascii_end()));
        out.push('\n');
    }
    out
}

#[cfg(target_arch = "wasm32")]
mod bindings {
    use super::*;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    /// The Job API, in this JS realm.
    #[wasm_bindgen(js_name = JobApiCore)]
    pub struct JobApiCore {
        server: RefCell<jobsim::ApiServer>,
    }

    impl JobApiCore {
        /// The server, or an error for a call made from inside another (a watch callback that
        /// calls back into the API).
        fn server_mut(&self) -> Result<std::cell::RefMut<'_, jobsim::ApiServer>, JsError> {
            self.server.try_borrow_mut().map_err(|_| JsError::new("JobApi is busy (re-entrant call)"))
        }
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

        /// Sends one request (see [`request`](super::request)); the answer is one string (see
        /// [`response`](super::response)).
        pub fn request(
            &self,
            method: &str,
            path: &str,
            headers: &str,
            body: Option<String>,
        ) -> Result<String, JsError> {
            let mut server = self.server_mut()?;
            Ok(super::response(server.handle(super::request(method, path, headers, body))))
        }

        /// Opens a watch; the answer is one string (see [`open_watch`](super::open_watch)).
        #[wasm_bindgen(js_name = openWatch)]
        pub fn open_watch(
            &self,
            method: &str,
            path: &str,
            headers: &str,
            body: Option<String>,
        ) -> Result<String, JsError> {
            let mut server = self.server_mut()?;
            Ok(super::open_watch(&mut server, super::request(method, path, headers, body)))
        }

        /// The events a watch has queued, as one string (see [`poll`](super::poll)).
        pub fn poll(&self, id: f64) -> Result<String, JsError> {
            let mut server = self.server_mut()?;
            Ok(super::poll(server.poll(jobsim::WatchId(id as u64))))
        }

        /// Ends a watch.
        #[wasm_bindgen(js_name = closeWatch)]
        pub fn close_watch(&self, id: f64) -> Result<(), JsError> {
            let mut server = self.server_mut()?;
            server.close(jobsim::WatchId(id as u64));
            Ok(())
        }

        /// Advances the virtual clock by `ms` milliseconds.
        pub fn advance(&self, ms: f64) -> Result<(), JsError> {
            let mut server = self.server_mut()?;
            server.advance(std::time::Duration::from_millis(ms.max(0.0) as u64));
            Ok(())
        }

        /// The virtual clock, milliseconds since the Unix epoch.
        pub fn now(&self) -> f64 {
            self.server.borrow().now().as_millisecond() as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head parsed back the way `unpack` in api.mjs does, counting in UTF-16 units.
    fn unpack(text: &str) -> (String, Vec<String>) {
        let units: Vec<u16> = text.encode_utf16().collect();
        let end = units.len() - 8;
        let n: usize = String::from_utf16(&units[end..]).unwrap().parse().unwrap();
        let body = String::from_utf16(&units[..end - n]).unwrap();
        let head = String::from_utf16(&units[end - n..end]).unwrap();
        (body, head.lines().map(str::to_string).collect())
    }

    #[test]
    fn a_response_is_its_body_then_its_head_and_the_head_length() {
        let r = jobsim::Response {
            status: 201,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Warning".into(), "299 - \"a\"".into()),
                ("warning".into(), "299 - \"b: é\"".into()),
            ],
            body: "{\"x\":\"ü\\n\"}\n".as_bytes().to_vec(),
        };
        let (body, head) = unpack(&response(r));
        assert_eq!(body, "{\"x\":\"ü\\n\"}\n");
        assert_eq!(head, ["201", "content-type:application/json", "warning:299 - \"a\", 299 - \"b: é\""]);
    }

    #[test]
    fn a_refused_watch_has_an_empty_id_line_and_its_body() {
        let mut api = jobsim::ApiServer::new(jobsim::Config::default());
        let (body, head) =
            unpack(&open_watch(&mut api, jobsim::Request::get("/apis/batch/v1/jobs?watch=true&resourceVersion=x")));
        assert_eq!(head[0], "");
        assert_eq!(head[1], "400");
        assert!(body.contains("\"kind\":\"Status\""), "{body}");
        let (body, head) = unpack(&open_watch(&mut api, jobsim::Request::get("/apis/batch/v1/jobs?watch=true")));
        assert!(head[0].parse::<u64>().is_ok(), "{head:?}");
        assert_eq!((head[1].as_str(), body.as_str()), ("200", ""));
    }

    #[test]
    fn request_headers_are_nul_separated_pairs() {
        let r = request("post", "/x", "content-type\0application/json\0accept\0a, b", Some("{}".into()));
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.headers,
            [("content-type".to_string(), "application/json".to_string()), ("accept".into(), "a, b".into())]
        );
        assert_eq!(r.body, b"{}");
        assert!(request("GET", "/x", "", None).headers.is_empty());
    }

    #[test]
    fn a_poll_is_the_end_flag_then_event_lines() {
        let p = jobsim::WatchPoll {
            events: vec![b"{\"a\":1}\n".as_slice().into(), b"{\"b\":2}\n".as_slice().into()],
            done: true,
        };
        assert_eq!(poll(p), "1{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(poll(jobsim::WatchPoll { events: vec![], done: false }), "0");
    }
}
