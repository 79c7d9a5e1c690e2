//! What the store needs to know about a kind of object.

use crate::http::status::GroupResource;
use crate::schema::order;
use crate::storage::{Layout, ObjState, Revision, Stored, Table};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Namespace, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::ops::Range;
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
    + Default
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

    /// The top-level fields besides metadata (and `kind`, `apiVersion`) that
    /// [`Resource::unchanged_parts`] compares: all of them, in the order the serializer writes
    /// them after the metadata, or none for a kind that does not.
    const PARTS: &'static [&'static str] = &[];

    /// Those of [`Resource::PARTS`] that are equal in `self` and `old`: an update computes field
    /// ownership without them. Typed comparisons cost far less than building and walking JSON.
    fn unchanged_parts(&self, _old: &Self) -> Vec<&'static str> {
        Vec::new()
    }

    /// Part `part` of [`Resource::PARTS`] alone, serialized as [`Resource::to_bytes`] writes it
    /// inside the object (`None` when it is not set): an update that leaves other parts as they
    /// are writes only this one and keeps their stored text.
    fn part_bytes(&self, part: &str) -> Result<Option<Vec<u8>>, crate::schema::wire::Error> {
        Err(serde::ser::Error::custom(format!("{} has no part {part}", <Self as k8s_openapi::Resource>::KIND)))
    }

    /// The columns of this kind's server-side Table (TBL-02).
    fn column_definitions() -> Value;
    /// The cells of this object's Table row (TBL-03), ages measured up to `now`.
    fn cells(&self, now: jiff::Timestamp) -> Vec<Value>;

    /// Wraps an object for storage: its bytes and what selectors test, computed once; with
    /// `keep`, the typed object too (see [`Stored::keep`]).
    fn stored(self, rv: u64, keep: bool) -> Stored<Self> {
        let labels = self.metadata().labels.clone().unwrap_or_default();
        let stored = Stored::new(Arc::new(ObjState::new(self.to_bytes(), rv, labels, self.selectable_fields())));
        if keep {
            stored.keep(self);
        }
        stored
    }
}

/// [`Resource::PARTS`] and what goes with them, for kinds made of metadata, spec and status.
macro_rules! spec_and_status {
    () => {
        const PARTS: &'static [&'static str] = &["spec", "status"];
        fn unchanged_parts(&self, old: &Self) -> Vec<&'static str> {
            equal_parts([self.spec == old.spec, self.status == old.status], Self::PARTS)
        }
        fn part_bytes(&self, part: &str) -> Result<Option<Vec<u8>>, crate::schema::wire::Error> {
            use crate::schema::wire::to_vec;
            match part {
                "spec" => self.spec.as_ref().map(|v| to_vec(v, Self::go_order)).transpose(),
                "status" => self.status.as_ref().map(|v| to_vec(v, Self::go_order)).transpose(),
                _ => Err(serde::ser::Error::custom(format!(
                    "{} has no part {part}",
                    <Self as k8s_openapi::Resource>::KIND
                ))),
            }
        }
    };
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
    spec_and_status!();
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
    spec_and_status!();
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
    spec_and_status!();
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

/// The names of `parts` whose comparison in `equal` is true.
fn equal_parts<const N: usize>(equal: [bool; N], parts: &'static [&'static str]) -> Vec<&'static str> {
    parts.iter().zip(equal).filter(|(_, same)| *same).map(|(part, _)| *part).collect()
}

/// The managedFields entries of a stored object.
pub fn managed_entries_of(state: &ObjState) -> Vec<ManagedFieldsEntry> {
    state.managed_list().and_then(|list| crate::codec::from_json(list).ok()).unwrap_or_default()
}

/// The span of `,"managedFields":[…]`, the comma and key the serializer writes before the list
/// (managedFields come last in metadata, after the name) included.
fn managed_cut(bytes: &[u8], list: Range<usize>) -> Option<Range<usize>> {
    const KEY: &[u8] = b",\"managedFields\":";
    let key = list.start.checked_sub(KEY.len())?;
    (bytes.get(key..list.start)? == KEY).then_some(key..list.end)
}

/// `bytes` with the span `cut` left out: borrowed when there is none.
fn cut_out(bytes: &[u8], cut: Option<Range<usize>>) -> std::borrow::Cow<'_, [u8]> {
    match cut {
        Some(cut) => {
            let mut rest = Vec::with_capacity(bytes.len() - cut.len());
            rest.extend_from_slice(&bytes[..cut.start]);
            rest.extend_from_slice(&bytes[cut.end..]);
            rest.into()
        }
        None => bytes.into(),
    }
}

/// `bytes` (an object as the wire serializer writes it, without managedFields) with `list` (a
/// managedFields list as raw JSON) put back where the serializer writes it: last in metadata;
/// and the layout of the result. `None` if the bytes have no metadata object.
pub(crate) fn with_managed_list(bytes: &[u8], list: &[u8]) -> Option<(Vec<u8>, Layout)> {
    let Layout { meta, .. } = Layout::of(bytes)?;
    // The metadata's closing brace; `{}` gets its first field.
    let close = meta.end.checked_sub(1)?;
    if bytes.get(close) != Some(&b'}') {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + MANAGED_KEY.len() + list.len() + 1);
    out.extend_from_slice(&bytes[..close]);
    let list = push_managed(&mut out, meta.len() > 2, list);
    out.extend_from_slice(&bytes[close..]);
    let layout = Layout { meta: meta.start..list.end + 1, list: Some(list) };
    Some((out, layout))
}

const MANAGED_KEY: &[u8] = b"\"managedFields\":";

/// Appends the member `"managedFields":list`, after a comma when members come before it; where
/// the list went.
pub(crate) fn push_managed(out: &mut Vec<u8>, after_members: bool, list: &[u8]) -> Range<usize> {
    if after_members {
        out.push(b',');
    }
    out.extend_from_slice(MANAGED_KEY);
    out.extend_from_slice(list);
    out.len() - list.len()..out.len()
}

/// A stored object's wire bytes without `,"managedFields":[…]`; the bytes as they are without one.
pub(crate) fn without_managed(state: &ObjState) -> std::borrow::Cow<'_, [u8]> {
    let list = state.layout().and_then(|l| l.list.clone());
    cut_out(&state.bytes, list.and_then(|list| managed_cut(&state.bytes, list)))
}

/// `body` (an object as JSON text) without its metadata's managedFields list, when that list
/// holds the same entries as `stored` (a stored object's list): an update keeps the stored
/// entries when its body has none, so the two are written alike, and a body that sends back the
/// entries it read (kube-rs, `kubectl replace` of what `get` gave) then decodes no FieldsV1
/// trees. `None` when the list is not there, not the same, or not written as `,"managedFields":[…]`.
pub(crate) fn without_stored_list(body: &[u8], stored: &[u8]) -> Option<Vec<u8>> {
    let list = Layout::of(body)?.list?;
    if !crate::schema::span::same_value(&body[list.clone()], stored) {
        return None;
    }
    Some(cut_out(body, Some(managed_cut(body, list)?)).into_owned())
}

/// The metadata object of an object's wire bytes (laid out as `layout` says) without its
/// managedFields list: what reading or rewriting the other members starts from. `None` if the
/// list is not where the serializer writes it.
pub(crate) fn bare_metadata<'a>(bytes: &'a [u8], layout: &Layout) -> Option<std::borrow::Cow<'a, [u8]>> {
    let meta = bytes.get(layout.meta.clone())?;
    let cut = match layout.list.clone() {
        Some(list) => {
            let cut = managed_cut(bytes, list)?;
            Some(cut.start - layout.meta.start..cut.end - layout.meta.start)
        }
        None => None,
    };
    Some(cut_out(meta, cut))
}

/// `bytes` (an object as the wire serializer writes it, laid out as `layout` says) with its
/// metadata replaced by `meta` (which has no managedFields) and the managedFields `list` (JSON
/// text, or none), and the parts of [`Resource::PARTS`] named in `written` replaced by their new
/// text (`None`: left out): the bytes serializing the whole object would give, writing only what
/// changed; and their layout. `None` if what the layout says is not a metadata object, or what
/// follows it is not the kind's parts in order.
pub(crate) fn with_metadata<T: Resource>(
    bytes: &[u8],
    layout: &Layout,
    meta: &ObjectMeta,
    list: Option<&[u8]>,
    written: &[(&str, Option<Vec<u8>>)],
) -> Option<(Vec<u8>, Layout)> {
    let span = layout.meta.clone();
    let list = list.filter(|l| *l != b"[]");
    let meta_text = crate::schema::wire::to_vec(meta, T::go_order).ok()?;
    let (last, members) = meta_text.split_last()?;
    if *last != b'}' || bytes.get(span.start) != Some(&b'{') || bytes.get(span.end.checked_sub(1)?) != Some(&b'}') {
        return None;
    }
    let parts_len: usize = written.iter().filter_map(|(_, text)| text.as_ref().map(|t| t.len() + 16)).sum();
    let mut out = Vec::with_capacity(bytes.len() + meta_text.len() + list.map_or(0, <[u8]>::len) + parts_len);
    out.extend_from_slice(&bytes[..span.start]);
    out.extend_from_slice(members);
    let list = list.map(|list| push_managed(&mut out, members.len() > 1, list));
    out.push(b'}');
    let layout = Layout { meta: span.start..out.len(), list };
    if written.is_empty() {
        out.extend_from_slice(&bytes[span.end..]);
    } else {
        push_parts::<T>(&mut out, bytes, span.end, written)?;
    }
    Some((out, layout))
}

/// Appends what follows the metadata of `bytes` (which ends at `after`) to `out`: the stored
/// parts, those named in `written` replaced, in the order of [`Resource::PARTS`] (Go order).
fn push_parts<T: Resource>(
    out: &mut Vec<u8>,
    bytes: &[u8],
    after: usize,
    written: &[(&str, Option<Vec<u8>>)],
) -> Option<()> {
    let (stored, close) = crate::schema::span::members_after(bytes, after)?;
    let mut stored = stored.into_iter().peekable();
    for part in T::PARTS {
        let here = stored.next_if(|(key, _)| bytes.get(key.start + 1..key.end - 1) == Some(part.as_bytes()));
        match (written.iter().find(|(name, _)| name == part), here) {
            (Some((_, Some(text))), _) => {
                out.extend_from_slice(b",\"");
                out.extend_from_slice(part.as_bytes());
                out.extend_from_slice(b"\":");
                out.extend_from_slice(text);
            }
            (Some((_, None)), _) | (None, None) => {}
            (None, Some((key, value))) => {
                out.push(b',');
                out.extend_from_slice(&bytes[key.start..value.end]);
            }
        }
    }
    // Every stored member after the metadata is one of the parts.
    if stored.next().is_some() {
        return None;
    }
    out.extend_from_slice(&bytes[close..]);
    Some(())
}

/// Decodes a stored object, leaving its managedFields out (they would be most of the decoding's
/// work and of the object's memory). The serializer writes managedFields last in metadata, after
/// the name, so `,"managedFields":[…]` is cut out and the rest decoded.
fn decode_without_managed<T: Resource>(state: &ObjState) -> T {
    let decoded = crate::codec::from_json::<T>(&without_managed(state));
    // The bytes were written by the serializer from a `T`, so they decode; an empty object
    // stands in if they ever did not, rather than a panic.
    let mut obj = decoded.unwrap_or_default();
    obj.metadata_mut().managed_fields = None;
    obj
}

impl<T: Resource> Stored<T> {
    /// Keeps `obj`, the object these bytes were written from, as the typed value [`Stored::obj`]
    /// would decode from them: for writes whose object is read again soon (the simulated
    /// controllers', read on their next pass), which then decode nothing. Everything in `obj`
    /// must be what its bytes say (times in whole seconds, as they are written); debug builds
    /// check it against a decode.
    pub(crate) fn keep(&self, mut obj: T) {
        obj.metadata_mut().managed_fields = None;
        debug_assert!(decode_without_managed::<T>(&self.state) == obj, "a kept object is what its bytes decode to");
        let _ = self.typed.set(Arc::new(obj));
    }

    /// The typed object without its managedFields (they are in the bytes; as typed JSON trees
    /// they would be most of its memory), decoded from the bytes on first use and kept with this
    /// version.
    pub fn obj(&self) -> &Arc<T> {
        self.typed.get_or_init(|| Arc::new(decode_without_managed(&self.state)))
    }

    /// This version's managedFields list as raw JSON, if it has one.
    pub(crate) fn managed_list(&self) -> Option<&[u8]> {
        self.state.managed_list()
    }

    /// The whole object, managedFields included: what a write starts from.
    pub fn full(&self) -> T {
        let mut obj = T::clone(self.obj());
        obj.metadata_mut().managed_fields = Some(managed_entries_of(&self.state)).filter(|e| !e.is_empty());
        obj
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The managedFields of an object decoded the plain way: what the raw scan must agree with.
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

    pub(crate) fn state(bytes: &Arc<[u8]>) -> ObjState {
        ObjState::new(bytes.clone(), 3, Default::default(), Vec::new())
    }

    /// A Job whose annotations, labels and pod template also say `managedFields`, so only the
    /// top-level metadata's list may be found.
    pub(crate) fn job_bytes(with_entries: bool) -> Arc<[u8]> {
        let mut v = serde_json::json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {
                "name": "j", "namespace": "default", "uid": "u", "resourceVersion": "3", "generation": 1,
                "creationTimestamp": "2026-01-01T00:00:00Z", "finalizers": ["a/b"],
                "annotations": {"managedFields": "[\"x\"],\"managedFields\":"},
                "labels": {"a": "b"},
            },
            "spec": {"template": {
                "metadata": {"annotations": {",\"managedFields\":": "[]"}},
                "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "i"}]},
            }},
        });
        if with_entries {
            v["metadata"]["managedFields"] = serde_json::json!([
                {"manager": "m", "operation": "Update", "apiVersion": "batch/v1", "time": "2026-01-01T00:00:00Z",
                 "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"f:a": {}}}}},
            ]);
        }
        let job: Job = serde_json::from_value(v).unwrap();
        job.to_bytes()
    }

    #[test]
    fn a_managed_list_put_back_gives_the_bytes_the_serializer_writes() {
        let bytes = job_bytes(true);
        let stored = Stored::<Job>::new(Arc::new(state(&bytes)));
        let list = stored.managed_list().unwrap();
        let without = stored.obj().to_bytes();
        let (with, layout) = with_managed_list(&without, list).unwrap();
        assert_eq!(with, &*bytes);
        assert_eq!(Some(layout), Layout::of(&with), "the layout the write computes is the one a scan finds");
        // Metadata with no other field gets the list as its first.
        let empty = br#"{"kind":"Job","metadata":{},"spec":{}}"#;
        let (with, layout) = with_managed_list(empty, b"[1]").unwrap();
        assert_eq!(with, br#"{"kind":"Job","metadata":{"managedFields":[1]},"spec":{}}"#);
        assert_eq!(Some(layout), Layout::of(&with));
        assert_eq!(with_managed_list(br#"{"kind":"Job"}"#, b"[1]"), None);
    }

    #[test]
    fn managed_fields_are_found_only_in_the_top_level_metadata() {
        let bytes = job_bytes(true);
        let full: Job = serde_json::from_slice(&bytes).unwrap();
        let entries = managed_entries_of(&state(&bytes));
        assert_eq!(Some(&entries), full.metadata.managed_fields.as_ref());
        assert_eq!(entries, managed_of::<ManagedFieldsEntry>(&bytes).unwrap());
        let stored = Stored::<Job>::new(Arc::new(state(&bytes)));
        let mut without = full.clone();
        without.metadata.managed_fields = None;
        assert_eq!(**stored.obj(), without, "everything but managedFields decodes");
        assert_eq!(stored.full(), full);
    }

    /// A metadata-only update (labels, annotations, managedFields) written into the metadata
    /// alone gives the bytes the whole object would serialize to, with the list kept, replaced or
    /// left out, and the layout a scan finds.
    #[test]
    fn a_metadata_write_gives_the_bytes_of_the_whole_object() {
        for with_entries in [true, false] {
            let bytes = job_bytes(with_entries);
            let full: Job = serde_json::from_slice(&bytes).unwrap();
            let layout = Layout::of(&bytes).unwrap();
            let kept = layout.list.clone().map(|l| &bytes[l]);
            let mut meta = ObjectMeta { managed_fields: None, ..full.metadata.clone() };
            assert_eq!(
                with_metadata::<Job>(&bytes, &layout, &meta, kept, &[]).unwrap(),
                (bytes.to_vec(), layout.clone()),
                "unchanged metadata, same bytes"
            );
            meta.labels = Some([("a".to_string(), "c".to_string()), ("z".into(), "\"<é>\"".into())].into());
            meta.annotations = None;
            meta.resource_version = Some("17".into());
            let mut whole = full.clone();
            whole.metadata = ObjectMeta { managed_fields: full.metadata.managed_fields.clone(), ..meta.clone() };
            let (written, written_layout) = with_metadata::<Job>(&bytes, &layout, &meta, kept, &[]).unwrap();
            assert_eq!(written, &*whole.to_bytes());
            assert_eq!(Some(written_layout), Layout::of(&written), "the layout the write computes");
            // A new list, and none.
            for list in [Some(&b"[{\"manager\":\"n\"}]"[..]), None] {
                let (written, written_layout) = with_metadata::<Job>(&bytes, &layout, &meta, list, &[]).unwrap();
                assert_eq!(Some(written_layout.clone()), Layout::of(&written));
                assert_eq!(written_layout.list.map(|l| &written[l]), list);
            }
        }
        // Metadata that is only a managedFields list.
        let bytes = br#"{"kind":"Job","metadata":{"managedFields":[{"manager":"m"}]},"spec":{}}"#;
        let layout = Layout::of(bytes).unwrap();
        let kept = layout.list.clone().map(|l| &bytes[l]);
        let meta = ObjectMeta { name: Some("a".into()), ..Default::default() };
        let written = with_metadata::<Job>(bytes, &layout, &meta, kept, &[]).unwrap();
        assert_eq!(written.0, br#"{"kind":"Job","metadata":{"name":"a","managedFields":[{"manager":"m"}]},"spec":{}}"#);
        assert_eq!(Some(written.1), Layout::of(&written.0));
        let empty = ObjectMeta::default();
        let written = with_metadata::<Job>(bytes, &layout, &empty, kept, &[]).unwrap();
        assert_eq!(written.0, br#"{"kind":"Job","metadata":{"managedFields":[{"manager":"m"}]},"spec":{}}"#);
        assert_eq!(Some(written.1), Layout::of(&written.0));
        assert_eq!(Layout::of(br#"{"kind":"Job"}"#), None);
        // A layout that does not point at a metadata object writes nothing, and never panics.
        let wrong = Layout { meta: 3..9, list: Some(40..90) };
        assert_eq!(with_metadata::<Job>(bytes, &wrong, &empty, None, &[]), None);
    }

    /// An update that changed some parts writes those alone and keeps the others' stored text,
    /// giving the bytes of the whole object: parts changed, added and left out.
    #[test]
    fn a_write_of_some_parts_gives_the_bytes_of_the_whole_object() {
        let bytes = job_bytes(true);
        let old: Job = serde_json::from_slice(&bytes).unwrap();
        let layout = Layout::of(&bytes).unwrap();
        let kept = layout.list.clone().map(|l| &bytes[l]);
        let meta = ObjectMeta { managed_fields: None, resource_version: Some("9".into()), ..old.metadata.clone() };
        let status = k8s_openapi::api::batch::v1::JobStatus { active: Some(2), ..Default::default() };
        let mut spec = old.spec.clone().unwrap();
        spec.parallelism = Some(3);
        for (spec, status) in [(old.spec.clone(), Some(status.clone())), (Some(spec), None), (None, Some(status))] {
            let new = Job {
                metadata: ObjectMeta { managed_fields: old.metadata.managed_fields.clone(), ..meta.clone() },
                spec,
                status,
            };
            let written: Vec<_> = Job::PARTS
                .iter()
                .filter(|part| !new.unchanged_parts(&old).contains(part))
                .map(|part| (*part, new.part_bytes(part).unwrap()))
                .collect();
            assert!(!written.is_empty());
            let (out, out_layout) = with_metadata::<Job>(&bytes, &layout, &meta, kept, &written).unwrap();
            assert_eq!(String::from_utf8(out.clone()).unwrap(), String::from_utf8(new.to_bytes().to_vec()).unwrap());
            assert_eq!(Some(out_layout), Layout::of(&out));
            // A stored object that also has the status keeps it when only the spec is written.
            let (with_status, status_layout) = (out.clone(), Layout::of(&out).unwrap());
            let mut again = new.clone();
            again.spec.get_or_insert_default().completions = Some(7);
            let spec_only = [("spec", again.part_bytes("spec").unwrap())];
            let (out, _) = with_metadata::<Job>(&with_status, &status_layout, &meta, kept, &spec_only).unwrap();
            assert_eq!(out, &*again.to_bytes());
        }
        // What follows the metadata must be the kind's parts, in order.
        let status = [("status", Some(b"{}".to_vec()))];
        for odd in [
            &br#"{"kind":"Job","metadata":{},"status":{},"spec":{}}"#[..],
            br#"{"kind":"Job","metadata":{},"spec":{},"other":1}"#,
            br#"{"kind":"Job","metadata":{},"spec":{}"#,
        ] {
            let layout = Layout { meta: 25..27, list: None };
            assert_eq!(with_metadata::<Job>(odd, &layout, &ObjectMeta::default(), None, &status), None);
        }
        let fine = br#"{"kind":"Job","metadata":{},"spec":{}}"#;
        let (out, _) =
            with_metadata::<Job>(fine, &Layout { meta: 25..27, list: None }, &ObjectMeta::default(), None, &status)
                .unwrap();
        assert_eq!(out, br#"{"kind":"Job","metadata":{},"spec":{},"status":{}}"#);
    }

    #[test]
    fn objects_without_managed_fields_decode_whole() {
        let bytes = job_bytes(false);
        assert!(state(&bytes).managed_list().is_none());
        assert!(managed_entries_of(&state(&bytes)).is_empty());
        let full: Job = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(decode_without_managed::<Job>(&state(&bytes)), full);
    }
}
