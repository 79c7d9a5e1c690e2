//! The UI state and every change to it: one reducer (`Action` + `Reducible`).

use crate::api::{Target, WatchKey};
use crate::catalogue;
use crate::form::RequestForm;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// How many requests the history keeps.
pub const MAX_HISTORY: usize = 150;
/// How many events a watch panel keeps.
pub const MAX_EVENTS: usize = 400;

/// A request as it went out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A response as it came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Received {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl From<jobsim::Response> for Received {
    fn from(r: jobsim::Response) -> Self {
        Received { status: r.status, headers: r.headers, body: String::from_utf8_lossy(&r.body).into_owned() }
    }
}

impl From<&jobsim::Request> for Sent {
    fn from(r: &jobsim::Request) -> Self {
        Sent {
            method: r.method.clone(),
            path: r.path.clone(),
            headers: r.headers.clone(),
            body: String::from_utf8_lossy(&r.body).into_owned(),
        }
    }
}

/// One request and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub id: u64,
    pub target: Target,
    /// The form it was sent from (to load it again).
    pub form: RequestForm,
    pub sent: Sent,
    /// The answer, or why there was none (network error).
    pub result: Result<Received, String>,
    /// The object before a write, as pretty JSON, for the diff.
    pub before: Option<String>,
    /// When it was sent: the in-tab clock, or the wall clock for a remote target.
    pub at: String,
    /// It opened a watch (its events are in the watch panel).
    pub watch: bool,
}

/// One event of a watch, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEvent {
    pub n: usize,
    pub kind: String,
    pub resource_version: String,
    /// `namespace/name` of the object, or the Status message of an ERROR.
    pub subject: String,
    /// A one-line summary of a Job's status.
    pub summary: String,
    /// The event object, pretty-printed.
    pub object: String,
}

impl WatchEvent {
    /// Reads one event line (`{"type":…,"object":…}`).
    pub fn parse(n: usize, line: &str) -> WatchEvent {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or(serde_json::Value::Null);
        let obj = &v["object"];
        let meta = &obj["metadata"];
        let kind = v["type"].as_str().unwrap_or("?").to_string();
        let subject = if kind == "ERROR" {
            obj["message"].as_str().unwrap_or("").to_string()
        } else {
            let ns = meta["namespace"].as_str().unwrap_or("");
            let name = meta["name"].as_str().unwrap_or("");
            if ns.is_empty() {
                name.to_string()
            } else {
                format!("{ns}/{name}")
            }
        };
        let summary = if kind == "BOOKMARK" {
            if meta["annotations"]["k8s.io/initial-events-end"] == "true" {
                "the initial ADDED events are complete".to_string()
            } else {
                "the client is up to date at this resourceVersion".to_string()
            }
        } else {
            job_summary(obj)
        };
        WatchEvent {
            n,
            kind,
            resource_version: meta["resourceVersion"].as_str().unwrap_or("").to_string(),
            subject,
            summary,
            object: if v.is_null() { line.to_string() } else { serde_json::to_string_pretty(obj).unwrap_or_default() },
        }
    }
}

/// `active 1 · succeeded 0 · failed 0 · Complete` for a Job object; empty for anything else.
pub fn job_summary(obj: &serde_json::Value) -> String {
    if obj["kind"] != "Job" {
        return String::new();
    }
    let st = &obj["status"];
    let n = |k: &str| st[k].as_i64().unwrap_or(0);
    let mut s = format!("active {} · succeeded {} · failed {}", n("active"), n("succeeded"), n("failed"));
    let conds: Vec<&str> = st["conditions"]
        .as_array()
        .map(|c| c.iter().filter(|c| c["status"] == "True").filter_map(|c| c["type"].as_str()).collect())
        .unwrap_or_default();
    if !conds.is_empty() {
        s.push_str(" · ");
        s.push_str(&conds.join(", "));
    }
    s
}

/// The state of a watch panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchStatus {
    Opening,
    Open,
    /// It ended; the text says why.
    Ended(String),
    /// The server refused it with this status code.
    Refused(u16),
}

/// A watch and the events it received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    pub key: WatchKey,
    /// `GET /path?query`.
    pub label: String,
    pub target: Target,
    pub status: WatchStatus,
    /// The refusal body, or the 200's headers.
    pub response: Option<Received>,
    pub events: Vec<WatchEvent>,
    /// Events received in total (older ones are dropped past `MAX_EVENTS`).
    pub received: usize,
}

/// The tabs of the main panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Tab {
    #[default]
    Response,
    Watches,
    Jobs,
    History,
}

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SideTab {
    #[default]
    Endpoints,
    Lessons,
}

/// Where the learner is in a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonAt {
    pub lesson: usize,
    pub step: usize,
    /// The first history id that counts towards this step's check.
    pub since: u64,
}

/// The whole UI state.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub form: RequestForm,
    pub target: Target,
    /// The base URL typed for the remote target (kept while the in-tab target is used).
    pub remote_base: String,
    pub history: Rc<Vec<Exchange>>,
    /// The exchange shown in the response view.
    pub current: Option<u64>,
    pub pending: bool,
    pub watches: Rc<Vec<Watch>>,
    pub next_id: u64,
    pub tab: Tab,
    pub side: SideTab,
    pub lesson: Option<LessonAt>,
    pub playing: bool,
    /// Virtual seconds per real second while playing.
    pub speed: u32,
    /// Show response bodies as YAML.
    pub yaml: bool,
    /// Bumped whenever the in-tab server changed, so views that read it refresh.
    pub server_rev: u64,
    /// A short message for the status bar.
    pub notice: Option<String>,
    /// Watch events that arrived while the watch tab was hidden.
    pub unseen: usize,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            form: RequestForm::default(),
            target: Target::InTab,
            remote_base: String::new(),
            history: Rc::new(Vec::new()),
            current: None,
            pending: false,
            watches: Rc::new(Vec::new()),
            next_id: 1,
            tab: Tab::Response,
            side: SideTab::Endpoints,
            lesson: None,
            playing: false,
            speed: 1,
            yaml: false,
            server_rev: 0,
            notice: None,
            unseen: 0,
        }
    }
}

impl AppState {
    /// The exchange shown in the response view.
    pub fn current_exchange(&self) -> Option<&Exchange> {
        let id = self.current?;
        self.history.iter().rev().find(|e| e.id == id)
    }
}

/// Every change to the UI state.
#[derive(Debug)]
pub enum Action {
    /// Replace the form (every edit of the request editor).
    SetForm(RequestForm),
    /// Pick an endpoint from the catalogue.
    Pick(&'static str),
    /// A request went out (remote: the answer comes later).
    Sending,
    /// An answer came back.
    Received(Box<Exchange>),
    /// Show an older exchange in the response view.
    Show(u64),
    /// Put an exchange's request back into the form.
    Load(u64),
    ClearHistory,
    /// A watch was requested.
    WatchOpening {
        key: WatchKey,
        label: String,
        target: Target,
    },
    WatchOpened {
        key: WatchKey,
        response: Result<Received, Received>,
    },
    WatchEvents {
        key: WatchKey,
        lines: Vec<String>,
    },
    WatchEnded {
        key: WatchKey,
        why: String,
    },
    WatchRemove(WatchKey),
    WatchClear(WatchKey),
    SetTarget(Target),
    SetRemoteBase(String),
    SetTab(Tab),
    SetSide(SideTab),
    Lesson(Option<LessonAt>),
    SetPlaying(bool),
    SetSpeed(u32),
    SetYaml(bool),
    /// The in-tab server changed.
    ServerChanged,
    Notice(Option<String>),
    /// Back to a fresh state (the server is reset by the caller).
    Reset,
    /// Replace the persisted parts with imported ones.
    Restore(Box<crate::persist::Persisted>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetForm(f) => s.form = f,
            Action::Pick(id) => {
                if let Some(e) = catalogue::endpoint(id) {
                    s.form = s.form.switch_to(e);
                }
            }
            Action::Sending => s.pending = true,
            Action::Received(ex) => {
                s.pending = false;
                s.current = Some(ex.id);
                s.next_id = s.next_id.max(ex.id + 1);
                if !ex.watch {
                    s.tab = Tab::Response;
                }
                let h = Rc::make_mut(&mut s.history);
                h.push(*ex);
                if h.len() > MAX_HISTORY {
                    let extra = h.len() - MAX_HISTORY;
                    h.drain(..extra);
                }
            }
            Action::Show(id) => {
                s.current = Some(id);
                s.tab = Tab::Response;
            }
            Action::Load(id) => {
                if let Some(ex) = s.history.iter().find(|e| e.id == id) {
                    s.form = ex.form.clone();
                    s.target = ex.target.clone();
                    s.current = Some(id);
                }
            }
            Action::ClearHistory => {
                s.history = Rc::new(Vec::new());
                s.current = None;
            }
            Action::WatchOpening { key, label, target } => {
                s.next_id = s.next_id.max(key + 1);
                Rc::make_mut(&mut s.watches).insert(
                    0,
                    Watch {
                        key,
                        label,
                        target,
                        status: WatchStatus::Opening,
                        response: None,
                        events: Vec::new(),
                        received: 0,
                    },
                );
                s.tab = Tab::Watches;
                s.unseen = 0;
            }
            Action::WatchOpened { key, response } => {
                if let Some(w) = Rc::make_mut(&mut s.watches).iter_mut().find(|w| w.key == key) {
                    match response {
                        Ok(r) => {
                            w.status = WatchStatus::Open;
                            w.response = Some(r);
                        }
                        Err(r) => {
                            w.status = WatchStatus::Refused(r.status);
                            w.response = Some(r);
                        }
                    }
                }
            }
            Action::WatchEvents { key, lines } => {
                let tab = s.tab;
                let mut added = 0;
                if let Some(w) = Rc::make_mut(&mut s.watches).iter_mut().find(|w| w.key == key) {
                    for line in lines {
                        w.received += 1;
                        w.events.push(WatchEvent::parse(w.received, &line));
                        added += 1;
                    }
                    if w.events.len() > MAX_EVENTS {
                        let extra = w.events.len() - MAX_EVENTS;
                        w.events.drain(..extra);
                    }
                }
                if tab != Tab::Watches {
                    s.unseen += added;
                }
            }
            Action::WatchEnded { key, why } => {
                if let Some(w) = Rc::make_mut(&mut s.watches).iter_mut().find(|w| w.key == key) {
                    if matches!(w.status, WatchStatus::Open | WatchStatus::Opening) {
                        w.status = WatchStatus::Ended(why);
                    }
                }
            }
            Action::WatchRemove(key) => Rc::make_mut(&mut s.watches).retain(|w| w.key != key),
            Action::WatchClear(key) => {
                if let Some(w) = Rc::make_mut(&mut s.watches).iter_mut().find(|w| w.key == key) {
                    w.events.clear();
                }
            }
            Action::SetTarget(t) => {
                if let Target::Remote(base) = &t {
                    s.remote_base = base.clone();
                }
                s.target = t;
                s.playing = false;
            }
            Action::SetRemoteBase(b) => {
                s.remote_base = b.clone();
                if let Target::Remote(_) = s.target {
                    s.target = Target::Remote(b);
                }
            }
            Action::SetTab(t) => {
                s.tab = t;
                if t == Tab::Watches {
                    s.unseen = 0;
                }
            }
            Action::SetSide(t) => s.side = t,
            Action::Lesson(at) => {
                s.lesson = at;
                if at.is_some() {
                    s.side = SideTab::Lessons;
                }
            }
            Action::SetPlaying(p) => s.playing = p && s.target == Target::InTab,
            Action::SetSpeed(v) => s.speed = v.clamp(1, 3600),
            Action::SetYaml(y) => s.yaml = y,
            Action::ServerChanged => s.server_rev += 1,
            Action::Notice(n) => s.notice = n,
            Action::Reset => {
                s = AppState { server_rev: s.server_rev + 1, next_id: s.next_id, ..AppState::default() };
            }
            Action::Restore(p) => {
                let p = *p;
                s = AppState {
                    form: p.form,
                    target: p.target,
                    remote_base: p.remote_base,
                    current: p.history.last().map(|e| e.id),
                    next_id: p.history.iter().map(|e| e.id + 1).max().unwrap_or(1).max(s.next_id),
                    history: Rc::new(p.history),
                    lesson: p.lesson,
                    side: if p.lesson.is_some() { SideTab::Lessons } else { SideTab::Endpoints },
                    speed: p.speed.clamp(1, 3600),
                    yaml: p.yaml,
                    server_rev: s.server_rev + 1,
                    watches: s.watches.clone(),
                    ..AppState::default()
                };
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_events_are_numbered_and_counted_when_hidden() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::WatchOpening { key: 7, label: "GET /x".into(), target: Target::InTab });
        assert_eq!(s.tab, Tab::Watches);
        let s = s.reduce(Action::SetTab(Tab::Jobs));
        let line = r#"{"type":"ADDED","object":{"kind":"Job","metadata":{"name":"a","namespace":"d","resourceVersion":"5"},"status":{"active":1}}}"#;
        let s = s.reduce(Action::WatchEvents { key: 7, lines: vec![line.into(), line.into()] });
        assert_eq!(s.unseen, 2);
        let ev = &s.watches[0].events[1];
        assert_eq!(
            (ev.n, ev.kind.as_str(), ev.resource_version.as_str(), ev.subject.as_str()),
            (2, "ADDED", "5", "d/a")
        );
        assert_eq!(ev.summary, "active 1 · succeeded 0 · failed 0");
    }

    #[test]
    fn history_is_capped() {
        let mut s = Rc::new(AppState::default());
        for id in 0..(MAX_HISTORY as u64 + 5) {
            let ex = Exchange {
                id,
                target: Target::InTab,
                form: RequestForm::default(),
                sent: Sent { method: "GET".into(), path: "/".into(), headers: vec![], body: String::new() },
                result: Ok(Received::default()),
                before: None,
                at: String::new(),
                watch: false,
            };
            s = s.reduce(Action::Received(Box::new(ex)));
        }
        assert_eq!(s.history.len(), MAX_HISTORY);
        assert_eq!(s.current, Some(MAX_HISTORY as u64 + 4));
    }
}
