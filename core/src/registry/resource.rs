//! What the store needs to know about a kind of object.

use crate::http::status::GroupResource;
use crate::storage::{Revision, Stored, Table};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// Every object the server stores.
#[derive(Clone, Debug, Default)]
pub struct Db {
    pub rev: Revision,
    pub jobs: Table<Job>,
    pub namespaces: Table<Namespace>,
}

/// A stored kind: its names, its table in the Db and its wire order.
pub trait Resource:
    Clone + Serialize + DeserializeOwned + k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta> + 'static
{
    /// `jobs.batch`, `namespaces`: how messages name the resource.
    const GR: GroupResource;
    const NAMESPACED: bool;
    fn table(db: &Db) -> &Table<Self>;
    fn table_mut(db: &mut Db) -> &mut Table<Self>;
    /// Rewrites a serialized object into the apiserver's key order (GEN-04).
    fn order(v: &mut Value);

    /// The wire JSON value: `kind`, `apiVersion`, then the fields in Go order.
    fn to_wire_value(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert("kind".into(), Value::String(Self::KIND.into()));
            m.insert("apiVersion".into(), Value::String(Self::API_VERSION.into()));
        }
        Self::order(&mut v);
        v
    }

    /// Serializes once, at write time (DESIGN: every read reuses these bytes).
    fn to_bytes(&self) -> Arc<[u8]> {
        serde_json::to_vec(&self.to_wire_value()).unwrap_or_default().into()
    }

    /// Wraps an object for storage.
    fn stored(self, rv: u64) -> Stored<Self> {
        let bytes = self.to_bytes();
        Stored { obj: self, bytes, rv }
    }
}

impl Resource for Job {
    const GR: GroupResource = GroupResource { group: "batch", resource: "jobs" };
    const NAMESPACED: bool = true;
    fn table(db: &Db) -> &Table<Self> {
        &db.jobs
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.jobs
    }
    fn order(v: &mut Value) {
        crate::schema::order::job(v)
    }
}

impl Resource for Namespace {
    const GR: GroupResource = GroupResource { group: "", resource: "namespaces" };
    const NAMESPACED: bool = false;
    fn table(db: &Db) -> &Table<Self> {
        &db.namespaces
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.namespaces
    }
    fn order(v: &mut Value) {
        if let Some(m) = v.get_mut("metadata") {
            crate::schema::order::object_meta(m);
        }
    }
}
