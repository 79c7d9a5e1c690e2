//! The wire format shared by every endpoint (GEN-*), authentication (AUTH-*), the error shape (ERR-*).

mod common;
use common::*;
use jobsim::{ApiServer, Config, Request};
use serde_json::json;

#[test]
fn gen_01_02_compact_json_with_one_newline() {
    let mut api = server();
    let r = post(&mut api, JOBS, &job("pi"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.body.ends_with(b"}\n") && !r.body.ends_with(b"\n\n"));
    let p = api.handle(Request::get(format!("{}?pretty=true", item("pi"))));
    assert!(p.text().starts_with("{\n  \"kind\": \"Job\""));
    assert!(!p.body.ends_with(b"\n"));
}

#[test]
fn gen_03_pretty_for_curl_unless_told_otherwise() {
    let mut api = server();
    create(&mut api, "pi");
    let curl = api.handle(Request::get(item("pi")).with_header("User-Agent", "curl/8.5.0"));
    assert!(curl.text().contains("\n  \"apiVersion\""));
    let off = api.handle(Request::get(format!("{}?pretty=false", item("pi"))).with_header("User-Agent", "curl/8.5.0"));
    assert!(!off.text().contains("\n  "));
}

#[test]
fn gen_04_key_order_of_a_stored_job() {
    let mut api = server();
    let r = post(&mut api, JOBS, &job("pi"));
    let text = r.text();
    let order = ["\"kind\"", "\"apiVersion\"", "\"metadata\"", "\"spec\"", "\"status\""];
    let pos: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
    let meta = [
        "\"name\"",
        "\"namespace\"",
        "\"uid\"",
        "\"resourceVersion\"",
        "\"generation\"",
        "\"creationTimestamp\"",
        "\"labels\"",
        "\"managedFields\"",
    ];
    let pos: Vec<usize> = meta.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains(r#""spec":{"parallelism":1,"completions":1,"backoffLimit":6,"selector":"#), "{text}");
}

#[test]
fn gen_05_06_empty_status_and_second_precision_times() {
    let mut api = server();
    let j = create(&mut api, "pi");
    assert_eq!(j["status"], json!({}));
    assert_eq!(j["spec"]["template"]["metadata"].as_object().unwrap().keys().collect::<Vec<_>>(), ["labels"]);
    let t = j["metadata"]["creationTimestamp"].as_str().unwrap();
    assert_eq!(t.len(), 20);
    assert!(t.ends_with('Z'));
}

#[test]
fn gen_08_yaml_and_406() {
    let mut api = server();
    create(&mut api, "pi");
    let y = api.handle(Request::get(item("pi")).with_header("Accept", "application/yaml"));
    assert_eq!(y.header("content-type"), Some("application/yaml"));
    assert!(y.text().starts_with("kind: Job\napiVersion: batch/v1\n"), "{}", y.text());
    let bad = api.handle(Request::get(item("pi")).with_header("Accept", "text/html"));
    assert_eq!(bad.status, 406);
    assert!(bad.text().starts_with("{\n  \"kind\": \"Status\""), "406 bodies are pretty JSON");
    let e = api.handle(Request::get(item("nope")).with_header("Accept", "application/yaml"));
    assert_eq!(e.status, 404);
    assert!(e.text().contains("reason: NotFound"), "ERR-04: errors follow the negotiated format");
}

#[test]
fn gen_10_warnings_are_escaped_and_sent_once() {
    let mut api = server();
    let body = r#"{"metadata":{"name":"pi","a\"b":1,"a\"b":2},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i"}]}}}}"#;
    let r = api.handle(Request::post(JOBS, body));
    let raw = r.header_all("warning");
    assert_eq!(raw, vec![r#"299 - "duplicate field \"metadata.a\"b\"""#, r#"299 - "unknown field \"metadata.a\"b\"""#]);
    // A field name with a newline: the header value has a space instead (a value cannot hold one).
    let body = body.replace(r#""a\"b":1,"a\"b":2"#, r#""x\ny":1"#).replace("\"pi\"", "\"pi2\"");
    let r = api.handle(Request::post(JOBS, body));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header_all("warning"), vec![r#"299 - "unknown field \"metadata.x y\"""#]);
}

#[test]
fn gen_12_unknown_query_parameters_are_ignored() {
    let mut api = server();
    let r = api.handle(Request::post(format!("{JOBS}?bogus=1"), job("pi").to_string()));
    assert_eq!(r.status, 201);
}

#[test]
fn gen_14_bodies_over_3_mib_are_413() {
    let mut api = server();
    let rv = api.resource_version();
    let r = api.handle(Request::post(JOBS, vec![b' '; 3 * 1024 * 1024 + 1]));
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["message"], "Request entity too large: limit is 3145728");
    assert_eq!(api.resource_version(), rv);
}

#[test]
fn gen_15_unknown_paths_and_methods() {
    let mut api = server();
    let r = api.handle(Request::get("/apis/batch/v1/namespaces/ns/foos"));
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404})
    );
    let r = api.handle(Request::post(item("pi"), "{}"));
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["message"], "the server does not allow this method on the requested resource");
    assert!(r.header("allow").is_none());
}

#[test]
fn auth_01_02_tokens_required_when_configured() {
    let mut api = ApiServer::new(Config { tokens: vec!["s3cret".into()], ..Config::default() });
    for path in ["/apis", "/apis/batch/v1/namespaces/default/jobs", "/nope", "/version"] {
        let r = api.handle(Request::get(path));
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(r.body, b"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}\n");
        assert!(r.header("www-authenticate").is_none());
    }
    let wrong = api.handle(Request::post(JOBS, job("pi").to_string()).with_header("Authorization", "Bearer nope"));
    assert_eq!(wrong.status, 401);
    let rv = api.resource_version();
    let ok = api.handle(Request::post(JOBS, job("pi").to_string()).with_header("Authorization", "Bearer s3cret"));
    assert_eq!(ok.status, 201);
    assert!(api.resource_version() > rv);
    let anon = ApiServer::new(Config::default()).handle(Request::get("/apis/batch/v1"));
    assert_eq!(anon.status, 200, "no tokens configured: anonymous requests are served");
}

#[test]
fn err_01_invalid_status_shape() {
    let mut api = server();
    let mut body = job("pi");
    body["spec"]["template"]["spec"].as_object_mut().unwrap().remove("restartPolicy");
    let r = post(&mut api, JOBS, &body);
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json(),
        json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
            "message":"Job.batch \"pi\" is invalid: spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
            "reason":"Invalid",
            "details":{"name":"pi","group":"batch","kind":"Job","causes":[{"reason":"FieldValueRequired","message":"Required value: valid values: \"OnFailure\", \"Never\"","field":"spec.template.spec.restartPolicy"}]},
            "code":422})
    );
}

#[test]
fn disc_01_05_discovery_documents() {
    let mut api = server();
    let r = api.handle(Request::get("/apis/batch/v1")).json();
    assert_eq!(r["groupVersion"], "batch/v1");
    assert_eq!(
        r["resources"][0]["verbs"],
        json!(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
    );
    assert_eq!(r["resources"][1]["name"], "jobs/status");
    let g = api.handle(Request::get("/apis/batch")).json();
    assert_eq!(
        g,
        json!({"kind":"APIGroup","apiVersion":"v1","name":"batch","versions":[{"groupVersion":"batch/v1","version":"v1"}],"preferredVersion":{"groupVersion":"batch/v1","version":"v1"}})
    );
    assert_eq!(api.handle(Request::get("/version")).json()["minor"], "35");
}

#[test]
fn namespaces_exist_and_can_be_created_and_deleted() {
    let mut api = server();
    let list = api.handle(Request::get("/api/v1/namespaces")).json();
    let names: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|n| n["metadata"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["default", "kube-node-lease", "kube-public", "kube-system"]);
    let r = api.handle(Request::post(
        "/api/v1/namespaces",
        r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}"#,
    ));
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["status"]["phase"], "Active");
    assert_eq!(post(&mut api, "/apis/batch/v1/namespaces/team-a/jobs", &job("x")).status, 201);
    let d = api.handle(Request::delete("/api/v1/namespaces/team-a"));
    assert_eq!(d.status, 200);
    assert_eq!(d.json()["status"]["phase"], "Terminating");
    assert_eq!(api.handle(Request::get("/api/v1/namespaces/team-a")).status, 404);
    assert_eq!(get(&mut api, "/apis/batch/v1/namespaces/team-a/jobs/x").status, 404);
    let bad = api.handle(Request::post("/api/v1/namespaces", r#"{"metadata":{"name":"Bad_Name"}}"#));
    assert_eq!(bad.status, 422);
}

#[test]
fn disc_06_openapi_v3_documents() {
    let mut api = server();
    let root = api.handle(Request::get("/openapi/v3")).json();
    let url = root["paths"]["apis/batch/v1"]["serverRelativeURL"].as_str().unwrap().to_string();
    assert!(url.starts_with("/openapi/v3/apis/batch/v1?hash="));
    let hash = url.split("hash=").nth(1).unwrap().to_string();
    assert_eq!(hash.len(), 128);
    assert!(hash.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
    let doc = api.handle(Request::get(&url));
    assert_eq!(doc.status, 200);
    assert_eq!(doc.header("etag"), Some(format!("\"{hash}\"").as_str()));
    assert_eq!(doc.header("cache-control"), Some("public, immutable"));
    let d = doc.json();
    assert_eq!(
        d["components"]["schemas"]["io.k8s.api.batch.v1.Job"]["x-kubernetes-group-version-kind"],
        json!([{"group":"batch","kind":"Job","version":"v1"}])
    );
    assert!(d["components"]["schemas"]["io.k8s.api.batch.v1.JobSpec"]["properties"]["backoffLimit"]["description"]
        .is_string());
    let post = &d["paths"]["/apis/batch/v1/namespaces/{namespace}/jobs"]["post"];
    assert!(
        post["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "fieldValidation"),
        "kubectl looks for it"
    );
    let moved = api.handle(Request::get("/openapi/v3/apis/batch/v1?hash=OLD"));
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some(url.as_str()));
}

#[test]
fn disc_07_openapi_v2_is_absent_whatever_the_accept_and_v3_serves_core_v1() {
    let mut api = server();
    let r = api.handle(
        Request::get("/openapi/v2").with_header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"),
    );
    assert_eq!(r.status, 404, "a routing error wins over content negotiation");
    let root = api.handle(Request::get("/openapi/v3")).json();
    let url = root["paths"]["api/v1"]["serverRelativeURL"].as_str().unwrap().to_string();
    let d = api.handle(Request::get(&url)).json();
    assert!(d["components"]["schemas"]["io.k8s.api.core.v1.Pod"].is_object());
    assert!(d["paths"]["/api/v1/namespaces"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "fieldValidation"));
}

#[test]
fn empty_metadata_lists_are_omitted() {
    let mut api = server();
    let mut body = job("f");
    body["metadata"]["finalizers"] = json!(["example.com/x"]);
    post(&mut api, JOBS, &body);
    let r = api.handle(Request::patch(
        item("f"),
        "application/json-patch+json",
        r#"[{"op":"replace","path":"/metadata/finalizers","value":[]}]"#,
    ));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["metadata"].get("finalizers").is_none());
}
