//! What the store needs to know about a kind of object.

use crate::http::status::GroupResource;
use crate::schema::order;
use crate::storage::{ObjState, Revision, Stored, Table};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Namespace, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta};
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
    pub pods: Table<Pod>,
    pub events: Table<Event>,
}

/// A stored kind: its names, its table in the Db and its wire order.
pub trait Resource:
    Clone
    + PartialEq
    + Serialize
    + DeserializeOwned
    + k8s_openapi::Resource
    + k8s_openapi::Metadata<Ty = ObjectMeta>
    + 'static
{
    /// `jobs.batch`, `namespaces`: how messages name the resource.
    const GR: GroupResource;
    const NAMESPACED: bool;
    /// The fields a field selector may name (LST-06).
    const FIELDS: &'static [&'static str];
    /// How field-selector errors name the kind (`field label "x" not supported for batchv1.Job`).
    const FIELD_KIND: &'static str;
    fn table(db: &Db) -> &Table<Self>;
    fn table_mut(db: &mut Db) -> &mut Table<Self>;
    /// The Go field order of the structs this kind is made of, by struct name (GEN-04): the top
    /// level and the shared metadata unless a kind says more.
    fn go_order(name: &str) -> Option<&'static [&'static str]> {
        order::top(name, Self::KIND).or_else(|| order::common(name))
    }

    /// Serializes once, at write time (DESIGN: every read reuses these bytes), in Go order.
    fn to_bytes(&self) -> Arc<[u8]> {
        crate::schema::wire::to_vec(self, Self::go_order).unwrap_or_default().into()
    }

    /// The fields a field selector can test (LST-06): name and namespace, plus the kind's own.
    fn selectable_fields(&self) -> Vec<(&'static str, String)> {
        let meta = self.metadata();
        let mut out = vec![("metadata.name", meta.name.clone().unwrap_or_default())];
        if Self::NAMESPACED {
            out.push(("metadata.namespace", meta.namespace.clone().unwrap_or_default()));
        }
        out
    }

    /// The object of a BOOKMARK event (WAT-08): an empty object carrying only a resourceVersion,
    /// and the `k8s.io/initial-events-end` annotation after the initial events (WAT-09).
    fn bookmark(rv: u64, initial_end: bool) -> Vec<u8> {
        let mut meta = serde_json::json!({"resourceVersion": rv.to_string()});
        if initial_end {
            meta["annotations"] = serde_json::json!({"k8s.io/initial-events-end": "true"});
        }
        let mut v = serde_json::json!({"kind": Self::KIND, "apiVersion": Self::API_VERSION, "metadata": meta});
        if let Value::Object(m) = &mut v {
            m.extend(Self::bookmark_body());
        }
        serde_json::to_vec(&v).unwrap_or_default()
    }

    /// The empty fields a bookmark object renders after its metadata.
    fn bookmark_body() -> serde_json::Map<String, Value> {
        serde_json::Map::new()
    }

    /// The columns of this kind's server-side Table (TBL-02).
    fn column_definitions() -> Value;
    /// The cells of this object's Table row (TBL-03), ages measured up to `now`.
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value>;

    /// Wraps an object for storage: its bytes and what selectors test, computed once. The typed
    /// copy leaves its managedFields out: they are in the bytes, and as typed JSON trees they
    /// would be most of its memory. [`Stored::full`] puts them back for a write.
    fn stored(mut self, rv: u64) -> Stored<Self> {
        let state = ObjState {
            bytes: self.to_bytes(),
            rv,
            labels: self.metadata().labels.clone().unwrap_or_default(),
            fields: self.selectable_fields(),
        };
        self.metadata_mut().managed_fields = None;
        Stored { obj: Arc::new(self), state: Arc::new(state) }
    }
}

impl Resource for Job {
    const GR: GroupResource = GroupResource { group: "batch", resource: "jobs" };
    const NAMESPACED: bool = true;
    const FIELDS: &'static [&'static str] = &["metadata.name", "metadata.namespace", "status.successful"];
    const FIELD_KIND: &'static str = "batchv1.Job";
    fn table(db: &Db) -> &Table<Self> {
        &db.jobs
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.jobs
    }
    fn go_order(name: &str) -> Option<&'static [&'static str]> {
        order::job(name)
    }
    fn column_definitions() -> Value {
        crate::jobs::table::column_definitions()
    }
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value> {
        crate::jobs::table::cells(self, now)
    }
    fn bookmark_body() -> serde_json::Map<String, Value> {
        let v = serde_json::json!({"spec": {"template": {"metadata": {}, "spec": {"containers": null}}}, "status": {}});
        v.as_object().cloned().unwrap_or_default()
    }
    fn selectable_fields(&self) -> Vec<(&'static str, String)> {
        let succeeded = self.status.as_ref().and_then(|s| s.succeeded).unwrap_or(0);
        vec![
            ("metadata.name", self.metadata.name.clone().unwrap_or_default()),
            ("metadata.namespace", self.metadata.namespace.clone().unwrap_or_default()),
            ("status.successful", succeeded.to_string()),
        ]
    }
}

impl Resource for Namespace {
    const GR: GroupResource = GroupResource { group: "", resource: "namespaces" };
    const NAMESPACED: bool = false;
    const FIELDS: &'static [&'static str] = &["metadata.name"];
    const FIELD_KIND: &'static str = "v1.Namespace";
    fn table(db: &Db) -> &Table<Self> {
        &db.namespaces
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.namespaces
    }
    fn column_definitions() -> Value {
        crate::namespaces::column_definitions()
    }
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value> {
        crate::namespaces::cells(self, now)
    }
    fn bookmark_body() -> serde_json::Map<String, Value> {
        serde_json::json!({"spec": {}, "status": {}}).as_object().cloned().unwrap_or_default()
    }
}

impl Resource for Pod {
    const GR: GroupResource = GroupResource { group: "", resource: "pods" };
    const NAMESPACED: bool = true;
    const FIELDS: &'static [&'static str] = &[
        "metadata.name",
        "metadata.namespace",
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.schedulerName",
        "spec.serviceAccountName",
        "spec.hostNetwork",
        "status.phase",
        "status.podIP",
        "status.nominatedNodeName",
    ];
    const FIELD_KIND: &'static str = "v1.Pod";
    fn table(db: &Db) -> &Table<Self> {
        &db.pods
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.pods
    }
    fn go_order(name: &str) -> Option<&'static [&'static str]> {
        crate::pods::go_order(name)
    }
    fn column_definitions() -> Value {
        crate::pods::column_definitions()
    }
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value> {
        crate::pods::cells(self, now)
    }
    fn bookmark_body() -> serde_json::Map<String, Value> {
        serde_json::json!({"spec": {"containers": null}, "status": {}}).as_object().cloned().unwrap_or_default()
    }
    fn selectable_fields(&self) -> Vec<(&'static str, String)> {
        let s = |v: Option<&String>| v.cloned().unwrap_or_default();
        let spec = self.spec.as_ref();
        let status = self.status.as_ref();
        vec![
            ("metadata.name", s(self.metadata.name.as_ref())),
            ("metadata.namespace", s(self.metadata.namespace.as_ref())),
            ("spec.nodeName", s(spec.and_then(|x| x.node_name.as_ref()))),
            ("spec.restartPolicy", s(spec.and_then(|x| x.restart_policy.as_ref()))),
            ("spec.schedulerName", s(spec.and_then(|x| x.scheduler_name.as_ref()))),
            ("spec.serviceAccountName", s(spec.and_then(|x| x.service_account_name.as_ref()))),
            ("spec.hostNetwork", spec.and_then(|x| x.host_network).unwrap_or(false).to_string()),
            ("status.phase", s(status.and_then(|x| x.phase.as_ref()))),
            ("status.podIP", s(status.and_then(|x| x.pod_ip.as_ref()))),
            ("status.nominatedNodeName", s(status.and_then(|x| x.nominated_node_name.as_ref()))),
        ]
    }
}

impl Resource for Event {
    const GR: GroupResource = GroupResource { group: "", resource: "events" };
    const NAMESPACED: bool = true;
    const FIELDS: &'static [&'static str] = crate::events::FIELDS;
    const FIELD_KIND: &'static str = "v1.Event";
    fn table(db: &Db) -> &Table<Self> {
        &db.events
    }
    fn table_mut(db: &mut Db) -> &mut Table<Self> {
        &mut db.events
    }
    fn column_definitions() -> Value {
        crate::events::column_definitions()
    }
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value> {
        crate::events::cells(self, now)
    }
    fn selectable_fields(&self) -> Vec<(&'static str, String)> {
        crate::events::selectable_fields(self)
    }
}

/// The managedFields in an object's stored bytes (the typed copy does not keep them), as `E`:
/// typed entries or JSON values.
fn managed_of<E: DeserializeOwned>(bytes: &[u8]) -> Option<Vec<E>> {
    #[derive(serde::Deserialize)]
    struct Object<E> {
        metadata: Meta<E>,
    }
    #[derive(serde::Deserialize)]
    struct Meta<E> {
        #[serde(rename = "managedFields")]
        managed_fields: Option<Vec<E>>,
    }
    serde_json::from_slice::<Object<E>>(bytes).ok()?.metadata.managed_fields
}

/// The managedFields entries in an object's stored bytes.
pub fn managed_entries_of(bytes: &[u8]) -> Vec<ManagedFieldsEntry> {
    managed_of(bytes).unwrap_or_default()
}

impl<T: Resource> Stored<T> {
    /// The whole object, managedFields included: what a write starts from.
    pub fn full(&self) -> T {
        let mut obj = (*self.obj).clone();
        obj.metadata_mut().managed_fields = managed_of::<ManagedFieldsEntry>(&self.state.bytes);
        obj
    }
}
