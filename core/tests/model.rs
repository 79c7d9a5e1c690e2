//! Model-based tests: random sequences of create / get / replace / patch (all four types) /
//! status / delete / delete-collection / list / watch / advance, each run against the server and
//! against a small reference model of what it must hold. After every step: resourceVersions only
//! grow and each change takes a new one, reads and lists equal the model, generation moves only
//! with the spec, every writer has its managedFields entry, a dry run changes nothing, and every
//! open watch has seen each change exactly once, in order (CRE-06, PUT-*, PAT-*, STA-*, DEL-*,
//! DCO-*, DRY-*, LST-*, WAT-*).
//!
//! The Jobs are managed by another controller (`spec.managedBy`), so the simulated Job controller
//! leaves them alone and `advance` must change nothing; every change comes from a request.

use jobsim::{ApiServer, Request, Response, WatchId};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

const NAMESPACES: [&str; 2] = ["default", "kube-system"];
const NAMES: [&str; 3] = ["a", "b", "c"];
const MANAGERS: [&str; 3] = ["alice", "bob", "carol"];
/// Label selectors over the one label the model varies (`app`).
const SELECTORS: [&str; 4] = ["", "app=x", "app!=x", "app"];
const OTHER: &str = "example.com/other";

#[derive(Clone, Copy, Debug)]
enum PatchKind {
    Json,
    Merge,
    Strategic,
    Apply,
}

/// What a write changes.
#[derive(Clone, Copy, Debug)]
enum Change {
    Parallelism(i32),
    App(Option<&'static str>),
}

#[derive(Clone, Debug)]
enum Op {
    Create { ns: usize, name: usize, app: Option<&'static str>, parallelism: i32, dry: bool, manager: usize },
    Get { ns: usize, name: usize },
    Replace { ns: usize, name: usize, change: Change, stale: bool, dry: bool, manager: usize },
    Patch { ns: usize, name: usize, kind: PatchKind, change: Change, dry: bool, manager: usize },
    Status { ns: usize, name: usize, active: i32, put: bool, manager: usize },
    Delete { ns: usize, name: usize, dry: bool },
    DeleteCollection { ns: usize, selector: usize, dry: bool },
    List { ns: Option<usize>, selector: usize },
    Watch { ns: Option<usize>, selector: usize, initial: bool },
    Poll(usize),
    Close(usize),
    Advance(u64),
}

fn app() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![Just(None), Just(Some("x")), Just(Some("y"))]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![(0..4i32).prop_map(Change::Parallelism), app().prop_map(Change::App)]
}

fn kind() -> impl Strategy<Value = PatchKind> {
    prop_oneof![Just(PatchKind::Json), Just(PatchKind::Merge), Just(PatchKind::Strategic), Just(PatchKind::Apply)]
}

fn op() -> impl Strategy<Value = Op> {
    let ns = 0..NAMESPACES.len();
    let name = 0..NAMES.len();
    let manager = 0..MANAGERS.len();
    let dry = prop::bool::weighted(0.2);
    prop_oneof![
        4 => (ns.clone(), name.clone(), app(), 0..4i32, dry, manager.clone())
            .prop_map(|(ns, name, app, parallelism, dry, manager)| Op::Create { ns, name, app, parallelism, dry, manager }),
        1 => (ns.clone(), name.clone()).prop_map(|(ns, name)| Op::Get { ns, name }),
        3 => (ns.clone(), name.clone(), change(), prop::bool::weighted(0.2), dry, manager.clone())
            .prop_map(|(ns, name, change, stale, dry, manager)| Op::Replace { ns, name, change, stale, dry, manager }),
        4 => (ns.clone(), name.clone(), kind(), change(), dry, manager.clone())
            .prop_map(|(ns, name, kind, change, dry, manager)| Op::Patch { ns, name, kind, change, dry, manager }),
        2 => (ns.clone(), name.clone(), 0..3i32, any::<bool>(), manager.clone())
            .prop_map(|(ns, name, active, put, manager)| Op::Status { ns, name, active, put, manager }),
        2 => (ns.clone(), name.clone(), dry).prop_map(|(ns, name, dry)| Op::Delete { ns, name, dry }),
        1 => (ns.clone(), 0..SELECTORS.len(), dry).prop_map(|(ns, selector, dry)| Op::DeleteCollection { ns, selector, dry }),
        2 => (prop::option::of(ns.clone()), 0..SELECTORS.len()).prop_map(|(ns, selector)| Op::List { ns, selector }),
        2 => (prop::option::of(ns), 0..SELECTORS.len(), any::<bool>())
            .prop_map(|(ns, selector, initial)| Op::Watch { ns, selector, initial }),
        2 => (0..4usize).prop_map(Op::Poll),
        1 => (0..4usize).prop_map(Op::Close),
        1 => prop_oneof![Just(0u64), Just(1), Just(30), Just(600)].prop_map(Op::Advance),
    ]
}

/// What the model knows of one Job.
#[derive(Clone, Debug)]
struct Model {
    /// The object as the last write answered it (what a GET must return).
    body: Value,
    rv: u64,
    generation: i64,
    app: Option<String>,
    parallelism: i32,
    active: i32,
}

/// One change as a watch must report it.
#[derive(Clone, Debug)]
struct Event {
    rv: u64,
    kind: &'static str,
    key: (String, String),
    before: Option<Option<String>>,
    after: Option<String>,
    body: Option<Value>,
}

struct Watch {
    id: WatchId,
    ns: Option<String>,
    selector: &'static str,
    /// Every event it must have delivered so far, and every event it has delivered.
    expected: Vec<(String, String, u64)>,
    received: Vec<(String, String, u64)>,
}

fn matches(selector: &str, app: Option<&str>) -> bool {
    match selector {
        "" => true,
        "app=x" => app == Some("x"),
        "app!=x" => app != Some("x"),
        "app" => app.is_some(),
        other => panic!("selector {other}"),
    }
}

impl Watch {
    fn sees(&self, ns: &str) -> bool {
        self.ns.as_deref().is_none_or(|w| w == ns)
    }

    /// WAT-12: what this watch reports of a change, given whether the old and new states match.
    fn expect(&mut self, e: &Event) {
        if !self.sees(&e.key.0) {
            return;
        }
        let now = matches(self.selector, e.after.as_deref());
        let before = e.before.as_ref().is_some_and(|b| matches(self.selector, b.as_deref()));
        let kind = match e.kind {
            "ADDED" if now => Some("ADDED"),
            "MODIFIED" => match (before, now) {
                (true, true) => Some("MODIFIED"),
                (false, true) => Some("ADDED"),
                (true, false) => Some("DELETED"),
                (false, false) => None,
            },
            "DELETED" if now => Some("DELETED"),
            _ => None,
        };
        if let Some(kind) = kind {
            self.expected.push((kind.to_string(), e.key.1.clone(), e.rv));
        }
    }
}

struct Run {
    api: ApiServer,
    jobs: BTreeMap<(String, String), Model>,
    log: Vec<Event>,
    watches: Vec<Option<Watch>>,
    /// The highest resourceVersion any change has taken.
    last_rv: u64,
    /// Everyone who has written, for the managedFields check.
    writers: Vec<String>,
}

fn rv_of(v: &Value) -> u64 {
    v["metadata"]["resourceVersion"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("an rv: {v}"))
}

fn item_path(ns: &str, name: &str) -> String {
    format!("/apis/batch/v1/namespaces/{ns}/jobs/{name}")
}

fn jobs_path(ns: &str) -> String {
    format!("/apis/batch/v1/namespaces/{ns}/jobs")
}

/// The Job the model creates; `managedBy` keeps the simulated controller away from it.
fn new_job(name: &str, app: Option<&str>, parallelism: i32) -> Value {
    let mut j = json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": name},
        "spec": {"parallelism": parallelism, "managedBy": OTHER,
            "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}}}
    });
    if let Some(a) = app {
        j["metadata"]["labels"] = json!({"app": a});
    }
    j
}

fn dry_query(dry: bool) -> &'static str {
    if dry {
        "dryRun=All&"
    } else {
        ""
    }
}

impl Run {
    fn new() -> Self {
        let api = ApiServer::new(jobsim::Config::default());
        let last_rv = api.resource_version();
        Run { api, jobs: BTreeMap::new(), log: Vec::new(), watches: Vec::new(), last_rv, writers: Vec::new() }
    }

    /// Records a change the server made: it takes the next resourceVersion, and every watch
    /// must report it.
    fn record(&mut self, e: Event) {
        assert!(e.rv > self.last_rv, "resourceVersions strictly increase: {} after {}", e.rv, self.last_rv);
        self.last_rv = e.rv;
        for w in self.watches.iter_mut().flatten() {
            w.expect(&e);
        }
        self.log.push(e);
    }

    /// A successful write of a Job, checked against what it changed.
    fn written(&mut self, key: &(String, String), resp: &Response, before_rv: u64, manager: &str, op: &str) {
        let v = resp.json();
        let rv = rv_of(&v);
        let old = self.jobs.get(key).cloned();
        let app = v["metadata"]["labels"]["app"].as_str().map(str::to_string);
        let parallelism = v["spec"]["parallelism"].as_i64().unwrap_or(-1) as i32;
        let active = v["status"]["active"].as_i64().unwrap_or(0) as i32;
        let generation = v["metadata"]["generation"].as_i64().unwrap_or(-1);
        match &old {
            Some(m) if m.body == v => {
                assert_eq!(
                    self.api.resource_version(),
                    before_rv,
                    "a write that changes nothing takes no resourceVersion"
                );
                return;
            }
            Some(m) => {
                let spec_changed = m.parallelism != parallelism;
                let want = if spec_changed { m.generation + 1 } else { m.generation };
                assert_eq!(generation, want, "generation moves with the spec only ({op})");
            }
            None => assert_eq!(generation, 1, "a new Job starts at generation 1"),
        }
        assert_eq!(rv, self.api.resource_version(), "the write took the store's newest resourceVersion");
        assert_eq!(rv, before_rv + 1, "one write, one resourceVersion");
        let entries = v["metadata"]["managedFields"].as_array().cloned().unwrap_or_default();
        let (operation, subresource) = match op {
            "apply" => ("Apply", ""),
            "status" => ("Update", "status"),
            _ => ("Update", ""),
        };
        // An Update that only removed fields owns nothing afterwards, and a manager that owns
        // nothing has no entry (structured-merge-diff drops empty sets).
        let only_removed = operation == "Update"
            && old.as_ref().is_some_and(|m| {
                m.app.is_some() && app.is_none() && m.parallelism == parallelism && m.active == active
            });
        assert!(
            only_removed
                || entries.iter().any(|e| e["manager"] == manager
                    && e["operation"] == operation
                    && e["subresource"].as_str().unwrap_or("") == subresource),
            "the writer {manager} ({operation} {subresource}) has its managedFields entry: {entries:?}"
        );
        self.writers.push(manager.to_string());
        for e in &entries {
            let m = e["manager"].as_str().unwrap_or("");
            assert!(self.writers.iter().any(|w| w == m), "managedFields name only writers: {m}");
        }
        self.record(Event {
            rv,
            kind: if old.is_some() { "MODIFIED" } else { "ADDED" },
            key: key.clone(),
            before: old.as_ref().map(|m| m.app.clone()),
            after: app.clone(),
            body: Some(v.clone()),
        });
        self.jobs.insert(key.clone(), Model { body: v, rv, generation, app, parallelism, active });
    }

    fn deleted(&mut self, key: &(String, String), rv: u64) {
        let m = self.jobs.remove(key).expect("the model had it");
        self.record(Event {
            rv,
            kind: "DELETED",
            key: key.clone(),
            before: Some(m.app.clone()),
            after: m.app.clone(),
            body: None,
        });
    }

    fn step(&mut self, op: &Op) {
        let before = self.api.resource_version();
        match *op {
            Op::Create { ns, name, app, parallelism, dry, manager } => {
                let key = (NAMESPACES[ns].to_string(), NAMES[name].to_string());
                let m = MANAGERS[manager];
                let path = format!("{}?{}fieldManager={m}", jobs_path(&key.0), dry_query(dry));
                let r = self.api.handle(Request::post(path, new_job(&key.1, app, parallelism).to_string()));
                if self.jobs.contains_key(&key) {
                    assert_eq!(r.status, 409, "create of an existing Job: {}", r.text());
                } else {
                    assert_eq!(r.status, 201, "{}", r.text());
                    if !dry {
                        self.written(&key, &r, before, m, "create");
                    }
                }
            }
            Op::Get { ns, name } => {
                let r = self.api.handle(Request::get(item_path(NAMESPACES[ns], NAMES[name])));
                match self.jobs.get(&(NAMESPACES[ns].to_string(), NAMES[name].to_string())) {
                    Some(m) => {
                        assert_eq!(r.status, 200);
                        assert_eq!(r.json(), m.body);
                    }
                    None => assert_eq!(r.status, 404),
                }
            }
            Op::Replace { ns, name, change, stale, dry, manager } => {
                let key = (NAMESPACES[ns].to_string(), NAMES[name].to_string());
                let m = MANAGERS[manager];
                let Some(model) = self.jobs.get(&key).cloned() else {
                    let r =
                        self.api.handle(Request::put(item_path(&key.0, &key.1), new_job(&key.1, None, 1).to_string()));
                    assert_eq!(r.status, 404, "{}", r.text());
                    return;
                };
                let mut body = model.body.clone();
                match change {
                    Change::Parallelism(p) => body["spec"]["parallelism"] = json!(p),
                    Change::App(Some(a)) => body["metadata"]["labels"]["app"] = json!(a),
                    Change::App(None) => {
                        if let Some(l) = body["metadata"]["labels"].as_object_mut() {
                            l.remove("app");
                        }
                    }
                }
                if stale {
                    body["metadata"]["resourceVersion"] = json!((model.rv - 1).to_string());
                }
                let path = format!("{}?{}fieldManager={m}", item_path(&key.0, &key.1), dry_query(dry));
                let r = self.api.handle(Request::put(path, body.to_string()));
                if stale {
                    assert_eq!(r.status, 409, "{}", r.text());
                    assert_eq!(r.json()["reason"], "Conflict");
                } else {
                    assert_eq!(r.status, 200, "{}", r.text());
                    if dry {
                        self.dry_answer(&r, change);
                    } else {
                        self.written(&key, &r, before, m, "update");
                    }
                }
            }
            Op::Patch { ns, name, kind, change, dry, manager } => {
                let key = (NAMESPACES[ns].to_string(), NAMES[name].to_string());
                let m = MANAGERS[manager];
                let exists = self.jobs.contains_key(&key);
                let (ct, body) = match (kind, change) {
                    (PatchKind::Json, Change::Parallelism(p)) => (
                        "application/json-patch+json",
                        json!([{"op": "replace", "path": "/spec/parallelism", "value": p}]),
                    ),
                    (PatchKind::Json, Change::App(Some(a))) => (
                        "application/json-patch+json",
                        json!([{"op": "add", "path": "/metadata/labels/app", "value": a}]),
                    ),
                    // Removing an absent label would fail the patch: test for it, then remove.
                    (PatchKind::Json, Change::App(None)) => (
                        "application/json-patch+json",
                        json!([{"op": "add", "path": "/metadata/labels/app", "value": "gone"}, {"op": "remove", "path": "/metadata/labels/app"}]),
                    ),
                    (PatchKind::Merge | PatchKind::Strategic, c) => {
                        let ct = if matches!(kind, PatchKind::Merge) {
                            "application/merge-patch+json"
                        } else {
                            "application/strategic-merge-patch+json"
                        };
                        let body = match c {
                            Change::Parallelism(p) => json!({"spec": {"parallelism": p}}),
                            Change::App(a) => json!({"metadata": {"labels": {"app": a}}}),
                        };
                        (ct, body)
                    }
                    (PatchKind::Apply, c) => {
                        // The whole intent each time, taking over what others own (force).
                        let current = self.jobs.get(&key);
                        let app = match c {
                            Change::App(a) => a.map(str::to_string),
                            _ => current.and_then(|j| j.app.clone()),
                        };
                        let p = match c {
                            Change::Parallelism(p) => p,
                            _ => current.map_or(1, |j| j.parallelism),
                        };
                        let mut intent = new_job(&key.1, None, p);
                        if let Some(a) = app {
                            intent["metadata"]["labels"] = json!({"app": a});
                        }
                        ("application/apply-patch+yaml", intent)
                    }
                };
                let force = if matches!(kind, PatchKind::Apply) { "force=true&" } else { "" };
                let path = format!("{}?{}{force}fieldManager={m}", item_path(&key.0, &key.1), dry_query(dry));
                let r = self.api.handle(Request::patch(path, ct, body.to_string()));
                if !exists && !matches!(kind, PatchKind::Apply) {
                    assert_eq!(r.status, 404, "{}", r.text());
                    return;
                }
                let code = if exists { 200 } else { 201 };
                assert_eq!(r.status, code, "{kind:?} {change:?}: {}", r.text());
                if dry {
                    if !matches!(kind, PatchKind::Apply) {
                        self.dry_answer(&r, change);
                    }
                } else {
                    let op = if matches!(kind, PatchKind::Apply) { "apply" } else { "patch" };
                    self.written(&key, &r, before, m, op);
                    // An apply that leaves out the label removes it only if this manager owned
                    // it, so for that one the server's answer is the model's.
                    if !matches!((kind, change), (PatchKind::Apply, Change::App(None))) {
                        self.check_change(&key, change);
                    }
                }
            }
            Op::Status { ns, name, active, put, manager } => {
                let key = (NAMESPACES[ns].to_string(), NAMES[name].to_string());
                let m = MANAGERS[manager];
                let path = format!("{}/status?fieldManager={m}", item_path(&key.0, &key.1));
                let Some(model) = self.jobs.get(&key).cloned() else {
                    let r = self.api.handle(Request::patch(path, "application/merge-patch+json", "{}"));
                    assert_eq!(r.status, 404);
                    return;
                };
                let r = if put {
                    let mut body = model.body.clone();
                    body["status"] = json!({"active": active});
                    // A status write leaves the spec alone even when the body differs.
                    body["spec"]["parallelism"] = json!(model.parallelism + 1);
                    self.api.handle(Request::put(path, body.to_string()))
                } else {
                    let body = json!({"status": {"active": active}});
                    self.api.handle(Request::patch(path, "application/merge-patch+json", body.to_string()))
                };
                assert_eq!(r.status, 200, "{}", r.text());
                self.written(&key, &r, before, m, "status");
                let now = &self.jobs[&key];
                assert_eq!(now.active, active);
                assert_eq!(now.parallelism, model.parallelism, "status writes leave the spec alone");
                assert_eq!(now.generation, model.generation);
            }
            Op::Delete { ns, name, dry } => {
                let key = (NAMESPACES[ns].to_string(), NAMES[name].to_string());
                let path = format!("{}?{}propagationPolicy=Background", item_path(&key.0, &key.1), dry_query(dry));
                let r = self.api.handle(Request::delete(path));
                if !self.jobs.contains_key(&key) {
                    assert_eq!(r.status, 404);
                    return;
                }
                assert_eq!(r.status, 200, "{}", r.text());
                assert_eq!(r.json()["status"], "Success");
                if dry {
                    assert_eq!(self.api.resource_version(), before);
                } else {
                    assert_eq!(self.api.resource_version(), before + 1);
                    self.deleted(&key, before + 1);
                }
            }
            Op::DeleteCollection { ns, selector, dry } => {
                let ns = NAMESPACES[ns];
                let sel = SELECTORS[selector];
                let path = format!(
                    "{}?{}propagationPolicy=Background&labelSelector={}",
                    jobs_path(ns),
                    dry_query(dry),
                    sel.replace('=', "%3D").replace('!', "%21")
                );
                let r = self.api.handle(Request::delete(path));
                assert_eq!(r.status, 200, "{}", r.text());
                let doomed: Vec<(String, String)> = self
                    .jobs
                    .iter()
                    .filter(|(k, m)| k.0 == ns && matches(sel, m.app.as_deref()))
                    .map(|(k, _)| k.clone())
                    .collect();
                let names: Vec<String> = r.json()["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|i| i["metadata"]["name"].as_str().unwrap_or("").to_string())
                    .collect();
                assert_eq!(names, doomed.iter().map(|k| k.1.clone()).collect::<Vec<_>>());
                if dry {
                    assert_eq!(self.api.resource_version(), before);
                } else {
                    assert_eq!(self.api.resource_version(), before + doomed.len() as u64);
                    for (i, key) in doomed.iter().enumerate() {
                        self.deleted(key, before + 1 + i as u64);
                    }
                }
            }
            Op::List { ns, selector } => {
                let sel = SELECTORS[selector];
                let base = ns.map_or("/apis/batch/v1/jobs".to_string(), |n| jobs_path(NAMESPACES[n]));
                let r = self.api.handle(Request::get(format!(
                    "{base}?labelSelector={}",
                    sel.replace('=', "%3D").replace('!', "%21")
                )));
                assert_eq!(r.status, 200);
                let v = r.json();
                assert_eq!(v["metadata"]["resourceVersion"], before.to_string());
                let got: Vec<(String, String, u64)> = v["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|i| {
                        let m = &i["metadata"];
                        (
                            m["namespace"].as_str().unwrap_or("").into(),
                            m["name"].as_str().unwrap_or("").into(),
                            rv_of(i),
                        )
                    })
                    .collect();
                let want: Vec<(String, String, u64)> = self
                    .jobs
                    .iter()
                    .filter(|(k, m)| ns.is_none_or(|n| k.0 == NAMESPACES[n]) && matches(sel, m.app.as_deref()))
                    .map(|(k, m)| (k.0.clone(), k.1.clone(), m.rv))
                    .collect();
                assert_eq!(got, want, "the list equals the model");
            }
            Op::Watch { ns, selector, initial } => {
                let sel = SELECTORS[selector];
                let base = ns.map_or("/apis/batch/v1/jobs".to_string(), |n| jobs_path(NAMESPACES[n]));
                let rv = if initial { String::new() } else { format!("&resourceVersion={before}") };
                let q = format!(
                    "?watch=1&timeoutSeconds=86400&labelSelector={}{rv}",
                    sel.replace('=', "%3D").replace('!', "%21")
                );
                let (id, head) = self.api.watch(Request::get(format!("{base}{q}"))).expect("the watch opens");
                assert_eq!(head.status, 200);
                let ns = ns.map(|n| NAMESPACES[n].to_string());
                let mut expected = Vec::new();
                if initial {
                    // Initial state in key order: namespace, then name.
                    for (k, m) in &self.jobs {
                        if ns.as_deref().is_none_or(|n| n == k.0) && matches(sel, m.app.as_deref()) {
                            expected.push(("ADDED".to_string(), k.1.clone(), m.rv));
                        }
                    }
                }
                self.watches.push(Some(Watch { id, ns, selector: sel, expected, received: Vec::new() }));
            }
            Op::Poll(i) => self.poll(i),
            Op::Close(i) => {
                if let Some(w) = self.watches.get_mut(i).and_then(Option::take) {
                    self.api.close(w.id);
                }
            }
            Op::Advance(secs) => {
                self.api.advance(Duration::from_secs(secs));
                assert_eq!(self.api.resource_version(), before, "Jobs managed elsewhere are left alone");
            }
        }
        assert!(self.api.resource_version() >= before, "the resourceVersion never goes back");
        assert_eq!(self.api.resource_version(), self.last_rv.max(before), "every change is in the model");
        self.check_reads();
    }

    /// A dry run answers with the change made, and changes nothing.
    fn dry_answer(&mut self, r: &Response, change: Change) {
        let v = r.json();
        match change {
            Change::Parallelism(p) => assert_eq!(v["spec"]["parallelism"], p, "the answer shows the change"),
            Change::App(a) => assert_eq!(v["metadata"]["labels"]["app"].as_str(), a),
        }
    }

    fn check_change(&self, key: &(String, String), change: Change) {
        let m = &self.jobs[key];
        match change {
            Change::Parallelism(p) => assert_eq!(m.parallelism, p),
            Change::App(a) => assert_eq!(m.app.as_deref(), a),
        }
    }

    fn poll(&mut self, i: usize) {
        let Some(Some(w)) = self.watches.get_mut(i) else { return };
        let poll = self.api.poll(w.id);
        assert!(!poll.done, "the watch is still open");
        for line in &poll.events {
            let ev: Value = serde_json::from_slice(line).expect("an event is JSON");
            let kind = ev["type"].as_str().expect("a type").to_string();
            let name = ev["object"]["metadata"]["name"].as_str().unwrap_or("").to_string();
            let rv = rv_of(&ev["object"]);
            if kind != "DELETED" {
                if let Some(e) = self.log.iter().find(|e| e.rv == rv) {
                    assert_eq!(Some(&ev["object"]), e.body.as_ref(), "the event carries the written object");
                }
            }
            w.received.push((kind, name, rv));
        }
        assert_eq!(
            w.received, w.expected,
            "every change exactly once, in order (watch {i} on {:?} {:?})",
            w.ns, w.selector
        );
    }

    /// Every Job reads back as the model holds it; nothing else exists.
    fn check_reads(&mut self) {
        let r = self.api.handle(Request::get("/apis/batch/v1/jobs"));
        let names: Vec<(String, String)> = r.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    i["metadata"]["namespace"].as_str().unwrap_or("").into(),
                    i["metadata"]["name"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        assert_eq!(names, self.jobs.keys().cloned().collect::<Vec<_>>(), "the store holds what the model holds");
        let models: Vec<((String, String), Value)> =
            self.jobs.iter().map(|(k, m)| (k.clone(), m.body.clone())).collect();
        for ((ns, name), body) in models {
            let r = self.api.handle(Request::get(item_path(&ns, &name)));
            assert_eq!(r.status, 200);
            assert_eq!(r.json(), body, "{ns}/{name} reads as last written");
        }
    }

    fn finish(&mut self) {
        for i in 0..self.watches.len() {
            self.poll(i);
        }
    }
}

proptest! {
    // Fixed here, whatever PROPTEST_CASES says, so the suite's length does not vary.
    #![proptest_config(ProptestConfig {
        cases: 64,
        max_shrink_iters: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_server_behaves_like_the_model(ops in prop::collection::vec(op(), 1..=30)) {
        let mut run = Run::new();
        for op in &ops {
            run.step(op);
        }
        run.finish();
    }
}
