//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use jobsim::{ApiServer, Config, Request, Response};
use serde_json::{json, Value};

pub const JOBS: &str = "/apis/batch/v1/namespaces/default/jobs";

pub fn server() -> ApiServer {
    ApiServer::new(Config::default())
}

/// A minimal valid Job body.
pub fn job(name: &str) -> Value {
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36", "command": ["sh", "-c", "echo hi"]}]}}}
    })
}

pub fn post(api: &mut ApiServer, path: &str, body: &Value) -> Response {
    api.handle(Request::post(path, body.to_string()))
}

pub fn create(api: &mut ApiServer, name: &str) -> Value {
    let r = post(api, JOBS, &job(name));
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()
}

pub fn get(api: &mut ApiServer, path: &str) -> Response {
    api.handle(Request::get(path))
}

pub fn put(api: &mut ApiServer, path: &str, body: &Value) -> Response {
    api.handle(Request::put(path, body.to_string()))
}

pub fn item(name: &str) -> String {
    format!("{JOBS}/{name}")
}
