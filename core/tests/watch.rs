//! WATCH in all its forms (WAT-*), driven through `ApiServer::watch` / `poll`.

mod common;
use common::*;
use jobsim::{ApiServer, Request, WatchId};
use serde_json::{json, Value};

fn open(api: &mut ApiServer, path: &str) -> WatchId {
    match api.watch(Request::get(path)) {
        Ok((id, head)) => {
            assert_eq!(head.status, 200);
            assert_eq!(head.header("content-type"), Some("application/json"));
            id
        }
        Err(r) => panic!("watch refused: {} {}", r.status, r.text()),
    }
}

fn events(api: &mut ApiServer, id: WatchId) -> Vec<Value> {
    api.poll(id)
        .events
        .iter()
        .map(|e| {
            assert!(e.ends_with(b"}\n"));
            serde_json::from_slice(e).unwrap()
        })
        .collect()
}

fn kinds(ev: &[Value]) -> Vec<String> {
    ev.iter()
        .map(|e| format!("{} {}", e["type"].as_str().unwrap(), e["object"]["metadata"]["name"].as_str().unwrap_or("")))
        .collect()
}

fn rv(v: &Value) -> String {
    v["metadata"]["resourceVersion"].as_str().unwrap().to_string()
}

#[test]
fn wat_01_02_03_initial_state_then_live_events() {
    let mut api = server();
    create(&mut api, "a");
    let id = open(&mut api, &format!("{JOBS}?watch=true"));
    let ev = events(&mut api, id);
    assert_eq!(kinds(&ev), ["ADDED a"]);
    assert_eq!(ev[0]["object"]["kind"], "Job", "objects in events carry kind/apiVersion");
    let b = create(&mut api, "b");
    let mut bb = b.clone();
    bb["spec"]["parallelism"] = json!(2);
    let m = put(&mut api, &item("b"), &bb).json();
    api.handle(Request::delete(item("b")).with_body(r#"{"propagationPolicy":"Background"}"#));
    let ev = events(&mut api, id);
    assert_eq!(kinds(&ev), ["ADDED b", "MODIFIED b", "DELETED b"]);
    assert_eq!(ev[0]["object"], b, "the event carries the same object as the write response");
    assert_eq!(rv(&ev[1]["object"]), rv(&m));
    let del_rv: u64 = rv(&ev[2]["object"]).parse().unwrap();
    assert!(del_rv > rv(&m).parse().unwrap(), "DELETED carries the deletion's resourceVersion");
    let mut last = m.clone();
    last["metadata"]["resourceVersion"] = json!(del_rv.to_string());
    assert_eq!(ev[2]["object"], last, "DELETED carries the last state, only its resourceVersion changed");
    assert!(events(&mut api, id).is_empty(), "events are delivered once");
}

#[test]
fn wat_01_a_watch_flag_in_percent_escapes_is_still_a_watch() {
    let mut api = server();
    create(&mut api, "a");
    for path in ["/apis/batch/v1/jobs?%77atch=1", "/apis/batch/v1/%77atch/jobs"] {
        let res = api.handle(Request::get(path).with_header("Accept", "application/json"));
        assert_eq!(res.status, 200, "{path}: {}", res.text());
        let first: Value = serde_json::from_str(res.text().lines().next().unwrap_or("")).unwrap();
        assert_eq!(first["type"], "ADDED", "{path}");
    }
    let list: Value = serde_json::from_str(api.handle(Request::get("/apis/batch/v1/jobs?%77atch=0")).text()).unwrap();
    assert_eq!(list["kind"], "JobList");
}

#[test]
fn wat_01_every_path_form_is_a_watch() {
    let mut api = server();
    create(&mut api, "a");
    for path in [
        "/apis/batch/v1/jobs?watch=1".to_string(),
        "/apis/batch/v1/watch/jobs".to_string(),
        "/apis/batch/v1/watch/namespaces/default/jobs".to_string(),
        "/apis/batch/v1/watch/namespaces/default/jobs/a".to_string(),
        format!("{JOBS}?watch"),
    ] {
        let id = open(&mut api, &path);
        assert_eq!(kinds(&events(&mut api, id)), ["ADDED a"], "{path}");
    }
}

#[test]
fn wat_05_resume_from_a_resource_version() {
    let mut api = server();
    let a = create(&mut api, "a");
    create(&mut api, "b");
    create(&mut api, "c");
    let id = open(&mut api, &format!("{JOBS}?watch=true&resourceVersion={}", rv(&a)));
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED b", "ADDED c"], "replayed from history, no initial state");
}

#[test]
fn wat_06_exm_06_too_old_resource_version() {
    let mut api = ApiServer::new(jobsim::Config { watch_history: 50, ..Default::default() });
    for i in 0..55 {
        let mut j = job("a");
        j["metadata"]["labels"] = json!({"n": i.to_string()});
        if i == 0 {
            post(&mut api, JOBS, &j);
        } else {
            let cur = get(&mut api, &item("a")).json();
            let mut next = cur.clone();
            next["metadata"]["labels"]["n"] = json!(i.to_string());
            put(&mut api, &item("a"), &next);
        }
    }
    let id = open(&mut api, &format!("{JOBS}?watch=1&resourceVersion=1"));
    let poll = api.poll(id);
    assert!(poll.done);
    assert_eq!(poll.events.len(), 1);
    let ev: Value = serde_json::from_slice(&poll.events[0]).unwrap();
    let oldest = api.resource_version() - 50;
    assert_eq!(
        ev,
        json!({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":format!("too old resource version: 1 ({oldest})"),"reason":"Expired","code":410}})
    );
}

#[test]
fn wat_07_future_resource_version_waits() {
    let mut api = server();
    let future = api.resource_version() + 2;
    let id = open(&mut api, &format!("{JOBS}?watch=1&resourceVersion={future}"));
    create(&mut api, "a");
    create(&mut api, "b");
    create(&mut api, "c");
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED c"]);
}

#[test]
fn wat_08_09_initial_events_end_bookmark() {
    let mut api = server();
    create(&mut api, "a");
    let id = open(
        &mut api,
        &format!("{JOBS}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"),
    );
    let ev = events(&mut api, id);
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0]["type"], "ADDED");
    assert_eq!(
        ev[1],
        json!({"type":"BOOKMARK","object":{"kind":"Job","apiVersion":"batch/v1","metadata":{"resourceVersion":api.resource_version().to_string(),"annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"template":{"metadata":{},"spec":{"containers":null}}},"status":{}}})
    );
    let id = open(&mut api, &format!("{JOBS}?watch=1&sendInitialEvents=false&resourceVersionMatch=NotOlderThan"));
    assert!(events(&mut api, id).is_empty(), "sendInitialEvents=false starts at the latest state");
    let id = open(&mut api, &format!("{JOBS}?watch=1"));
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED a"], "no bookmark unless allowed");
}

#[test]
fn wat_10_option_errors_are_plain_responses() {
    let mut api = server();
    for (q, msg) in [
        ("sendInitialEvents=true", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"),
        ("resourceVersion=1&resourceVersionMatch=NotOlderThan", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"),
        ("sendInitialEvents=true&resourceVersionMatch=Exact", "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\""),
    ] {
        let r = api.watch(Request::get(format!("{JOBS}?watch=1&{q}"))).expect_err("refused");
        assert_eq!(r.status, 422, "{q}");
        assert!(r.json()["message"].as_str().unwrap().contains(msg), "{q}: {}", r.text());
    }
}

#[test]
fn wat_11_timeout_ends_the_watch_on_the_server_clock() {
    let mut api = server();
    let id = open(&mut api, &format!("{JOBS}?watch=1&timeoutSeconds=5&allowWatchBookmarks=true"));
    api.advance(std::time::Duration::from_secs(4));
    assert!(!api.poll(id).done);
    api.advance(std::time::Duration::from_secs(1));
    let p = api.poll(id);
    assert!(p.done);
    let last: Value = serde_json::from_slice(p.events.last().unwrap()).unwrap();
    assert_eq!(last["type"], "BOOKMARK");
}

#[test]
fn wat_12_selectors_filter_events_and_transitions() {
    let mut api = server();
    let mut body = job("a");
    body["metadata"]["labels"] = json!({"app": "web"});
    let a = post(&mut api, JOBS, &body).json();
    let id = open(&mut api, &format!("{JOBS}?watch=1&labelSelector=app%3Dweb"));
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED a"]);
    create(&mut api, "other");
    let mut leave = a.clone();
    leave["metadata"]["labels"]["app"] = json!("db");
    let left = put(&mut api, &item("a"), &leave).json();
    let ev = events(&mut api, id);
    assert_eq!(kinds(&ev), ["DELETED a"]);
    assert_eq!(ev[0]["object"]["metadata"]["labels"]["app"], "web", "previous content");
    assert_eq!(rv(&ev[0]["object"]), rv(&left), "new resourceVersion");
    let mut back = left.clone();
    back["metadata"]["labels"]["app"] = json!("web");
    put(&mut api, &item("a"), &back);
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED a"]);
}

#[test]
fn wat_13_single_object_watch() {
    let mut api = server();
    create(&mut api, "a");
    create(&mut api, "b");
    let id = open(&mut api, "/apis/batch/v1/watch/namespaces/default/jobs/b");
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED b"]);
    let id = open(&mut api, &format!("{JOBS}?watch=1&fieldSelector=metadata.name%3Da"));
    assert_eq!(kinds(&events(&mut api, id)), ["ADDED a"]);
    let r = api
        .watch(Request::get("/apis/batch/v1/watch/namespaces/default/jobs/b?fieldSelector=metadata.name%3Da"))
        .err()
        .unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "fieldSelector metadata.name doesn't match requested name");
}

#[test]
fn wat_14_no_events_for_no_op_and_dry_run_writes() {
    let mut api = server();
    let a = create(&mut api, "a");
    let id = open(&mut api, &format!("{JOBS}?watch=1&resourceVersion={}", rv(&a)));
    put(&mut api, &item("a"), &a);
    api.handle(Request::post(format!("{JOBS}?dryRun=All"), job("b").to_string()));
    assert!(events(&mut api, id).is_empty());
    let mut s = a.clone();
    s["status"] = json!({"active": 1});
    put(&mut api, &format!("{}/status", item("a")), &s);
    assert_eq!(kinds(&events(&mut api, id)), ["MODIFIED a"], "status writes are MODIFIED too");
}

#[test]
fn wat_15_finalizers_show_as_modified_then_deleted() {
    let mut api = server();
    let a = create(&mut api, "a");
    let id = open(&mut api, &format!("{JOBS}?watch=1&resourceVersion={}", rv(&a)));
    let held = api.handle(Request::delete(item("a"))).json();
    let mut released = held.clone();
    released["metadata"]["finalizers"] = json!([]);
    put(&mut api, &item("a"), &released);
    assert_eq!(kinds(&events(&mut api, id)), ["MODIFIED a", "DELETED a"]);
}

#[test]
fn wat_17_yaml_watch_is_406() {
    let mut api = server();
    let r = api.watch(Request::get(format!("{JOBS}?watch=1")).with_header("Accept", "application/yaml")).unwrap_err();
    assert_eq!(r.status, 406);
    assert!(r.text().contains("only the following media types are accepted: application/json;stream=watch"));
}

#[test]
fn watch_through_handle_returns_what_is_available_and_ends() {
    let mut api = server();
    create(&mut api, "a");
    let r = api.handle(Request::get(format!("{JOBS}?watch=1")));
    assert_eq!(r.status, 200);
    let lines: Vec<&str> = r.text().lines().collect();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Job\""));
    assert_eq!(api.watch_count(), 0);
}

#[test]
fn one_change_reaches_many_watchers_with_shared_bytes() {
    let mut api = server();
    let ids: Vec<WatchId> = (0..100).map(|_| open(&mut api, &format!("{JOBS}?watch=1"))).collect();
    create(&mut api, "a");
    let polls: Vec<_> = ids.iter().map(|id| api.poll(*id)).collect();
    assert!(polls.iter().all(|p| p.events.len() == 1));
    let first = &polls[0].events[0];
    assert!(polls.iter().all(|p| std::sync::Arc::ptr_eq(&p.events[0], first)), "one encoding, shared");
}
