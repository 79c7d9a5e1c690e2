//! Server-side transforms of GET, LIST and WATCH answers: `Table` (kubectl's default output) and
//! `PartialObjectMetadata` (TBL-*), for every resource.

use super::resource::Resource;
use crate::http::negotiate::Transform;
use crate::http::request::Query;
use crate::http::status::{Reason, Status};
use crate::storage::watch::{event_line, Encode};
use serde_json::{json, Value};
use std::sync::Arc;

/// What each row's `object` holds (TBL-04).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Include {
    Metadata,
    Object,
    None,
}

/// Reads `includeObject`.
pub fn include(q: &Query) -> Result<Include, Status> {
    match q.get("includeObject").unwrap_or("") {
        "" | "Metadata" => Ok(Include::Metadata),
        "Object" => Ok(Include::Object),
        "None" => Ok(Include::None),
        other => Err(Status::bad_request(format!(
            "Unable to convert to Table as requested: includeObject: Invalid value: {}: must be 'Metadata', 'Object', 'None', or empty",
            crate::field::go_quote(other)
        ))),
    }
}

/// `{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/<v>","metadata":{…}}` of an object.
fn partial(object: &Value, version: &str) -> Value {
    json!({"kind": "PartialObjectMetadata", "apiVersion": format!("meta.k8s.io/{version}"), "metadata": object["metadata"].clone()})
}

/// One row: cells and the object as `include` asks.
fn row<T: Resource>(bytes: &[u8], include: Include, version: &str, now: jiff::Timestamp) -> Option<Value> {
    let object: Value = serde_json::from_slice(bytes).ok()?;
    let typed: T = crate::codec::from_json(bytes).ok()?;
    let object = match include {
        Include::Metadata => partial(&object, version),
        Include::Object => object,
        Include::None => Value::Null,
    };
    Some(json!({"cells": typed.cells(now), "object": object}))
}

fn envelope<T: Resource>(version: &str, meta: Value, rows: Vec<Value>, with_columns: bool) -> Value {
    let columns = if with_columns { T::column_definitions() } else { Value::Null };
    json!({"kind": "Table", "apiVersion": format!("meta.k8s.io/{version}"), "metadata": meta, "columnDefinitions": columns, "rows": rows})
}

/// Applies a transform to a single object (GET).
pub fn object<T: Resource>(bytes: &[u8], t: Transform, include: Include, now: jiff::Timestamp) -> Option<Value> {
    match t {
        Transform::Table(v) => {
            let object: Value = serde_json::from_slice(bytes).ok()?;
            let meta = json!({"resourceVersion": object["metadata"]["resourceVersion"].clone()});
            Some(envelope::<T>(v, meta, row::<T>(bytes, include, v, now).into_iter().collect(), true))
        }
        Transform::PartialObjectMetadata(v) => serde_json::from_slice(bytes).ok().map(|o: Value| partial(&o, v)),
        _ => None,
    }
}

/// Applies a transform to a list body (LIST): `Ok(None)` when there is none to apply.
pub fn list<T: Resource>(
    list_bytes: &[u8],
    t: Transform,
    include: Include,
    now: jiff::Timestamp,
) -> Result<Option<Value>, Status> {
    let list: Value = serde_json::from_slice(list_bytes).unwrap_or(Value::Null);
    let items = list["items"].as_array().cloned().unwrap_or_default();
    let with_kind = |mut o: Value| {
        if let Value::Object(m) = &mut o {
            let mut full = serde_json::Map::new();
            full.insert("kind".into(), T::KIND.into());
            full.insert("apiVersion".into(), T::API_VERSION.into());
            full.extend(std::mem::take(m));
            *m = full;
        }
        o
    };
    match t {
        Transform::Table(v) => {
            let rows = items
                .into_iter()
                .filter_map(|i| row::<T>(&serde_json::to_vec(&with_kind(i)).unwrap_or_default(), include, v, now))
                .collect();
            Ok(Some(envelope::<T>(v, list["metadata"].clone(), rows, true)))
        }
        Transform::PartialObjectMetadataList(v) => {
            let items: Vec<Value> = items.iter().map(|i| partial(i, v)).collect();
            Ok(Some(
                json!({"kind": "PartialObjectMetadataList", "apiVersion": format!("meta.k8s.io/{v}"), "metadata": list["metadata"].clone(), "items": items}),
            ))
        }
        Transform::PartialObjectMetadata(_) => Err(Status::new(
            Reason::NotAcceptable,
            format!("you requested PartialObjectMetadata, but the requested object is a list ({}List)", T::KIND),
        )),
        _ => Ok(None),
    }
}

/// Watch events as Tables of one row (WAT-16): only the first carries the column definitions.
pub struct TableEncode<T> {
    pub version: &'static str,
    pub include: Include,
    pub columns_sent: bool,
    pub kind: std::marker::PhantomData<fn() -> T>,
}

impl<T: Resource> Encode for TableEncode<T> {
    fn line(&mut self, kind: &str, object: &[u8], now: jiff::Timestamp) -> Arc<[u8]> {
        let rv = serde_json::from_slice::<Value>(object)
            .map(|o| o["metadata"]["resourceVersion"].clone())
            .unwrap_or(Value::Null);
        let rows = row::<T>(object, self.include, self.version, now).into_iter().collect();
        let table = envelope::<T>(self.version, json!({"resourceVersion": rv}), rows, !self.columns_sent);
        self.columns_sent = true;
        event_line(kind, &serde_json::to_vec(&table).unwrap_or_default())
    }
}
