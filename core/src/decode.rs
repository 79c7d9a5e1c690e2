//! Request body → typed object: media type, JSON/YAML, apiVersion/kind, unknown and duplicate
//! fields (FVL-*), type errors (CRE-12/13). Unknown fields are found by walking the value against
//! the served schemas' field tables (`schema::fields`).

use crate::codec::{self, DecodeError};
use crate::http::negotiate::content_type;
use crate::http::params::FieldValidation;
use crate::http::request::Request;
use crate::http::status::{Reason, Status};
use crate::registry::resource::without_stored_list;
use crate::registry::Resource;
use crate::schema::fields;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

/// The media types a POST/PUT body may have (GEN-07).
pub const BODY_TYPES: &str = "application/json, application/yaml";

/// A decoded object and the warnings decoding produced.
pub struct DecodedObject<T> {
    pub obj: T,
    pub warnings: Vec<String>,
}

/// Decodes a POST/PUT body into `T` under `fieldValidation`. `stored_list`: for a PUT, the
/// managedFields list of the object it replaces; a body carrying the same entries decodes without
/// them (see [`without_stored_list`]).
pub fn decode_body<T: Resource>(
    req: &Request,
    fv: FieldValidation,
    stored_list: Option<&[u8]>,
) -> Result<DecodedObject<T>, Status> {
    let media = content_type(req);
    let yaml = match media.as_deref() {
        None | Some("application/json") => false,
        Some("application/yaml") => true,
        Some(_) => {
            return Err(Status::new(
                Reason::UnsupportedMediaType,
                format!(
                    "the body of the request was in an unknown format - accepted media types include: {BODY_TYPES}"
                ),
            ))
        }
    };
    // The common body (JSON text, this kind, known fields only, no key twice) decodes straight
    // from its text, checked for UTF-8 once; any other takes the full path below, which finds and
    // reports what it holds.
    let shape = fields::root(T::GROUP, T::VERSION, T::KIND);
    let without_list = stored_list.filter(|_| !yaml).and_then(|list| without_stored_list(&req.body, list));
    let text = without_list.as_deref().unwrap_or(&req.body);
    let clean =
        std::str::from_utf8(text).ok().filter(|t| !yaml && fields::known_only(t, shape, T::API_VERSION, T::KIND));
    if let Some(obj) = clean.and_then(|t| serde_json::from_str::<T>(t).ok()) {
        return Ok(DecodedObject { obj, warnings: Vec::new() });
    }
    let decoded = codec::decode(&req.body, yaml).map_err(|e| unrecognized::<T>(&req.body, &e))?;
    decode_value::<T>(decoded.value, decoded.duplicates, fv, &req.body)
}

fn unrecognized<T: Resource>(body: &[u8], e: &DecodeError) -> Status {
    let head = if body.is_empty() {
        "<empty>".to_string()
    } else {
        String::from_utf8_lossy(&body[..body.len().min(30)]).into_owned()
    };
    Status::bad_request(format!(
        "the object provided is unrecognized (must be of type {}): couldn't get version/kind; json parse error: {} ({})",
        T::KIND,
        e.0,
        head
    ))
}

/// [`decode_value`] of a patched object whose patch named its metadata alone: `patched` holds
/// only the metadata (patched), `stored` is the object it patched. The metadata is checked for
/// unknown fields and decoded alone, and put into a copy of `stored`: the same object and
/// warnings as decoding the whole patched object, without building and decoding the rest.
/// `None` when `patched` holds anything else or the metadata does not decode (the whole
/// decoding then reports it).
pub fn decode_metadata_patch<T: Resource>(
    stored: &T,
    patched: Value,
    duplicates: Vec<String>,
) -> Option<DecodedObject<T>> {
    let shape = fields::member(fields::root(T::GROUP, T::VERSION, T::KIND), "metadata");
    let (meta, warnings) = patched_metadata(patched, duplicates, shape)?;
    let mut obj = stored.clone();
    *obj.metadata_mut() = meta;
    Some(DecodedObject { obj, warnings })
}

/// The kind-independent part of [`decode_metadata_patch`] (compiled once, not per kind).
fn patched_metadata(
    mut patched: Value,
    duplicates: Vec<String>,
    shape: fields::Shape,
) -> Option<(ObjectMeta, Vec<String>)> {
    let meta = patched.as_object_mut()?.remove("metadata")?;
    if !meta.is_object() || !patched.as_object()?.is_empty() {
        return None;
    }
    let mut problems = duplicates;
    fields::unknown(&meta, shape, &mut String::from("metadata"), &mut problems);
    Some((codec::from_value(&meta).ok()?, problems))
}

/// Checks group/version/kind (CRE-12), unknown and duplicate fields, and decodes.
pub fn decode_value<T: Resource>(
    value: Value,
    duplicates: Vec<String>,
    fv: FieldValidation,
    raw: &[u8],
) -> Result<DecodedObject<T>, Status> {
    if !value.is_object() {
        return Err(unrecognized::<T>(raw, &DecodeError("expected an object".into())));
    }
    check_gvk::<T>(&value)?;
    let mut problems = duplicates;
    let shape = fields::root(T::GROUP, T::VERSION, T::KIND);
    fields::unknown(&value, shape, &mut String::new(), &mut problems);
    let obj: T = codec::from_value(&value).map_err(|e| type_error::<T>(&e))?;
    let warnings = match fv {
        FieldValidation::Ignore => Vec::new(),
        FieldValidation::Warn => problems,
        FieldValidation::Strict if problems.is_empty() => Vec::new(),
        FieldValidation::Strict => {
            return Err(Status::bad_request(format!(
                "{} in version \"v1\" cannot be handled as a {}: strict decoding error: {}",
                T::KIND,
                T::KIND,
                problems.join(", ")
            )))
        }
    };
    Ok(DecodedObject { obj, warnings })
}

/// CRE-12: absent apiVersion/kind default to the endpoint's; anything else must match.
fn check_gvk<T: Resource>(v: &Value) -> Result<(), Status> {
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    if (api_version.is_empty() || api_version == T::API_VERSION) && (kind.is_empty() || kind == T::KIND) {
        return Ok(());
    }
    let (group, version) = match api_version.split_once('/') {
        Some((g, v)) => (g, v),
        None => ("", api_version),
    };
    if group != T::GROUP && !api_version.is_empty() {
        return Err(Status::bad_request(format!(
            "the API version in the data ({api_version}) does not match the expected API version ({})",
            T::API_VERSION
        )));
    }
    let kind = if kind.is_empty() { T::KIND } else { kind };
    let gv = if api_version.is_empty() { T::API_VERSION.to_string() } else { format!("{group}/{version}") };
    let version = if api_version.is_empty() { T::VERSION } else { version };
    Err(Status::bad_request(format!(
        "{kind} in version \"{version}\" cannot be handled as a {}: no kind \"{kind}\" is registered for version \"{gv}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"",
        T::KIND
    )))
}

/// CRE-13: a typed decode error in the apiserver's words, as close as the information allows.
fn type_error<T: Resource>(e: &str) -> Status {
    Status::bad_request(format!("{} in version \"v1\" cannot be handled as a {}: json: {}", T::KIND, T::KIND, e))
}
