//! PUT — replace with optimistic concurrency (PUT-*), update validation (VAL-18..22).

mod common;
use common::*;
use jobsim::Request;
use serde_json::{json, Value};

fn rv(v: &Value) -> u64 {
    v["metadata"]["resourceVersion"].as_str().unwrap().parse().unwrap()
}

#[test]
fn put_01_replace_returns_200_and_bumps_rv() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["spec"]["parallelism"] = json!(3);
    let r = put(&mut api, &item("pi"), &j);
    assert_eq!(r.status, 200, "{}", r.text());
    let n = r.json();
    assert!(rv(&n) > rv(&j));
    assert_eq!(n["spec"]["parallelism"], 3);
    assert_eq!(get(&mut api, &item("pi")).body, r.body);
}

#[test]
fn put_01_missing_job_is_404() {
    let mut api = server();
    let r = put(&mut api, &item("nope"), &job("nope"));
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "jobs.batch \"nope\" not found");
}

#[test]
fn put_02_stale_resource_version_conflicts() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let mut a = j.clone();
    a["spec"]["parallelism"] = json!(2);
    assert_eq!(put(&mut api, &item("pi"), &a).status, 200);
    let mut b = j.clone();
    b["spec"]["parallelism"] = json!(4);
    let r = put(&mut api, &item("pi"), &b);
    assert_eq!(r.status, 409);
    let s = r.json();
    assert_eq!(s["reason"], "Conflict");
    assert_eq!(
        s["message"],
        "Operation cannot be fulfilled on jobs.batch \"pi\": the object has been modified; please apply your changes to the latest version and try again"
    );
    assert_eq!(s["details"], json!({"name": "pi", "group": "batch", "kind": "jobs"}));
}

#[test]
fn put_03_no_resource_version_is_an_unconditional_update() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["metadata"].as_object_mut().unwrap().remove("resourceVersion");
    j["spec"]["parallelism"] = json!(5);
    let r = put(&mut api, &item("pi"), &j);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["spec"]["parallelism"], 5);
}

#[test]
fn put_04_non_numeric_resource_version_is_a_500() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["metadata"]["resourceVersion"] = json!("abc");
    let r = put(&mut api, &item("pi"), &j);
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["message"], "strconv.ParseUint: parsing \"abc\": invalid syntax");
}

#[test]
fn put_05_uid_precondition() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    let stored = j["metadata"]["uid"].as_str().unwrap().to_string();
    j["metadata"]["uid"] = json!("00000000-0000-4000-8000-000000000000");
    let r = put(&mut api, &item("pi"), &j);
    assert_eq!(r.status, 409);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with("Operation cannot be fulfilled on jobs.batch \"pi\": "), "{msg}");
    assert!(msg.ends_with(&format!(
        "Precondition failed: UID in precondition: 00000000-0000-4000-8000-000000000000, UID in object meta: {stored}"
    )));
}

#[test]
fn put_06_name_and_namespace_mismatch() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let mut other = j.clone();
    other["metadata"]["name"] = json!("other");
    let r = put(&mut api, &item("pi"), &other);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "the name of the object (other) does not match the name on the URL (pi)");
    let mut empty = j.clone();
    empty["metadata"].as_object_mut().unwrap().remove("name");
    assert_eq!(
        put(&mut api, &item("pi"), &empty).json()["message"],
        "the name of the object () does not match the name on the URL (pi)"
    );
    let mut ns = j.clone();
    ns["metadata"]["namespace"] = json!("kube-system");
    let r = put(&mut api, &item("pi"), &ns);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "the namespace of the provided object does not match the namespace sent on the request"
    );
}

#[test]
fn put_07_status_is_ignored_and_omitted_fields_are_redefaulted() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["status"] = json!({"active": 3});
    j["spec"]["backoffLimit"] = json!(2);
    let r = put(&mut api, &item("pi"), &j).json();
    assert_eq!(r["status"], json!({}));
    assert_eq!(r["spec"]["backoffLimit"], 2);
    let mut k = r.clone();
    k["spec"].as_object_mut().unwrap().remove("backoffLimit");
    k["spec"].as_object_mut().unwrap().remove("suspend");
    let r = put(&mut api, &item("pi"), &k).json();
    assert_eq!(r["spec"]["backoffLimit"], 6);
    assert_eq!(r["spec"]["suspend"], false);
}

#[test]
fn put_08_generation_and_no_op_writes() {
    let mut api = server();
    let j = create(&mut api, "pi");
    let same = put(&mut api, &item("pi"), &j);
    assert_eq!(same.status, 200);
    assert_eq!(rv(&same.json()), rv(&j), "a no-op keeps the resourceVersion");
    assert_eq!(same.json()["metadata"]["managedFields"], j["metadata"]["managedFields"]);
    let mut labels = same.json();
    labels["metadata"]["labels"]["team"] = json!("a");
    let l = put(&mut api, &item("pi"), &labels).json();
    assert_eq!(l["metadata"]["generation"], 1, "metadata-only change keeps the generation");
    let mut spec = l.clone();
    spec["spec"]["parallelism"] = json!(2);
    let s = put(&mut api, &item("pi"), &spec).json();
    assert_eq!(s["metadata"]["generation"], 2);
}

#[test]
fn put_10_immutable_template() {
    let mut api = server();
    let mut j = create(&mut api, "pi");
    j["spec"]["template"]["spec"]["containers"][0]["image"] = json!("busybox:1.37");
    let r = put(&mut api, &item("pi"), &j);
    assert_eq!(r.status, 422);
    let s = r.json();
    let msg = s["message"].as_str().unwrap();
    assert!(msg.starts_with("Job.batch \"pi\" is invalid: spec.template: Invalid value: "), "{msg}");
    assert!(msg.ends_with(": field is immutable"), "{msg}");
    assert_eq!(s["details"]["kind"], "Job");
}

#[test]
fn put_12_managed_fields_ownership_moves_to_the_writer() {
    let mut api = server();
    let r = api.handle(Request::post(format!("{JOBS}?fieldManager=creator"), job("pi").to_string()));
    let mut j = r.json();
    j["spec"]["parallelism"] = json!(2);
    let r = api.handle(Request::put(format!("{}?fieldManager=scaler", item("pi")), j.to_string()));
    let mf = r.json()["metadata"]["managedFields"].clone();
    let managers: Vec<&str> = mf.as_array().unwrap().iter().map(|e| e["manager"].as_str().unwrap()).collect();
    assert_eq!(managers, ["creator", "scaler"]);
    assert_eq!(mf[1]["fieldsV1"], json!({"f:spec": {"f:parallelism": {}}}));
    assert!(mf[0]["fieldsV1"]["f:spec"].get("f:parallelism").is_none());
    let mut cleared = r.json();
    cleared["metadata"]["managedFields"] = json!([]);
    cleared["spec"]["parallelism"] = json!(3);
    let r = api.handle(Request::put(format!("{}?fieldManager=scaler", item("pi")), cleared.to_string()));
    let mf = r.json()["metadata"]["managedFields"].clone();
    assert_eq!(mf.as_array().unwrap().len(), 1);
    assert_eq!(mf[0]["manager"], "scaler");
}

/// PUT-08/PUT-12: a replace that changes only fields its manager already owns leaves every
/// managedFields entry as it was, time included (also in a dry run); one that gives a field up
/// shrinks the entry and stamps it with the time of that write.
#[test]
fn put_12_entries_change_only_when_ownership_does() {
    let mut api = server();
    let mut body = job("pi");
    body["metadata"]["labels"] = json!({"team": "a", "tier": "b"});
    let r = api.handle(Request::post(format!("{JOBS}?fieldManager=creator"), body.to_string()));
    let created = r.json();
    let mine = created["metadata"]["managedFields"][0].clone();
    assert!(mine["fieldsV1"]["f:spec"].get("f:parallelism").is_some(), "defaulted fields are the creator's");
    // Later, and after the controller has written the status under its own entry.
    api.advance(std::time::Duration::from_secs(5));
    let current = get(&mut api, &item("pi")).json();
    let entries = current["metadata"]["managedFields"].clone();
    assert_eq!(entries.as_array().unwrap().len(), 2, "{entries}");

    let mut j = current.clone();
    j["spec"]["parallelism"] = json!(2);
    let path = format!("{}?fieldManager=creator", item("pi"));
    let dry = api.handle(Request::put(format!("{path}&dryRun=All"), j.to_string()));
    assert_eq!(dry.status, 200, "{}", dry.text());
    assert_eq!(dry.json()["metadata"]["managedFields"], entries);
    assert_eq!(dry.json()["spec"]["parallelism"], 2);
    let r = api.handle(Request::put(path.as_str(), j.to_string()));
    assert_eq!(r.status, 200, "{}", r.text());
    let n = r.json();
    assert!(rv(&n) > rv(&current));
    assert_eq!(n["spec"]["parallelism"], 2);
    assert_eq!(n["metadata"]["managedFields"], entries);
    assert_eq!(get(&mut api, &item("pi")).body, r.body);

    let mut k = n.clone();
    k["metadata"]["labels"].as_object_mut().unwrap().remove("team");
    let r = api.handle(Request::put(path.as_str(), k.to_string()));
    let mf = r.json()["metadata"]["managedFields"].clone();
    let after = mf.as_array().unwrap().iter().find(|e| e["manager"] == "creator").unwrap();
    assert_eq!(after["fieldsV1"]["f:metadata"], json!({"f:labels": {".": {}, "f:tier": {}}}), "{mf}");
    assert_ne!(after["time"], mine["time"]);
}

/// PUT-12: a body that sends back the managedFields it read (as kube-rs and `kubectl replace`
/// do, its keys in another order) is written exactly as one without managedFields, which keeps
/// the stored entries, and as the same body spaced out (decoded entry by entry); entries that
/// differ from the stored ones are taken as sent.
#[test]
fn put_12_entries_sent_back_as_read_are_the_stored_ones() {
    let setup = || {
        let mut api = server();
        let mut body = job("pi");
        body["metadata"]["labels"] = json!({"team": "a", "tier": "b"});
        let r = api.handle(Request::post(format!("{JOBS}?fieldManager=creator"), body.to_string()));
        assert_eq!(r.status, 201, "{}", r.text());
        api.advance(std::time::Duration::from_secs(5));
        let current = get(&mut api, &item("pi")).json();
        (api, current)
    };
    for (manager, change) in [("creator", "parallelism"), ("other", "label")] {
        let path = format!("{}?fieldManager={manager}", item("pi"));
        let (_, current) = setup();
        let mut j = current.clone();
        match change {
            "parallelism" => j["spec"]["parallelism"] = json!(2),
            _ => j["metadata"]["labels"]["team"] = json!("c"),
        }
        let mut without = j.clone();
        without["metadata"].as_object_mut().unwrap().remove("managedFields");
        // The same entries: the list's order is part of it, its members' order is not.
        let entries_text: Vec<String> = j["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let m = e.as_object().unwrap();
                let members: Vec<String> = m.iter().rev().map(|(k, v)| format!("{}:{v}", json!(k))).collect();
                format!("{{{}}}", members.join(","))
            })
            .collect();
        let compact = j.to_string();
        let list = j["metadata"]["managedFields"].to_string();
        let members_reversed = compact.replacen(&list, &format!("[{}]", entries_text.join(",")), 1);
        assert_ne!(members_reversed, compact);
        let bodies = [compact, members_reversed, serde_json::to_string_pretty(&j).unwrap(), without.to_string()];
        let answers: Vec<_> = bodies
            .iter()
            .map(|b| {
                let (mut api, _) = setup();
                let r = api.handle(Request::put(path.as_str(), b.clone()));
                assert_eq!(r.status, 200, "{}", r.text());
                r.body
            })
            .collect();
        for (a, b) in answers[1..].iter().zip(&bodies[1..]) {
            assert_eq!(String::from_utf8_lossy(a), String::from_utf8_lossy(&answers[0]), "{b}");
        }
        // Entries of another time are not the stored ones: taken as sent (an entry that loses a
        // field keeps its time).
        let (mut api, _) = setup();
        let mut changed = j.clone();
        changed["metadata"]["managedFields"][0]["time"] = json!("2020-01-01T00:00:00Z");
        let r = api.handle(Request::put(path.as_str(), changed.to_string()));
        assert_eq!(r.status, 200, "{}", r.text());
        let sent = r.json()["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["time"] == "2020-01-01T00:00:00Z");
        assert!(sent, "{}", r.text());
    }
}

/// PUT-12: entries sent (not the stored ones) with their FieldsV1 keys in another order than the
/// server writes them are stored as sent, and later writes edit them as they would the same
/// entries in the server's order: the managedFields of both runs hold the same values.
#[test]
fn put_12_entries_in_another_key_order_are_edited_alike() {
    /// `v` with every object's keys in reverse order.
    fn reversed(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(m.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
            other => other.clone(),
        }
    }
    let run = |reverse: bool| {
        let mut api = server();
        let mut body = job("pi");
        body["metadata"]["labels"] = json!({"team": "a"});
        let r = api.handle(Request::post(format!("{JOBS}?fieldManager=creator"), body.to_string()));
        assert_eq!(r.status, 201, "{}", r.text());
        let mut j = r.json();
        j["metadata"]["labels"]["tier"] = json!("b");
        // Another time: not the stored entries, so they are taken as sent.
        j["metadata"]["managedFields"][0]["time"] = json!("2020-01-01T00:00:00Z");
        if reverse {
            let v1 = &mut j["metadata"]["managedFields"][0]["fieldsV1"];
            *v1 = reversed(v1);
        }
        let r = api.handle(Request::put(format!("{}?fieldManager=other", item("pi")), j.to_string()));
        assert_eq!(r.status, 200, "{}", r.text());
        let patch = r#"{"metadata":{"labels":{"team":"c"}}}"#;
        let path = format!("{}?fieldManager=third", item("pi"));
        let r = api.handle(Request::patch(path.as_str(), "application/merge-patch+json", patch));
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["metadata"]["managedFields"].clone()
    };
    let (as_written, reversed_keys) = (run(false), run(true));
    assert_eq!(as_written, reversed_keys);
    let managers: Vec<&str> = as_written.as_array().unwrap().iter().map(|e| e["manager"].as_str().unwrap()).collect();
    assert_eq!(managers, ["creator", "other", "third"]);
}
