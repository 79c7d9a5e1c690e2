//! managedFields: which manager owns which fields (CRE-08, PUT-12, PAT-14). Field sets are
//! computed from JSON (a typed object serialized into a `tree::Tree`, an apply's intent as a
//! `serde_json::Value`) with the list types of `schema::lists`, the way structured-merge-diff does.

pub mod fieldset;
pub mod text;
pub mod tree;

use fieldset::FieldSet;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{FieldsV1, ManagedFieldsEntry, Time};
use serde_json::Value;

/// Which write operation produced an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Apply,
    Update,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Apply => "Apply",
            Operation::Update => "Update",
        }
    }
}

/// Who is writing: manager name, operation and subresource (`""` or `"status"`).
#[derive(Clone, Debug)]
pub struct Writer<'a> {
    pub manager: &'a str,
    pub operation: Operation,
    pub subresource: &'a str,
    pub api_version: &'a str,
    /// Whole seconds, as entries are stored.
    pub time: Time,
}

impl Writer<'_> {
    /// Whether `e` is this writer's entry.
    pub fn owns(&self, e: &ManagedFieldsEntry) -> bool {
        e.manager.as_deref() == Some(self.manager)
            && e.operation.as_deref() == Some(self.operation.as_str())
            && e.subresource.as_deref().unwrap_or("") == self.subresource
    }

    /// The managedFields list of an object this writer creates (`set`: the fields it owns, see
    /// [`created_set`]), as JSON text: what `[self.entry(set, Some(self.time))]` serializes to on
    /// the wire, written without building FieldsV1 as a JSON tree. `None` when it owns nothing.
    pub fn created_list(&self, set: &FieldSet) -> Option<Vec<u8>> {
        if set.is_empty() || !self.subresource.is_empty() {
            return None;
        }
        let mut out = Vec::with_capacity(1024);
        out.push(b'[');
        self.write_entry(set, &mut out);
        out.push(b']');
        Some(out)
    }

    /// Appends what `self.entry(set, Some(self.time))` serializes to on the wire.
    pub fn write_entry(&self, set: &FieldSet, out: &mut Vec<u8>) {
        fn field<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, name: &str, value: &T) {
            out.extend_from_slice(if out.ends_with(b"{") { b"\"" } else { b",\"" });
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            // Strings and a time: nothing here fails to serialize.
            let _ = serde_json::to_writer(&mut *out, value);
        }
        out.push(b'{');
        field(out, "manager", self.manager);
        field(out, "operation", self.operation.as_str());
        field(out, "apiVersion", self.api_version);
        field(out, "time", &self.time);
        field(out, "fieldsType", "FieldsV1");
        out.extend_from_slice(b",\"fieldsV1\":");
        set.write_fields_v1(out);
        if !self.subresource.is_empty() {
            field(out, "subresource", self.subresource);
        }
        out.push(b'}');
    }

    /// This writer's entry owning `set`, stamped `time`.
    pub fn entry(&self, set: FieldSet, time: Option<Time>) -> ManagedFieldsEntry {
        ManagedFieldsEntry {
            manager: Some(self.manager.to_string()),
            operation: Some(self.operation.as_str().to_string()),
            api_version: Some(self.api_version.to_string()),
            time,
            fields_type: Some("FieldsV1".to_string()),
            fields_v1: Some(FieldsV1(set.into_fields_v1())),
            subresource: (!self.subresource.is_empty()).then(|| self.subresource.to_string()),
        }
    }
}

/// `t` cut to whole seconds, the precision managedFields times are stored with.
pub fn whole_seconds(t: jiff::Timestamp) -> Time {
    Time(jiff::Timestamp::from_second(t.as_second()).unwrap_or(t))
}

/// The parts of an object that are never owned (metadata the server sets) — stripped before
/// computing field sets.
pub fn strip(v: &Value, reset: &[&str]) -> Value {
    let mut v = v.clone();
    strip_in_place(&mut v, reset);
    v
}

/// The metadata fields the server sets, which no manager owns (a set: alphabetical).
const SERVER_METADATA: [&str; 11] = [
    "creationTimestamp",
    "deletionGracePeriodSeconds",
    "deletionTimestamp",
    "generateName",
    "generation",
    "managedFields",
    "name",
    "namespace",
    "resourceVersion",
    "selfLink",
    "uid",
];

/// [`strip`] without a copy: one pass over the keys of the object and of its metadata, rather
/// than a hashed look-up per key removed.
pub fn strip_in_place(v: &mut Value, reset: &[&str]) {
    if let Value::Object(m) = v {
        m.retain(|k, _| k != "apiVersion" && k != "kind" && !reset.contains(&k.as_str()));
        if let Some(Value::Object(meta)) = m.get_mut("metadata") {
            meta.retain(|k, _| !SERVER_METADATA.contains(&k.as_str()));
            if meta.is_empty() {
                m.swap_remove("metadata");
            }
        }
    }
}

/// What an Update from `old` to `new` changed and removed, less the top-level fields in `skip`
/// (those this endpoint does not own, `status` on the main resource, and any the caller knows
/// to be equal): the objects are compared as [`tree::Tree`]s.
pub fn changes<T: serde::Serialize>(old: &T, new: &T, skip: &[&str]) -> (FieldSet, FieldSet) {
    FieldSet::compare(&tree::owned_tree(old, skip), &tree::owned_tree(new, skip))
}

/// Updates the `managedFields` entries for an Update-style write that changed and removed
/// these fields (see [`changes`]): the writer owns what it added or changed; other managers
/// lose it; empty entries go. Entries are taken by value: an entry this server wrote is edited
/// in its FieldsV1 JSON in place, and one that loses nothing is kept as it is.
pub fn record_changes(
    entries: Vec<ManagedFieldsEntry>,
    changed: FieldSet,
    removed: FieldSet,
    writer: &Writer,
) -> Vec<ManagedFieldsEntry> {
    let mut out = Vec::with_capacity(entries.len() + 1);
    let mut previous = None;
    for e in entries {
        if !writer.owns(&e) {
            // What the other managers lose.
            out.extend(without(e, &[&changed, &removed]));
        } else if previous.is_none() {
            previous = Some(e);
        }
    }
    let mine = match previous {
        Some(mut p) if editable(&p, writer) => {
            let (grew, shrank, empty) = match p.fields_v1.as_mut() {
                Some(FieldsV1(v1)) => {
                    let grew = fieldset::add_to_v1(v1, &changed);
                    let shrank = fieldset::remove_from_v1(v1, &removed);
                    (grew, shrank, v1.as_object().is_some_and(|m| m.is_empty()))
                }
                None => (false, false, true),
            };
            // An entry whose fields did not change keeps its timestamp (PUT-08).
            if grew || shrank {
                p.time = Some(writer.time.clone());
            }
            p.subresource = p.subresource.filter(|s| !s.is_empty());
            (!empty).then_some(p)
        }
        previous => {
            let before = previous.as_ref().map(entry_set).unwrap_or_default();
            let mut mine = before.clone();
            mine.absorb(changed);
            mine.remove_all(&removed);
            (!mine.is_empty()).then(|| {
                let time = match previous {
                    Some(p) if mine == before => p.time,
                    _ => Some(writer.time.clone()),
                };
                writer.entry(mine, time)
            })
        }
    };
    out.extend(mine);
    cap_updates(&mut out);
    sort_entries(&mut out);
    out
}

/// The fields the creator of `obj` owns: every field it set, less the `reset` ones.
pub fn created_set<T: serde::Serialize>(obj: &T, reset: &[&str]) -> FieldSet {
    FieldSet::from_value(&tree::owned_tree(obj, reset))
}

/// Whether `e` (the writer's own entry) can be edited in place: written for the writer's
/// apiVersion, in canonical FieldsV1.
fn editable(e: &ManagedFieldsEntry, writer: &Writer) -> bool {
    e.api_version.as_deref() == Some(writer.api_version)
        && e.fields_type.as_deref() == Some("FieldsV1")
        && e.fields_v1.as_ref().is_some_and(|f| fieldset::is_canonical_v1(&f.0))
}

/// `e` without the fields of `lost`; `None` when it is left owning nothing.
fn without(mut e: ManagedFieldsEntry, lost: &[&FieldSet]) -> Option<ManagedFieldsEntry> {
    match e.fields_v1.as_mut() {
        Some(f) if fieldset::is_canonical_v1(&f.0) => {
            for set in lost {
                fieldset::remove_from_v1(&mut f.0, set);
            }
            (!f.0.as_object().is_some_and(|m| m.is_empty())).then_some(e)
        }
        _ => {
            let set = entry_set(&e);
            let mut remaining = set.clone();
            for l in lost {
                remaining.remove_all(l);
            }
            if remaining.is_empty() {
                return None;
            }
            if remaining != set {
                e.fields_v1 = Some(FieldsV1(remaining.into_fields_v1()));
            }
            Some(e)
        }
    }
}

/// The entries of managers other than `writer`, without the fields in `lost`; entries left
/// owning nothing are dropped.
pub fn others_without(entries: &[ManagedFieldsEntry], writer: &Writer, lost: &FieldSet) -> Vec<ManagedFieldsEntry> {
    entries.iter().filter(|e| !writer.owns(e)).filter_map(|e| without(e.clone(), &[lost])).collect()
}

/// The fields an entry owns.
pub fn entry_set(e: &ManagedFieldsEntry) -> FieldSet {
    e.fields_v1.as_ref().map(|f| FieldSet::from_fields_v1(&f.0)).unwrap_or_default()
}

/// How many Update entries an object keeps (PAT-14); the oldest beyond it are merged into
/// [`ANCIENT_CHANGES`] entries, as kube-apiserver's field manager caps them.
pub const MAX_UPDATE_ENTRIES: usize = 10;

/// The manager of the entries the oldest Update entries are merged into, one per apiVersion.
pub const ANCIENT_CHANGES: &str = "ancient-changes";

/// The key kube-apiserver knows an entry by (`BuildManagerIdentifier`): the entry as JSON without
/// its time and fields, and without the apiVersion of an Apply.
fn identifier(e: &ManagedFieldsEntry) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut id = String::from("{");
    let mut field = |name: &str, value: Option<&str>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            if id.len() > 1 {
                id.push(',');
            }
            id.push_str(&format!("\"{name}\":{}", q(v)));
        }
    };
    field("manager", e.manager.as_deref());
    field("operation", e.operation.as_deref());
    if e.operation.as_deref() != Some("Apply") {
        field("apiVersion", e.api_version.as_deref());
    }
    field("subresource", e.subresource.as_deref());
    id.push('}');
    id
}

/// Caps the Update entries at [`MAX_UPDATE_ENTRIES`] (PAT-14): oldest first (by time in seconds,
/// then by identifier), each Update entry after the first of its apiVersion is merged into that
/// version's [`ANCIENT_CHANGES`] entry (the first becomes it if there is none yet), which takes
/// the time of the entry merged last, until few enough are left. Follows kube-apiserver's
/// `capManagersManager` step by step.
pub fn cap_updates(entries: &mut Vec<ManagedFieldsEntry>) {
    let mut updaters: Vec<usize> =
        (0..entries.len()).filter(|&i| entries[i].operation.as_deref() != Some("Apply")).collect();
    if updaters.len() <= MAX_UPDATE_ENTRIES {
        return;
    }
    let seconds = |e: &ManagedFieldsEntry| e.time.as_ref().map_or(0, |t| t.0.as_second());
    let ids: Vec<String> = entries.iter().map(identifier).collect();
    updaters.sort_by(|&a, &b| (seconds(&entries[a]), &ids[a]).cmp(&(seconds(&entries[b]), &ids[b])));
    let mut gone = vec![false; entries.len()];
    let mut first_of_version: Vec<(String, usize)> = Vec::new();
    let mut length = updaters.len();
    for &i in &updaters {
        if length <= MAX_UPDATE_ENTRIES {
            break;
        }
        let version = entries[i].api_version.clone().unwrap_or_default();
        let Some(&(_, first)) = first_of_version.iter().find(|(v, _)| *v == version) else {
            first_of_version.push((version, i));
            continue;
        };
        let is_bucket = |e: &ManagedFieldsEntry| {
            e.manager.as_deref() == Some(ANCIENT_CHANGES)
                && e.operation.as_deref() == Some("Update")
                && e.api_version.as_deref().unwrap_or("") == version
                && e.subresource.as_deref().unwrap_or("").is_empty()
        };
        let bucket = match (0..entries.len()).find(|&b| !gone[b] && is_bucket(&entries[b])) {
            Some(b) => b,
            None => {
                // The first entry of this version becomes the bucket.
                let e = &mut entries[first];
                e.manager = Some(ANCIENT_CHANGES.to_string());
                e.operation = Some("Update".to_string());
                e.subresource = None;
                first
            }
        };
        let mut union = entry_set(&entries[bucket]);
        union.absorb(entry_set(&entries[i]));
        let time = entries[i].time.clone();
        let b = &mut entries[bucket];
        b.fields_type = Some("FieldsV1".to_string());
        b.fields_v1 = Some(FieldsV1(union.into_fields_v1()));
        b.time = time;
        // As kube-apiserver does, the merged entry goes even when it is the bucket itself.
        gone[i] = true;
        length -= 1;
    }
    let mut i = 0;
    entries.retain(|_| {
        i += 1;
        !gone[i - 1]
    });
}

/// PAT-14 order: Apply before Update, then time, manager, apiVersion, subresource.
pub fn sort_entries(entries: &mut [ManagedFieldsEntry]) {
    fn key(e: &ManagedFieldsEntry) -> (bool, Option<jiff::Timestamp>, &str, &str, &str) {
        (
            e.operation.as_deref() != Some("Apply"),
            e.time.as_ref().map(|t| t.0),
            e.manager.as_deref().unwrap_or(""),
            e.api_version.as_deref().unwrap_or(""),
            e.subresource.as_deref().unwrap_or(""),
        )
    }
    entries.sort_by(|a, b| key(a).cmp(&key(b)));
}

/// The manager name derived from a User-Agent (CRE-08): up to the first `/`, printable only, ≤128 bytes.
pub fn manager_from_user_agent(ua: &str) -> String {
    let head = ua.split('/').next().unwrap_or("");
    let mut out: String = head.chars().filter(|c| !c.is_control()).collect();
    while out.len() > 128 {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(manager: &str, operation: &str, version: &str, second: i64, field: &str) -> ManagedFieldsEntry {
        ManagedFieldsEntry {
            manager: Some(manager.into()),
            operation: Some(operation.into()),
            api_version: Some(version.into()),
            time: Some(Time(jiff::Timestamp::from_second(second).unwrap())),
            fields_type: Some("FieldsV1".into()),
            fields_v1: Some(FieldsV1(json!({ field: {} }))),
            subresource: None,
        }
    }

    /// CRE-08: the creator's entry written as text is byte for byte what the typed entry
    /// serializes to on the wire (Go field order, escaping, the time), for sets with map keys,
    /// associative-list keys and characters that need escaping.
    #[test]
    fn cre_08_created_list_is_the_typed_entry_on_the_wire() {
        let job = json!({
            "metadata": {"name": "a", "labels": {"x\"y": "1", "tab\t": "2"}, "annotations": {"é/ü": ""}},
            "spec": {"parallelism": 2, "template": {"spec": {
                "containers": [{"name": "main", "image": "i", "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
                "tolerations": [{"key": "k"}]
            }}}
        });
        let writer = Writer {
            manager: "kubectl-\"create\"",
            operation: Operation::Update,
            subresource: "",
            api_version: "batch/v1",
            time: Time(jiff::Timestamp::from_second(1_700_000_000).unwrap()),
        };
        for value in [job, json!({"metadata": {"name": "b", "labels": {"a": "b"}}})] {
            let job: k8s_openapi::api::batch::v1::Job = serde_json::from_value(value).unwrap();
            let set = created_set(&job, &["status"]);
            let typed = vec![writer.entry(set.clone(), Some(writer.time.clone()))];
            let wire = crate::schema::wire::to_vec(&typed, crate::schema::order::common).unwrap();
            assert_eq!(
                String::from_utf8(writer.created_list(&set).unwrap()).unwrap(),
                String::from_utf8(wire).unwrap()
            );
        }
        // A creator that set nothing it can own gets no entry, as record_changes gives none.
        let job: k8s_openapi::api::batch::v1::Job = serde_json::from_value(json!({"metadata": {"name": "c"}})).unwrap();
        let set = created_set(&job, &["status"]);
        assert_eq!(writer.created_list(&set), None);
        assert!(record_changes(Vec::new(), set, FieldSet::default(), &writer).is_empty());
    }

    #[test]
    fn pat_14_updates_are_capped_oldest_first_per_api_version() {
        // Twelve Update entries (the newest first in the list) and an Apply one, which is not counted.
        let mut entries: Vec<ManagedFieldsEntry> =
            (0..12).rev().map(|i| entry(&format!("z{i:02}"), "Update", "v1", 100 + i, &format!("f:f{i}"))).collect();
        entries[11].api_version = Some("v2".into());
        entries.push(entry("applier", "Apply", "v1", 1, "f:a"));
        cap_updates(&mut entries);
        let names: Vec<&str> = entries.iter().map(|e| e.manager.as_deref().unwrap()).collect();
        // Oldest first: z00 (v2) is the first of its version, z01 the first of v1; z02 and z03 go into
        // z01, which becomes v1's ancient-changes with z03's time.
        assert_eq!(entries.len(), 11, "{names:?}");
        assert!(names.contains(&"z00") && names.contains(&"applier"));
        assert!(!names.contains(&"z01") && !names.contains(&"z02") && !names.contains(&"z03"));
        let bucket = entries.iter().find(|e| e.manager.as_deref() == Some(ANCIENT_CHANGES)).unwrap();
        assert_eq!(bucket.api_version.as_deref(), Some("v1"));
        assert_eq!(bucket.time.as_ref().unwrap().0.as_second(), 103);
        assert_eq!(bucket.fields_v1.as_ref().unwrap().0, json!({"f:f1": {}, "f:f2": {}, "f:f3": {}}));
        // Ten or fewer: nothing changes.
        let before = entries.clone();
        cap_updates(&mut entries);
        assert_eq!(entries, before);
    }
}
