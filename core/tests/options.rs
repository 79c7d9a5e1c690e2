//! dryRun (DRY-*) and fieldValidation (FVL-*) on the write verbs.

mod common;
use common::*;
use jobsim::Request;
use serde_json::json;

#[test]
fn dry_01_invalid_value_per_verb_kind() {
    let mut api = server();
    create(&mut api, "pi");
    let r = api.handle(Request::post(format!("{JOBS}?dryRun=foo"), job("x").to_string()));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["details"]["kind"], "CreateOptions");
    let j = get(&mut api, &item("pi")).json();
    let r = api.handle(Request::put(format!("{}?dryRun=foo", item("pi")), j.to_string()));
    assert_eq!(
        r.json()["message"],
        "UpdateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"foo\"]: supported values: \"All\""
    );
}

#[test]
fn dry_02_03_04_dry_run_create() {
    let mut api = server();
    let rv = api.resource_version();
    let a = api.handle(Request::post(format!("{JOBS}?dryRun=All"), job("pi").to_string()));
    assert_eq!(a.status, 201);
    let a = a.json();
    assert!(a["metadata"].get("resourceVersion").is_none(), "DRY-04: no resourceVersion");
    assert_eq!(a["metadata"]["generation"], 1);
    assert_eq!(a["metadata"]["labels"]["job-name"], "pi");
    assert!(a["metadata"]["managedFields"].is_array());
    let b = api.handle(Request::post(format!("{JOBS}?dryRun=All"), job("pi").to_string())).json();
    assert_ne!(a["metadata"]["uid"], b["metadata"]["uid"], "two dry runs give two uids");
    assert_eq!(api.resource_version(), rv, "DRY-03: no resourceVersion consumed");
    assert_eq!(get(&mut api, &item("pi")).status, 404);
    create(&mut api, "pi");
    let c = api.handle(Request::post(format!("{JOBS}?dryRun=All"), job("pi").to_string()));
    assert_eq!(c.status, 409, "DRY-02: the same errors as the real request");
    let mut bad = job("bad");
    bad["spec"]["parallelism"] = json!(-1);
    assert_eq!(api.handle(Request::post(format!("{JOBS}?dryRun=All"), bad.to_string())).status, 422);
}

#[test]
fn dry_05_dry_run_update_keeps_the_stored_resource_version() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let mut k = j.clone();
    k["spec"]["parallelism"] = json!(4);
    let r = api.handle(Request::put(format!("{}?dryRun=All", item("pi")), k.to_string()));
    assert_eq!(r.status, 200);
    let r = r.json();
    assert_eq!(r["metadata"]["resourceVersion"], j["metadata"]["resourceVersion"]);
    assert_eq!(r["metadata"]["generation"], 2);
    assert_eq!(r["spec"]["parallelism"], 4);
    assert_eq!(get(&mut api, &item("pi")).json(), j);
}

#[test]
fn fvl_03_strict_rejects_every_unknown_field_in_document_order() {
    let mut api = server();
    let mut body = job("pi");
    body["spec"]["foo"] = json!(1);
    body["spec"]["template"]["spec"]["containers"][0]["imagePullPolice"] = json!("Always");
    let r = api.handle(Request::post(format!("{JOBS}?fieldValidation=Strict"), body.to_string()));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolice\", unknown field \"spec.foo\""
    );
    assert_eq!(get(&mut api, &item("pi")).status, 404);
}

#[test]
fn fvl_04_warn_is_the_default() {
    let mut api = server();
    let body = r#"{"metadata":{"name":"pi","foo":1},"spec":{"parallelism":1,"parallelism":2,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}}"#;
    let r = api.handle(Request::post(JOBS, body));
    assert_eq!(r.status, 201);
    assert_eq!(
        r.warnings(),
        vec!["duplicate field \"spec.parallelism\"".to_string(), "unknown field \"metadata.foo\"".to_string()]
    );
    assert_eq!(r.json()["spec"]["parallelism"], 2, "the last duplicate wins");
    assert!(r.json()["metadata"].get("foo").is_none(), "FVL-07: unknown fields never reach storage");
    let dup = api.handle(Request::post(format!("{JOBS}?fieldValidation=Strict"), body.replace("\"pi\"", "\"p2\"")));
    assert_eq!(dup.status, 400);
    assert!(dup.json()["message"].as_str().unwrap().contains("duplicate field \"spec.parallelism\""));
    // Inside free-form JSON too (a PUT body carrying its managedFields back).
    let mut stored = get(&mut api, &item("pi")).json();
    stored["metadata"]["managedFields"][0]["fieldsV1"] = json!({"f:spec": {}});
    let text = stored.to_string().replace(r#"{"f:spec":{}}"#, r#"{"f:spec":{},"f:spec":{}}"#);
    let r = api.handle(Request::put(item("pi"), text));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.warnings(), vec!["duplicate field \"metadata.managedFields[0].fieldsV1.f:spec\"".to_string()]);
    // A clean body of the same object has nothing to report.
    let current = get(&mut api, &item("pi")).body;
    let r = api.handle(Request::put(item("pi"), current));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.warnings().is_empty());
}

#[test]
fn fvl_05_ignore_is_silent() {
    let mut api = server();
    let mut body = job("pi");
    body["spec"]["foo"] = json!(1);
    let r = api.handle(Request::post(format!("{JOBS}?fieldValidation=Ignore"), body.to_string()));
    assert_eq!(r.status, 201);
    assert!(r.warnings().is_empty());
}

#[test]
fn fvl_01_invalid_value_is_422() {
    let mut api = server();
    let r = api.handle(Request::post(format!("{JOBS}?fieldValidation=Foo"), job("pi").to_string()));
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["details"],
        json!({"group": "meta.k8s.io", "kind": "CreateOptions", "causes": [{"reason": "FieldValueNotSupported", "message": "Unsupported value: \"Foo\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", "field": "fieldValidation"}]})
    );
}

#[test]
fn gen_07_yaml_bodies_are_accepted() {
    let mut api = server();
    let yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl:5.34\n";
    let r = api.handle(Request::post(JOBS, yaml).with_header("Content-Type", "application/yaml"));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["spec"]["template"]["spec"]["containers"][0]["image"], "perl:5.34");
}

#[test]
fn gen_07_other_media_types_are_415() {
    let mut api = server();
    let r = api.handle(Request::post(JOBS, job("pi").to_string()).with_header("Content-Type", "text/plain"));
    assert_eq!(r.status, 415);
    assert_eq!(r.json()["reason"], "UnsupportedMediaType");
    assert_eq!(
        r.json()["message"],
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"
    );
}
