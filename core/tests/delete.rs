//! DELETE of one Job (DEL-*) and the deletion lifecycle of finalizers (PUT-11, WAT-15 shape).

mod common;
use common::*;
use jobsim::Request;
use serde_json::json;

const ORPHAN_WARNING: &str = "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning";

fn delete(api: &mut jobsim::ApiServer, path: &str, body: Option<serde_json::Value>) -> jobsim::Response {
    let mut r = Request::delete(path);
    if let Some(b) = body {
        r = r.with_body(b.to_string());
    }
    api.handle(r)
}

#[test]
fn del_02_background_deletes_at_once_with_a_success_status() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let r = delete(&mut api, &item("pi"), Some(json!({"propagationPolicy": "Background"})));
    assert_eq!(r.status, 200);
    assert!(r.warnings().is_empty());
    assert_eq!(
        r.json(),
        json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success",
               "details":{"name":"pi","group":"batch","kind":"jobs","uid":j["metadata"]["uid"]}})
    );
    assert_eq!(get(&mut api, &item("pi")).status, 404);
}

#[test]
fn del_03_default_is_orphan_with_a_warning() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let r = delete(&mut api, &item("pi"), None);
    assert_eq!(r.status, 200);
    assert_eq!(r.warnings(), vec![ORPHAN_WARNING.to_string()]);
    let d = r.json();
    assert_eq!(d["kind"], "Job");
    assert_eq!(d["metadata"]["finalizers"], json!(["orphan"]));
    assert_eq!(d["metadata"]["deletionGracePeriodSeconds"], 0);
    assert_eq!(d["metadata"]["generation"], 2);
    assert!(d["metadata"]["deletionTimestamp"].is_string());
    assert_ne!(d["metadata"]["resourceVersion"], j["metadata"]["resourceVersion"]);
    // The deletion marks are the server's: the managers' entries stay as they were, last in metadata.
    assert_eq!(d["metadata"]["managedFields"], j["metadata"]["managedFields"]);
    assert_eq!(d["metadata"].as_object().unwrap().keys().next_back().unwrap(), "managedFields");
    let stored = get(&mut api, &item("pi"));
    assert_eq!(stored.status, 200, "held by the orphan finalizer");
    assert_eq!(stored.json(), d);
}

#[test]
fn del_04_explicit_orphan_has_no_warning() {
    let mut api = server();
    create(&mut api, "pi");
    let r = api.handle(Request::delete(format!("{}?propagationPolicy=Orphan", item("pi"))));
    assert_eq!(r.status, 200);
    assert!(r.warnings().is_empty());
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["orphan"]));
}

#[test]
fn del_05_foreground_adds_its_finalizer() {
    let mut api = server();
    create(&mut api, "pi");
    let r = delete(&mut api, &item("pi"), Some(json!({"propagationPolicy": "Foreground"})));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["foregroundDeletion"]));
}

#[test]
fn del_01_a_non_empty_body_wins_over_the_query() {
    let mut api = server();
    create(&mut api, "pi");
    let r = api.handle(
        Request::delete(format!("{}?propagationPolicy=Orphan&dryRun=All", item("pi")))
            .with_body(json!({"propagationPolicy": "Background"}).to_string()),
    );
    assert_eq!(r.json()["kind"], "Status");
    assert_eq!(get(&mut api, &item("pi")).status, 404, "dryRun in the query was ignored");
    create(&mut api, "pi");
    let r = api.handle(Request::delete(format!("{}?propagationPolicy=Background", item("pi"))).with_body("{}"));
    assert_eq!(r.warnings(), vec![ORPHAN_WARNING.to_string()], "an empty object body still replaces the query");
    let r = api.handle(Request::delete(item("x")).with_body(json!({"kind": "Pod", "apiVersion": "v1"}).to_string()));
    assert_eq!(r.status, 400);
}

#[test]
fn del_06_orphan_dependents() {
    let mut api = server();
    create(&mut api, "a");
    let r = api.handle(Request::delete(format!("{}?orphanDependents=true", item("a"))));
    assert!(r.warnings().is_empty());
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["orphan"]));
    let mut body = job("b");
    body["metadata"]["finalizers"] = json!(["example.com/hold"]);
    post(&mut api, JOBS, &body);
    let r = api.handle(Request::delete(format!("{}?orphanDependents=false", item("b"))));
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["example.com/hold"]));
}

#[test]
fn del_07_option_errors() {
    let mut api = server();
    create(&mut api, "pi");
    let r = delete(&mut api, &item("pi"), Some(json!({"propagationPolicy": "Background", "orphanDependents": true})));
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"Background\": orphanDependents and deletionPropagation cannot be both set"
    );
    let r = api.handle(Request::delete(format!("{}?propagationPolicy=Sometimes", item("pi"))));
    assert_eq!(
        r.json()["message"],
        "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"Sometimes\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""
    );
    let r = api.handle(Request::delete(format!("{}?dryRun=Some", item("pi"))));
    assert_eq!(r.status, 422);
    assert_eq!(get(&mut api, &item("pi")).status, 200);
}

#[test]
fn del_08_preconditions() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let uid = j["metadata"]["uid"].as_str().unwrap();
    let r = delete(&mut api, &item("pi"), Some(json!({"preconditions": {"uid": "other"}})));
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["message"],
        format!("Operation cannot be fulfilled on Job.batch \"pi\": the UID in the precondition (other) does not match the UID in record ({uid}). The object might have been deleted and then recreated")
    );
    assert_eq!(r.json()["details"], json!({"name": "pi", "group": "batch", "kind": "Job"}));
    let r = delete(&mut api, &item("pi"), Some(json!({"preconditions": {"resourceVersion": "1"}})));
    assert_eq!(r.status, 409);
    let rv = j["metadata"]["resourceVersion"].as_str().unwrap();
    assert!(r.json()["message"].as_str().unwrap().ends_with(&format!(
        "the ResourceVersion in the precondition (1) does not match the ResourceVersion in record ({rv}). The object might have been modified"
    )));
    let ok = delete(
        &mut api,
        &item("pi"),
        Some(json!({"preconditions": {"uid": uid, "resourceVersion": rv}, "propagationPolicy": "Background"})),
    );
    assert_eq!(ok.status, 200);
}

#[test]
fn del_10_user_finalizers_hold_the_job_and_put_11_removing_the_last_deletes_it() {
    let mut api = server();
    let mut body = job("pi");
    body["metadata"]["finalizers"] = json!(["example.com/hold"]);
    post(&mut api, JOBS, &body);
    let r = delete(&mut api, &item("pi"), Some(json!({"propagationPolicy": "Background"})));
    assert_eq!(r.status, 200);
    let held = r.json();
    assert_eq!(held["metadata"]["finalizers"], json!(["example.com/hold"]));
    let mut released = held.clone();
    released["metadata"]["finalizers"] = json!([]);
    let r = put(&mut api, &item("pi"), &released);
    assert_eq!(r.status, 200);
    assert_eq!(get(&mut api, &item("pi")).status, 404);
}

#[test]
fn del_11_deleting_again_recomputes_gc_finalizers() {
    let mut api = server();
    create(&mut api, "pi");
    let first = delete(&mut api, &item("pi"), None).json();
    let r = delete(&mut api, &item("pi"), Some(json!({"propagationPolicy": "Background"})));
    assert_eq!(r.json()["kind"], "Status", "the orphan finalizer is dropped and nothing holds the Job");
    assert_eq!(get(&mut api, &item("pi")).status, 404);
    let _ = first;
}

#[test]
fn del_12_missing_job() {
    let mut api = server();
    let r = delete(&mut api, &item("nope"), None);
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "jobs.batch \"nope\" not found");
}

#[test]
fn del_13_dry_run_changes_nothing() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let rv = api.resource_version();
    let r = api.handle(Request::delete(format!("{}?dryRun=All", item("pi"))));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["orphan"]));
    assert_eq!(r.json()["metadata"]["managedFields"], j["metadata"]["managedFields"]);
    assert_eq!(api.resource_version(), rv);
    assert_eq!(get(&mut api, &item("pi")).json(), j);
}

#[test]
fn val_21_no_new_finalizers_on_a_deleting_job() {
    let mut api = server();
    create(&mut api, "pi");
    let mut d = delete(&mut api, &item("pi"), None).json();
    d["metadata"]["finalizers"] = json!(["orphan", "example.com/late"]);
    let r = put(&mut api, &item("pi"), &d);
    assert_eq!(r.status, 422);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted"));
}
