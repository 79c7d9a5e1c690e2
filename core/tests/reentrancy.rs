//! Consumers that call back into the server from inside their loops: a watch consumer that writes
//! for each event it reads, and a waker that is woken by those writes. Events are queued and
//! handed over after the call that caused them returns, so each one arrives once, in order.

mod common;
use common::*;
use jobsim::Request;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Wake, Waker};

struct Count(AtomicUsize);

impl Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn label(ev: &Value) -> u64 {
    ev["object"]["metadata"]["labels"]["n"].as_str().and_then(|n| n.parse().ok()).unwrap_or(0)
}

#[test]
fn a_watch_consumer_may_write_from_inside_its_loop() {
    let mut api = server();
    let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1"))).expect("opens");
    let wakes = Arc::new(Count(AtomicUsize::new(0)));
    api.set_waker(id, Waker::from(wakes.clone()));
    create(&mut api, "a");
    assert_eq!(wakes.0.load(Ordering::SeqCst), 1, "the create woke the consumer");
    let mut seen: Vec<(String, u64, u64)> = Vec::new();
    for _round in 0..20 {
        let poll = api.poll(id);
        if poll.events.is_empty() {
            break;
        }
        for line in &poll.events {
            let ev: Value = serde_json::from_slice(line).expect("JSON");
            let rv: u64 = ev["object"]["metadata"]["resourceVersion"].as_str().unwrap().parse().unwrap();
            let n = label(&ev);
            seen.push((ev["type"].as_str().unwrap().to_string(), n, rv));
            // Write back from inside the loop, while this poll's events are still being read.
            if n < 5 {
                let patch = json!({"metadata": {"labels": {"n": (n + 1).to_string()}}});
                let r = api.handle(Request::patch(item("a"), "application/merge-patch+json", patch.to_string()));
                assert_eq!(r.status, 200, "{}", r.text());
            }
        }
        api.set_waker(id, Waker::from(wakes.clone()));
    }
    let kinds: Vec<(&str, u64)> = seen.iter().map(|(k, n, _)| (k.as_str(), *n)).collect();
    assert_eq!(
        kinds,
        [("ADDED", 0), ("MODIFIED", 1), ("MODIFIED", 2), ("MODIFIED", 3), ("MODIFIED", 4), ("MODIFIED", 5)],
        "each write once, in order, and the loop ends"
    );
    assert!(seen.windows(2).all(|w| w[0].2 < w[1].2), "resourceVersions increase: {seen:?}");
    assert_eq!(
        wakes.0.load(Ordering::SeqCst),
        6,
        "one wake per round: the create, then each set_waker that finds events already queued"
    );
    assert!(api.poll(id).events.is_empty());
}

#[test]
fn a_consumer_may_close_and_reopen_watches_while_draining() {
    let mut api = server();
    let (first, _) = api.watch(Request::get(format!("{JOBS}?watch=1"))).expect("opens");
    create(&mut api, "a");
    let poll = api.poll(first);
    assert_eq!(poll.events.len(), 1);
    // From inside the loop over the first watch's events: close it, open another from the
    // resourceVersion just seen, write again.
    let ev: Value = serde_json::from_slice(&poll.events[0]).expect("JSON");
    api.close(first);
    let rv = ev["object"]["metadata"]["resourceVersion"].as_str().unwrap().to_string();
    let (second, _) = api.watch(Request::get(format!("{JOBS}?watch=1&resourceVersion={rv}"))).expect("opens");
    create(&mut api, "b");
    let poll = api.poll(second);
    let names: Vec<String> = poll
        .events
        .iter()
        .map(|l| {
            serde_json::from_slice::<Value>(l).expect("JSON")["object"]["metadata"]["name"].as_str().unwrap().into()
        })
        .collect();
    assert_eq!(names, ["b"], "nothing lost, nothing repeated across the hand-over");
    let gone = api.poll(first);
    assert!(gone.done && gone.events.is_empty(), "a closed watch is done");
}
