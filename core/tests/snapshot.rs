//! Snapshot and restore: everything round-trips; bad snapshots are refused.

mod common;
use common::*;
use jobsim::{ApiServer, Config, Request};

#[test]
fn snapshot_round_trips_byte_for_byte_and_replays_identically() {
    let mut a = ApiServer::new(Config { seed: 42, ..Default::default() });
    create(&mut a, "x");
    a.handle(Request::patch(item("x"), "application/merge-patch+json", r#"{"metadata":{"labels":{"k":"v"}}}"#));
    a.advance(std::time::Duration::from_secs(30));
    let snap = a.snapshot();
    let mut b = ApiServer::restore(&snap, Config::default()).unwrap();
    assert_eq!(b.snapshot(), snap);
    assert_eq!(get(&mut b, &item("x")).body, get(&mut a, &item("x")).body);
    assert_eq!(b.resource_version(), a.resource_version());
    assert_eq!(b.now(), a.now());
    // The same next request gives the same answer (uids and names come from the restored generator).
    let ra = post(&mut a, JOBS, &job("y"));
    let rb = post(&mut b, JOBS, &job("y"));
    assert_eq!(ra.body, rb.body);
}

#[test]
fn corrupted_or_truncated_snapshots_are_refused() {
    let mut a = server();
    create(&mut a, "x");
    let snap = a.snapshot();
    assert!(ApiServer::restore(&snap[..snap.len() / 2], Config::default()).is_err());
    assert!(ApiServer::restore("{}", Config::default()).is_err());
    let wrong = snap.replace("\"version\":1", "\"version\":9");
    assert!(ApiServer::restore(&wrong, Config::default()).unwrap_err().contains("unsupported snapshot version"));
    let dup = snap.replace(
        "\"jobs\":[",
        "\"jobs\":[{\"metadata\":{\"name\":\"x\",\"namespace\":\"default\",\"resourceVersion\":\"1\"}},",
    );
    assert!(ApiServer::restore(&dup, Config::default()).is_err());
}
