//! The limits that protect one instance (a WebAssembly instance holds every Job in it): request
//! body size, stored object size, open watches, the change history, JSON patch length, and values
//! at the edge of their range that must not overflow the clock.

mod common;
use common::*;
use jobsim::storage::watch::MAX_WATCHERS;
use jobsim::{ApiServer, Config, Request};
use serde_json::{json, Value};
use std::time::Duration;

const MERGE: &str = "application/merge-patch+json";

/// A Job whose one container argument is `len` bytes long.
fn job_with_arg(name: &str, len: usize) -> Value {
    let mut j = job(name);
    j["spec"]["template"]["spec"]["containers"][0]["args"] = json!(["x".repeat(len)]);
    j
}

fn too_large() -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "etcdserver: request is too large", "code": 500})
}

#[test]
fn an_object_over_1_5_mib_is_refused_as_etcd_refuses_it() {
    let mut api = server();
    let rv = api.resource_version();
    let r = post(&mut api, JOBS, &job_with_arg("big", 1_600_000));
    assert_eq!(r.status, 500, "{}", r.text());
    assert_eq!(r.json(), too_large());
    assert_eq!(api.resource_version(), rv, "nothing was written");
    assert_eq!(get(&mut api, &item("big")).status, 404);
    assert_eq!(get(&mut api, JOBS).json()["items"], json!([]));
    // A dry run never reaches storage, so it is not refused (as in a real cluster).
    let r = api.handle(Request::post(format!("{JOBS}?dryRun=All"), job_with_arg("big", 1_600_000).to_string()));
    assert_eq!(r.status, 201);
    // Just under the limit is stored.
    let r = post(&mut api, JOBS, &job_with_arg("fits", 1_500_000));
    assert_eq!(r.status, 201);
    assert!(r.body.len() < jobsim::registry::store::MAX_OBJECT_BYTES);
}

#[test]
fn patches_cannot_grow_an_object_past_the_limit() {
    let mut api = server();
    assert_eq!(post(&mut api, JOBS, &job_with_arg("grow", 1_000_000)).status, 201);
    let rv = api.resource_version();
    let stored = get(&mut api, &item("grow")).body;
    let patch = json!({"metadata": {"annotations": {"note": "y".repeat(200_000)}}}).to_string();
    // Annotations are limited on their own (256 KiB in total); the object limit is reached first
    // with two of them.
    let r = api.handle(Request::patch(item("grow"), MERGE, patch));
    assert_eq!(r.status, 200, "{}", r.text());
    let patch = json!({"metadata": {"labels": {"a": "b"}}, "spec": {"template": {"spec": {"containers": [
        {"name": "main", "image": "busybox", "args": ["x".repeat(1_000_000)]},
        {"name": "side", "image": "busybox", "args": ["z".repeat(400_000)]}
    ]}}}});
    let r = api.handle(Request::patch(item("grow"), "application/strategic-merge-patch+json", patch.to_string()));
    assert_eq!(r.status, 422, "the template is immutable: {}", r.text());
    let rv2 = api.resource_version();
    assert_eq!(rv2, rv + 1);
    let status =
        json!({"status": {"conditions": [{"type": "Suspended", "status": "False", "message": "m".repeat(400_000)}]}});
    let r = api.handle(Request::patch(format!("{}/status", item("grow")), MERGE, status.to_string()));
    assert_eq!(r.status, 500, "{}", r.text());
    assert_eq!(r.json(), too_large());
    assert_eq!(api.resource_version(), rv2, "the refused write took no resourceVersion");
    assert_ne!(get(&mut api, &item("grow")).body, stored, "the earlier patch stays");
}

#[test]
fn watches_are_limited_and_closing_one_frees_its_place() {
    let mut api = server();
    let mut ids = Vec::new();
    for _ in 0..MAX_WATCHERS {
        let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1"))).expect("opens");
        ids.push(id);
    }
    assert_eq!(api.watch_count(), MAX_WATCHERS);
    let r = api.watch(Request::get(format!("{JOBS}?watch=1"))).expect_err("one too many");
    assert_eq!(r.status, 429);
    assert_eq!(
        r.json(),
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "too many open watches", "reason": "TooManyRequests", "code": 429})
    );
    // handle() with watch=true answers the same while every place is taken.
    assert_eq!(api.handle(Request::get(format!("{JOBS}?watch=1"))).status, 429);
    api.close(ids[0]);
    assert!(api.watch(Request::get(format!("{JOBS}?watch=1"))).is_ok());
    assert_eq!(api.watch_count(), MAX_WATCHERS);
    for id in ids {
        api.close(id);
    }
    assert_eq!(api.watch_count(), 1);
}

#[test]
fn the_change_history_is_bounded_by_config_watch_history() {
    let mut api = ApiServer::new(Config { watch_history: 5, ..Config::default() });
    create(&mut api, "a");
    for i in 0..20 {
        let r = api.handle(Request::patch(
            item("a"),
            MERGE,
            json!({"metadata": {"labels": {"n": i.to_string()}}}).to_string(),
        ));
        assert_eq!(r.status, 200);
    }
    let current = api.resource_version();
    // The last five changes can be replayed; anything older is gone (410).
    let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1&resourceVersion={}", current - 5))).expect("opens");
    let poll = api.poll(id);
    assert_eq!(poll.events.len(), 5);
    assert!(!poll.done);
    let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1&resourceVersion={}", current - 6))).expect("opens");
    let poll = api.poll(id);
    assert!(poll.done);
    let ev: Value = serde_json::from_slice(&poll.events[0]).expect("JSON");
    assert_eq!(ev["type"], "ERROR");
    assert_eq!(ev["object"]["code"], 410);
    let r = get(&mut api, &format!("{JOBS}?resourceVersion={}&resourceVersionMatch=Exact", current - 6));
    assert_eq!(r.status, 410);
    let r = get(&mut api, &format!("{JOBS}?resourceVersion={}&resourceVersionMatch=Exact", current - 5));
    assert_eq!(r.status, 200);
}

#[test]
fn a_json_patch_of_more_than_10000_operations_is_413() {
    let mut api = server();
    create(&mut api, "a");
    let rv = api.resource_version();
    let op = json!({"op": "test", "path": "/metadata/name", "value": "a"});
    let ops = Value::Array(vec![op; jobsim::patch::MAX_JSON_PATCH_OPERATIONS + 1]);
    let r = api.handle(Request::patch(item("a"), "application/json-patch+json", ops.to_string()));
    assert_eq!(r.status, 413);
    assert_eq!(
        r.json()["message"],
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001"
    );
    assert_eq!(api.resource_version(), rv);
}

#[test]
fn huge_grace_periods_end_at_the_last_representable_second() {
    let mut api = server();
    let pod = json!({"metadata": {"name": "p"}, "spec": {"nodeName": "node-1", "containers": [{"name": "c", "image": "busybox", "command": ["sleep", "100"]}]}});
    assert_eq!(post(&mut api, "/api/v1/namespaces/default/pods", &pod).status, 201);
    api.advance(Duration::from_secs(2));
    let path = "/api/v1/namespaces/default/pods/p";
    assert_eq!(get(&mut api, path).json()["status"]["phase"], "Running");
    let r = api.handle(Request::delete(format!("{path}?gracePeriodSeconds={}", i64::MAX)));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["metadata"]["deletionGracePeriodSeconds"], i64::MAX);
    let end = v["metadata"]["deletionTimestamp"].as_str().expect("a deletion time").to_string();
    assert!(end.starts_with("9999-12-"), "{end}");
    assert!(!end.contains('.'), "whole seconds (GEN-06): {end}");
    // Shortening it later works from the same start, and the pod then stops.
    let r = api.handle(Request::delete(format!("{path}?gracePeriodSeconds=1")));
    assert_eq!(r.status, 200, "{}", r.text());
    api.advance(Duration::from_secs(5));
    assert_eq!(get(&mut api, path).status, 404);
}

#[test]
fn run_times_and_deadlines_at_the_edge_of_i64_do_not_overflow_the_clock() {
    let mut api = server();
    let mut a = job("sleepy");
    a["spec"]["template"]["spec"]["containers"][0]["command"] =
        json!(["sh", "-c", "sleep 9223372036854775807; sleep 9223372036854775807"]);
    let mut b = job("scripted");
    b["metadata"]["annotations"] = json!({"jobsim.dev/pod-outcomes": "succeed@9223372036854775807"});
    let mut c = job("deadline");
    c["spec"]["activeDeadlineSeconds"] = json!(i64::MAX);
    c["spec"]["template"]["spec"]["containers"][0]["command"] = json!(["sleep", "1e300"]);
    for j in [&a, &b, &c] {
        assert_eq!(post(&mut api, JOBS, j).status, 201);
    }
    for secs in [0, 2, 60, 86_400 * 365, u64::MAX] {
        api.advance(Duration::from_secs(secs));
    }
    for name in ["sleepy", "scripted", "deadline"] {
        let v = get(&mut api, &item(name)).json();
        assert_eq!(v["status"]["active"], 1, "{name} is still running: {}", v["status"]);
    }
    let snap = api.snapshot();
    assert_eq!(ApiServer::restore(&snap, Config::default()).expect("restores").snapshot(), snap);
}

#[test]
fn the_simulated_cluster_holds_at_most_max_pods() {
    let mut api = server();
    let mut j = job("wide");
    j["spec"]["parallelism"] = json!(1_000_000);
    j["spec"]["template"]["spec"]["containers"][0]["command"] = json!(["sleep", "60"]);
    assert_eq!(post(&mut api, JOBS, &j).status, 201);
    api.advance(Duration::from_secs(0));
    let pods = get(&mut api, "/api/v1/pods").json()["items"].as_array().map_or(0, Vec::len);
    assert_eq!(pods, jobsim::controller::MAX_PODS);
    assert_eq!(get(&mut api, &item("wide")).json()["status"]["active"], jobsim::controller::MAX_PODS);
    // Another Job finds no room until pods go away.
    assert_eq!(post(&mut api, JOBS, &job("late")).status, 201);
    api.advance(Duration::from_secs(0));
    assert!(get(&mut api, &item("late")).json()["status"]["active"].is_null());
}
