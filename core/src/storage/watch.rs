//! Watches without threads: each watcher has a queue the server fills after the call that caused
//! the change returns; front doors drain it (WAT-*). One change is encoded once per event type,
//! however many watchers receive it.

use super::{Change, EventType, Key, ObjState, Revision};
use crate::selectors::{fields::FieldSelector, labels::LabelSelector};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::task::Waker;

/// Which objects a watch (or a list) selects.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Filter {
    pub fn matches(&self, key: &Key, s: &ObjState) -> bool {
        self.namespace.as_deref().is_none_or(|ns| key.0 == ns)
            && self.labels.matches(Some(&s.labels))
            && self.fields.matches(|f| s.field(f))
    }
}

/// How many watchers one server keeps open; more are refused with 429 (a limit that protects the instance).
pub const MAX_WATCHERS: usize = 10_000;
/// How many undelivered events a watcher may hold before it is ended (a client that never drains).
pub const MAX_QUEUE: usize = 100_000;

/// Builds the wire line of an event: `{"type":"<T>","object":<bytes>}\n`.
pub fn event_line(kind: &str, object: &[u8]) -> Arc<[u8]> {
    let mut out = Vec::with_capacity(object.len() + kind.len() + 24);
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"\",\"object\":");
    out.extend_from_slice(object);
    out.extend_from_slice(b"}\n");
    out.into()
}

/// Rewrites `metadata.resourceVersion` of serialized bytes (WAT-12: an object leaving a selector is
/// sent with its previous content at the new resourceVersion).
fn with_rv(bytes: &[u8], rv: u64) -> Arc<[u8]> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut v) => {
            if let Some(m) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) {
                m.insert("resourceVersion".into(), serde_json::Value::String(rv.to_string()));
            }
            serde_json::to_vec(&v).unwrap_or_default().into()
        }
        Err(_) => bytes.into(),
    }
}

/// How a watcher turns an event into its wire line (plain objects, or Table rows).
pub trait Encode: Send {
    /// The line for an event of `kind` whose object is `object` (full wire JSON of the object),
    /// at server time `now` (tables show ages).
    fn line(&mut self, kind: &str, object: &[u8], now: jiff::Timestamp) -> Arc<[u8]>;
    /// Whether this encoder writes objects unchanged (so lines can be shared across watchers).
    fn plain(&self) -> bool {
        false
    }
}

/// The plain JSON encoding: objects as stored.
pub struct Plain;

impl Encode for Plain {
    fn line(&mut self, kind: &str, object: &[u8], _now: jiff::Timestamp) -> Arc<[u8]> {
        event_line(kind, object)
    }
    fn plain(&self) -> bool {
        true
    }
}

/// One open watch.
pub struct Watcher {
    pub resource: &'static str,
    pub filter: Filter,
    pub encode: Box<dyn Encode>,
    pub queue: VecDeque<Arc<[u8]>>,
    pub done: bool,
    pub waker: Option<Waker>,
    pub bookmarks: bool,
    /// The server time at which the watch ends cleanly (WAT-11).
    pub deadline: Option<jiff::Timestamp>,
    /// The bookmark object for a resourceVersion (WAT-08), as the resource renders it.
    pub bookmark: fn(u64, bool) -> Vec<u8>,
    /// Only changes after this resourceVersion are delivered (WAT-05, WAT-07).
    pub after: u64,
}

impl Watcher {
    fn push(&mut self, line: Arc<[u8]>) {
        if self.queue.len() >= MAX_QUEUE {
            self.done = true;
            return;
        }
        self.queue.push_back(line);
    }
    /// Queues a BOOKMARK at `rv`; `initial_end` adds the `k8s.io/initial-events-end` annotation (WAT-09).
    pub fn push_bookmark(&mut self, rv: u64, initial_end: bool) {
        let object = (self.bookmark)(rv, initial_end);
        let line = event_line("BOOKMARK", &object);
        self.push(line);
    }
    pub fn wake(&mut self) {
        if let Some(w) = self.waker.take() {
            w.wake();
        }
    }
}

/// The open watches of a server and how far the change log has been handed to them.
#[derive(Default)]
pub struct Hub {
    next_id: u64,
    pub watchers: BTreeMap<u64, Watcher>,
    dispatched: u64,
    /// No open watcher's deadline is earlier than this: `expire` has nothing to do before it.
    next_deadline: Option<jiff::Timestamp>,
}

/// Lines of one change, encoded at most once per event type and shared by the plain watchers.
struct Lines<'a> {
    change: &'a Change,
    cache: [Option<Arc<[u8]>>; 4],
    now: jiff::Timestamp,
}

impl Lines<'_> {
    fn get(&mut self, w: &mut Watcher, kind: EventType, leaving: bool) -> Arc<[u8]> {
        let object: Arc<[u8]> = match (leaving, &self.change.prev) {
            (true, Some(prev)) => with_rv(&prev.bytes, self.change.rv),
            _ => self.change.state.bytes.clone(),
        };
        if !w.encode.plain() {
            return w.encode.line(kind.as_str(), &object, self.now);
        }
        let slot = if leaving { 3 } else { kind as usize };
        self.cache[slot].get_or_insert_with(|| event_line(kind.as_str(), &object)).clone()
    }
}

impl Hub {
    /// Registers a watcher whose queue already holds its initial events; replays the changes
    /// after `from` that the hub has already dispatched (WAT-05).
    pub fn open(&mut self, mut w: Watcher, from: u64, rev: &Revision, now: jiff::Timestamp) -> u64 {
        w.after = from;
        if let Some(d) = w.deadline {
            self.next_deadline = Some(self.next_deadline.map_or(d, |n| n.min(d)));
        }
        for change in rev.since(from).filter(|c| c.rv <= self.dispatched) {
            let mut lines = Lines { change, cache: [None, None, None, None], now };
            deliver(&mut w, change, &mut lines);
        }
        self.next_id += 1;
        self.watchers.insert(self.next_id, w);
        self.next_id
    }

    pub fn len(&self) -> usize {
        self.watchers.len()
    }
    pub fn is_empty(&self) -> bool {
        self.watchers.is_empty()
    }

    /// Hands every change recorded since the last call to the watchers that select it.
    pub fn dispatch(&mut self, rev: &Revision, now: jiff::Timestamp) {
        if self.dispatched >= rev.current {
            return;
        }
        for change in rev.since(self.dispatched) {
            let mut lines = Lines { change, cache: [None, None, None, None], now };
            for w in self.watchers.values_mut().filter(|w| !w.done && w.resource == change.resource) {
                deliver(w, change, &mut lines);
            }
        }
        self.dispatched = rev.current;
        for w in self.watchers.values_mut().filter(|w| !w.queue.is_empty() || w.done) {
            w.wake();
        }
    }

    /// Ends the watches whose deadline has passed, with a last bookmark when they allow them.
    pub fn expire(&mut self, now: jiff::Timestamp, rv: u64) {
        if self.next_deadline.is_none_or(|d| d > now) {
            return;
        }
        for w in self.watchers.values_mut() {
            if !w.done && w.deadline.is_some_and(|d| d <= now) {
                if w.bookmarks {
                    w.push_bookmark(rv, false);
                }
                w.done = true;
                w.wake();
            }
        }
        self.next_deadline = self.watchers.values().filter(|w| !w.done).filter_map(|w| w.deadline).min();
    }

    /// Takes the queued lines of a watch and whether it has ended. `None` for an unknown id.
    pub fn poll(&mut self, id: u64) -> Option<(Vec<Arc<[u8]>>, bool)> {
        let w = self.watchers.get_mut(&id)?;
        Some((w.queue.drain(..).collect(), w.done))
    }

    pub fn close(&mut self, id: u64) {
        self.watchers.remove(&id);
    }
}

/// WAT-12: what a watcher sees of one change, given whether the old and new states match.
fn deliver(w: &mut Watcher, change: &Change, lines: &mut Lines) {
    if change.rv <= w.after {
        return;
    }
    let now = w.filter.matches(&change.key, &change.state);
    let before = change.prev.as_ref().is_some_and(|p| w.filter.matches(&change.key, p));
    let event = match change.kind {
        EventType::Added if now => Some((EventType::Added, false)),
        EventType::Modified => match (before, now) {
            (true, true) => Some((EventType::Modified, false)),
            (false, true) => Some((EventType::Added, false)),
            (true, false) => Some((EventType::Deleted, true)),
            (false, false) => None,
        },
        EventType::Deleted if now || before => Some((EventType::Deleted, false)),
        _ => None,
    };
    if let Some((kind, leaving)) = event {
        let line = lines.get(w, kind, leaving);
        w.push(line);
    }
}
