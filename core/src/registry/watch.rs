//! Opening a watch for every resource: options, initial events, resumption from a
//! resourceVersion, 410 for expired ones (WAT-*).

use super::list::filter;
use super::resource::{Db, Resource};
use crate::http::params::ListParams;
use crate::http::status::{Reason, Status};
use crate::storage::watch::{event_line, Encode, Hub, Watcher};

/// What a watch is opened with.
pub struct Open<'a> {
    pub params: &'a ListParams,
    pub namespace: Option<&'a str>,
    /// The single object of a `/watch/…/{name}` path (WAT-13).
    pub name: Option<&'a str>,
    pub encode: Box<dyn Encode>,
    pub deadline: Option<jiff::Timestamp>,
    pub now: jiff::Timestamp,
}

/// Opens a watch on `T` and returns its id. Initial events are queued already.
pub fn open<T: Resource>(db: &Db, hub: &mut Hub, o: Open) -> Result<u64, Status> {
    let (p, ns, now) = (o.params, o.namespace, o.now);
    let filter = filter::<T>(p, ns, o.name)?;
    if hub.len() >= crate::storage::watch::MAX_WATCHERS {
        return Err(Status::new(Reason::TooManyRequests, "too many open watches"));
    }
    let current = db.rev.current;
    let mut w = Watcher {
        resource: T::GR.resource,
        filter,
        encode: o.encode,
        queue: Default::default(),
        done: false,
        waker: None,
        bookmarks: p.allow_watch_bookmarks,
        deadline: o.deadline,
        bookmark: T::bookmark,
        after: 0,
    };
    let rv = p.resource_version.as_str();
    let initial = match p.send_initial_events {
        Some(send) => send,
        None => rv.is_empty() || rv == "0",
    };
    let from = if initial || rv.is_empty() || rv == "0" {
        current
    } else {
        let n: u64 = rv.parse().unwrap_or(0);
        if n < db.rev.oldest() {
            let status = Status::new(Reason::Expired, format!("too old resource version: {n} ({})", db.rev.oldest()));
            let object = serde_json::to_vec(&status.to_value()).unwrap_or_default();
            w.queue.push_back(event_line("ERROR", &object));
            w.done = true;
            return Ok(hub.open(w, current, &db.rev, now));
        }
        n
    };
    if initial {
        for (k, s) in T::table(db).scan(ns) {
            if w.filter.matches(k, &s.state) {
                let line = w.encode.line("ADDED", &s.state.bytes, now);
                w.queue.push_back(line);
            }
        }
        // The end marker kubectl wait and informers rely on (WAT-09); WAT-03 requests are
        // served as sendInitialEvents=true since 1.34.
        if p.allow_watch_bookmarks && p.send_initial_events != Some(false) {
            w.push_bookmark(current, true);
        }
    }
    Ok(hub.open(w, from, &db.rev, now))
}
