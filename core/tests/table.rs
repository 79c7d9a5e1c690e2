//! Server-side Table and metadata-only output (TBL-*), on get, list and watch.

mod common;
use common::*;
use jobsim::Request;
use serde_json::{json, Value};

const TABLE: &str =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

fn table_get(api: &mut jobsim::ApiServer, path: &str) -> Value {
    let r = api.handle(Request::get(path).with_header("Accept", TABLE));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    r.json()
}

#[test]
fn tbl_01_02_list_as_table_with_all_columns() {
    let mut api = server();
    create(&mut api, "pi");
    let t = table_get(&mut api, &format!("{JOBS}?limit=500"));
    assert_eq!(t["kind"], "Table");
    assert_eq!(t["apiVersion"], "meta.k8s.io/v1");
    let cols: Vec<(&str, i64)> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["priority"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        cols,
        [
            ("Name", 0),
            ("Status", 0),
            ("Completions", 0),
            ("Duration", 0),
            ("Age", 0),
            ("Containers", 1),
            ("Images", 1),
            ("Selector", 1)
        ]
    );
    assert_eq!(t["rows"].as_array().unwrap().len(), 1);
    let cells = &t["rows"][0]["cells"];
    assert_eq!(cells[0], "pi");
    assert_eq!(cells[1], "Running");
    assert_eq!(cells[2], "0/1");
    assert_eq!(cells[3], "");
    assert_eq!(cells[4], "0s");
    assert_eq!(cells[5], "main");
    assert_eq!(cells[6], "busybox:1.36");
    assert!(cells[7].as_str().unwrap().starts_with("batch.kubernetes.io/controller-uid="));
}

#[test]
fn tbl_03_age_follows_the_server_clock() {
    let mut api = server();
    create(&mut api, "pi");
    api.advance(std::time::Duration::from_secs(150));
    let t = table_get(&mut api, &item("pi"));
    assert_eq!(t["rows"][0]["cells"][4], "2m30s");
}

#[test]
fn tbl_04_include_object() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let t = table_get(&mut api, &item("pi"));
    assert_eq!(t["rows"][0]["object"]["kind"], "PartialObjectMetadata");
    assert_eq!(t["rows"][0]["object"]["apiVersion"], "meta.k8s.io/v1");
    assert_eq!(t["rows"][0]["object"]["metadata"], j["metadata"]);
    let t = table_get(&mut api, &format!("{}?includeObject=Object", item("pi")));
    assert_eq!(t["rows"][0]["object"], j);
    let t = table_get(&mut api, &format!("{}?includeObject=None", item("pi")));
    assert_eq!(t["rows"][0]["object"], Value::Null);
    let r = api.handle(Request::get(format!("{}?includeObject=Bad", item("pi"))).with_header("Accept", TABLE));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Unable to convert to Table as requested: includeObject: Invalid value: \"Bad\": must be 'Metadata', 'Object', 'None', or empty"
    );
}

#[test]
fn tbl_05_metadata_copies_the_list_meta() {
    let mut api = server();
    create(&mut api, "a");
    create(&mut api, "b");
    let t = table_get(&mut api, &format!("{JOBS}?limit=1"));
    assert!(t["metadata"]["continue"].is_string());
    assert_eq!(t["metadata"]["remainingItemCount"], 1);
    assert_eq!(t["metadata"]["resourceVersion"], api.resource_version().to_string());
    let one = table_get(&mut api, &item("a"));
    assert!(one["metadata"]["resourceVersion"].is_string());
}

#[test]
fn tbl_06_partial_object_metadata() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let r = api.handle(
        Request::get(item("pi")).with_header("Accept", "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"),
    );
    assert_eq!(
        r.json(),
        json!({"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":j["metadata"]})
    );
    let r = api.handle(
        Request::get(JOBS).with_header("Accept", "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io"),
    );
    let l = r.json();
    assert_eq!(l["kind"], "PartialObjectMetadataList");
    assert_eq!(l["items"][0]["metadata"]["name"], "pi");
    let r = api.handle(
        Request::get(JOBS).with_header("Accept", "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"),
    );
    assert_eq!(r.status, 406);
}

#[test]
fn tbl_07_errors_are_plain_statuses() {
    let mut api = server();
    let r = api.handle(Request::get(item("nope")).with_header("Accept", TABLE));
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["kind"], "Status");
}

#[test]
fn wat_16_table_watch_sends_columns_once() {
    let mut api = server();
    create(&mut api, "a");
    let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1")).with_header("Accept", TABLE)).unwrap();
    create(&mut api, "b");
    let ev: Vec<Value> = api.poll(id).events.iter().map(|e| serde_json::from_slice(e).unwrap()).collect();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0]["object"]["kind"], "Table");
    assert!(ev[0]["object"]["columnDefinitions"].is_array());
    assert_eq!(ev[1]["object"]["columnDefinitions"], Value::Null);
    assert_eq!(ev[1]["object"]["rows"][0]["cells"][0], "b");
}

#[test]
fn ctl_27_complete_job_row() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let mut s = j.clone();
    s["status"] = json!({
        "startTime": "2026-01-01T00:00:00Z",
        "completionTime": "2026-01-01T00:00:42Z",
        "succeeded": 1,
        "conditions": [
            {"type": "SuccessCriteriaMet", "status": "True", "lastTransitionTime": "2026-01-01T00:00:42Z"},
            {"type": "Complete", "status": "True", "lastTransitionTime": "2026-01-01T00:00:42Z"}
        ]
    });
    let r = put(&mut api, &format!("{}/status", item("pi")), &s);
    assert_eq!(r.status, 200, "{}", r.text());
    api.advance(std::time::Duration::from_secs(600));
    let t = table_get(&mut api, &item("pi"));
    let cells = &t["rows"][0]["cells"];
    assert_eq!(cells[1], "Complete");
    assert_eq!(cells[2], "1/1");
    assert_eq!(cells[3], "42s", "duration frozen at completion");
}
