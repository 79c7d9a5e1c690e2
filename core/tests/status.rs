//! The status subresource (STA-*).

mod common;
use common::*;
use jobsim::Request;
use serde_json::json;

fn status_path(name: &str) -> String {
    format!("{}/status", item(name))
}

#[test]
fn sta_01_only_get_put_patch() {
    let mut api = server();
    create(&mut api, "pi");
    assert_eq!(api.handle(Request::post(status_path("pi"), "{}")).status, 405);
    assert_eq!(api.handle(Request::delete(status_path("pi"))).status, 405);
}

#[test]
fn sta_02_status_write_keeps_spec_applies_status_and_labels() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["spec"]["parallelism"] = json!(9);
    j["metadata"]["labels"]["seen"] = json!("yes");
    j["status"] = json!({"active": 1, "startTime": "2026-01-01T00:00:00Z"});
    let r = put(&mut api, &status_path("pi"), &j);
    assert_eq!(r.status, 200, "{}", r.text());
    let n = r.json();
    assert_eq!(n["spec"]["parallelism"], 1, "spec is kept");
    assert_eq!(n["status"]["active"], 1);
    assert_eq!(n["metadata"]["labels"]["seen"], "yes");
    assert_eq!(n["metadata"]["generation"], 1);
    let mf = n["metadata"]["managedFields"].as_array().unwrap().clone();
    let status_entry = mf.iter().find(|e| e["subresource"] == "status").expect("a status entry");
    assert!(status_entry["fieldsV1"].get("f:status").is_some());
    assert!(status_entry["fieldsV1"].get("f:spec").is_none(), "spec is a reset field on /status");
}

#[test]
fn sta_03_status_in_main_resource_writes_is_discarded() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["status"] = json!({"active": 2});
    let r = put(&mut api, &item("pi"), &j).json();
    assert_eq!(r["status"], json!({}));
}

#[test]
fn sta_04_counters_must_not_be_negative() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["status"] = json!({"active": -1});
    let r = put(&mut api, &status_path("pi"), &j);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "Job.batch \"pi\" is invalid: status.active: Invalid value: -1: must be greater than or equal to 0"
    );
}

#[test]
fn sta_05_failed_counter_cannot_decrease() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["status"] = json!({"failed": 2, "startTime": "2026-01-01T00:00:00Z"});
    let j = put(&mut api, &status_path("pi"), &j).json();
    let mut k = j.clone();
    k["status"]["failed"] = json!(1);
    let r = put(&mut api, &status_path("pi"), &k);
    assert_eq!(r.status, 422);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("status.failed: Invalid value: 1: cannot decrease the failed counter"));
}

#[test]
fn sta_07_status_writes_use_optimistic_concurrency() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let mut a = j.clone();
    a["status"] = json!({"active": 1});
    assert_eq!(put(&mut api, &status_path("pi"), &a).status, 200);
    assert_eq!(put(&mut api, &status_path("pi"), &a).status, 409);
}
