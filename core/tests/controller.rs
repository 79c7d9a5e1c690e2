//! The simulated Job controller, kubelet, garbage collector and TTL controller on the virtual
//! clock (CTL-*), compared with the reference status sequences.

mod common;
use common::*;
use jobsim::{ApiServer, Request, WatchId};
use serde_json::{json, Value};
use std::time::Duration;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn job_with(name: &str, spec: Value, command: &[&str]) -> Value {
    let mut j = job(name);
    j["spec"]["template"]["spec"]["containers"][0]["command"] = json!(command);
    if let (Value::Object(s), Value::Object(extra)) = (&mut j["spec"], spec) {
        s.extend(extra);
    }
    j
}

fn status_of(api: &mut ApiServer, name: &str) -> Value {
    get(api, &item(name)).json()["status"].clone()
}

fn cond_types(status: &Value) -> Vec<String> {
    status["conditions"]
        .as_array()
        .map(|c| c.iter().map(|c| c["type"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn pods(api: &mut ApiServer, selector: &str) -> Vec<Value> {
    let r = api.handle(Request::get(format!("/api/v1/namespaces/default/pods?labelSelector={selector}")));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["items"].as_array().unwrap().clone()
}

fn watch_statuses(api: &mut ApiServer, id: WatchId) -> Vec<Value> {
    api.poll(id)
        .events
        .iter()
        .map(|e| serde_json::from_slice::<Value>(e).unwrap())
        .filter(|e| e["type"] == "MODIFIED")
        .map(|e| e["object"]["status"].clone())
        .collect()
}

#[test]
fn ctl_25_successful_run_reference_sequence() {
    let mut api = server();
    let j = post(&mut api, JOBS, &job_with("pi", json!({}), &["sleep", "10"])).json();
    let rv = j["metadata"]["resourceVersion"].as_str().unwrap().to_string();
    let (id, _) = api.watch(Request::get(format!("{JOBS}?watch=1&resourceVersion={rv}"))).unwrap();
    api.advance(secs(0));
    api.advance(secs(1));
    api.advance(secs(10));
    let seq = watch_statuses(&mut api, id);
    assert_eq!(seq.len(), 4, "{seq:#?}");
    let t0 = "2026-01-01T00:00:00Z";
    assert_eq!(
        seq[0],
        json!({"startTime": t0, "active": 1, "terminating": 0, "uncountedTerminatedPods": {}, "ready": 0})
    );
    assert_eq!(seq[1]["ready"], 1);
    assert_eq!(seq[1]["active"], 1);
    let pod_uid = pods(&mut api, "job-name%3Dpi")[0]["metadata"]["uid"].clone();
    assert_eq!(seq[2]["uncountedTerminatedPods"], json!({"succeeded": [pod_uid]}));
    assert_eq!(cond_types(&seq[2]), ["SuccessCriteriaMet"]);
    assert!(seq[2].get("active").is_none());
    assert_eq!(seq[2]["ready"], 0);
    let t1 = "2026-01-01T00:00:11Z";
    assert_eq!(
        seq[2]["conditions"][0],
        json!({"type":"SuccessCriteriaMet","status":"True","lastProbeTime":t1,"lastTransitionTime":t1,"reason":"CompletionsReached","message":"Reached expected number of succeeded pods"})
    );
    assert_eq!(seq[3]["succeeded"], 1);
    assert_eq!(seq[3]["completionTime"], t1);
    assert_eq!(seq[3]["uncountedTerminatedPods"], json!({}));
    assert_eq!(cond_types(&seq[3]), ["SuccessCriteriaMet", "Complete"]);
    let mf = get(&mut api, &item("pi")).json()["metadata"]["managedFields"].clone();
    assert!(mf
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["manager"] == "kube-controller-manager" && e["subresource"] == "status"));
    let p = &pods(&mut api, "job-name%3Dpi")[0];
    assert_eq!(p["status"]["phase"], "Succeeded");
    assert!(p["metadata"].get("finalizers").is_none(), "the tracking finalizer is gone once counted");
}

#[test]
fn ctl_03_pods_carry_the_template_owner_and_tracking_finalizer() {
    let mut api = server();
    let j = post(&mut api, JOBS, &job_with("pi", json!({}), &["sleep", "5"])).json();
    api.advance(secs(0));
    let p = pods(&mut api, "job-name%3Dpi");
    assert_eq!(p.len(), 1);
    let p = &p[0];
    assert!(p["metadata"]["name"].as_str().unwrap().starts_with("pi-"));
    assert_eq!(p["metadata"]["generateName"], "pi-");
    assert_eq!(
        p["metadata"]["ownerReferences"],
        json!([{"apiVersion":"batch/v1","kind":"Job","name":"pi","uid":j["metadata"]["uid"],"controller":true,"blockOwnerDeletion":true}])
    );
    assert_eq!(p["metadata"]["finalizers"], json!(["batch.kubernetes.io/job-tracking"]));
    assert_eq!(p["metadata"]["labels"]["batch.kubernetes.io/controller-uid"], j["metadata"]["uid"]);
    assert_eq!(p["status"]["phase"], "Pending");
    api.advance(secs(1));
    assert_eq!(pods(&mut api, "job-name%3Dpi")[0]["status"]["phase"], "Running");
    let events = api
        .handle(Request::get(
            "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dpi,involvedObject.kind%3DJob",
        ))
        .json();
    let reasons: Vec<&str> =
        events["items"].as_array().unwrap().iter().map(|e| e["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["SuccessfulCreate"]);
}

#[test]
fn ctl_26_failing_run_with_backoff_limit_1() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("f", json!({"backoffLimit": 1}), &["sh", "-c", "sleep 2; exit 1"]));
    api.advance(secs(3));
    let s = status_of(&mut api, "f");
    assert_eq!(s["failed"], 1);
    assert!(s.get("active").is_none(), "the replacement waits for the back-off: {s}");
    api.advance(secs(9));
    assert!(status_of(&mut api, "f").get("active").is_none(), "10 s back-off not over yet");
    api.advance(secs(1));
    assert_eq!(status_of(&mut api, "f")["active"], 1, "replacement created 10 s after the failure");
    api.advance(secs(10));
    let s = status_of(&mut api, "f");
    assert_eq!(cond_types(&s), ["FailureTarget", "Failed"], "{s}");
    assert_eq!(s["failed"], 2);
    assert_eq!(s["conditions"][1]["reason"], "BackoffLimitExceeded");
    assert_eq!(s["conditions"][1]["message"], "Job has reached the specified backoff limit");
    assert!(s.get("completionTime").is_none());
    assert_eq!(s["uncountedTerminatedPods"], json!({}));
}

#[test]
fn ctl_12_parallel_completions() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("par", json!({"completions": 5, "parallelism": 2}), &["sleep", "3"]));
    api.advance(secs(0));
    assert_eq!(status_of(&mut api, "par")["active"], 2);
    api.advance(secs(60));
    let s = status_of(&mut api, "par");
    assert_eq!(s["succeeded"], 5);
    assert_eq!(cond_types(&s), ["SuccessCriteriaMet", "Complete"]);
    assert_eq!(pods(&mut api, "job-name%3Dpar").len(), 5);
}

#[test]
fn ctl_19_indexed_job_with_a_failing_index() {
    let mut api = server();
    let mut j = job_with(
        "idx",
        json!({"completions": 3, "parallelism": 3, "completionMode": "Indexed", "backoffLimitPerIndex": 0, "maxFailedIndexes": 1}),
        &["sleep", "2"],
    );
    j["metadata"]["annotations"] = json!({"jobsim.dev/pod-outcomes": "1=fail"});
    post(&mut api, JOBS, &j);
    api.advance(secs(0));
    let ps = pods(&mut api, "job-name%3Didx");
    let mut idx: Vec<String> = ps
        .iter()
        .map(|p| p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"].as_str().unwrap().to_string())
        .collect();
    idx.sort();
    assert_eq!(idx, ["0", "1", "2"]);
    let p0 = ps.iter().find(|p| p["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] == "0").unwrap();
    assert_eq!(p0["spec"]["hostname"], "idx-0");
    assert_eq!(p0["metadata"]["generateName"], "idx-0-");
    assert_eq!(p0["spec"]["containers"][0]["env"][0]["name"], "JOB_COMPLETION_INDEX");
    api.advance(secs(30));
    let s = status_of(&mut api, "idx");
    assert_eq!(s["completedIndexes"], "0,2");
    assert_eq!(s["failedIndexes"], "1");
    assert_eq!(cond_types(&s), ["FailureTarget", "Failed"], "{s}");
    assert_eq!(s["conditions"][1]["reason"], "FailedIndexes");
}

/// A clock moved in fractions of a second runs a Job as whole seconds do: the controllers keep
/// the objects they write typed, and every timestamp they set is what the stored bytes say
/// (whole seconds; debug builds check each kept object against its bytes).
#[test]
fn ctl_12_a_clock_moved_in_fractions_of_a_second() {
    let mut whole = server();
    let mut steps = server();
    let manifest = job_with("par", json!({"completions": 5, "parallelism": 2}), &["sleep", "3"]);
    // Created at 0.25 s: the controller starts it then.
    for api in [&mut whole, &mut steps] {
        api.advance(Duration::from_millis(250));
        post(api, JOBS, &manifest);
    }
    whole.advance(secs(60));
    for _ in 0..240 {
        steps.advance(Duration::from_millis(250));
    }
    let s = status_of(&mut steps, "par");
    assert_eq!(s["succeeded"], 5);
    assert_eq!(s, status_of(&mut whole, "par"));
    assert_eq!(s["startTime"], "2026-01-01T00:00:00Z");
    assert_eq!(pods(&mut steps, "job-name%3Dpar"), pods(&mut whole, "job-name%3Dpar"));
}

#[test]
fn ctl_15d_active_deadline() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("d", json!({"activeDeadlineSeconds": 5}), &["sleep", "100"]));
    api.advance(secs(4));
    assert!(cond_types(&status_of(&mut api, "d")).is_empty());
    api.advance(secs(10));
    let s = status_of(&mut api, "d");
    assert_eq!(cond_types(&s), ["FailureTarget", "Failed"], "{s}");
    assert_eq!(s["conditions"][0]["reason"], "DeadlineExceeded");
    assert_eq!(
        s["conditions"][0]["lastTransitionTime"], "2026-01-01T00:00:05Z",
        "the controller syncs exactly at the deadline"
    );
}

#[test]
fn ctl_18_exm_04_suspend_and_resume() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("s", json!({}), &["sleep", "100"]));
    api.advance(secs(2));
    api.handle(Request::patch(item("s"), "application/merge-patch+json", r#"{"spec":{"suspend":true}}"#));
    api.advance(secs(0));
    let s = status_of(&mut api, "s");
    assert_eq!(s["conditions"][0]["type"], "Suspended");
    assert_eq!(s["conditions"][0]["reason"], "JobSuspended");
    assert!(s.get("active").is_none());
    api.advance(secs(5));
    assert!(status_of(&mut api, "s").get("failed").is_none(), "pods removed by suspension are not failures");
    api.handle(Request::patch(item("s"), "application/merge-patch+json", r#"{"spec":{"suspend":false}}"#));
    api.advance(secs(0));
    let s = status_of(&mut api, "s");
    assert_eq!(s["conditions"][0]["status"], "False");
    assert_eq!(s["conditions"][0]["reason"], "JobResumed");
    assert_eq!(s["active"], 1);
    assert_eq!(s["startTime"], "2026-01-01T00:00:07Z");
}

#[test]
fn ctl_07_created_suspended_has_no_start_time() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("s", json!({"suspend": true}), &["sleep", "1"]));
    api.advance(secs(5));
    let s = status_of(&mut api, "s");
    assert!(s.get("startTime").is_none());
    assert_eq!(cond_types(&s), ["Suspended"]);
}

#[test]
fn ctl_17_pod_failure_policy_fail_job_and_ignore() {
    let mut api = server();
    let pfp = json!({"podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]}});
    post(&mut api, JOBS, &job_with("fj", pfp, &["sh", "-c", "sleep 1; exit 42"]));
    api.advance(secs(10));
    let s = status_of(&mut api, "fj");
    assert_eq!(cond_types(&s), ["FailureTarget", "Failed"], "{s}");
    assert_eq!(s["conditions"][0]["reason"], "PodFailurePolicy");
    assert!(s["conditions"][0]["message"].as_str().unwrap().starts_with("Container main for pod default/fj-"));
    assert!(s["conditions"][0]["message"]
        .as_str()
        .unwrap()
        .ends_with("failed with exit code 42 matching FailJob rule at index 0"));

    let pfp = json!({"podFailurePolicy": {"rules": [{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}}]}});
    let mut j = job_with("ig", pfp, &["sleep", "1"]);
    j["metadata"]["annotations"] = json!({"jobsim.dev/pod-outcomes": "exit:3@1,succeed@1"});
    post(&mut api, JOBS, &j);
    api.advance(secs(10));
    let s = status_of(&mut api, "ig");
    assert!(s.get("failed").is_none(), "ignored failures are not counted: {s}");
    assert_eq!(s["succeeded"], 1);
    assert_eq!(cond_types(&s), ["SuccessCriteriaMet", "Complete"]);
}

#[test]
fn ctl_14_success_policy() {
    let mut api = server();
    let spec = json!({"completions": 4, "parallelism": 4, "completionMode": "Indexed", "successPolicy": {"rules": [{"succeededIndexes": "0"}]}});
    let mut j = job_with("sp", spec, &["sleep", "2"]);
    j["metadata"]["annotations"] =
        json!({"jobsim.dev/pod-outcomes": "0=succeed@1,1=succeed@100,2=succeed@100,3=succeed@100"});
    post(&mut api, JOBS, &j);
    api.advance(secs(5));
    let s = status_of(&mut api, "sp");
    assert_eq!(cond_types(&s), ["SuccessCriteriaMet", "Complete"], "{s}");
    assert_eq!(s["conditions"][0]["reason"], "SuccessPolicy");
    assert_eq!(s["conditions"][0]["message"], "Matched rules at index 0");
    assert_eq!(s["completedIndexes"], "0");
}

#[test]
fn ctl_22_orphan_deletion_keeps_pods() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("o", json!({}), &["sleep", "100"]));
    api.advance(secs(1));
    api.handle(Request::delete(item("o")));
    api.advance(secs(0));
    assert_eq!(get(&mut api, &item("o")).status, 404);
    let p = pods(&mut api, "job-name%3Do");
    assert_eq!(p.len(), 1, "the pod keeps running");
    assert!(p[0]["metadata"].get("ownerReferences").is_none());
    assert!(p[0]["metadata"].get("finalizers").is_none(), "DEL-14: the tracking finalizer is removed");
}

#[test]
fn ctl_23_background_and_foreground_delete_pods() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("b", json!({}), &["sleep", "100"]));
    post(&mut api, JOBS, &job_with("f", json!({}), &["sleep", "100"]));
    api.advance(secs(1));
    api.handle(Request::delete(item("b")).with_body(r#"{"propagationPolicy":"Background"}"#));
    api.handle(Request::delete(item("f")).with_body(r#"{"propagationPolicy":"Foreground"}"#));
    api.advance(secs(0));
    assert_eq!(get(&mut api, &item("f")).status, 200, "foreground: the Job waits for its pods");
    api.advance(secs(5));
    assert!(pods(&mut api, "job-name%3Db").is_empty());
    assert!(pods(&mut api, "job-name%3Df").is_empty());
    assert_eq!(get(&mut api, &item("f")).status, 404);
}

#[test]
fn ctl_24_ttl_after_finished() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("t", json!({"ttlSecondsAfterFinished": 30}), &["sleep", "2"]));
    api.advance(secs(10));
    assert_eq!(cond_types(&status_of(&mut api, "t")), ["SuccessCriteriaMet", "Complete"]);
    api.advance(secs(20));
    assert_eq!(get(&mut api, &item("t")).status, 200);
    api.advance(secs(10));
    assert_eq!(get(&mut api, &item("t")).status, 404);
    assert!(pods(&mut api, "job-name%3Dt").is_empty(), "deleted with Foreground: pods first");
}

#[test]
fn ctl_01_jobs_managed_elsewhere_are_left_alone() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("ext", json!({"managedBy": "example.com/other"}), &["sleep", "1"]));
    api.advance(secs(10));
    assert_eq!(status_of(&mut api, "ext"), json!({}));
    assert!(pods(&mut api, "job-name%3Dext").is_empty());
}

#[test]
fn deleting_a_pod_simulates_its_loss() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("l", json!({}), &["sleep", "100"]));
    api.advance(secs(2));
    let name = pods(&mut api, "job-name%3Dl")[0]["metadata"]["name"].as_str().unwrap().to_string();
    let r = api.handle(Request::delete(format!("/api/v1/namespaces/default/pods/{name}")));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["metadata"]["deletionGracePeriodSeconds"], 30, "running pods terminate gracefully");
    api.advance(secs(0));
    let s = status_of(&mut api, "l");
    assert_eq!(s["failed"], 1, "TerminatingOrFailed: a terminating pod counts as failed at once: {s}");
    assert_eq!(s["terminating"], 1);
    api.advance(secs(2));
    let left = api.handle(Request::get(format!("/api/v1/namespaces/default/pods/{name}")));
    assert_eq!(left.status, 404, "the kubelet removed the stopped pod");
    api.advance(secs(10));
    assert_eq!(status_of(&mut api, "l")["active"], 1, "the replacement comes after the 10 s back-off");
}

#[test]
fn determinism_same_seed_same_state() {
    let run = || {
        let mut api = ApiServer::new(jobsim::Config { seed: 9, ..Default::default() });
        post(&mut api, JOBS, &job_with("a", json!({"completions": 3, "parallelism": 2}), &["sleep", "2"]));
        post(&mut api, JOBS, &job_with("b", json!({"backoffLimit": 2}), &["sh", "-c", "exit 1"]));
        api.advance(secs(100));
        api.snapshot()
    };
    assert_eq!(run(), run());
}

#[test]
fn pods_answer_table_requests_like_kubectl_get_pods() {
    let mut api = server();
    post(&mut api, JOBS, &job_with("pi", json!({}), &["sleep", "100"]));
    api.advance(secs(3));
    let t = api
        .handle(
            Request::get("/api/v1/namespaces/default/pods?labelSelector=job-name%3Dpi")
                .with_header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io"),
        )
        .json();
    let cells = &t["rows"][0]["cells"];
    assert_eq!(cells[1], "1/1");
    assert_eq!(cells[2], "Running");
    assert_eq!(cells[4], "3s");
}
