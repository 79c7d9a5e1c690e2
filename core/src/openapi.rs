//! The OpenAPI v3 documents kubectl reads (`kubectl explain`, field validation support), generated
//! at build time from k8s-openapi's schemas (build.rs) and served as is (DISC-06).

/// The batch/v1 document.
pub const BATCH_V1: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_batch_v1.json"));
/// Its uppercase hex SHA-512, the `hash` of its URL and its ETag.
pub const BATCH_V1_HASH: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi_batch_v1.hash"));

/// `/openapi/v3`: where each group-version's document lives.
pub fn root() -> serde_json::Value {
    serde_json::json!({"paths": {"apis/batch/v1": {"serverRelativeURL": format!("/openapi/v3/apis/batch/v1?hash={BATCH_V1_HASH}")}}})
}
