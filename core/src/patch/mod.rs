//! PATCH bodies applied to an object's JSON (PAT-*): RFC 6902 JSON patch, RFC 7386 merge patch,
//! strategic merge patch, and server-side apply. Every result then runs through the same
//! lifecycle as a PUT.

pub mod apply;
pub mod strategic;

use crate::codec;
use crate::http::status::{Details, Reason, Status};
use serde_json::Value;

/// The patch types, by Content-Type (PAT-01).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Json,
    Merge,
    Strategic,
    Apply,
}

impl PatchType {
    /// The patch type of a media type; `None` for anything else (415).
    pub fn from_media(media: Option<&str>) -> Option<PatchType> {
        Some(match media? {
            "application/json-patch+json" => PatchType::Json,
            "application/merge-patch+json" => PatchType::Merge,
            "application/strategic-merge-patch+json" => PatchType::Strategic,
            "application/apply-patch+yaml" | "application/apply-patch+cbor" => PatchType::Apply,
            _ => return None,
        })
    }
}

/// PAT-01: the router's answer to an unknown patch Content-Type.
pub fn unsupported_media_type() -> Status {
    Status::new(Reason::UnsupportedMediaType, "415: Unsupported Media Type").with_details(Details::default())
}

/// PAT-05: an operation that cannot be applied; the library's text is not exposed.
fn rejected() -> Status {
    Status::new(Reason::Invalid, "the server rejected our request due to an error in our request")
        .with_details(Details::default())
}

/// The most JSON patch operations one request may carry (PAT-05).
pub const MAX_JSON_PATCH_OPERATIONS: usize = 10_000;

/// Applies a JSON, merge or strategic patch to `current`. Also returns the duplicate-key texts
/// found in the patch body (FVL-02).
pub fn apply_non_apply(kind: PatchType, current: &Value, body: &[u8]) -> Result<(Value, Vec<String>), Status> {
    let decoded = codec::decode_json(body).map_err(|e| match kind {
        PatchType::Strategic => Status::bad_request(e.0),
        _ => Status::bad_request(format!("error decoding patch: {}", e.0)),
    })?;
    let mut doc = current.clone();
    match kind {
        PatchType::Json => {
            if let Value::Array(ops) = &decoded.value {
                if ops.len() > MAX_JSON_PATCH_OPERATIONS {
                    return Err(Status::new(
                        Reason::RequestEntityTooLarge,
                        format!(
                            "Request entity too large: The allowed maximum operations in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, got {}",
                            ops.len()
                        ),
                    ));
                }
            }
            let patch: json_patch::Patch = serde_json::from_value(decoded.value)
                .map_err(|e| Status::bad_request(format!("error decoding patch: {e}")))?;
            // `doc` is a copy thrown away on failure: nothing to undo (json-patch's undo can panic).
            json_patch::patch_unsafe(&mut doc, &patch).map_err(|_| rejected())?;
        }
        PatchType::Merge => {
            if !decoded.value.is_object() {
                return Err(Status::bad_request("error decoding patch: a merge patch must be a JSON object"));
            }
            json_patch::merge(&mut doc, &decoded.value);
        }
        PatchType::Strategic => {
            doc = strategic::apply(current, &decoded.value).map_err(|e| match e {
                strategic::SmpError::BadRequest(m) => Status::bad_request(m),
                strategic::SmpError::Invalid(_) => rejected(),
            })?;
        }
        PatchType::Apply => return Err(Status::internal("apply patches are not applied here")),
    }
    Ok((doc, decoded.duplicates))
}
