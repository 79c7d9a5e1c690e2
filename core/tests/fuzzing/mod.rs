//! The fuzzing driver, shared by the cargo-fuzz target (`fuzz/fuzz_targets/handle.rs`, long runs)
//! and `tests/fuzz_smoke.rs` (a bounded run inside the test suite).
//!
//! An input is either a readable *script* (it starts with `#`; see [`parse_script`]) or raw bytes
//! that steer a structured generator: valid-looking Jobs mutated field by field, patches of all
//! four types, selectors, continue tokens, YAML, watches, clock advances, snapshots. Every call
//! is checked as it returns (see [`Driver::run`]): the answer is a well-formed Status, object,
//! list or stream; the resourceVersion never goes back; a failure or a dry run changes nothing;
//! a write reads back as answered. After every input the store's invariants are checked (see
//! [`Driver::check_store`]). A violation panics with a description.
#![allow(dead_code)]

use jobsim::{ApiServer, Config, Request, Response, WatchId};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------------
// Bytes as choices.

/// Reads choices from bytes; past the end every choice is the first one.
pub struct Source<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Source<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Source { data, pos: 0 }
    }
    pub fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        match n {
            0 | 1 => 0,
            2..=256 => self.byte() as usize % n,
            _ => (u16::from_le_bytes([self.byte(), self.byte()]) as usize) % n,
        }
    }
    /// True with probability `per256 / 256`.
    pub fn chance(&mut self, per256: u8) -> bool {
        self.byte() < per256
    }
    pub fn pick<'b, T>(&mut self, xs: &'b [T]) -> &'b T {
        &xs[self.below(xs.len())]
    }
    /// Up to `max` bytes taken as they are.
    pub fn raw(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1).min(self.data.len().saturating_sub(self.pos));
        let out = self.data[self.pos.min(self.data.len())..][..n].to_vec();
        self.pos += n;
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Operations and their script form.

/// One step of an input.
#[derive(Clone, Debug)]
pub enum Op {
    /// `ApiServer::handle`.
    Call(Request),
    /// `ApiServer::watch`; the watch gets the next watch number.
    Watch(Request),
    /// `ApiServer::poll` of watch number n.
    Poll(usize),
    /// `ApiServer::close` of watch number n.
    Close(usize),
    /// `ApiServer::advance` by this many seconds.
    Advance(u64),
    /// Snapshot, restore into a new server, and carry on with that one (open watches are lost).
    Restore,
}

/// The script form of one operation (what [`parse_script`] reads back).
pub fn script_of(op: &Op) -> Vec<u8> {
    let mut out = Vec::new();
    let request = |out: &mut Vec<u8>, prefix: &str, r: &Request| {
        out.extend_from_slice(format!("{prefix}{} {}\n", r.method, r.path).as_bytes());
        for (k, v) in &r.headers {
            out.extend_from_slice(format!("{k}: {v}\n").as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&r.body);
        out.push(b'\n');
    };
    match op {
        Op::Call(r) => request(&mut out, "", r),
        Op::Watch(r) => request(&mut out, "@watch ", r),
        Op::Poll(n) => out.extend_from_slice(format!("@poll {n}\n").as_bytes()),
        Op::Close(n) => out.extend_from_slice(format!("@close {n}\n").as_bytes()),
        Op::Advance(s) => out.extend_from_slice(format!("@advance {s}\n").as_bytes()),
        Op::Restore => out.extend_from_slice(b"@restore\n"),
    }
    out
}

/// A whole script: a `#` comment line, then the operations separated by `---` lines.
pub fn script(ops: &[Op]) -> Vec<u8> {
    let mut out = b"# jobsim fuzz script\n".to_vec();
    for (i, op) in ops.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"---\n");
        }
        out.extend_from_slice(&script_of(op));
    }
    out
}

/// Reads a script. Blocks are separated by lines that are exactly `---`. In a block, leading
/// blank lines and `#` lines are skipped; the first line is one of `@poll N`, `@close N`,
/// `@advance SECONDS`, `@restore`, `@watch METHOD PATH` or `METHOD PATH`; a request continues
/// with `Name: value` header lines, an empty line, and the body (bytes as they are, up to the
/// block's end, without the last newline). Lines that make no sense are skipped.
pub fn parse_script(data: &[u8]) -> Vec<Op> {
    let mut blocks: Vec<Vec<&[u8]>> = vec![Vec::new()];
    for line in data.split(|b| *b == b'\n') {
        if line == b"---" {
            blocks.push(Vec::new());
        } else if let Some(last) = blocks.last_mut() {
            last.push(line);
        }
    }
    let mut ops = Vec::new();
    for block in blocks {
        let mut lines = block.into_iter().skip_while(|l| l.is_empty() || l.starts_with(b"#")).peekable();
        let Some(first) = lines.next() else { continue };
        let first = String::from_utf8_lossy(first).into_owned();
        let mut words = first.split(' ');
        let op = match words.next().unwrap_or("") {
            "@poll" => words.next().and_then(|n| n.parse().ok()).map(Op::Poll),
            "@close" => words.next().and_then(|n| n.parse().ok()).map(Op::Close),
            "@advance" => words.next().and_then(|n| n.parse().ok()).map(Op::Advance),
            "@restore" => Some(Op::Restore),
            word => {
                let watch = word == "@watch";
                let method = if watch { words.next().unwrap_or("") } else { word };
                let path = words.collect::<Vec<_>>().join(" ");
                let mut req = Request::new(method, path);
                for line in lines.by_ref() {
                    if line.is_empty() {
                        break;
                    }
                    let text = String::from_utf8_lossy(line);
                    if let Some((k, v)) = text.split_once(": ") {
                        req.headers.push((k.to_string(), v.to_string()));
                    }
                }
                let body: Vec<&[u8]> = lines.collect();
                req.body = body.join(&b'\n');
                Some(if watch { Op::Watch(req) } else { Op::Call(req) })
            }
        };
        ops.extend(op);
    }
    ops
}

// ---------------------------------------------------------------------------------------------
// The driver: runs operations and checks every answer.

struct OpenWatch {
    id: WatchId,
    /// Plain JSON objects (no Table transform): resourceVersions can be checked.
    plain: bool,
    /// The store's resourceVersion when the watch was opened.
    opened_at: u64,
    /// The newest resourceVersion delivered after `opened_at`.
    last: u64,
    done: bool,
}

/// One server, its open watches, and what the generator has learnt from answers.
pub struct Driver {
    pub api: ApiServer,
    config: Config,
    watches: Vec<Option<OpenWatch>>,
    /// Every operation run, for a reproducer.
    pub log: Vec<Op>,
    /// Continue tokens seen in list answers.
    tokens: Vec<String>,
    /// Names of objects seen in answers (kind, namespace, name).
    seen: Vec<(String, String, String)>,
    /// How many operations have been run.
    pub steps: usize,
}

/// How many operations one input may run.
pub const MAX_OPS: usize = 48;

impl Driver {
    pub fn new(config: Config) -> Self {
        Driver {
            api: ApiServer::new(config.clone()),
            config,
            watches: Vec::new(),
            log: Vec::new(),
            tokens: Vec::new(),
            seen: Vec::new(),
            steps: 0,
        }
    }

    /// Runs one fuzz input: a script when it starts with `#`, else the structured generator.
    pub fn run_input(data: &[u8]) {
        Driver::run_input_into(data, &mut None);
    }

    /// [`Driver::run_input`], leaving the driver in `slot` (so a panic still shows what ran).
    pub fn run_input_into(data: &[u8], slot: &mut Option<Driver>) {
        if data.first() == Some(&b'#') {
            let d = slot.insert(Driver::new(Config::default()));
            for op in parse_script(data).into_iter().take(MAX_OPS * 4) {
                d.run(op);
            }
            d.check_store("end of script");
        } else {
            let mut src = Source::new(data);
            let d = slot.insert(Driver::new(config_from(&mut src)));
            while !src.exhausted() && d.steps < MAX_OPS {
                let op = d.generate(&mut src);
                d.run(op);
            }
            d.check_store("end of input");
        }
    }

    /// Runs one operation and checks its answer and what it changed. With `JOBSIM_FUZZ_TRACE`
    /// set, each operation is printed (as a script block) before it runs.
    pub fn run(&mut self, op: Op) {
        static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *TRACE.get_or_init(|| std::env::var_os("JOBSIM_FUZZ_TRACE").is_some()) {
            eprintln!("---\n{}", String::from_utf8_lossy(&script_of(&op)));
        }
        self.log.push(op.clone());
        self.steps += 1;
        let before = self.api.resource_version();
        match op {
            Op::Call(req) => {
                let resp = self.api.handle(req.clone());
                self.check_call(&req, &resp, before);
            }
            Op::Watch(req) => {
                let plain = !req.header("accept").unwrap_or("").contains("as=");
                match self.api.watch(req.clone()) {
                    Ok((id, head)) => {
                        assert_eq!(head.status, 200, "a watch that opens answers 200");
                        assert_eq!(head.header("content-type"), Some("application/json"));
                        self.watches.push(Some(OpenWatch { id, plain, opened_at: before, last: before, done: false }));
                    }
                    Err(resp) => {
                        self.check_response(&req, &resp);
                        assert!(resp.status >= 400, "a refused watch is an error: {}", resp.status);
                        self.watches.push(None);
                    }
                }
                assert_eq!(self.api.resource_version(), before, "opening a watch writes nothing");
            }
            Op::Poll(n) => self.poll(n),
            Op::Close(n) => {
                if let Some(w) = self.watches.get_mut(n).and_then(Option::take) {
                    self.api.close(w.id);
                }
            }
            Op::Advance(secs) => {
                let t0 = self.api.now();
                self.api.advance(std::time::Duration::from_secs(secs));
                assert!(self.api.now() >= t0, "the clock never goes back");
            }
            Op::Restore => {
                let snap = self.api.snapshot();
                let restored = ApiServer::restore(&snap, self.config.clone())
                    .unwrap_or_else(|e| panic!("a snapshot must restore: {e}"));
                assert_eq!(restored.snapshot(), snap, "a restored server snapshots identically");
                assert_eq!(restored.resource_version(), before);
                self.api = restored;
                self.watches.clear();
            }
        }
        assert!(self.api.resource_version() >= before, "the resourceVersion never goes back");
    }

    fn poll(&mut self, n: usize) {
        let Some(Some(w)) = self.watches.get_mut(n) else { return };
        let id = w.id;
        let poll = self.api.poll(id);
        let current = self.api.resource_version();
        let w = self.watches[n].as_mut().expect("present");
        assert!(!w.done || poll.events.is_empty(), "a finished watch sends nothing more");
        for line in &poll.events {
            assert!(line.ends_with(b"\n"), "each event line ends with a newline");
            let ev: Value = serde_json::from_slice(line)
                .unwrap_or_else(|e| panic!("an event line is JSON ({e}): {}", String::from_utf8_lossy(line)));
            let kind = ev["type"].as_str().unwrap_or("");
            assert!(
                ["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"].contains(&kind),
                "event type {kind:?} in {ev}"
            );
            assert!(ev["object"].is_object(), "an event carries an object: {ev}");
            if kind == "ERROR" {
                check_status_value(&ev["object"], None);
                continue;
            }
            if !w.plain {
                continue;
            }
            let rv = object_rv(&ev["object"]).unwrap_or_else(|| panic!("an event object has a resourceVersion: {ev}"));
            assert!(rv <= current, "an event is not from the future: {rv} > {current}");
            if kind != "BOOKMARK" && rv > w.opened_at {
                assert!(rv > w.last, "live events arrive once and in order: {rv} after {}", w.last);
                w.last = rv;
            }
        }
        w.done |= poll.done;
    }

    /// The answer to a `handle` call, and what the call may have changed.
    fn check_call(&mut self, req: &Request, resp: &Response, before: u64) {
        self.check_response(req, resp);
        let after = self.api.resource_version();
        let collection_delete = req.method == "DELETE" && is_collection(req);
        if resp.status >= 400 && !collection_delete && !self.config.auto_create_namespaces {
            assert_eq!(after, before, "a failed request changes nothing ({} {})", resp.status, resp.text());
        }
        if resp.status < 400 && is_dry_run(req) {
            assert_eq!(after, before, "a dry run changes nothing: {} {}", req.method, req.path);
        }
        if resp.status < 400 && jobsim::server::is_watch(req) {
            assert_eq!(after, before, "a watch changes nothing");
        }
        if resp.status == 201 && !is_dry_run(req) {
            assert!(after > before, "a create writes");
        }
        let v = resp.json();
        if let Some(token) = v["metadata"]["continue"].as_str() {
            self.tokens.push(token.to_string());
        }
        if let (Some(kind), Some(name)) = (v["kind"].as_str(), v["metadata"]["name"].as_str()) {
            let ns = v["metadata"]["namespace"].as_str().unwrap_or("").to_string();
            let entry = (kind.to_string(), ns, name.to_string());
            if !self.seen.contains(&entry) && self.seen.len() < 64 {
                self.seen.push(entry);
            }
        }
        // A write's answer is what a read then returns.
        let plain = !req.header("accept").unwrap_or("").contains("as=");
        let writes = matches!(req.method.as_str(), "POST" | "PUT" | "PATCH");
        if writes && plain && matches!(resp.status, 200 | 201) && !is_dry_run(req) && is_json(resp) {
            if let Some(path) = item_path(&v) {
                let read = self.api.handle(self.authorized(Request::get(&path)));
                if read.status == 404 {
                    assert!(
                        !v["metadata"]["deletionTimestamp"].is_null(),
                        "a written object is readable unless its deletion finished: {path}"
                    );
                } else {
                    assert_eq!(read.status, 200, "{path}: {}", read.text());
                    assert_eq!(read.json(), v, "a write answers what a read returns: {path}");
                }
            }
        }
    }

    /// The shape of any answer: a Status for failures, else an object, list, table or stream.
    fn check_response(&self, req: &Request, resp: &Response) {
        assert!((200..600).contains(&resp.status), "status {}", resp.status);
        if (300..400).contains(&resp.status) {
            // Only the OpenAPI document redirects, to the URL of its current hash (DISC-06).
            assert_eq!(resp.status, 301, "the one redirect");
            assert!(resp.header("location").is_some_and(|l| l.starts_with("/openapi/v3/")), "{resp:?}");
            assert!(resp.body.is_empty());
            return;
        }
        let ct = resp.header("content-type").unwrap_or_else(|| panic!("no content-type: {resp:?}"));
        assert!(ct == "application/json" || ct == "application/yaml", "content-type {ct}");
        for w in resp.header_all("warning") {
            assert!(w.starts_with("299 - \"") && w.ends_with('"') && w.len() >= 8, "warning header {w:?}");
        }
        if let Some(ra) = resp.header("retry-after") {
            assert!(ra.parse::<u32>().is_ok_and(|s| s > 0), "retry-after {ra:?}");
        }
        if resp.status == 200 && jobsim::server::is_watch(req) {
            for line in resp.body.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                let ev: Value = serde_json::from_slice(line)
                    .unwrap_or_else(|e| panic!("watch line is JSON ({e}): {}", String::from_utf8_lossy(line)));
                assert!(ev["type"].is_string() && ev["object"].is_object(), "watch event {ev}");
            }
            return;
        }
        let text = std::str::from_utf8(&resp.body).unwrap_or_else(|_| panic!("the body is UTF-8: {resp:?}"));
        let v: Value = if ct == "application/yaml" {
            serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("the body is YAML ({e}): {text}"))
        } else {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("the body is JSON ({e}): {text}"))
        };
        if resp.status >= 400 {
            check_status_value(&v, Some(resp.status));
            return;
        }
        let resource = matches!(
            jobsim::router::route(&req.method, req.path_only(), false),
            Ok((jobsim::router::Route::Resource(_), _))
        );
        if !resource {
            return;
        }
        let kind = v["kind"].as_str().unwrap_or_else(|| panic!("an answer has a kind: {text}"));
        assert!(v["apiVersion"].is_string(), "an answer has an apiVersion: {text}");
        assert!(v["metadata"].is_object(), "an answer has metadata: {text}");
        match kind {
            "Status" => {
                assert_eq!(v["status"], "Success", "a 2xx Status is a success: {text}");
                assert!(v.get("code").is_none(), "a success Status has no code");
            }
            k if k.ends_with("List") => {
                assert!(v["items"].is_array(), "a list has items: {text}");
                let rv = v["metadata"]["resourceVersion"].as_str().and_then(|s| s.parse::<u64>().ok());
                assert!(rv.is_some_and(|rv| rv <= self.api.resource_version()), "a list's resourceVersion: {text}");
            }
            "Table" => assert!(v["rows"].is_array() && v["columnDefinitions"].is_array(), "a table: {text}"),
            _ => {
                let name = v["metadata"]["name"].as_str().unwrap_or("");
                assert!(!name.is_empty(), "an object has a name: {text}");
                if let Some(rv) = v["metadata"]["resourceVersion"].as_str() {
                    let rv: u64 = rv.parse().unwrap_or_else(|_| panic!("resourceVersion {rv:?}"));
                    assert!(rv <= self.api.resource_version(), "an object is not from the future: {text}");
                }
            }
        }
    }

    /// The store's invariants: resourceVersions unique and not ahead of the store; every listed
    /// object readable as listed; a snapshot restores to the same snapshot.
    pub fn check_store(&mut self, when: &str) {
        let current = self.api.resource_version();
        let mut rvs = BTreeSet::new();
        for (list, kind, api_version) in [
            ("/apis/batch/v1/jobs", "Job", "batch/v1"),
            ("/api/v1/pods", "Pod", "v1"),
            ("/api/v1/events", "Event", "v1"),
            ("/api/v1/namespaces", "Namespace", "v1"),
        ] {
            let req = self.authorized(Request::get(list));
            let resp = self.api.handle(req);
            assert_eq!(resp.status, 200, "{when}: list {list}: {}", resp.text());
            let v = resp.json();
            assert_eq!(v["metadata"]["resourceVersion"], current.to_string(), "{when}: a list is current");
            for item in v["items"].as_array().cloned().unwrap_or_default() {
                let rv = object_rv(&item).unwrap_or_else(|| panic!("{when}: a stored object has a resourceVersion"));
                assert!(rv <= current, "{when}: stored rv {rv} > {current}");
                assert!(rvs.insert(rv), "{when}: two stored objects share resourceVersion {rv}");
                let mut full = Map::new();
                full.insert("kind".into(), kind.into());
                full.insert("apiVersion".into(), api_version.into());
                full.extend(item.as_object().cloned().unwrap_or_default());
                let full = Value::Object(full);
                let path = item_path(&full).unwrap_or_else(|| panic!("{when}: a listed object has a name"));
                let read = self.api.handle(self.authorized(Request::get(&path)));
                assert_eq!(read.status, 200, "{when}: GET {path} of a listed object: {}", read.text());
                assert_eq!(read.json(), full, "{when}: GET {path} returns the listed object");
            }
        }
        assert_eq!(self.api.resource_version(), current, "{when}: reads write nothing");
        let snap = self.api.snapshot();
        let restored = ApiServer::restore(&snap, self.config.clone())
            .unwrap_or_else(|e| panic!("{when}: the snapshot does not restore: {e}"));
        assert_eq!(restored.snapshot(), snap, "{when}: a snapshot restores to the same snapshot");
    }

    fn authorized(&self, req: Request) -> Request {
        match self.config.tokens.first() {
            Some(t) => req.with_header("Authorization", format!("Bearer {t}")),
            None => req,
        }
    }
}

/// Whether a request asks for a dry run: in its query, or for a DELETE with a body, in the
/// DeleteOptions it carries (a body's options replace the query's).
fn is_dry_run(req: &Request) -> bool {
    if req.method == "DELETE" && !req.body.iter().all(u8::is_ascii_whitespace) {
        let opts: Value =
            serde_json::from_slice(&req.body).or_else(|_| serde_yaml_ng::from_slice(&req.body)).unwrap_or(Value::Null);
        return opts["dryRun"].as_array().is_some_and(|a| !a.is_empty());
    }
    req.query().has("dryRun")
}

fn is_json(resp: &Response) -> bool {
    resp.header("content-type") == Some("application/json")
}

fn object_rv(v: &Value) -> Option<u64> {
    v["metadata"]["resourceVersion"].as_str()?.parse().ok()
}

/// `kind: Status`, `code` equal to the HTTP status, a message, and a reason (only a 500 may
/// come without one, as in kube-apiserver).
fn check_status_value(v: &Value, http: Option<u16>) {
    assert_eq!(v["kind"], "Status", "an error is a Status: {v}");
    assert_eq!(v["apiVersion"], "v1", "{v}");
    assert!(v["metadata"].is_object(), "a Status has metadata: {v}");
    assert_eq!(v["status"], "Failure", "{v}");
    let code = v["code"].as_u64().unwrap_or_else(|| panic!("a failure Status has a code: {v}"));
    if let Some(http) = http {
        assert_eq!(code, u64::from(http), "code equals the HTTP status: {v}");
    }
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "a failure has a message: {v}");
    if code != 500 {
        assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "a failure has a reason: {v}");
    }
}

/// Percent-encodes a path segment or query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The item path of an object with `kind`, `metadata.name` and (namespaced) `metadata.namespace`.
fn item_path(v: &Value) -> Option<String> {
    let name = enc(v["metadata"]["name"].as_str().filter(|n| !n.is_empty())?);
    let ns = enc(v["metadata"]["namespace"].as_str().unwrap_or(""));
    Some(match v["kind"].as_str()? {
        "Job" => format!("/apis/batch/v1/namespaces/{ns}/jobs/{name}"),
        "Pod" => format!("/api/v1/namespaces/{ns}/pods/{name}"),
        "Event" => format!("/api/v1/namespaces/{ns}/events/{name}"),
        "Namespace" => format!("/api/v1/namespaces/{name}"),
        _ => return None,
    })
}

fn is_collection(req: &Request) -> bool {
    matches!(
        jobsim::router::route("GET", req.path_only(), false),
        Ok((jobsim::router::Route::Resource(t), _)) if t.name.is_none()
    )
}

// ---------------------------------------------------------------------------------------------
// The structured generator.

fn config_from(src: &mut Source) -> Config {
    let flags = src.byte();
    Config {
        tokens: if flags & 1 != 0 { vec!["t0ken".into()] } else { Vec::new() },
        auto_create_namespaces: flags & 2 != 0,
        seed: u64::from(src.byte()),
        watch_history: if flags & 4 != 0 { 8 } else { jobsim::Config::default().watch_history },
        ..Config::default()
    }
}

const NAMESPACES: &[&str] = &["default", "default", "default", "default", "kube-system", "ns1", "missing", ""];
const ODD_NAMESPACES: &[&str] = &["Default", "a.b", "-x", "%2F", "é", "a b"];
const NAMES: &[&str] = &["a", "b", "c", "pi", "a", "b", "a", "x-1"];
const ODD_NAMES: &[&str] = &["", "A", "a_b", "-a", "a.b", "..", "é", "a%2Fb", "a b", "0", "a-"];

const LABEL_SELECTORS: &[&str] = &[
    "",
    "a=b",
    "a!=b",
    "a in (b,c)",
    "a notin (b)",
    "a",
    "!a",
    "a=",
    "=b",
    "a in (",
    "a==b",
    "x=y,a",
    "a>1",
    "a in ()",
    "batch.kubernetes.io/job-name=a",
    "job-name in (a,b),controller-uid",
    ",,",
    "a=b=c",
    "é=x",
    "a/b/c=d",
];
const FIELD_SELECTORS: &[&str] = &[
    "",
    "metadata.name=a",
    "metadata.namespace=default",
    "status.successful=1",
    "metadata.name!=a",
    "spec.x=1",
    "metadata.name",
    "metadata.name=a,metadata.name=b",
    "=a",
    "status.phase=Running",
    "spec.nodeName=node-1",
    "metadata.name==a",
    "involvedObject.name=a",
];

fn namespace(src: &mut Source) -> String {
    if src.chance(12) {
        src.pick(ODD_NAMESPACES).to_string()
    } else {
        src.pick(NAMESPACES).to_string()
    }
}

fn name(src: &mut Source, d: &Driver) -> String {
    if !d.seen.is_empty() && src.chance(64) {
        return d.seen[src.below(d.seen.len())].2.clone();
    }
    if src.chance(16) {
        if src.chance(40) {
            return "a".repeat(src.pick(&[63usize, 64, 253, 254]).to_owned());
        }
        return src.pick(ODD_NAMES).to_string();
    }
    src.pick(NAMES).to_string()
}

/// A scalar or small structure from a pool of values that have caught bugs before.
fn value(src: &mut Source, depth: usize) -> Value {
    match src.below(if depth > 2 { 40 } else { 46 }) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(false),
        3 => json!(0),
        4 => json!(1),
        5 => json!(2),
        6 => json!(-1),
        7 => json!(5),
        8 => json!(100),
        9 => json!(2147483647),
        10 => json!(2147483648u64),
        11 => json!(-2147483649i64),
        12 => json!(i64::MAX),
        13 => json!(u64::MAX),
        14 => serde_json::from_str("1e40").unwrap_or(Value::Null),
        15 => json!(1.5),
        16 => json!(""),
        17 => json!("x"),
        18 => json!(*src.pick(&["Never", "OnFailure", "Always"])),
        19 => json!(*src.pick(&["Indexed", "NonIndexed", "Failed", "TerminatingOrFailed"])),
        20 => json!(*src.pick(&["kubernetes.io/job-controller", "k8s.io/x", "example.com/ctl", "x"])),
        21 => json!("a".repeat(*src.pick(&[63usize, 64, 253, 254, 1000]))),
        22 => json!(*src.pick(&["2026-01-01T00:00:00Z", "not-a-date", "2026-13-45T99:99:99Z"])),
        23 => json!(*src.pick(&["0-2,4", "1-0", "0,,1", "-1", "99999999999", "0-1"])),
        24 => json!(*src.pick(&["é", "\u{0}", "a\nb", "\"", "<nil>"])),
        25 => json!([]),
        26 => json!({}),
        27 => {
            json!(["sh", "-c", *src.pick(&["sleep 5; exit 1", "exit 42", "sleep 3", "sleep 99999999999999", "true"])])
        }
        28 => json!({"a": "b"}),
        29 => json!({"matchLabels": {"a": "b"}}),
        30 => {
            json!({"matchExpressions": [{"key": "a", "operator": *src.pick(&["In", "NotIn", "Exists", "Gt", "x"]), "values": ["b"]}]})
        }
        31 => json!([{"name": "main", "image": "busybox"}]),
        32 => json!([{"name": "main", "image": "busybox"}, {"name": "main", "image": "x"}]),
        33 => json!({"limits": {"cpu": *src.pick(&["1", "abc", "-1", "1e400", "100m"]), "memory": "1Gi"}}),
        34 => {
            json!({"rules": [{"action": *src.pick(&["FailJob", "Ignore", "Count", "FailIndex", "Bogus"]), "onExitCodes": {"operator": "In", "values": [42]}}]})
        }
        35 => json!({"rules": [{"succeededIndexes": "0-1", "succeededCount": 1}]}),
        36 => {
            json!([{"type": *src.pick(&["Complete", "Failed", "Suspended", "SuccessCriteriaMet", "FailureTarget"]), "status": "True"}])
        }
        37 => json!([{"name": "v", "emptyDir": {}}]),
        38 => json!([{"apiVersion": "v1", "kind": "Pod", "name": "x", "uid": "u", "controller": true}]),
        39 => {
            json!({"jobsim.dev/pod-outcomes": *src.pick(&["fail,fail,succeed@3", "0=fail,1=succeed", "exit:42@1", "succeed@9223372036854775807", "fail@-5"])})
        }
        40 => json!([value(src, depth + 1), value(src, depth + 1)]),
        41 => {
            let mut m = Map::new();
            for _ in 0..src.below(3) {
                let k = src.pick(&["a", "name", "image", "$patch", "spec", "", "metadata"]).to_string();
                m.insert(k, value(src, depth + 1));
            }
            Value::Object(m)
        }
        42 => json!({"a": value(src, depth + 1)}),
        43 => json!([{"name": "main", "image": value(src, depth + 1)}]),
        44 => json!({"limits": {"cpu": value(src, depth + 1)}}),
        _ => json!({"nested": {"deeper": value(src, depth + 1)}}),
    }
}

const PATHS: &[&str] = &[
    "/spec/parallelism",
    "/spec/completions",
    "/spec/activeDeadlineSeconds",
    "/spec/backoffLimit",
    "/spec/backoffLimitPerIndex",
    "/spec/maxFailedIndexes",
    "/spec/ttlSecondsAfterFinished",
    "/spec/suspend",
    "/spec/completionMode",
    "/spec/manualSelector",
    "/spec/selector",
    "/spec/podReplacementPolicy",
    "/spec/managedBy",
    "/spec/podFailurePolicy",
    "/spec/successPolicy",
    "/spec/template/metadata/labels",
    "/spec/template/metadata/annotations",
    "/spec/template/spec/restartPolicy",
    "/spec/template/spec/containers",
    "/spec/template/spec/containers/0/name",
    "/spec/template/spec/containers/0/image",
    "/spec/template/spec/containers/0/command",
    "/spec/template/spec/containers/0/args",
    "/spec/template/spec/containers/0/env",
    "/spec/template/spec/containers/0/ports",
    "/spec/template/spec/containers/0/resources",
    "/spec/template/spec/containers/1",
    "/spec/template/spec/volumes",
    "/spec/template/spec/initContainers",
    "/spec/template/spec/terminationGracePeriodSeconds",
    "/spec/template/spec/activeDeadlineSeconds",
    "/spec/template/spec/nodeName",
    "/spec/template/spec/tolerations",
    "/spec/template",
    "/spec",
    "/metadata",
    "/metadata/name",
    "/metadata/generateName",
    "/metadata/namespace",
    "/metadata/labels",
    "/metadata/labels/a",
    "/metadata/annotations",
    "/metadata/annotations/jobsim.dev~1pod-outcomes",
    "/metadata/finalizers",
    "/metadata/ownerReferences",
    "/metadata/resourceVersion",
    "/metadata/uid",
    "/metadata/generation",
    "/metadata/managedFields",
    "/metadata/creationTimestamp",
    "/metadata/deletionTimestamp",
    "/status",
    "/status/active",
    "/status/succeeded",
    "/status/conditions",
    "/status/startTime",
    "/status/completionTime",
    "/status/completedIndexes",
    "/status/uncountedTerminatedPods",
    "/status/ready",
    "/status/phase",
    "/apiVersion",
    "/kind",
    "/unknownField",
    "/spec/unknownField",
];

/// Sets (or with `None`, removes) the value at a JSON pointer, creating objects on the way.
fn set_path(doc: &mut Value, pointer: &str, new: Option<Value>) {
    let parts: Vec<String> = pointer.split('/').skip(1).map(|p| p.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, parents)) = parts.split_last() else {
        if let Some(v) = new {
            *doc = v;
        }
        return;
    };
    let mut cur = doc;
    for p in parents {
        let next = match cur {
            Value::Object(m) => m.entry(p.clone()).or_insert_with(|| json!({})),
            Value::Array(a) => match p.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
        if next.is_null() {
            *next = json!({});
        }
        cur = next;
    }
    match (cur, new) {
        (Value::Object(m), Some(v)) => {
            m.insert(last.clone(), v);
        }
        (Value::Object(m), None) => {
            m.remove(last);
        }
        (Value::Array(a), Some(v)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => a[i] = v,
            Ok(i) if i == a.len() => a.push(v),
            _ => {}
        },
        (Value::Array(a), None) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// A valid Job of one of several shapes.
fn base_job(src: &mut Source, name: &str) -> Value {
    let mut j = json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}}}
    });
    let spec = |j: &mut Value, extra: Value| {
        if let (Some(s), Value::Object(e)) = (j["spec"].as_object_mut(), extra) {
            s.extend(e);
        }
    };
    match src.below(10) {
        0 => {}
        1 => {
            spec(&mut j, json!({"parallelism": 2, "completions": 3}));
            j["spec"]["template"]["spec"]["containers"][0]["command"] = json!(["sh", "-c", "sleep 5"]);
        }
        2 => spec(
            &mut j,
            json!({"completionMode": "Indexed", "completions": 3, "parallelism": 2, "backoffLimitPerIndex": 1, "maxFailedIndexes": 1}),
        ),
        3 => spec(
            &mut j,
            json!({"podFailurePolicy": {"rules": [
                {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}},
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}
            ]}}),
        ),
        4 => spec(
            &mut j,
            json!({"completionMode": "Indexed", "completions": 3, "parallelism": 3, "successPolicy": {"rules": [{"succeededIndexes": "0-1"}]}}),
        ),
        5 => spec(&mut j, json!({"suspend": true, "ttlSecondsAfterFinished": 0, "activeDeadlineSeconds": 30})),
        6 => {
            spec(&mut j, json!({"manualSelector": true, "selector": {"matchLabels": {"app": "x"}}}));
            j["spec"]["template"]["metadata"] = json!({"labels": {"app": "x"}});
        }
        7 => {
            j["metadata"] = json!({"generateName": format!("{name}-")});
        }
        8 => {
            j["metadata"]["labels"] = json!({"a": "b", "app": "x"});
            j["metadata"]["annotations"] = json!({"jobsim.dev/pod-outcomes": "fail,succeed@2"});
            j["metadata"]["finalizers"] = json!(["example.com/hold"]);
        }
        _ => {
            spec(&mut j, json!({"backoffLimit": 1, "podReplacementPolicy": "Failed"}));
            j["spec"]["template"]["spec"]["containers"][0]["command"] = json!(["sh", "-c", "sleep 2; exit 1"]);
        }
    }
    j
}

/// Changes a document at a few paths.
fn mutate(src: &mut Source, doc: &mut Value, max: usize) {
    for _ in 0..src.below(max + 1) {
        let path = *src.pick(PATHS);
        if src.chance(40) {
            set_path(doc, path, None);
        } else {
            let v = value(src, 0);
            set_path(doc, path, Some(v));
        }
    }
}

/// Text of a document: compact or pretty JSON, or YAML; sometimes damaged.
fn encode(src: &mut Source, doc: &Value, yaml: bool) -> Vec<u8> {
    let mut bytes = if yaml {
        serde_yaml_ng::to_string(doc).unwrap_or_default().into_bytes()
    } else if src.chance(64) {
        serde_json::to_vec_pretty(doc).unwrap_or_default()
    } else {
        serde_json::to_vec(doc).unwrap_or_default()
    };
    if src.chance(24) {
        damage(src, &mut bytes);
    }
    bytes
}

fn damage(src: &mut Source, bytes: &mut Vec<u8>) {
    match src.below(9) {
        0 => {
            let at = src.below(bytes.len() + 1);
            bytes.truncate(at);
        }
        1 if !bytes.is_empty() => {
            let at = src.below(bytes.len());
            bytes[at] ^= 1 << src.below(8);
        }
        2 => {
            let at = src.below(bytes.len() + 1);
            let junk = src.raw(8);
            bytes.splice(at..at, junk);
        }
        3 => {
            // A duplicated key (FVL-02).
            if bytes.first() == Some(&b'{') {
                bytes.splice(1..1, br#""spec":{"parallelism":1},"#.iter().copied());
            }
        }
        4 => *bytes = b"[".repeat(src.below(300)),
        5 => {
            *bytes =
                b"a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]\n".to_vec()
        }
        6 => bytes.extend_from_slice(&[0xff, 0xfe, 0x80]),
        7 => *bytes = src.raw(64),
        _ => bytes.clear(),
    }
}

/// A query string from parameters, each `key=value` percent-encoded.
fn query(params: &[(String, String)]) -> String {
    if params.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    format!("?{}", parts.join("&"))
}

fn p(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_string(), v.into())
}

fn resource_version(src: &mut Source, d: &Driver) -> String {
    let cur = d.api.resource_version();
    match src.below(9) {
        0 => String::new(),
        1 => "0".into(),
        2 => cur.to_string(),
        3 => cur.saturating_sub(1).to_string(),
        4 => "1".into(),
        5 => (cur + 5).to_string(),
        6 => "abc".into(),
        7 => "-1".into(),
        _ => "18446744073709551616".into(),
    }
}

fn continue_token(src: &mut Source, d: &Driver) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    if !d.tokens.is_empty() && src.chance(160) {
        return d.tokens[src.below(d.tokens.len())].clone();
    }
    match src.below(8) {
        0 => "!!!".into(),
        1 => b64(r#"{"v":"meta.k8s.io/v1","rv":-1,"start":"a\u0000"}"#),
        2 => b64(r#"{"v":"meta.k8s.io/v1","rv":1,"start":"default/a\u0000"}"#),
        3 => b64(r#"{"v":"meta.k8s.io/v1","rv":9223372036854775807,"start":"a\u0000"}"#),
        4 => b64(r#"{"v":"x","rv":1,"start":""}"#),
        5 => b64(r#"{"v":"meta.k8s.io/v1","rv":1,"start":"../../a"}"#),
        6 => b64("not json"),
        _ => String::from_utf8_lossy(&src.raw(16)).into_owned(),
    }
}

/// Options of a list or watch.
fn list_params(src: &mut Source, d: &Driver, watch: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for _ in 0..src.below(4) {
        out.push(match src.below(11) {
            0 => p("labelSelector", *src.pick(LABEL_SELECTORS)),
            1 => p("fieldSelector", *src.pick(FIELD_SELECTORS)),
            2 => p("limit", *src.pick(&["1", "2", "0", "-1", "abc", "", "99999999999999999999"])),
            3 => p("continue", continue_token(src, d)),
            4 => p("resourceVersion", resource_version(src, d)),
            5 => p("resourceVersionMatch", *src.pick(&["Exact", "NotOlderThan", "", "exact", "x"])),
            6 => p("timeoutSeconds", *src.pick(&["1", "5", "0", "-1", "x", "9223372036854775807"])),
            7 => p("allowWatchBookmarks", *src.pick(&["true", "false", "", "1"])),
            8 => p("sendInitialEvents", *src.pick(&["true", "false"])),
            9 => p("watch", if watch { "true" } else { "false" }),
            _ => {
                let key = *src.pick(&["includeObject", "pretty", "bogus"]);
                p(key, *src.pick(&["Object", "None", "Metadata", "1", "x"]))
            }
        });
    }
    out
}

/// Options of a write.
fn write_params(src: &mut Source) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for _ in 0..src.below(3) {
        out.push(match src.below(7) {
            0 => p("dryRun", *src.pick(&["All", "All", "x", ""])),
            1 => p("fieldValidation", *src.pick(&["Strict", "Warn", "Ignore", "", "strict"])),
            2 => p("fieldManager", *src.pick(&["a", "b", "kubectl", "", "\u{1}", &"m".repeat(129)])),
            3 => p("force", *src.pick(&["true", "false"])),
            4 => p("pretty", *src.pick(&["true", "1", "false"])),
            5 => p("propagationPolicy", *src.pick(&["Background", "Foreground", "Orphan", "x"])),
            _ => p("gracePeriodSeconds", *src.pick(&["0", "30", "-1", "x", "9223372036854775807"])),
        });
    }
    out
}

const ACCEPTS: &[&str] = &[
    "application/json",
    "application/yaml",
    "*/*",
    "application/json;as=Table;v=v1;g=meta.k8s.io",
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json",
    "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
    "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io",
    "application/yaml;as=Table;v=v1;g=meta.k8s.io",
    "application/vnd.kubernetes.protobuf",
    "text/html",
    "application/json;pretty=1",
    "application/json;as=Bogus;v=v1;g=meta.k8s.io",
    "application/*",
    ";;,",
];

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/yaml",
    "application/json; charset=utf-8",
    "text/plain",
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
    "application/vnd.kubernetes.protobuf",
    "",
    ";",
];

fn headers(src: &mut Source, d: &Driver, mut req: Request) -> Request {
    if let Some(t) = d.config.tokens.first() {
        if !src.chance(8) {
            req = req.with_header("Authorization", format!("Bearer {t}"));
        } else if src.chance(128) {
            req = req.with_header("Authorization", "Bearer wrong");
        }
    }
    if src.chance(48) {
        req = req.with_header("Accept", *src.pick(ACCEPTS));
    }
    if src.chance(24) {
        req = req.with_header(
            "User-Agent",
            *src.pick(&["curl/8.5.0", "Mozilla/5.0", "kubectl/v1.35.0 (linux/amd64) kubernetes/abc", "", "\u{7f}"]),
        );
    }
    req
}

fn jobs_path(ns: &str) -> String {
    format!("/apis/batch/v1/namespaces/{}/jobs", enc(ns))
}

fn job_path(ns: &str, name: &str) -> String {
    format!("{}/{}", jobs_path(ns), enc(name))
}

/// A PATCH body of the given type, and its Content-Type.
fn patch_body(src: &mut Source, d: &Driver, name: &str) -> (&'static str, Vec<u8>) {
    match src.below(4) {
        0 => {
            let mut ops = Vec::new();
            for _ in 0..1 + src.below(4) {
                let op = *src.pick(&["add", "remove", "replace", "move", "copy", "test", "bogus"]);
                let mut o = json!({"op": op, "path": *src.pick(PATHS)});
                if !matches!(op, "remove" | "move" | "copy") || src.chance(32) {
                    o["value"] = value(src, 0);
                }
                if matches!(op, "move" | "copy") || src.chance(16) {
                    o["from"] = json!(*src.pick(PATHS));
                }
                ops.push(o);
            }
            let body = if src.chance(16) { value(src, 0) } else { Value::Array(ops) };
            ("application/json-patch+json", encode(src, &body, false))
        }
        1 => {
            let mut body = json!({});
            mutate(src, &mut body, 3);
            ("application/merge-patch+json", encode(src, &body, false))
        }
        2 => {
            let mut body = json!({});
            mutate(src, &mut body, 3);
            let directive = match src.below(9) {
                0 => Some(("/spec/template/spec/containers", json!([{"name": "main", "$patch": "delete"}]))),
                1 => Some(("/spec/template/spec/containers", json!([{"name": "side", "image": "x"}]))),
                2 => Some(("/$patch", json!(*src.pick(&["replace", "delete", "merge", "bogus"])))),
                3 => Some(("/metadata/$deleteFromPrimitiveList~1finalizers", json!(["example.com/hold"]))),
                4 => {
                    Some(("/spec/template/spec/$setElementOrder~1containers", json!([{"name": "x"}, {"name": "main"}])))
                }
                5 => Some(("/spec/$retainKeys", json!(["template", "parallelism"]))),
                6 => Some(("/metadata/$setElementOrder~1finalizers", json!(["a", "b"]))),
                7 => Some(("/spec/template/spec/volumes", json!([{"name": "v", "$patch": "replace"}]))),
                _ => None,
            };
            if let Some((path, v)) = directive {
                set_path(&mut body, path, Some(v));
            }
            ("application/strategic-merge-patch+json", encode(src, &body, false))
        }
        _ => {
            let mut body = if src.chance(128) {
                base_job(src, name)
            } else {
                json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}})
            };
            mutate(src, &mut body, 2);
            let _ = d;
            let yaml = src.chance(160);
            ("application/apply-patch+yaml", encode(src, &body, yaml))
        }
    }
}

impl Driver {
    /// The current JSON of a Job, if it exists (read without recording an operation).
    fn current(&mut self, ns: &str, name: &str) -> Option<Value> {
        let resp = self.api.handle(self.authorized(Request::get(job_path(ns, name))));
        (resp.status == 200).then(|| resp.json())
    }

    /// The next operation, chosen by the bytes and by what the server holds now.
    pub fn generate(&mut self, src: &mut Source) -> Op {
        let ns = namespace(src);
        let nm = name(src, self);
        match src.below(32) {
            // Create a Job, valid or mutated, JSON or YAML.
            0..=5 => {
                let mut job = base_job(src, &nm);
                if src.chance(160) {
                    mutate(src, &mut job, 3);
                }
                let yaml = src.chance(40);
                let mut req =
                    Request::post(format!("{}{}", jobs_path(&ns), query(&write_params(src))), encode(src, &job, yaml));
                if yaml {
                    req = req.with_header("Content-Type", "application/yaml");
                } else if src.chance(32) {
                    req = req.with_header("Content-Type", *src.pick(CONTENT_TYPES));
                }
                Op::Call(headers(src, self, req))
            }
            // Replace a Job (main resource or status) from its current state, mutated.
            6..=8 => {
                let status = src.chance(80);
                let mut job = self.current(&ns, &nm).unwrap_or_else(|| base_job(src, &nm));
                if status {
                    let s = json!({"active": 1, "startTime": "2026-01-01T00:00:00Z"});
                    set_path(&mut job, "/status", Some(s));
                }
                mutate(src, &mut job, 2);
                let mut path = job_path(&ns, &nm);
                if status {
                    path.push_str("/status");
                }
                let yaml = src.chance(24);
                let mut req = Request::put(format!("{path}{}", query(&write_params(src))), encode(src, &job, yaml));
                if yaml {
                    req = req.with_header("Content-Type", "application/yaml");
                }
                Op::Call(headers(src, self, req))
            }
            // Patch, in all four types, on the main resource or status.
            9..=13 => {
                let (ct, body) = patch_body(src, self, &nm);
                let mut params = write_params(src);
                if ct.starts_with("application/apply-patch") && src.chance(230) {
                    params.push(p("fieldManager", *src.pick(&["a", "b", "kubectl"])));
                }
                let mut path = job_path(&ns, &nm);
                if src.chance(48) {
                    path.push_str("/status");
                }
                let ct = if src.chance(8) { *src.pick(CONTENT_TYPES) } else { ct };
                let req = Request::patch(format!("{path}{}", query(&params)), ct, body);
                Op::Call(headers(src, self, req))
            }
            // Read, list (one namespace or all), with options and transforms.
            14..=16 => {
                let path = match src.below(6) {
                    0 | 1 => job_path(&ns, &nm),
                    2 => format!("{}/status", job_path(&ns, &nm)),
                    3 => "/apis/batch/v1/jobs".to_string(),
                    _ => jobs_path(&ns),
                };
                let req = Request::get(format!("{path}{}", query(&list_params(src, self, false))));
                Op::Call(headers(src, self, req))
            }
            // Delete one, or a collection.
            17..=19 => {
                let collection = src.chance(64);
                let path = if collection { jobs_path(&ns) } else { job_path(&ns, &nm) };
                let mut params = write_params(src);
                if collection {
                    params.extend(list_params(src, self, false));
                }
                if src.chance(24) {
                    params.push(p("orphanDependents", *src.pick(&["true", "false"])));
                }
                let mut req = Request::delete(format!("{path}{}", query(&params)));
                if src.chance(64) {
                    let mut opts = json!({"kind": "DeleteOptions", "apiVersion": "v1"});
                    match src.below(6) {
                        0 => opts["propagationPolicy"] = json!(*src.pick(&["Background", "Foreground", "Orphan", "x"])),
                        1 => opts["orphanDependents"] = json!(src.chance(128)),
                        2 => opts["preconditions"] = json!({"resourceVersion": resource_version(src, self)}),
                        3 => opts["preconditions"] = json!({"uid": "00000000-0000-4000-8000-000000000000"}),
                        4 => opts["gracePeriodSeconds"] = value(src, 0),
                        _ => opts["dryRun"] = json!(["All"]),
                    }
                    mutate(src, &mut opts, 1);
                    req = req.with_body(encode(src, &opts, false));
                }
                Op::Call(headers(src, self, req))
            }
            // Watches: open (through watch or handle), poll, close.
            20..=22 => {
                let path = match src.below(5) {
                    0 => format!("/apis/batch/v1/watch/namespaces/{}/jobs/{}", enc(&ns), enc(&nm)),
                    1 => "/apis/batch/v1/jobs".to_string(),
                    2 => "/api/v1/pods".to_string(),
                    _ => jobs_path(&ns),
                };
                let mut params = list_params(src, self, true);
                params.push(p("watch", "true"));
                let req = headers(src, self, Request::get(format!("{path}{}", query(&params))));
                if src.chance(64) {
                    Op::Call(req)
                } else {
                    Op::Watch(req)
                }
            }
            23..=24 if !self.watches.is_empty() => Op::Poll(src.below(self.watches.len())),
            25 if !self.watches.is_empty() => Op::Close(src.below(self.watches.len())),
            // The clock.
            23..=26 => Op::Advance(*src.pick(&[0, 1, 2, 3, 5, 10, 30, 60, 600, 3600, 86_400, u64::MAX / 2])),
            // Namespaces, pods, events.
            27 => {
                let req = match src.below(4) {
                    0 => Request::post("/api/v1/namespaces", json!({"metadata": {"name": ns}}).to_string()),
                    1 => Request::delete(format!("/api/v1/namespaces/{}{}", enc(&ns), query(&write_params(src)))),
                    2 => Request::get(format!("/api/v1/namespaces/{}", enc(&ns))),
                    _ => Request::get("/api/v1/namespaces"),
                };
                Op::Call(headers(src, self, req))
            }
            28 => {
                let pod =
                    self.seen.iter().filter(|s| s.0 == "Pod").map(|s| (s.1.clone(), s.2.clone())).collect::<Vec<_>>();
                let (pns, pname) =
                    if pod.is_empty() { (ns.clone(), nm.clone()) } else { pod[src.below(pod.len())].clone() };
                let item = format!("/api/v1/namespaces/{}/pods/{}", enc(&pns), enc(&pname));
                let req = match src.below(6) {
                    0 => Request::delete(format!("{item}{}", query(&write_params(src)))),
                    1 => {
                        let (ct, body) = patch_body(src, self, &pname);
                        let path = if src.chance(128) { format!("{item}/status") } else { item };
                        Request::patch(path, ct, body)
                    }
                    2 => {
                        let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pname},
                            "spec": {"nodeName": "node-1", "containers": [{"name": "c", "image": "busybox"}]}});
                        mutate(src, &mut pod, 2);
                        Request::post(format!("/api/v1/namespaces/{}/pods", enc(&pns)), encode(src, &pod, false))
                    }
                    3 => Request::get(format!(
                        "/api/v1/namespaces/{}/pods{}",
                        enc(&pns),
                        query(&list_params(src, self, false))
                    )),
                    4 => Request::delete(format!("/api/v1/namespaces/{}/pods", enc(&pns))),
                    _ => Request::get(format!(
                        "/api/v1/namespaces/{}/events{}",
                        enc(&pns),
                        query(&list_params(src, self, false))
                    )),
                };
                Op::Call(headers(src, self, req))
            }
            29 => Op::Restore,
            // Anything at all.
            _ => {
                let method = if src.chance(200) {
                    src.pick(&["GET", "POST", "PUT", "PATCH", "DELETE", "BREW", "get", "", "OPTIONS", "HEAD"])
                        .to_string()
                } else {
                    String::from_utf8_lossy(&src.raw(6)).into_owned()
                };
                let path = match src.below(4) {
                    0 => String::from_utf8_lossy(&src.raw(40)).into_owned(),
                    1 => src
                        .pick(&[
                            "/version",
                            "/api",
                            "/apis",
                            "/apis/batch",
                            "/apis/batch/v1",
                            "/healthz",
                            "/openapi/v3",
                            "/openapi/v3/apis/batch/v1",
                            "/apis/batch/v1/namespaces/default/foos",
                            "//",
                            "/apis/batch/v1/namespaces//jobs",
                            "/apis/batch/v1/namespaces/default/jobs/a/b/c",
                            "/apis/batch/v2/jobs",
                            "/api/v1/namespaces/default/pods/a/log",
                        ])
                        .to_string(),
                    _ => format!("{}{}", job_path(&ns, &nm), String::from_utf8_lossy(&src.raw(12))),
                };
                let mut req = Request::new(method, path);
                for _ in 0..src.below(3) {
                    let k = src.pick(&["Content-Type", "Accept", "content-type", "X", "Authorization"]).to_string();
                    let v = String::from_utf8_lossy(&src.raw(24)).into_owned();
                    req = req.with_header(k, v);
                }
                req.body = src.raw(256);
                Op::Call(req)
            }
        }
    }
}
