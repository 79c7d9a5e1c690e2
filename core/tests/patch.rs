//! PATCH in all four content types and server-side apply (PAT-*).

mod common;
use common::*;
use jobsim::{ApiServer, Request, Response};
use serde_json::{json, Value};

const JSON_PATCH: &str = "application/json-patch+json";
const MERGE: &str = "application/merge-patch+json";
const SMP: &str = "application/strategic-merge-patch+json";
const APPLY: &str = "application/apply-patch+yaml";

fn patch(api: &mut ApiServer, path: &str, ct: &str, body: &str) -> Response {
    api.handle(Request::patch(path, ct, body))
}

#[test]
fn pat_01_unknown_content_type_is_415() {
    let mut api = server();
    create(&mut api, "pi");
    for ct in ["application/json", "text/plain"] {
        let r = patch(&mut api, &item("pi"), ct, "{}");
        assert_eq!(r.status, 415, "{ct}");
        assert_eq!(r.json()["message"], "415: Unsupported Media Type");
        assert_eq!(r.json()["details"], json!({}));
    }
    let r =
        patch(&mut api, &item("pi"), "application/merge-patch+json; charset=utf-8", r#"{"spec":{"parallelism":2}}"#);
    assert_eq!(r.status, 200, "a charset parameter is tolerated");
}

#[test]
fn pat_02_missing_job_is_404_for_non_apply() {
    let mut api = server();
    let r = patch(&mut api, &item("nope"), MERGE, "{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "jobs.batch \"nope\" not found");
}

#[test]
fn pat_03_exm_03_04_patch_takes_the_update_lifecycle() {
    let mut api = server();
    create(&mut api, "pi");
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"spec":{"suspend":true}}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["metadata"]["generation"], 2);
    assert_eq!(r.json()["spec"]["suspend"], true);
    let r = patch(
        &mut api,
        &item("pi"),
        MERGE,
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"perl:5.36"}]}}}}"#,
    );
    assert_eq!(r.status, 422);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with("Job.batch \"pi\" is invalid: spec.template: Invalid value: "), "{msg}");
    assert!(msg.ends_with(": field is immutable"));
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"status":{"active":5}}"#);
    assert_eq!(r.json()["status"], json!({}), "status is ignored on the main resource");
    let before = api.resource_version();
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"spec":{"suspend":true}}"#);
    assert_eq!(r.status, 200);
    assert_eq!(api.resource_version(), before, "a no-op patch writes nothing");
}

#[test]
fn pat_04_resource_version_in_the_patch_is_a_precondition() {
    let mut api = server();
    create(&mut api, "pi");
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"metadata":{"resourceVersion":"1"}}"#);
    assert_eq!(r.status, 409);
    assert_eq!(r.json()["reason"], "Conflict");
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"metadata":{"uid":"00000000-0000-4000-8000-000000000000"}}"#);
    assert_eq!(r.status, 422);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("metadata.uid: Invalid value: \"00000000-0000-4000-8000-000000000000\": field is immutable"));
}

#[test]
fn pat_05_json_patch() {
    let mut api = server();
    create(&mut api, "pi");
    let ops = r#"[{"op":"test","path":"/spec/parallelism","value":1},{"op":"replace","path":"/spec/parallelism","value":3},
        {"op":"add","path":"/metadata/labels/team","value":"a"},{"op":"copy","from":"/metadata/labels/team","path":"/metadata/annotations"}]"#;
    let r = patch(
        &mut api,
        &item("pi"),
        JSON_PATCH,
        &ops.replace("\"path\":\"/metadata/annotations\"", "\"path\":\"/metadata/labels/copy\""),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["spec"]["parallelism"], 3);
    assert_eq!(r.json()["metadata"]["labels"]["copy"], "a");
    let r = patch(&mut api, &item("pi"), JSON_PATCH, r#"[{"op":"test","path":"/spec/parallelism","value":99}]"#);
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["message"], "the server rejected our request due to an error in our request");
    assert_eq!(r.json()["details"], json!({}));
    let r = patch(&mut api, &item("pi"), JSON_PATCH, r#"[{"op":"remove","path":"/spec/template/spec/containers/5"}]"#);
    assert_eq!(r.status, 422);
    let r = patch(&mut api, &item("pi"), JSON_PATCH, "{not json");
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("error decoding patch: "));
    let many = format!("[{}]", vec![r#"{"op":"test","path":"/kind","value":"Job"}"#; 10_001].join(","));
    let r = patch(&mut api, &item("pi"), JSON_PATCH, &many);
    assert_eq!(r.status, 413);
    assert_eq!(
        r.json()["message"],
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001"
    );
}

#[test]
fn pat_06_merge_patch_null_deletes_arrays_replace() {
    let mut api = server();
    let mut body = job("pi");
    body["metadata"]["labels"] = json!({"a": "1", "b": "2"});
    post(&mut api, JOBS, &body);
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"metadata":{"labels":{"a":null}}}"#);
    assert_eq!(r.json()["metadata"]["labels"], json!({"b": "2"}));
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"metadata":{"finalizers":["x.io/a"]}}"#).json();
    let r2 = patch(&mut api, &item("pi"), MERGE, r#"{"metadata":{"finalizers":["x.io/b"]}}"#).json();
    assert_eq!(r["metadata"]["finalizers"], json!(["x.io/a"]));
    assert_eq!(r2["metadata"]["finalizers"], json!(["x.io/b"]), "arrays are replaced whole");
    let r = patch(&mut api, &item("pi"), MERGE, "[1");
    assert_eq!(r.status, 400);
}

#[test]
fn pat_07_strategic_merge_patch_merges_lists_by_key() {
    let mut api = server();
    let mut body = job("pi");
    body["spec"]["template"]["spec"]["containers"][0]["env"] = json!([{"name": "A", "value": "1"}]);
    body["metadata"]["finalizers"] = json!(["x.io/a"]);
    post(&mut api, JOBS, &body);
    let r = patch(&mut api, &item("pi"), SMP, r#"{"metadata":{"finalizers":["x.io/b"]}}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let f = r.json()["metadata"]["finalizers"].clone();
    assert_eq!(f.as_array().unwrap().len(), 2, "finalizers merge as a set: {f}");
    let r = patch(
        &mut api,
        &item("pi"),
        SMP,
        r#"{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"busybox:1.37"}]}}}}"#,
    );
    assert_eq!(r.status, 422, "the template is immutable, but the merge kept the container list");
}

#[test]
fn pat_08_force_only_for_apply() {
    let mut api = server();
    create(&mut api, "pi");
    let r = patch(&mut api, &format!("{}?force=true", item("pi")), MERGE, "{}");
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch"
    );
}

fn applied(name: &str, parallelism: i32) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n  parallelism: {parallelism}\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: main\n        image: busybox:1.36\n"
    )
}

#[test]
fn pat_09_apply_needs_a_field_manager_and_a_typed_body() {
    let mut api = server();
    let r = patch(&mut api, &item("pi"), APPLY, &applied("pi", 1));
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["message"],
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"
    );
    let r = patch(&mut api, &format!("{}?fieldManager=me", item("pi")), APPLY, "metadata:\n  name: pi\n");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "invalid object type: /, Kind=");
    let with_mf = applied("pi", 1)
        .replace("metadata:\n  name: pi\n", "metadata:\n  name: pi\n  managedFields:\n  - manager: x\n");
    let r = patch(&mut api, &format!("{}?fieldManager=me", item("pi")), APPLY, &with_mf);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "metadata.managedFields must be nil");
    let r = patch(&mut api, &format!("{}?fieldManager=me", item("pi")), APPLY, "a: [");
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("error decoding patch: "));
}

#[test]
fn pat_10_apply_creates_a_missing_job() {
    let mut api = server();
    let r = patch(&mut api, &format!("{}?fieldManager=kubectl", item("pi")), APPLY, &applied("pi", 2));
    assert_eq!(r.status, 201, "{}", r.text());
    let j = r.json();
    assert_eq!(j["spec"]["parallelism"], 2);
    assert_eq!(j["metadata"]["labels"]["job-name"], "pi");
    let mf = j["metadata"]["managedFields"].as_array().unwrap();
    assert_eq!(mf.len(), 1);
    assert_eq!(mf[0]["manager"], "kubectl");
    assert_eq!(mf[0]["operation"], "Apply");
    assert_eq!(mf[0]["fieldsV1"]["f:spec"]["f:parallelism"], json!({}));
    let r = patch(&mut api, &format!("{}?fieldManager=kubectl", item("other")), APPLY, &applied("pi", 2));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "the name of the object (pi) does not match the name on the URL (other)");
}

#[test]
fn pat_11_14_apply_change_conflict_force_end_to_end() {
    let mut api = server();
    let a = |m: &str, force: bool| format!("{}?fieldManager={m}{}", item("pi"), if force { "&force=true" } else { "" });
    assert_eq!(patch(&mut api, &a("alice", false), APPLY, &applied("pi", 2)).status, 201);
    // Re-applying the same value by another manager is shared ownership, not a conflict.
    let r = patch(&mut api, &a("bob", false), APPLY, &applied("pi", 2));
    assert_eq!(r.status, 200, "{}", r.text());
    // A plain update by a third manager takes parallelism.
    let r = patch(&mut api, &format!("{}?fieldManager=scaler", item("pi")), MERGE, r#"{"spec":{"parallelism":3}}"#);
    let time =
        r.json()["metadata"]["managedFields"].as_array().unwrap().iter().find(|e| e["manager"] == "scaler").unwrap()
            ["time"]
            .clone();
    // Alice applies parallelism 4: conflict with the updater.
    let r = patch(&mut api, &a("alice", false), APPLY, &applied("pi", 4));
    assert_eq!(r.status, 409, "{}", r.text());
    let s = r.json();
    assert_eq!(
        s["message"],
        format!(
            "Apply failed with 1 conflict: conflict with \"scaler\" using batch/v1 at {}: .spec.parallelism",
            time.as_str().unwrap()
        )
    );
    assert_eq!(s["details"]["causes"][0]["reason"], "FieldManagerConflict");
    assert_eq!(s["details"]["causes"][0]["field"], ".spec.parallelism");
    // With force, alice takes the field.
    let r = patch(&mut api, &a("alice", true), APPLY, &applied("pi", 4));
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["spec"]["parallelism"], 4);
    let mf = j["metadata"]["managedFields"].as_array().unwrap();
    let managers: Vec<(&str, &str)> =
        mf.iter().map(|e| (e["manager"].as_str().unwrap(), e["operation"].as_str().unwrap())).collect();
    assert_eq!(managers, [("alice", "Apply"), ("bob", "Apply")], "the updater lost its only field, so its entry went");
    assert_eq!(mf[0]["fieldsV1"]["f:spec"]["f:parallelism"], json!({}));
    assert!(mf[1]["fieldsV1"]["f:spec"].get("f:parallelism").is_none(), "bob no longer co-owns the changed value");
    // PAT-14: Apply entries sort before Update entries.
    let r =
        patch(&mut api, &format!("{}?fieldManager=labeler", item("pi")), MERGE, r#"{"metadata":{"labels":{"x":"y"}}}"#);
    let ops: Vec<String> = r.json()["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["operation"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ops, ["Apply", "Apply", "Update"]);
}

#[test]
fn pat_11_fields_no_longer_applied_are_removed() {
    let mut api = server();
    let url = format!("{}?fieldManager=alice", item("pi"));
    let with_deadline =
        applied("pi", 1).replace("  parallelism: 1\n", "  parallelism: 1\n  activeDeadlineSeconds: 100\n");
    assert_eq!(patch(&mut api, &url, APPLY, &with_deadline).status, 201);
    let r = patch(&mut api, &url, APPLY, &applied("pi", 1));
    assert_eq!(r.status, 200);
    assert!(r.json()["spec"].get("activeDeadlineSeconds").is_none());
}

#[test]
fn pat_13_unknown_fields_in_apply_are_500() {
    let mut api = server();
    let body = applied("pi", 1).replace("  parallelism: 1\n", "  parallelism: 1\n  bogus: 1\n");
    let r = patch(&mut api, &format!("{}?fieldManager=me", item("pi")), APPLY, &body);
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json()["message"],
        "failed to create typed patch object (default/pi; batch/v1, Kind=Job): .spec.bogus: field not declared in schema"
    );
}

#[test]
fn pat_16_strict_unknown_fields_in_merge_patches() {
    let mut api = server();
    create(&mut api, "pi");
    let r = patch(&mut api, &format!("{}?fieldValidation=Strict", item("pi")), MERGE, r#"{"spec":{"foo":1}}"#);
    assert_eq!(r.status, 422);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with(" \"\" is invalid: patch: Invalid value: \""), "{msg}");
    assert!(msg.ends_with("strict decoding error: unknown field \"spec.foo\""), "{msg}");
    // It shows the stored object patched, as stored (in the wire's field order, where the typed
    // object's JSON is alphabetical), without its managedFields.
    let mut stored = api.handle(Request::get(item("pi"))).json();
    stored["metadata"].as_object_mut().unwrap().remove("managedFields");
    json_patch::merge(&mut stored, &json!({"spec": {"foo": 1}}));
    let shown = serde_json::to_string(&stored).unwrap();
    assert!(shown.starts_with(r#"{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi","#), "{shown}");
    assert!(msg.contains(&jobsim::field::go_quote(&shown)), "{msg}");
    let r = patch(&mut api, &item("pi"), MERGE, r#"{"spec":{"foo":1}}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.warnings(), vec!["unknown field \"spec.foo\"".to_string()]);
    let r = patch(&mut api, &format!("{}?fieldValidation=Strict", item("pi")), SMP, r#"{"spec":{"foo":1}}"#);
    assert!(r.json()["message"].as_str().unwrap().contains("Invalid value: \"map[spec:map[foo:1]]\""));
}

#[test]
fn sta_02_patch_status_subresource() {
    let mut api = server();
    create(&mut api, "pi");
    let r = patch(
        &mut api,
        &format!("{}/status", item("pi")),
        MERGE,
        r#"{"status":{"active":1},"spec":{"parallelism":7}}"#,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"]["active"], 1);
    assert_eq!(r.json()["spec"]["parallelism"], 1);
    let status_apply = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nstatus:\n  active: 2\n";
    let r = patch(&mut api, &format!("{}/status?fieldManager=ctl", item("pi")), APPLY, status_apply);
    assert_eq!(r.status, 409, "the merge-patch writer owns status.active");
    assert!(r.json()["message"].as_str().unwrap().contains("with subresource \"status\" using batch/v1 at"));
    let r = patch(&mut api, &format!("{}/status?fieldManager=ctl&force=true", item("pi")), APPLY, status_apply);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"]["active"], 2);
    let mf = r.json()["metadata"]["managedFields"].clone();
    let e = mf.as_array().unwrap().iter().find(|e| e["manager"] == "ctl").unwrap().clone();
    assert_eq!(e["subresource"], "status");
    assert_eq!(e["operation"], "Apply");
}

#[test]
fn dry_05_dry_run_patch() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let r = patch(&mut api, &format!("{}?dryRun=All", item("pi")), MERGE, r#"{"spec":{"parallelism":5}}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["spec"]["parallelism"], 5);
    assert_eq!(r.json()["metadata"]["resourceVersion"], j["metadata"]["resourceVersion"]);
    assert_eq!(get(&mut api, &item("pi")).json(), j);
    let r = patch(&mut api, &format!("{}?dryRun=All&fieldManager=x", item("new")), APPLY, &applied("new", 1));
    assert_eq!(r.status, 201);
    assert_eq!(get(&mut api, &item("new")).status, 404);
    let _: Value = r.json();
}

#[test]
fn pat_14_put_12_merge_patches_keep_the_stored_entries_unless_they_set_them() {
    let mut api = server();
    let created = create(&mut api, "pi");
    let before = created["metadata"]["managedFields"].as_array().unwrap().clone();
    assert_eq!(before.len(), 1);
    let at = |m: &str| format!("{}?fieldManager={m}", item("pi"));
    // A patch that does not mention managedFields: the creator's entry stays, the patcher's is added.
    let r = patch(&mut api, &at("labeler"), MERGE, r#"{"metadata":{"labels":{"x":"y"}}}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let mf = r.json()["metadata"]["managedFields"].as_array().unwrap().clone();
    assert_eq!(mf[0], before[0]);
    assert_eq!(mf[1]["manager"], "labeler");
    assert_eq!(mf[1]["fieldsV1"], json!({"f:metadata": {"f:labels": {"f:x": {}}}}));
    // A patch that sets them replaces what was stored: `[]` leaves only the writer's changes.
    let r = patch(&mut api, &at("resetter"), MERGE, r#"{"metadata":{"managedFields":[],"labels":{"z":"w"}}}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let mf = r.json()["metadata"]["managedFields"].as_array().unwrap().clone();
    assert_eq!(mf.len(), 1, "{mf:?}");
    assert_eq!(mf[0]["manager"], "resetter");
    assert_eq!(mf[0]["fieldsV1"], json!({"f:metadata": {"f:labels": {"f:z": {}}}}));
}

#[test]
fn pat_14_at_most_ten_update_entries_the_oldest_merge_into_ancient_changes() {
    let mut api = server();
    let r = post(&mut api, &format!("{JOBS}?fieldManager=creator"), &job("pi"));
    assert_eq!(r.status, 201, "{}", r.text());
    let managers = |r: &Response| -> Vec<String> {
        r.json()["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["manager"].as_str().unwrap().to_string())
            .collect()
    };
    let mut last = None;
    for k in 0..12 {
        let path = format!("{}?fieldManager=m{k:02}", item("pi"));
        let r = patch(&mut api, &path, MERGE, &format!(r#"{{"metadata":{{"labels":{{"l{k}":"v"}}}}}}"#));
        assert_eq!(r.status, 200, "{}", r.text());
        let names = managers(&r);
        assert_eq!(names.len(), (k + 2).min(10), "after m{k:02}: {names:?}");
        last = Some(r);
    }
    // Oldest first (all written in the same second, so by identifier): the creator's entry
    // became the bucket and took m00..m02 in; its time is the last merged one's.
    let r = last.unwrap();
    let expected: Vec<String> =
        std::iter::once("ancient-changes".to_string()).chain((3..12).map(|k| format!("m{k:02}"))).collect();
    assert_eq!(managers(&r), expected);
    let bucket = r.json()["metadata"]["managedFields"][0].clone();
    assert_eq!(bucket["operation"], "Update");
    assert_eq!(bucket["apiVersion"], "batch/v1");
    let labels = &bucket["fieldsV1"]["f:metadata"]["f:labels"];
    assert_eq!(labels, &json!({"f:l0": {}, "f:l1": {}, "f:l2": {}}));
    assert!(bucket["fieldsV1"]["f:spec"]["f:template"].is_object(), "the creator's fields: {bucket}");
}

/// PAT-03/PUT-12: an update that changes only metadata (labels, annotations, finalizers, and so
/// the managedFields) has the rest of the stored bytes reused; what is stored, answered and sent
/// to watchers is byte for byte what serializing the whole object writes, and a later change of
/// the spec serializes it whole again.
#[test]
fn pat_03_metadata_only_updates_store_what_the_serializer_writes() {
    use jobsim::registry::resource::Resource;
    use k8s_openapi::api::batch::v1::Job;
    let mut api = server();
    create(&mut api, "mo");
    let changes = [
        (MERGE, r#"{"metadata":{"labels":{"a":"1"},"annotations":{"n":"x \"quoted\""}}}"#),
        (SMP, r#"{"metadata":{"finalizers":["example.com/keep"]}}"#),
        (MERGE, r#"{"metadata":{"labels":null,"finalizers":null}}"#),
        (MERGE, r#"{"spec":{"parallelism":3}}"#),
        (MERGE, r#"{"metadata":{"annotations":{"n":null}}}"#),
    ];
    for (i, (ct, body)) in changes.into_iter().enumerate() {
        let r = patch(&mut api, &format!("{}?fieldManager=m{}", item("mo"), i % 2), ct, body);
        assert_eq!(r.status, 200, "{body}: {}", r.text());
        let job: Job = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(String::from_utf8_lossy(&job.to_bytes()), r.text().trim_end(), "{body}");
        assert_eq!(get(&mut api, &item("mo")).body, r.body, "{body}");
    }
    let got = get(&mut api, &item("mo")).json();
    assert_eq!(got["spec"]["parallelism"], 3);
    assert_eq!(got["metadata"]["finalizers"], Value::Null);
    assert_eq!(got["metadata"]["annotations"], Value::Null);
    let managers: Vec<&str> =
        got["metadata"]["managedFields"].as_array().unwrap().iter().map(|e| e["manager"].as_str().unwrap()).collect();
    assert!(managers.contains(&"m0") && managers.contains(&"m1"), "{managers:?}");
}

/// PAT-03/PAT-05: a merge or strategic patch that names the metadata alone (patched and decoded
/// alone) answers exactly as the same patch naming an empty spec too (the whole object patched
/// and decoded): the object, its managedFields, the warnings and every error.
#[test]
fn pat_03_metadata_patches_answer_as_whole_object_patches() {
    let setup = || {
        let mut api = server();
        let mut body = job("pi");
        body["metadata"]["labels"] = json!({"team": "a"});
        body["metadata"]["finalizers"] = json!(["a.io/x", "b.io/y"]);
        body["metadata"]["ownerReferences"] =
            json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "c", "uid": "u1"}]);
        let r = api.handle(Request::post(format!("{JOBS}?fieldManager=creator"), body.to_string()));
        assert_eq!(r.status, 201, "{}", r.text());
        api.advance(std::time::Duration::from_secs(3));
        api
    };
    let cases: &[(&str, &str)] = &[
        (MERGE, r#"{"metadata":{"labels":{"patched":"yes"}}}"#),
        (MERGE, r#"{"metadata":{"labels":{"team":null},"annotations":{"n":"1"}}}"#),
        (MERGE, r#"{"metadata":{"finalizers":["c.io/z"]}}"#),
        (MERGE, r#"{"metadata":{"labels":{"a":"1","a":"2"}}}"#),
        (MERGE, r#"{"metadata":{"bogus":1,"labels":{"x":"y"}}}"#),
        (MERGE, r#"{"metadata":{"labels":"x"}}"#),
        (MERGE, r#"{"metadata":{"name":"other"}}"#),
        (MERGE, r#"{"metadata":{"labels":{"bad key!":"x"}}}"#),
        (SMP, r#"{"metadata":{"labels":{"patched":"yes"}}}"#),
        (SMP, r#"{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/x"]}}"#),
        (SMP, r#"{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Secret","name":"s","uid":"u2"}]}}"#),
        (SMP, r#"{"metadata":{"ownerReferences":[{"uid":"u1","$patch":"delete"}]}}"#),
        (SMP, r#"{"metadata":{"labels":{"$patch":"replace","only":"this"}}}"#),
        (SMP, r#"{"metadata":{"finalizers":{"x":1}}}"#),
    ];
    for (ct, body) in cases {
        for query in ["", "?fieldValidation=Strict", "?fieldValidation=Ignore"] {
            let path = format!("{}{query}", item("pi"));
            let alone = patch(&mut setup(), &path, ct, body);
            let whole_body = format!(r#"{{"spec":{{}},{}"#, &body[1..]);
            let whole = patch(&mut setup(), &path, ct, &whole_body);
            let show = |r: &Response| (r.status, r.headers.clone(), r.text().to_string());
            assert_eq!(show(&alone), show(&whole), "{ct} {body} {query}");
        }
    }
    // The cases reach what they name: a label, a warning, an error.
    let r = patch(&mut setup(), &item("pi"), MERGE, cases[0].1);
    assert_eq!(r.json()["metadata"]["labels"]["patched"], "yes");
    assert_eq!(r.json()["spec"]["parallelism"], 1);
    let r = patch(&mut setup(), &item("pi"), MERGE, cases[4].1);
    assert!(
        r.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("warning") && v.contains("metadata.bogus")),
        "{:?}",
        r.headers
    );
    assert_eq!(patch(&mut setup(), &item("pi"), MERGE, cases[5].1).status, 400);
}
