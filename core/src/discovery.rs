//! Discovery documents (DISC-01..05): what kubectl reads before it sends anything else.

use crate::router::Route;
use serde_json::{json, Value};

const JOB_VERBS: [&str; 8] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

fn group() -> Value {
    json!({
        "name": "batch",
        "versions": [{"groupVersion": "batch/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "batch/v1", "version": "v1"}
    })
}

/// The document served at a discovery path.
pub fn document(route: &Route) -> Value {
    match route {
        Route::Version => json!({
            "major": "1",
            "minor": "35",
            "emulationMajor": "1",
            "emulationMinor": "35",
            "minCompatibilityMajor": "1",
            "minCompatibilityMinor": "34",
            "gitVersion": "v1.35.0-jobsim",
            "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z",
            "goVersion": "go1.25.0",
            "compiler": "gc",
            "platform": "wasm/jobsim"
        }),
        Route::Api => json!({
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:8080"}]
        }),
        Route::ApiV1 => json!({
            "kind": "APIResourceList",
            "groupVersion": "v1",
            "resources": [
                {"name": "events", "singularName": "event", "namespaced": true, "kind": "Event",
                 "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                 "shortNames": ["ev"], "storageVersionHash": "r2yiGXH7wu8="},
                {"name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
                 "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"], "shortNames": ["ns"],
                 "storageVersionHash": "Q3oi5N2YM8M="},
                {"name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
                 "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                 "shortNames": ["po"], "categories": ["all"], "storageVersionHash": "xPOwRZ+Yhw8="},
                {"name": "pods/status", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get", "patch", "update"]}
            ]
        }),
        Route::Apis => {
            let mut g = group();
            if let Value::Object(m) = &mut g {
                m.shift_remove("kind");
            }
            json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": [g]})
        }
        Route::ApisBatch => {
            let mut v = json!({"kind": "APIGroup", "apiVersion": "v1"});
            if let (Value::Object(m), Value::Object(g)) = (&mut v, group()) {
                m.extend(g);
            }
            v
        }
        Route::ApisBatchV1 => json!({
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": "batch/v1",
            "resources": [
                {"name": "jobs", "singularName": "job", "namespaced": true, "kind": "Job", "verbs": JOB_VERBS,
                 "categories": ["all"], "storageVersionHash": "mudhfqk/qZY="},
                {"name": "jobs/status", "singularName": "", "namespaced": true, "kind": "Job", "verbs": ["get", "patch", "update"]}
            ]
        }),
        Route::Resource(_) | Route::Health | Route::OpenApiV3 | Route::OpenApiDocument(_) => Value::Null,
    }
}
