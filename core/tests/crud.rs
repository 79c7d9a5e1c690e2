//! Create and read (CRE-*, GET-*), end to end through `ApiServer::handle`.

mod common;
use common::*;
use jobsim::Request;
use serde_json::json;

#[test]
fn cre_01_create_returns_201_with_the_stored_job() {
    let mut api = server();
    let r = post(&mut api, JOBS, &job("pi"));
    assert_eq!(r.status, 201);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let j = r.json();
    assert_eq!(j["kind"], "Job");
    assert_eq!(j["apiVersion"], "batch/v1");
    assert_eq!(j["metadata"]["namespace"], "default");
    assert_eq!(j["metadata"]["generation"], 1);
    assert_eq!(j["status"], json!({}));
    let g = get(&mut api, &item("pi"));
    assert_eq!(g.status, 200);
    assert_eq!(g.body, r.body, "GET-01: same bytes as the write response");
}

#[test]
fn cre_04_06_system_metadata() {
    let mut api = server();
    let mut body = job("a");
    body["metadata"]["uid"] = json!("client-uid");
    body["metadata"]["creationTimestamp"] = json!("2000-01-01T00:00:00Z");
    let a = post(&mut api, JOBS, &body).json();
    let uid = a["metadata"]["uid"].as_str().unwrap();
    assert_ne!(uid, "client-uid");
    assert_eq!(uid.len(), 36);
    assert_eq!(&uid[14..15], "4", "version-4 uuid");
    assert_eq!(a["metadata"]["creationTimestamp"], "2026-01-01T00:00:00Z");
    let b = create(&mut api, "b");
    let rv = |v: &serde_json::Value| v["metadata"]["resourceVersion"].as_str().unwrap().parse::<u64>().unwrap();
    assert!(rv(&b) > rv(&a), "CRE-06: strictly increasing");
}

#[test]
fn cre_02_name_or_generate_name_required() {
    let mut api = server();
    let mut body = job("x");
    body["metadata"] = json!({});
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "Job.batch \"\" is invalid: metadata.name: Required value: name or generateName is required"
    );
}

#[test]
fn cre_03_generate_name() {
    let mut api = server();
    let mut body = job("x");
    body["metadata"] = json!({"generateName": "pi-"});
    let j = post(&mut api, JOBS, &body).json();
    let name = j["metadata"]["name"].as_str().unwrap();
    assert_eq!(name.len(), 8);
    assert!(name[3..].chars().all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)), "{name}");
    assert_eq!(j["metadata"]["generateName"], "pi-");
    assert_eq!(j["metadata"]["labels"]["job-name"], name);
}

#[test]
fn cre_07_resource_version_on_create_is_a_500() {
    let mut api = server();
    let mut body = job("x");
    body["metadata"]["resourceVersion"] = json!("5");
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 500);
    let s = r.json();
    assert_eq!(s["message"], "resourceVersion should not be set on objects to be created");
    assert!(s.get("reason").is_none());
}

#[test]
fn cre_08_managed_fields_from_field_manager_or_user_agent() {
    let mut api = server();
    let r = api.handle(Request::post(format!("{JOBS}?fieldManager=kubectl-create"), job("a").to_string()));
    let mf = &r.json()["metadata"]["managedFields"][0];
    assert_eq!(mf["manager"], "kubectl-create");
    assert_eq!(mf["operation"], "Update");
    assert_eq!(mf["apiVersion"], "batch/v1");
    assert_eq!(mf["fieldsType"], "FieldsV1");
    let r = api
        .handle(Request::post(JOBS, job("b").to_string()).with_header("User-Agent", "kubectl/v1.35.0 (linux/amd64)"));
    let mf = &r.json()["metadata"]["managedFields"][0];
    assert_eq!(mf["manager"], "kubectl");
    let f = &mf["fieldsV1"]["f:spec"];
    assert!(f.get("f:template").is_some());
    assert!(f.get("f:selector").is_none(), "strategy-added fields are not owned");
}

#[test]
fn cre_10_namespace_mismatch() {
    let mut api = server();
    let mut body = job("x");
    body["metadata"]["namespace"] = json!("other");
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "the namespace of the provided object does not match the namespace sent on the request"
    );
}

#[test]
fn cre_11_missing_namespace() {
    let mut api = server();
    let r = post(&mut api, "/apis/batch/v1/namespaces/nope/jobs", &job("x"));
    assert_eq!(r.status, 404);
    let s = r.json();
    assert_eq!(s["message"], "namespaces \"nope\" not found");
    assert_eq!(s["details"], json!({"name": "nope", "kind": "namespaces"}));
    let mut api = jobsim::ApiServer::new(jobsim::Config { auto_create_namespaces: true, ..Default::default() });
    assert_eq!(post(&mut api, "/apis/batch/v1/namespaces/nope/jobs", &job("x")).status, 201);
}

#[test]
fn cre_12_wrong_api_version_or_kind() {
    let mut api = server();
    let mut body = job("x");
    body["apiVersion"] = json!("apps/v1");
    assert_eq!(post(&mut api, JOBS, &body).status, 400);
    body["apiVersion"] = json!("batch/v1beta1");
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with(
        "Job in version \"v1beta1\" cannot be handled as a Job: no kind \"Job\" is registered for version \"batch/v1beta1\" in scheme"
    ));
    let mut body = job("x");
    body.as_object_mut().unwrap().remove("apiVersion");
    body.as_object_mut().unwrap().remove("kind");
    assert_eq!(post(&mut api, JOBS, &body).status, 201);
}

#[test]
fn cre_13_undecodable_bodies() {
    let mut api = server();
    for body in ["", "{", "not json"] {
        let r = api.handle(Request::post(JOBS, body));
        assert_eq!(r.status, 400, "{body:?}");
        assert_eq!(r.json()["reason"], "BadRequest");
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("the object provided is unrecognized (must be of type Job)"));
    }
    let mut body = job("x");
    body["spec"]["parallelism"] = json!("two");
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("Job in version \"v1\" cannot be handled as a Job:"));
}

#[test]
fn cre_14_already_exists() {
    let mut api = server();
    create(&mut api, "pi");
    let r = post(&mut api, JOBS, &job("pi"));
    assert_eq!(r.status, 409);
    let s = r.json();
    assert_eq!(s["reason"], "AlreadyExists");
    assert_eq!(s["message"], "jobs.batch \"pi\" already exists");
    assert_eq!(s["details"], json!({"name": "pi", "group": "batch", "kind": "jobs"}));
}

#[test]
fn get_02_missing_job() {
    let mut api = server();
    for name in ["nope", "UPPER"] {
        let r = get(&mut api, &item(name));
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["message"], format!("jobs.batch \"{name}\" not found"));
    }
    let r = get(&mut api, "/apis/batch/v1/namespaces/missing/jobs/x");
    assert_eq!(r.json()["message"], "jobs.batch \"x\" not found");
}

#[test]
fn get_03_status_returns_the_whole_job() {
    let mut api = server();
    create(&mut api, "pi");
    let a = get(&mut api, &item("pi"));
    let b = get(&mut api, &format!("{}/status", item("pi")));
    assert_eq!(a.body, b.body);
}

#[test]
fn def_08_09_generated_labels_and_selector() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let uid = j["metadata"]["uid"].as_str().unwrap();
    let labels = json!({"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi", "controller-uid": uid, "job-name": "pi"});
    assert_eq!(j["metadata"]["labels"], labels);
    assert_eq!(j["spec"]["template"]["metadata"]["labels"], labels);
    assert_eq!(j["spec"]["selector"], json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}));
    assert_eq!(j["spec"]["manualSelector"], false);
}

#[test]
fn cre_15_dns_subdomain_name_warns() {
    let mut api = server();
    let r = post(&mut api, JOBS, &job("a.b"));
    assert_eq!(r.status, 201);
    assert_eq!(
        r.warnings(),
        vec!["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]".to_string()]
    );
}

#[test]
fn cre_16_duplicate_owner_references_are_collapsed() {
    let mut api = server();
    let mut body = job("o");
    let owner =
        json!({"apiVersion": "v1", "kind": "ConfigMap", "name": "cm", "uid": "6f1a2c3e-0000-4000-8000-000000000001"});
    body["metadata"]["ownerReferences"] = json!([owner.clone(), owner]);
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["metadata"]["ownerReferences"].as_array().unwrap().len(), 1);
    assert_eq!(
        r.warnings(),
        vec![".metadata.ownerReferences contains duplicate entries; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: 6f1a2c3e-0000-4000-8000-000000000001".to_string()]
    );
}

#[test]
fn cre_17_client_metadata_is_kept() {
    let mut api = server();
    let mut body = job("k");
    body["metadata"]["labels"] = json!({"team": "a"});
    body["metadata"]["annotations"] = json!({"note": "x"});
    body["metadata"]["finalizers"] = json!(["example.com/keep"]);
    let j = post(&mut api, JOBS, &body).json();
    assert_eq!(j["metadata"]["labels"], json!({"team": "a"}), "client labels are not replaced (DEF-08)");
    assert_eq!(j["metadata"]["annotations"], json!({"note": "x"}));
    assert_eq!(j["metadata"]["finalizers"], json!(["example.com/keep"]));
}
