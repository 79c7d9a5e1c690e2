//! The OpenAPI v3 documents kubectl reads (`kubectl explain`, client- and server-side field
//! validation), generated at build time from k8s-openapi's schemas (build.rs) and served as they
//! are (DISC-06).

/// The batch/v1 document.
pub const BATCH_V1: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_batch_v1.json"));
/// Its uppercase hex SHA-512, the `hash` of its URL and its ETag.
pub const BATCH_V1_HASH: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_batch_v1.hash"));
/// The core/v1 document (Namespaces, Pods, Events).
pub const CORE_V1: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_core_v1.json"));
/// Its hash.
pub const CORE_V1_HASH: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_core_v1.hash"));

/// The document and hash served at `/openapi/v3/<gv>`.
pub fn document(gv: &str) -> Option<(&'static str, &'static str)> {
    match gv {
        "apis/batch/v1" => Some((BATCH_V1, BATCH_V1_HASH)),
        "api/v1" => Some((CORE_V1, CORE_V1_HASH)),
        _ => None,
    }
}

/// `/openapi/v3`: where each group-version's document lives.
pub fn root() -> serde_json::Value {
    serde_json::json!({"paths": {
        "api/v1": {"serverRelativeURL": format!("/openapi/v3/api/v1?hash={CORE_V1_HASH}")},
        "apis/batch/v1": {"serverRelativeURL": format!("/openapi/v3/apis/batch/v1?hash={BATCH_V1_HASH}")},
    }})
}
