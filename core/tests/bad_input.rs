//! Bad input, one case per test, each with the exact Status it is answered with; after every one
//! the store is as it was (ERR-01/02, GEN-07, GEN-13..15, CRE-10, CRE-13, PUT-06, LST-05/06/08,
//! DEL-07, VAL-*).

mod common;
use common::*;
use jobsim::{ApiServer, Config, Request};
use serde_json::{json, Value};

/// A server holding one Job, so that "unchanged" has something to compare.
fn fixture() -> ApiServer {
    let mut api = server();
    create(&mut api, "pi");
    api
}

/// The stored state without the generator's position: a refused create has drawn a uid, as
/// kube-apiserver assigns one before it validates.
fn state(api: &ApiServer) -> Value {
    let mut v: Value = serde_json::from_str(&api.snapshot()).expect("a snapshot is JSON");
    v.as_object_mut().expect("an object").remove("rng");
    v
}

/// Sends a request that must be refused, checks that the store did not change, and returns the
/// Status body (whose `code` is the HTTP status, ERR-01).
fn refused(api: &mut ApiServer, req: Request) -> Value {
    let before = state(api);
    let rv = api.resource_version();
    let r = api.handle(req);
    assert!(r.status >= 400, "refused: {} {}", r.status, r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(api.resource_version(), rv, "no resourceVersion was taken");
    assert_eq!(state(api), before, "a refused request leaves the store as it was");
    let v = r.json();
    assert_eq!(v["code"], r.status, "code equals the HTTP status");
    v
}

/// A Status without details.
fn status(code: u16, reason: &str, message: &str) -> Value {
    json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code})
}

/// The CRE-12 decode failure for a body that is not a JSON/YAML object.
fn unrecognized(error: &str, head: &str) -> Value {
    status(
        400,
        "BadRequest",
        &format!("the object provided is unrecognized (must be of type Job): couldn't get version/kind; json parse error: {error} ({head})"),
    )
}

fn yaml(req: Request) -> Request {
    req.with_header("Content-Type", "application/yaml")
}

const MERGE: &str = "application/merge-patch+json";
const JSON_PATCH: &str = "application/json-patch+json";
const SMP: &str = "application/strategic-merge-patch+json";
const APPLY: &str = "application/apply-patch+yaml";

#[test]
fn malformed_json_body_is_400() {
    let mut api = fixture();
    let v = refused(&mut api, Request::post(JOBS, r#"{"metadata":{"name":"x""#));
    assert_eq!(v, unrecognized("EOF while parsing an object at line 1 column 23", r#"{"metadata":{"name":"x""#));
    let v = refused(&mut api, Request::put(item("pi"), r#"{"metadata":{"name":"pi"}}}"#));
    assert_eq!(v, unrecognized("trailing characters at line 1 column 27", r#"{"metadata":{"name":"pi"}}}"#));
    let v = refused(&mut api, Request::patch(item("pi"), MERGE, r#"{"spec":"#));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: EOF while parsing a value at line 1 column 8"));
}

#[test]
fn malformed_yaml_body_is_400() {
    let mut api = fixture();
    let v = refused(&mut api, yaml(Request::post(JOBS, "metadata: {name: [x\n")));
    assert_eq!(
        v,
        unrecognized(
            "did not find expected ',' or ']' at line 2 column 1, while parsing a flow sequence at line 1 column 18",
            "metadata: {name: [x\n"
        )
    );
    let v = refused(&mut api, Request::patch(format!("{}?fieldManager=m", item("pi")), APPLY, "a: b: c\n"));
    assert_eq!(
        v,
        status(
            400,
            "BadRequest",
            "error decoding patch: mapping values are not allowed in this context at line 1 column 5"
        )
    );
}

/// "Billion laughs": nine levels of nine aliases would expand to 387 million strings.
fn laughs() -> String {
    let mut doc = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n".to_string();
    for i in 1..9 {
        let p = format!("*a{}", i - 1);
        doc.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 9].join(",")));
    }
    doc
}

#[test]
fn yaml_alias_bomb_is_refused_without_expanding() {
    let mut api = fixture();
    let body = laughs();
    let head: String = body.chars().take(30).collect();
    let v = refused(&mut api, yaml(Request::post(JOBS, body.clone())));
    assert_eq!(v, unrecognized("repetition limit exceeded", &head));
    let v = refused(&mut api, Request::patch(format!("{}?fieldManager=m", item("pi")), APPLY, body.clone()));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: repetition limit exceeded"));
    let v = refused(&mut api, yaml(Request::put(item("pi"), body)));
    assert_eq!(v, unrecognized("repetition limit exceeded", &head));
}

#[test]
fn empty_body_is_400() {
    let mut api = fixture();
    let v = refused(&mut api, Request::post(JOBS, ""));
    assert_eq!(v, unrecognized("EOF while parsing a value at line 1 column 0", "<empty>"));
    let v = refused(&mut api, yaml(Request::post(JOBS, "")));
    assert_eq!(v, unrecognized("expected an object", "<empty>"));
    let v = refused(&mut api, Request::put(item("pi"), ""));
    assert_eq!(v, unrecognized("EOF while parsing a value at line 1 column 0", "<empty>"));
    let v = refused(&mut api, Request::patch(item("pi"), MERGE, ""));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: EOF while parsing a value at line 1 column 0"));
}

#[test]
fn gen_07_wrong_content_type_is_415() {
    let mut api = fixture();
    let body = job("x").to_string();
    for ct in ["text/plain", "application/xml", "application/vnd.kubernetes.protobuf"] {
        let v = refused(&mut api, Request::post(JOBS, body.clone()).with_header("Content-Type", ct));
        assert_eq!(
            v,
            status(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"
            ),
            "{ct}"
        );
    }
    let v = refused(&mut api, Request::patch(item("pi"), "application/json", "{}"));
    assert_eq!(
        v,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "415: Unsupported Media Type", "reason": "UnsupportedMediaType", "details": {}, "code": 415})
    );
}

#[test]
fn gen_14_body_over_3_mib_is_413() {
    let mut api = fixture();
    let expected = status(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
    let big = vec![b' '; 3 * 1024 * 1024 + 1];
    assert_eq!(refused(&mut api, Request::post(JOBS, big.clone())), expected);
    assert_eq!(refused(&mut api, Request::put(item("pi"), big.clone())), expected);
    assert_eq!(refused(&mut api, Request::patch(item("pi"), MERGE, big.clone())), expected);
    assert_eq!(refused(&mut api, Request::delete(item("pi")).with_body(big)), expected);
    // Exactly the limit is decoded (and is not a Job).
    let at_limit = refused(&mut api, Request::post(JOBS, vec![b' '; 3 * 1024 * 1024]));
    assert_eq!(at_limit["code"], 400);
}

#[test]
fn json_nested_100k_levels_is_400_without_exhausting_the_stack() {
    let mut api = fixture();
    let arrays = "[".repeat(100_000);
    let v = refused(&mut api, Request::post(JOBS, arrays.clone()));
    assert_eq!(v, unrecognized("recursion limit exceeded at line 1 column 128", &"[".repeat(30)));
    let objects = "{\"a\":".repeat(100_000);
    let v = refused(&mut api, Request::put(item("pi"), objects.clone()));
    assert_eq!(v, unrecognized("recursion limit exceeded at line 1 column 636", &objects[..30]));
    for ct in [MERGE, JSON_PATCH] {
        let v = refused(&mut api, Request::patch(item("pi"), ct, objects.clone()));
        assert_eq!(v, status(400, "BadRequest", "error decoding patch: recursion limit exceeded at line 1 column 636"));
    }
    let v = refused(&mut api, Request::patch(item("pi"), SMP, arrays.clone()));
    assert_eq!(v, status(400, "BadRequest", "recursion limit exceeded at line 1 column 128"));
    let v = refused(&mut api, Request::patch(format!("{}?fieldManager=m", item("pi")), APPLY, arrays.clone()));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: recursion limit exceeded at line 1 column 128"));
    let v = refused(&mut api, Request::delete(item("pi")).with_body(objects));
    assert_eq!(v, status(400, "BadRequest", "recursion limit exceeded at line 1 column 636"));
    // Deep inside fields whose values are not checked field by field (free-form JSON, strings).
    for field in ["\"managedFields\":[{\"fieldsV1\":", "\"annotations\":{\"a\":"] {
        let body = format!("{{\"metadata\":{{\"name\":\"deep\",{field}{}", arrays);
        let v = refused(&mut api, Request::post(JOBS, body));
        assert_eq!(v["code"], 400);
        assert!(v["message"].as_str().unwrap().contains("recursion limit exceeded"), "{v}");
    }
}

#[test]
fn yaml_nested_100k_levels_is_400_without_exhausting_the_stack() {
    let mut api = fixture();
    let block = "- ".repeat(100_000);
    let v = refused(&mut api, yaml(Request::post(JOBS, block.clone())));
    assert_eq!(v, unrecognized("recursion limit exceeded at line 1 column 257", &block[..30]));
    // Flow collections are counted before the scanner sees them (its work grows with their depth).
    let flow = format!("a: {}", "[".repeat(100_000));
    let v = refused(&mut api, yaml(Request::post(JOBS, flow.clone())));
    let counted = "recursion limit exceeded: 100000 flow collections ('[' or '{') in 100003 bytes";
    assert_eq!(v, unrecognized(counted, &flow[..30]));
    let v = refused(&mut api, yaml(Request::put(item("pi"), "{\"a\":".repeat(100_000))));
    assert_eq!(v, unrecognized("recursion limit exceeded at line 1 column 636", &"{\"a\":".repeat(6)));
    let v = refused(&mut api, Request::patch(format!("{}?fieldManager=m", item("pi")), APPLY, block));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: recursion limit exceeded at line 1 column 257"));
}

#[test]
fn cre_13_numbers_out_of_range_are_400() {
    let mut api = fixture();
    let with = |field: &str, number: &str| {
        format!(
            r#"{{"metadata":{{"name":"x"}},"spec":{{"{field}":{number},"template":{{"spec":{{"restartPolicy":"Never","containers":[{{"name":"main","image":"busybox"}}]}}}}}}}}"#
        )
    };
    let decode = |detail: &str| {
        status(400, "BadRequest", &format!("Job in version \"v1\" cannot be handled as a Job: json: {detail}"))
    };
    let v = refused(&mut api, Request::post(JOBS, with("parallelism", "1e40")));
    assert_eq!(v, decode("invalid type: floating point `1e+40`, expected i32"));
    let v = refused(&mut api, Request::post(JOBS, with("parallelism", "2147483648")));
    assert_eq!(v, decode("invalid value: integer `2147483648`, expected i32"));
    let v = refused(&mut api, Request::post(JOBS, with("completions", "-2147483649")));
    assert_eq!(v, decode("invalid value: integer `-2147483649`, expected i32"));
    let v = refused(&mut api, Request::post(JOBS, with("activeDeadlineSeconds", "9223372036854775808")));
    assert_eq!(v, decode("invalid value: integer `9223372036854775808`, expected i64"));
    let v = refused(&mut api, Request::post(JOBS, with("backoffLimit", "1.5")));
    assert_eq!(v, decode("invalid type: floating point `1.5`, expected i32"));
    let v = refused(&mut api, Request::patch(item("pi"), MERGE, r#"{"spec":{"parallelism":1e40}}"#));
    assert_eq!(v, decode("invalid type: floating point `1e+40`, expected i32"));
}

#[test]
fn invalid_utf8_is_400() {
    let mut api = fixture();
    let json_body = b"{\"metadata\":{\"name\":\"\xff\"}}".to_vec();
    let v = refused(&mut api, Request::post(JOBS, json_body.clone()));
    assert_eq!(
        v,
        unrecognized("invalid unicode code point at line 1 column 22", "{\"metadata\":{\"name\":\"\u{fffd}\"}}")
    );
    let v = refused(&mut api, yaml(Request::post(JOBS, b"metadata:\n  name: \xff\n".to_vec())));
    assert_eq!(v, unrecognized("invalid utf-8 sequence of 1 bytes from index 18", "metadata:\n  name: \u{fffd}\n"));
    let v = refused(&mut api, Request::patch(item("pi"), MERGE, json_body));
    assert_eq!(v, status(400, "BadRequest", "error decoding patch: invalid unicode code point at line 1 column 22"));
}

#[test]
fn val_invalid_names_are_422() {
    let mut api = fixture();
    let subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    for name in ["Bad_Name", "a..b", "UPPER"] {
        let v = refused(&mut api, post_req(&job(name)));
        assert_eq!(v["reason"], "Invalid", "{name}");
        assert_eq!(
            v["message"],
            format!("Job.batch \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {subdomain}"),
            "{name}"
        );
        assert_eq!(
            v["details"]["causes"],
            json!([{"reason": "FieldValueInvalid", "message": format!("Invalid value: \"{name}\": {subdomain}"), "field": "metadata.name"}])
        );
    }
    // A name of 64 characters is a valid subdomain, but the Job's name is also a label value.
    let long = "a".repeat(64);
    let v = refused(&mut api, post_req(&job(&long)));
    let detail = format!("Invalid value: \"{long}\": must be no more than 63 characters");
    assert_eq!(
        v["message"],
        format!("Job.batch \"{long}\" is invalid: [metadata.labels: {detail}, spec.template.labels: {detail}]")
    );
    let v = refused(&mut api, post_req(&job(&"a".repeat(254))));
    assert!(v["message"].as_str().is_some_and(|m| m.contains("metadata.name: Invalid value")), "{v}");
}

fn post_req(body: &Value) -> Request {
    Request::post(JOBS, body.to_string())
}

#[test]
fn val_label_values_too_long_are_422() {
    let mut api = fixture();
    let value = "v".repeat(64);
    let mut j = job("x");
    j["metadata"]["labels"] = json!({"a": value});
    let v = refused(&mut api, post_req(&j));
    let detail = format!("Invalid value: \"{value}\": must be no more than 63 characters");
    assert_eq!(
        v,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": format!("Job.batch \"x\" is invalid: metadata.labels: {detail}"), "reason": "Invalid",
            "details": {"name": "x", "group": "batch", "kind": "Job",
                "causes": [{"reason": "FieldValueInvalid", "message": detail, "field": "metadata.labels"}]},
            "code": 422})
    );
    // The same through a patch of the stored Job.
    let v =
        refused(&mut api, Request::patch(item("pi"), MERGE, json!({"metadata": {"labels": {"a": value}}}).to_string()));
    assert_eq!(v["message"], format!("Job.batch \"pi\" is invalid: metadata.labels: {detail}"));
}

#[test]
fn cre_10_put_06_namespace_and_name_mismatches_are_400() {
    let mut api = fixture();
    let mut j = job("x");
    j["metadata"]["namespace"] = json!("other");
    let ns_mismatch = status(
        400,
        "BadRequest",
        "the namespace of the provided object does not match the namespace sent on the request",
    );
    assert_eq!(refused(&mut api, post_req(&j)), ns_mismatch);
    let mut j = get(&mut api, &item("pi")).json();
    j["metadata"]["namespace"] = json!("kube-system");
    assert_eq!(refused(&mut api, Request::put(item("pi"), j.to_string())), ns_mismatch);
    let v = refused(&mut api, Request::put(item("pi"), job("other").to_string()));
    assert_eq!(v, status(400, "BadRequest", "the name of the object (other) does not match the name on the URL (pi)"));
    let v = refused(&mut api, Request::patch(item("pi"), MERGE, r#"{"metadata":{"name":"renamed"}}"#));
    assert_eq!(
        v,
        status(400, "BadRequest", "the name of the object (renamed) does not match the name on the URL (pi)")
    );
}

#[test]
fn gen_15_unknown_verbs_are_405_and_unknown_paths_404() {
    let mut api = fixture();
    let not_allowed = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "the server does not allow this method on the requested resource", "reason": "MethodNotAllowed",
        "details": {}, "code": 405});
    for method in ["BREW", "get", "", "OPTIONS", "CONNECT"] {
        assert_eq!(refused(&mut api, Request::new(method, item("pi"))), not_allowed, "{method:?}");
        assert_eq!(refused(&mut api, Request::new(method, JOBS)), not_allowed, "{method:?}");
    }
    assert_eq!(refused(&mut api, Request::new("BREW", "/version")), not_allowed);
    let not_found = json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": "the server could not find the requested resource", "reason": "NotFound", "details": {}, "code": 404});
    for path in [
        "/apis/batch/v1/namespaces/default/teapots",
        "/apis/batch/v2/jobs",
        "/apis/batch/v1/namespaces/default/jobs/pi/log",
        "/nope",
        "",
    ] {
        assert_eq!(refused(&mut api, Request::get(path)), not_found, "{path:?}");
        assert_eq!(refused(&mut api, Request::new("BREW", path)), not_found, "{path:?}");
    }
}

#[test]
fn gen_13_non_numeric_integer_query_values_are_400() {
    let mut api = fixture();
    let parse = |v: &str| status(400, "BadRequest", &format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"));
    assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?limit=abc"))), parse("abc"));
    assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?limit=1.5"))), parse("1.5"));
    assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?watch=1&timeoutSeconds=x"))), parse("x"));
    assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?timeoutSeconds=x"))), parse("x"));
    assert_eq!(refused(&mut api, Request::delete(format!("{}?gracePeriodSeconds=x", item("pi")))), parse("x"));
    let err = api.watch(Request::get(format!("{JOBS}?watch=1&timeoutSeconds=%20"))).expect_err("refused");
    assert_eq!(err.json(), parse(" "));
    assert_eq!(api.watch_count(), 0);
}

#[test]
fn lst_05_06_bad_selectors_are_400() {
    let mut api = fixture();
    let cases = [
        ("labelSelector=a%20in%20(", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
        ("fieldSelector=spec.bogus%3D1", "field label \"spec.bogus\" not supported for batchv1.Job"),
    ];
    for (q, message) in cases {
        let expected = status(400, "BadRequest", message);
        assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?{q}"))), expected, "list {q}");
        assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?watch=1&{q}"))), expected, "watch {q}");
        assert_eq!(refused(&mut api, Request::delete(format!("{JOBS}?{q}"))), expected, "delete collection {q}");
    }
    let more = [
        ("labelSelector=%3D%3D", "found '==', expected: !, identifier, or 'end of string'"),
        ("labelSelector=a%3D%3D%3Db", "unable to parse requirement: found '=', expected: identifier"),
        ("fieldSelector=metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
    ];
    for (q, message) in more {
        assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?{q}"))), status(400, "BadRequest", message), "{q}");
    }
}

fn token(json: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

#[test]
fn lst_08_garbage_and_forged_continue_tokens_are_refused() {
    let mut api = fixture();
    let v = refused(&mut api, Request::get(format!("{JOBS}?limit=1&continue=!!!")));
    assert_eq!(
        v,
        status(400, "BadRequest", "invalid continue token: continue key is not valid: Invalid symbol 33, offset 0.")
    );
    let v = refused(&mut api, Request::get(format!("{JOBS}?continue={}", token("not json"))));
    assert_eq!(v["code"], 400);
    assert!(v["message"].as_str().is_some_and(|m| m.starts_with("invalid continue token: ")), "{v}");
    let v = refused(&mut api, Request::get(format!("{JOBS}?continue={}", token(r#"{"v":"x","rv":1,"start":"a"}"#))));
    assert_eq!(v["code"], 400);
    // A token from a resourceVersion the store has not reached is a too-large resourceVersion.
    let future = token(r#"{"v":"meta.k8s.io/v1","rv":9223372036854775807,"start":"a\u0000"}"#);
    let v = refused(&mut api, Request::get(format!("{JOBS}?limit=1&continue={future}")));
    let current = api.resource_version();
    assert_eq!(
        v,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": format!("Timeout: Too large resource version: 9223372036854775807, current: {current}"),
            "reason": "Timeout",
            "details": {"causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}], "retryAfterSeconds": 1},
            "code": 504})
    );
    let r = api.handle(Request::get(format!(
        "{JOBS}?limit=1&continue={}",
        token(&format!(r#"{{"v":"meta.k8s.io/v1","rv":{},"start":"a\u0000"}}"#, current + 1))
    )));
    assert_eq!((r.status, r.header("retry-after")), (504, Some("1")), "one past the current resourceVersion");
}

#[test]
fn lst_09_expired_continue_token_is_410_with_a_fresh_token() {
    let mut api = ApiServer::new(Config { watch_history: 3, ..Config::default() });
    for name in ["a", "b", "c"] {
        create(&mut api, name);
    }
    let page = get(&mut api, &format!("{JOBS}?limit=1")).json();
    let old = page["metadata"]["continue"].as_str().expect("a continue token").to_string();
    for name in ["d", "e", "f", "g"] {
        create(&mut api, name);
    }
    let v = refused(&mut api, Request::get(format!("{JOBS}?limit=1&continue={old}")));
    assert_eq!(v["code"], 410);
    assert_eq!(v["reason"], "Expired");
    assert!(v["message"].as_str().is_some_and(|m| m.starts_with("The provided continue parameter is too old")), "{v}");
    let fresh = v["metadata"]["continue"].as_str().expect("a fresh token");
    let rest = get(&mut api, &format!("{JOBS}?continue={fresh}")).json();
    let names: Vec<&str> =
        rest["items"].as_array().unwrap().iter().filter_map(|i| i["metadata"]["name"].as_str()).collect();
    assert_eq!(names, ["b", "c", "d", "e", "f", "g"], "the fresh token continues after the last item returned");
}

#[test]
fn resource_version_garbage_is_400() {
    let mut api = fixture();
    for rv in ["abc", "-1", "1.0", "18446744073709551616"] {
        let message = format!(
            "invalid resource version: resourceVersion: Invalid value: \"{rv}\": strconv.ParseUint: parsing \"{rv}\": invalid syntax"
        );
        let expected = status(400, "BadRequest", &message);
        let q = format!("resourceVersion={}", rv.replace('+', "%2B"));
        assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?{q}"))), expected, "list {rv}");
        assert_eq!(refused(&mut api, Request::get(format!("{JOBS}?watch=1&{q}"))), expected, "watch {rv}");
    }
    // In a body it is a precondition that cannot be parsed (PUT-04: a 500 without a reason).
    let mut j = get(&mut api, &item("pi")).json();
    j["metadata"]["resourceVersion"] = json!("abc");
    let v = refused(&mut api, Request::put(item("pi"), j.to_string()));
    assert_eq!(
        v,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "strconv.ParseUint: parsing \"abc\": invalid syntax", "code": 500})
    );
}

#[test]
fn del_07_orphan_dependents_with_propagation_policy_is_422() {
    let mut api = fixture();
    let expected = |policy: &str| {
        let detail =
            format!("Invalid value: \"{policy}\": orphanDependents and deletionPropagation cannot be both set");
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": format!("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: {detail}"),
            "reason": "Invalid",
            "details": {"group": "meta.k8s.io", "kind": "DeleteOptions",
                "causes": [{"reason": "FieldValueInvalid", "message": detail, "field": "propagationPolicy"}]},
            "code": 422})
    };
    let body = r#"{"kind":"DeleteOptions","apiVersion":"v1","orphanDependents":true,"propagationPolicy":"Background"}"#;
    assert_eq!(refused(&mut api, Request::delete(item("pi")).with_body(body)), expected("Background"));
    let q = "orphanDependents=false&propagationPolicy=Orphan";
    assert_eq!(refused(&mut api, Request::delete(format!("{}?{q}", item("pi")))), expected("Orphan"));
    assert_eq!(refused(&mut api, Request::delete(format!("{JOBS}?{q}"))), expected("Orphan"));
    assert_eq!(refused(&mut api, Request::delete(format!("/api/v1/namespaces/default?{q}"))), expected("Orphan"));
}

#[test]
fn gen_08_an_unacceptable_accept_header_runs_nothing() {
    let mut api = fixture();
    let table = "application/json;as=Table;v=v1;g=meta.k8s.io";
    // GEN-08: the list names what this server can write.
    let message = "only the following media types are accepted: application/json, application/yaml";
    let writes = [
        Request::post(JOBS, job("x").to_string()),
        Request::put(item("pi"), job("pi").to_string()),
        Request::patch(item("pi"), MERGE, r#"{"metadata":{"labels":{"a":"b"}}}"#),
        Request::delete(item("pi")),
        Request::delete(JOBS),
    ];
    for req in writes {
        let label = format!("{} {}", req.method, req.path);
        let v = refused(&mut api, req.with_header("Accept", table));
        assert_eq!(v["code"], 406, "{label}: {v}");
        assert_eq!(v["reason"], "NotAcceptable");
        assert!(v["message"].as_str().is_some_and(|m| m.starts_with("only the following media types are accepted")));
    }
    let v = refused(&mut api, Request::get(item("pi")).with_header("Accept", "text/html"));
    assert_eq!(v, status(406, "NotAcceptable", message));
}

#[test]
fn built_in_namespaces_cannot_be_deleted() {
    let mut api = fixture();
    for ns in ["default", "kube-system", "kube-public"] {
        let v = refused(&mut api, Request::delete(format!("/api/v1/namespaces/{ns}")));
        assert_eq!(
            v,
            json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": format!("namespaces \"{ns}\" is forbidden: this namespace may not be deleted"),
                "reason": "Forbidden", "details": {"name": ns, "kind": "namespaces"}, "code": 403})
        );
    }
    assert_eq!(get(&mut api, &item("pi")).status, 200, "the Jobs in them stay");
}

#[test]
fn namespace_delete_honours_dry_run_and_checks_its_options() {
    let mut api = fixture();
    post(&mut api, "/api/v1/namespaces", &json!({"metadata": {"name": "team-a"}}));
    post(&mut api, "/apis/batch/v1/namespaces/team-a/jobs", &job("x"));
    let before = state(&api);
    let r = api.handle(Request::delete("/api/v1/namespaces/team-a?dryRun=All"));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"]["phase"], "Terminating", "the answer shows what would happen");
    assert!(r.json()["metadata"]["deletionTimestamp"].is_string());
    assert_eq!(state(&api), before, "a dry run deletes nothing");
    let v = refused(&mut api, Request::delete("/api/v1/namespaces/team-a?dryRun=Yes"));
    assert_eq!(v["code"], 422);
    assert_eq!(
        v["message"],
        "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"Yes\"]: supported values: \"All\""
    );
    let v = refused(&mut api, Request::delete("/api/v1/namespaces/team-a?propagationPolicy=Sideways"));
    assert_eq!(v["code"], 422);
    assert_eq!(get(&mut api, "/apis/batch/v1/namespaces/team-a/jobs/x").status, 200);
}

#[test]
fn pat_apply_to_the_status_of_a_missing_job_is_404() {
    let mut api = fixture();
    let path = "/apis/batch/v1/namespaces/default/jobs/ghost/status?fieldManager=m";
    let v = refused(&mut api, Request::patch(path, APPLY, job("ghost").to_string()));
    assert_eq!(
        v,
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "jobs.batch \"ghost\" not found", "reason": "NotFound",
            "details": {"name": "ghost", "group": "batch", "kind": "jobs"}, "code": 404})
    );
    // On the main resource, apply creates.
    let r = api.handle(Request::patch(
        "/apis/batch/v1/namespaces/default/jobs/ghost?fieldManager=m",
        APPLY,
        job("ghost").to_string(),
    ));
    assert_eq!(r.status, 201, "{}", r.text());
}

/// Found by fuzzing: a JSON patch whose failing operation follows a `move` of a field over its
/// parent. Undoing the applied operations would move the parent inside itself (json-patch's undo
/// panics there); the patch is applied to a copy, so it is refused like any failed patch.
#[test]
fn json_patch_failing_after_a_move_over_its_parent_is_422() {
    let mut api = fixture();
    let ops = r#"[{"op":"move","from":"/metadata/name","path":"/metadata"},{"op":"test","path":"/nope","value":1}]"#;
    let v = refused(&mut api, Request::patch(item("pi"), JSON_PATCH, ops));
    assert_eq!(v["code"], 422);
    assert_eq!(v["message"], "the server rejected our request due to an error in our request");
}
