//! LIST (LST-*) and delete-collection (DCO-*).

mod common;
use common::*;
use jobsim::{ApiServer, Request};
use serde_json::{json, Value};

fn labelled(api: &mut ApiServer, ns: &str, name: &str, labels: Value) -> Value {
    let mut body = job(name);
    body["metadata"]["labels"] = labels;
    let r = post(api, &format!("/apis/batch/v1/namespaces/{ns}/jobs"), &body);
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

fn names(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["metadata"]["name"].as_str().unwrap().to_string()).collect()
}

fn list(api: &mut ApiServer, query: &str) -> jobsim::Response {
    api.handle(Request::get(format!("{JOBS}{query}")))
}

#[test]
fn lst_01_02_03_list_shape_order_and_resource_version() {
    let mut api = server();
    for n in ["b1", "b.1", "a", "b-1", "b"] {
        create(&mut api, n);
    }
    let r = list(&mut api, "");
    assert_eq!(r.status, 200);
    let l = r.json();
    assert_eq!(l["kind"], "JobList");
    assert_eq!(l["apiVersion"], "batch/v1");
    assert_eq!(names(&l), ["a", "b", "b-1", "b.1", "b1"]);
    let first = l["items"][0].as_object().unwrap();
    assert_eq!(first.keys().next().unwrap(), "metadata", "items carry no kind/apiVersion");
    let rv: u64 = l["metadata"]["resourceVersion"].as_str().unwrap().parse().unwrap();
    assert_eq!(rv, api.resource_version());
    let empty = api.handle(Request::get("/apis/batch/v1/namespaces/nowhere/jobs")).json();
    assert_eq!(empty["items"], json!([]), "LST-04");
}

#[test]
fn lst_02_all_namespaces_interleave_by_storage_key() {
    let mut api = ApiServer::new(jobsim::Config { auto_create_namespaces: true, ..Default::default() });
    create(&mut api, "z");
    post(&mut api, "/apis/batch/v1/namespaces/a/jobs", &job("y"));
    post(&mut api, "/apis/batch/v1/namespaces/a-b/jobs", &job("x"));
    let l = api.handle(Request::get("/apis/batch/v1/jobs")).json();
    let keys: Vec<String> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!("{}/{}", i["metadata"]["namespace"].as_str().unwrap(), i["metadata"]["name"].as_str().unwrap())
        })
        .collect();
    assert_eq!(keys, ["a-b/x", "a/y", "default/z"]);
}

#[test]
fn lst_05_label_selectors() {
    let mut api = server();
    labelled(&mut api, "default", "a", json!({"app": "web", "tier": "1"}));
    labelled(&mut api, "default", "b", json!({"app": "db", "tier": "3"}));
    labelled(&mut api, "default", "c", json!({"team": "x"}));
    let q = |api: &mut ApiServer, s: &str| names(&list(api, &format!("?labelSelector={}", urlenc(s))).json());
    assert_eq!(q(&mut api, "app=web"), ["a"]);
    assert_eq!(q(&mut api, "app==web"), ["a"]);
    assert_eq!(q(&mut api, "app!=web"), ["b", "c"]);
    assert_eq!(q(&mut api, "app in (web,db)"), ["a", "b"]);
    assert_eq!(q(&mut api, "app notin (web)"), ["b", "c"]);
    assert_eq!(q(&mut api, "team"), ["c"]);
    assert_eq!(q(&mut api, "!team"), ["a", "b"]);
    assert_eq!(q(&mut api, "tier>2"), ["b"]);
    assert_eq!(q(&mut api, "tier<2"), ["a"]);
    assert_eq!(q(&mut api, " app = web , tier "), ["a"]);
    for (bad, msg) in [
        ("=x", "found '=', expected: !, identifier, or 'end of string'"),
        ("a=b=c", "found '=', expected: ',' or 'end of string'"),
        ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ] {
        let r = list(&mut api, &format!("?labelSelector={}", urlenc(bad)));
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json()["message"], msg, "{bad}");
    }
}

#[test]
fn lst_06_field_selectors() {
    let mut api = server();
    create(&mut api, "a");
    create(&mut api, "b");
    assert_eq!(names(&list(&mut api, "?fieldSelector=metadata.name%3Db").json()), ["b"]);
    assert_eq!(names(&list(&mut api, "?fieldSelector=metadata.name!%3Db").json()), ["a"]);
    assert_eq!(names(&list(&mut api, "?fieldSelector=status.successful%3D0").json()), ["a", "b"]);
    assert_eq!(names(&list(&mut api, "?fieldSelector=metadata.namespace%3Ddefault,metadata.name%3Da").json()), ["a"]);
    let r = list(&mut api, "?fieldSelector=spec.parallelism%3D1");
    assert_eq!(r.status, 400);
    // The apiserver's conversion function names the kind this way (pkg/apis/batch/v1/conversion.go).
    assert_eq!(r.json()["message"], "field label \"spec.parallelism\" not supported for batchv1.Job");
    let r = list(&mut api, "?fieldSelector=foo");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "invalid selector: 'foo'; can't understand 'foo'");
}

#[test]
fn lst_07_08_paging_is_a_consistent_snapshot() {
    let mut api = server();
    for i in 0..5 {
        create(&mut api, &format!("j{i}"));
    }
    let p1 = list(&mut api, "?limit=2").json();
    assert_eq!(names(&p1), ["j0", "j1"]);
    assert_eq!(p1["metadata"]["remainingItemCount"], 3);
    let token = p1["metadata"]["continue"].as_str().unwrap().to_string();
    // Changes after the first page do not show in later pages.
    create(&mut api, "j3a");
    let d = api.handle(Request::delete(item("j4")).with_body(r#"{"propagationPolicy":"Background"}"#));
    assert_eq!(d.status, 200);
    let p2 = list(&mut api, &format!("?limit=2&continue={token}")).json();
    assert_eq!(names(&p2), ["j2", "j3"]);
    assert_eq!(p2["metadata"]["resourceVersion"], p1["metadata"]["resourceVersion"]);
    let token = p2["metadata"]["continue"].as_str().unwrap().to_string();
    let p3 = list(&mut api, &format!("?limit=2&continue={token}")).json();
    assert_eq!(names(&p3), ["j4"], "j4 was deleted after the snapshot and j3a created after it");
    assert!(p3["metadata"].get("continue").is_none());
    assert!(p3["metadata"].get("remainingItemCount").is_none());
    let sel = list(&mut api, "?limit=1&labelSelector=job-name").json();
    assert!(sel["metadata"].get("continue").is_some());
    assert!(sel["metadata"].get("remainingItemCount").is_none(), "no count with selectors");
    let all = list(&mut api, "?limit=0").json();
    assert_eq!(names(&all).len(), 5, "limit 0 means no paging");
}

#[test]
fn lst_09_continue_errors() {
    let mut api = server();
    create(&mut api, "a");
    create(&mut api, "b");
    let token = list(&mut api, "?limit=1").json()["metadata"]["continue"].as_str().unwrap().to_string();
    let r = list(&mut api, &format!("?limit=1&continue={token}&resourceVersion=5"));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "specifying resource version is not allowed when using continue");
    let r = list(&mut api, "?limit=1&continue=garbage");
    assert_eq!(r.status, 400);
    assert!(r.json()["message"].as_str().unwrap().starts_with("invalid continue token: continue key is not valid"));
}

#[test]
fn lst_10_resource_version_zero_ignores_limit() {
    let mut api = server();
    for n in ["a", "b", "c"] {
        create(&mut api, n);
    }
    let l = list(&mut api, "?limit=1&resourceVersion=0").json();
    assert_eq!(names(&l).len(), 3);
    assert!(l["metadata"].get("continue").is_none());
}

#[test]
fn lst_11_resource_version_semantics() {
    let mut api = server();
    let a = create(&mut api, "a");
    let rv_a = a["metadata"]["resourceVersion"].as_str().unwrap().to_string();
    create(&mut api, "b");
    let exact = list(&mut api, &format!("?resourceVersion={rv_a}&resourceVersionMatch=Exact")).json();
    assert_eq!(names(&exact), ["a"], "the state exactly at that resourceVersion");
    assert_eq!(exact["metadata"]["resourceVersion"], rv_a.as_str());
    let newer = list(&mut api, &format!("?resourceVersion={rv_a}&resourceVersionMatch=NotOlderThan")).json();
    assert_eq!(names(&newer), ["a", "b"]);
    let r = list(&mut api, "?resourceVersion=999999");
    assert_eq!(r.status, 504);
    assert_eq!(r.header("retry-after"), Some("1"));
    let s = r.json();
    assert_eq!(s["reason"], "Timeout");
    assert_eq!(
        s["message"],
        format!("Timeout: Too large resource version: 999999, current: {}", api.resource_version())
    );
    assert_eq!(s["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
}

#[test]
fn lst_12_option_validation() {
    let mut api = server();
    let cases = [
        ("?resourceVersionMatch=Exact", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"),
        ("?resourceVersion=1&resourceVersionMatch=Bogus", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\""),
        ("?resourceVersion=0&resourceVersionMatch=Exact", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""),
        ("?sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"),
    ];
    for (q, msg) in cases {
        let r = list(&mut api, q);
        assert_eq!(r.status, 422, "{q}");
        assert_eq!(r.json()["message"], msg, "{q}");
        assert_eq!(r.json()["details"]["kind"], "ListOptions");
    }
}

#[test]
fn lst_13_gen_13_bad_numbers() {
    let mut api = server();
    let r = list(&mut api, "?resourceVersion=abc");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "invalid resource version: resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax"
    );
    let r = list(&mut api, "?limit=abc");
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["message"], "strconv.ParseInt: parsing \"abc\": invalid syntax");
}

#[test]
fn lst_14_15_timeout_ignored_and_all_namespaces_is_read_only() {
    let mut api = server();
    assert_eq!(list(&mut api, "?timeoutSeconds=1").status, 200);
    assert_eq!(api.handle(Request::post("/apis/batch/v1/jobs", job("x").to_string())).status, 405);
}

#[test]
fn dco_01_02_delete_collection_by_selector() {
    let mut api = server();
    labelled(&mut api, "default", "a", json!({"app": "web"}));
    labelled(&mut api, "default", "b", json!({"app": "web"}));
    labelled(&mut api, "default", "c", json!({"app": "db"}));
    let r = api.handle(
        Request::delete(format!("{JOBS}?labelSelector=app%3Dweb")).with_body(r#"{"propagationPolicy":"Background"}"#),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let l = r.json();
    assert_eq!(l["kind"], "JobList");
    assert_eq!(names(&l), ["a", "b"]);
    assert!(l["items"][0]["metadata"].get("deletionTimestamp").is_none(), "items as before deletion");
    assert_eq!(names(&list(&mut api, "").json()), ["c"]);
    let none = api.handle(Request::delete(format!("{JOBS}?labelSelector=app%3Dnothing"))).json();
    assert_eq!(none["items"], json!([]));
}

#[test]
fn dco_03_orphan_default_warns_once() {
    let mut api = server();
    create(&mut api, "a");
    create(&mut api, "b");
    let r = api.handle(Request::delete(JOBS));
    assert_eq!(r.warnings().len(), 1);
    let l = list(&mut api, "").json();
    assert!(l["items"].as_array().unwrap().iter().all(|i| i["metadata"]["finalizers"] == json!(["orphan"])));
}

#[test]
fn dco_04_limit_deletes_only_a_page() {
    let mut api = server();
    for n in ["a", "b", "c"] {
        create(&mut api, n);
    }
    let r = api.handle(Request::delete(format!("{JOBS}?limit=2&propagationPolicy=Background")));
    assert_eq!(names(&r.json()), ["a", "b"]);
    assert_eq!(names(&list(&mut api, "").json()), ["c"]);
}

#[test]
fn dco_06_option_errors_and_all_namespaces() {
    let mut api = server();
    create(&mut api, "a");
    let r = api.handle(Request::delete(format!("{JOBS}?propagationPolicy=Nope")));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["details"]["kind"], "DeleteOptions");
    let r = api.handle(Request::delete(format!("{JOBS}?resourceVersionMatch=Exact")));
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["details"]["kind"], "ListOptions");
    assert_eq!(api.handle(Request::delete("/apis/batch/v1/jobs")).status, 405);
    assert_eq!(names(&list(&mut api, "").json()), ["a"]);
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
