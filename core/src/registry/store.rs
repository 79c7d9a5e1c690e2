//! The verbs over storage — create, update, get — in the apiserver's order:
//! decode (done by the caller) → defaults → system metadata → managedFields → strategy prepare →
//! validate → dry run? → store → record the change for watches.

use super::marks::{with_marks, Marks};
use super::resource::{with_managed_list, with_metadata, Db, Resource};
use super::strategy::Strategy;
use crate::http::status::Status;
use crate::managed::{self, Operation, Writer};
use crate::storage::{Change, EventType, Layout, ObjState, Stored};
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta, Time};
use std::sync::Arc;

/// Everything a write needs besides the object: the time, the seeded generator, who writes, and how.
pub struct Ctx<'a> {
    pub now: jiff::Timestamp,
    pub rng: &'a mut fastrand::Rng,
    pub dry_run: bool,
    pub manager: String,
    pub operation: Operation,
    pub auto_create_namespaces: bool,
    /// managedFields computed by the caller (server-side apply) instead of recorded as an Update.
    pub managed: Option<Vec<ManagedFieldsEntry>>,
    /// Keep the typed object a write stores ([`Stored::keep`]): set by the simulated
    /// controllers, which read what they write on their next pass.
    pub keep_typed: bool,
}

impl Ctx<'_> {
    /// Now, in whole seconds: the precision timestamps are written with.
    pub fn time(&self) -> Time {
        managed::whole_seconds(self.now)
    }
    /// The time in whole seconds, the precision managedFields entries are stored with.
    pub fn second(&self) -> Time {
        managed::whole_seconds(self.now)
    }
    /// A version-4 UUID from the seeded generator (CRE-04).
    pub fn uid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.rng.fill(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }
    /// `prefix` + 5 characters of `bcdfghjklmnpqrstvwxz2456789`, prefix cut to 58 (CRE-03).
    pub fn generate_name(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut base: String = prefix.to_string();
        while base.len() > 58 {
            base.pop();
        }
        for _ in 0..5 {
            base.push(ALPHABET[self.rng.usize(..ALPHABET.len())] as char);
        }
        base
    }
}

/// The result of a write: HTTP status code, the object's bytes, warnings.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub code: u16,
    pub bytes: Arc<[u8]>,
    pub warnings: Vec<String>,
}

/// Empty metadata collections are not rendered (Go's `omitempty`): `"finalizers":[]` never shows.
pub(crate) fn omit_empty(meta: &mut ObjectMeta) {
    if meta.finalizers.as_ref().is_some_and(Vec::is_empty) {
        meta.finalizers = None;
    }
    if meta.owner_references.as_ref().is_some_and(Vec::is_empty) {
        meta.owner_references = None;
    }
    if meta.labels.as_ref().is_some_and(|l| l.is_empty()) {
        meta.labels = None;
    }
    if meta.annotations.as_ref().is_some_and(|a| a.is_empty()) {
        meta.annotations = None;
    }
}

/// The most bytes one stored object may take: etcd's default request limit (1.5 MiB). A write
/// whose result is larger is refused as a real cluster refuses it (a 500 without a reason).
pub const MAX_OBJECT_BYTES: usize = 1536 * 1024;

/// Records a change: takes the next resourceVersion, stores the bytes for watchers.
pub(crate) fn commit<T: Resource>(db: &mut Db, ns: &str, name: &str, obj: T, kind: EventType) -> Stored<T> {
    let stored = stage(db, obj, false);
    record(db, ns, name, stored, kind)
}

/// [`record`] of a staged object, refused when it is over [`MAX_OBJECT_BYTES`].
fn record_checked<T: Resource>(
    db: &mut Db,
    ns: &str,
    name: &str,
    stored: Stored<T>,
    kind: EventType,
) -> Result<Stored<T>, Status> {
    if stored.state.bytes.len() > MAX_OBJECT_BYTES {
        return Err(Status::internal("etcdserver: request is too large"));
    }
    Ok(record(db, ns, name, stored, kind))
}

/// The object as it will be stored at the next resourceVersion, serialized once (and kept
/// typed with `keep`).
fn stage<T: Resource>(db: &Db, mut obj: T, keep: bool) -> Stored<T> {
    omit_empty(obj.metadata_mut());
    let rv = db.rev.current + 1;
    obj.metadata_mut().resource_version = Some(rv.to_string());
    obj.stored(rv, keep)
}

/// [`stage`] of `obj`, an update of `old` whose `unchanged` parts (of [`Resource::PARTS`]) are
/// equal to the stored ones: the metadata with its managedFields list and the parts that changed
/// are written and put into `old`'s bytes, which keep the rest (a status write keeps the spec's
/// text, a metadata-only one everything after the metadata).
fn stage_parts<T: Resource>(
    db: &Db,
    mut obj: T,
    old: &Stored<T>,
    unchanged: &[&str],
    listed: Option<&[u8]>,
    keep: bool,
) -> Stored<T> {
    omit_empty(obj.metadata_mut());
    let rv = db.rev.current + 1;
    obj.metadata_mut().resource_version = Some(rv.to_string());
    let entries = obj.metadata_mut().managed_fields.take();
    // The list as text: given, or written from the typed entries.
    let list = match listed {
        Some(_) => Ok(None),
        None => entries.as_ref().map(|e| crate::schema::wire::to_vec(e, T::go_order)).transpose(),
    };
    let parts: Result<Vec<_>, _> = T::PARTS
        .iter()
        .filter(|part| !unchanged.contains(part))
        .map(|part| obj.part_bytes(part).map(|text| (*part, text)))
        .collect();
    let bytes = list.ok().zip(parts.ok()).and_then(|(list, parts)| {
        let layout = old.state.layout()?;
        with_metadata::<T>(&old.state.bytes, layout, obj.metadata(), listed.or(list.as_deref()), &parts)
    });
    match (bytes, listed) {
        (Some((bytes, layout)), _) => {
            debug_assert!(
                {
                    let mut whole = obj.clone();
                    whole.metadata_mut().managed_fields = entries;
                    *bytes_with_managed(&whole, listed) == *bytes
                },
                "the parts written give the bytes of the whole object"
            );
            let labels = obj.metadata().labels.clone().unwrap_or_default();
            let state = ObjState::new(bytes.into(), rv, labels, obj.selectable_fields()).with_layout(layout);
            let stored = Stored::new(Arc::new(state.with_canonical_list(listed.is_some())));
            if keep {
                stored.keep(obj);
            }
            stored
        }
        (None, Some(list)) => stage_with_managed(db, obj, Some(list), true, keep),
        (None, None) => {
            obj.metadata_mut().managed_fields = entries;
            stage(db, obj, keep)
        }
    }
}

/// [`commit`] of the marks a delete sets on `old` (deletion marks, finalizers; nothing else of
/// the object changes): they are written alone into the stored bytes, which keep everything else
/// — the managedFields list included — as it is. Nothing is decoded or serialized whole.
pub(crate) fn commit_marks<T: Resource>(
    db: &mut Db,
    ns: &str,
    name: &str,
    old: &Stored<T>,
    marks: &Marks,
    kind: EventType,
) -> Stored<T> {
    let rv = db.rev.current + 1;
    match old.state.layout().and_then(|layout| with_marks::<T>(&old.state.bytes, layout, rv, marks)) {
        Some((bytes, layout)) => {
            // Labels and the selectable fields (name, namespace, fields outside metadata) stay.
            let state = ObjState::new(bytes.into(), rv, old.state.labels.clone(), old.state.fields.clone());
            let state = state.with_layout(layout).with_canonical_list(old.state.canonical_list());
            record(db, ns, name, Stored::new(Arc::new(state)), kind)
        }
        None => {
            let canonical = old.state.canonical_list();
            let stored = stage_with_managed(db, with_marks_typed(old, marks), old.managed_list(), canonical, false);
            record(db, ns, name, stored, kind)
        }
    }
}

/// The bytes [`commit_marks`] would store, without storing them, for a dry run: the
/// resourceVersion stays, as nothing is written.
pub(crate) fn bytes_with_marks<T: Resource>(old: &Stored<T>, marks: &Marks) -> Arc<[u8]> {
    let rv = old.state.rv;
    match old.state.layout().and_then(|layout| with_marks::<T>(&old.state.bytes, layout, rv, marks)) {
        Some((bytes, _)) => bytes.into(),
        None => bytes_with_managed(&with_marks_typed(old, marks), old.managed_list()),
    }
}

/// `old`'s typed object with `marks` set: what [`commit_marks`] writes when the stored bytes do
/// not hold metadata as the serializer writes it (never, for bytes the serializer wrote).
fn with_marks_typed<T: Resource>(old: &Stored<T>, marks: &Marks) -> T {
    let mut obj = T::clone(old.obj());
    marks.apply(obj.metadata_mut());
    obj
}

/// [`stage`] of `obj` (without managedFields) with `list`, a managedFields list as JSON text
/// (`canonical`: known to hold canonical FieldsV1), put into its bytes where the serializer
/// writes it.
fn stage_with_managed<T: Resource>(db: &Db, obj: T, list: Option<&[u8]>, canonical: bool, keep: bool) -> Stored<T> {
    let stored = stage(db, obj, keep);
    match with_list(&stored.state.bytes, list) {
        Some((bytes, layout)) => {
            let ObjState { rv, labels, fields, .. } = Arc::unwrap_or_clone(stored.state);
            // The kept object has no managedFields: it stays what the new bytes decode to.
            let state =
                ObjState::new(bytes.into(), rv, labels, fields).with_layout(layout).with_canonical_list(canonical);
            Stored { state: Arc::new(state), typed: stored.typed }
        }
        None => stored,
    }
}

/// The bytes of `obj` (without managedFields) with `list` put in: what [`stage_with_managed`]
/// would store, for a dry run.
pub(crate) fn bytes_with_managed<T: Resource>(obj: &T, list: Option<&[u8]>) -> Arc<[u8]> {
    let bytes = obj.to_bytes();
    with_list(&bytes, list).map_or(bytes, |(with, _)| with.into())
}

/// `bytes` with the managedFields `list` put in, when there is one that is not empty, and their
/// layout.
fn with_list(bytes: &[u8], list: Option<&[u8]>) -> Option<(Vec<u8>, Layout)> {
    list.filter(|l| *l != b"[]").and_then(|l| with_managed_list(bytes, l))
}

/// Records the deletion of a stored object: its last state at the next resourceVersion, the
/// object DELETED events carry. The stored bytes are reused with only the resourceVersion
/// rewritten, so a delete neither decodes nor serializes the object.
pub(crate) fn commit_delete<T: Resource>(db: &mut Db, ns: &str, name: &str, old: &Stored<T>) {
    let rv = db.rev.current + 1;
    let Some(bytes) = with_resource_version(&old.state.bytes, rv) else {
        commit(db, ns, name, old.full(), EventType::Deleted);
        return;
    };
    let state = ObjState::new(bytes.into(), rv, old.state.labels.clone(), old.state.fields.clone());
    record(db, ns, name, Stored::<T>::new(Arc::new(state)), EventType::Deleted);
}

/// `bytes` (an object as the wire serializer writes it) with `metadata.resourceVersion` set to
/// `rv`. It is the first `"resourceVersion":"` in the bytes: only `kind`, `apiVersion` and the
/// string fields of metadata come before it, and a quote inside a string is escaped.
fn with_resource_version(bytes: &[u8], rv: u64) -> Option<Vec<u8>> {
    const KEY: &[u8] = b"\"resourceVersion\":\"";
    let start = bytes.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let len = bytes[start..].iter().position(|&b| b == b'"')?;
    let rv = rv.to_string();
    let mut out = Vec::with_capacity(bytes.len() + rv.len());
    out.extend_from_slice(&bytes[..start]);
    out.extend_from_slice(rv.as_bytes());
    out.extend_from_slice(&bytes[start + len..]);
    Some(out)
}

fn record<T: Resource>(db: &mut Db, ns: &str, name: &str, stored: Stored<T>, kind: EventType) -> Stored<T> {
    let rv = db.rev.bump();
    let key = (ns.to_string(), name.to_string());
    let prev = T::table(db).items.get(&key).map(|s| s.state.clone());
    db.rev.record(Change { rv, resource: T::GR.resource, kind, key: key.clone(), state: stored.state.clone(), prev });
    if kind == EventType::Deleted {
        T::table_mut(db).items.remove(&key);
    } else {
        T::table_mut(db).items.insert(key, stored.clone());
    }
    stored
}

/// Makes sure a namespace exists (CRE-11), creating it when the server is configured to.
pub fn ensure_namespace(db: &mut Db, ns: &str, gr_name: (&str, &str), ctx: &mut Ctx) -> Result<(), Status> {
    if let Some(n) = db.namespaces.get("", ns) {
        if n.obj().metadata.deletion_timestamp.is_some() {
            return Err(namespace_terminating(ns, gr_name));
        }
        return Ok(());
    }
    if !ctx.auto_create_namespaces {
        return Err(Status::not_found(Namespace::GR, ns));
    }
    let meta = ObjectMeta { name: Some(ns.to_string()), ..ObjectMeta::default() };
    let mut namespace = Namespace { metadata: meta, ..Namespace::default() };
    crate::namespaces::NamespaceStrategy.default(&mut namespace);
    namespace.metadata.uid = Some(ctx.uid());
    namespace.metadata.creation_timestamp = Some(ctx.time());
    if !ctx.dry_run {
        commit(db, "", ns, namespace, EventType::Added);
    }
    Ok(())
}

fn namespace_terminating(ns: &str, (resource, name): (&str, &str)) -> Status {
    let mut s = Status::new(
        crate::http::status::Reason::Forbidden,
        format!("{resource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"),
    );
    s.details = Some(Box::new(crate::http::status::Details {
        name: name.to_string(),
        group: "batch".to_string(),
        kind: "jobs".to_string(),
        causes: vec![crate::http::status::Cause {
            reason: "NamespaceTerminating".into(),
            message: format!("namespace {ns} is being terminated"),
            field: "metadata.namespace".into(),
        }],
        ..Default::default()
    }));
    s
}

fn some_entries(entries: Vec<ManagedFieldsEntry>) -> Option<Vec<ManagedFieldsEntry>> {
    (!entries.is_empty()).then_some(entries)
}

/// CRE-16: duplicate owner references (same uid, same content) are collapsed, with a warning.
fn dedup_owner_references(meta: &mut ObjectMeta) -> Option<String> {
    let refs = meta.owner_references.as_mut()?;
    let mut seen = Vec::new();
    let mut duplicates: Vec<String> = Vec::new();
    refs.retain(|r| {
        if seen.contains(r) {
            if !duplicates.contains(&r.uid) {
                duplicates.push(r.uid.clone());
            }
            false
        } else {
            seen.push(r.clone());
            true
        }
    });
    (!duplicates.is_empty()).then(|| {
        format!(
            ".metadata.ownerReferences contains duplicate entries; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: {}",
            duplicates.join(", ")
        )
    })
}

/// Creates an object that was decoded and defaulted by the caller.
pub fn create<T: Resource, S: Strategy<T>>(
    db: &mut Db,
    s: &S,
    ns: &str,
    mut obj: T,
    ctx: &mut Ctx,
) -> Result<Outcome, Status> {
    let shown_name = obj.metadata().name.clone().unwrap_or_default();
    if T::NAMESPACED {
        ensure_namespace(db, ns, (&T::GR.to_string(), &shown_name), ctx)?;
    }
    {
        let meta = obj.metadata_mut();
        meta.namespace = T::NAMESPACED.then(|| ns.to_string());
        if !ctx.dry_run && meta.resource_version.as_deref().is_some_and(|rv| !rv.is_empty()) {
            return Err(Status::internal("resourceVersion should not be set on objects to be created"));
        }
        meta.managed_fields = None;
    }
    let dedup_warning = dedup_owner_references(obj.metadata_mut());
    // The entries an apply computed stay typed; the creator's own entry is written as JSON text
    // and put into the stored bytes, without building its FieldsV1 as a tree.
    let (mut entries, list) = match ctx.managed.take() {
        Some(preset) => (preset, None),
        None => {
            let writer = Writer {
                manager: &ctx.manager,
                operation: ctx.operation,
                subresource: "",
                api_version: T::API_VERSION,
                time: ctx.second(),
            };
            let reset = s.reset_fields();
            (Vec::new(), writer.created_list(&managed::created_set(&obj, reset)))
        }
    };
    let generate = obj.metadata().name.as_deref().unwrap_or("").is_empty();
    let prefix = obj.metadata().generate_name.clone().unwrap_or_default();
    // Only a generated name is retried (with another name); otherwise the one attempt takes the
    // object and its entries rather than copying them.
    let retried = generate && !prefix.is_empty();
    for attempt in 0..8 {
        let mut candidate = if retried { obj.clone() } else { std::mem::take(&mut obj) };
        {
            let uid = ctx.uid();
            let meta = candidate.metadata_mut();
            if generate && !prefix.is_empty() {
                meta.name = Some(ctx.generate_name(&prefix));
            }
            meta.uid = Some(uid);
            meta.creation_timestamp = Some(ctx.time());
            meta.generation = Some(1);
            meta.deletion_timestamp = None;
            meta.deletion_grace_period_seconds = None;
            meta.self_link = None;
            meta.managed_fields = some_entries(if retried { entries.clone() } else { std::mem::take(&mut entries) });
        }
        s.prepare_for_create(&mut candidate);
        let name = candidate.metadata().name.clone().unwrap_or_default();
        let errors = s.validate(&candidate);
        if !errors.is_empty() {
            return Err(Status::invalid(T::GROUP, T::KIND, &name, &errors));
        }
        let mut warnings = s.warnings_on_create(&candidate);
        warnings.extend(dedup_warning.clone());
        if let Some(existing) = T::table(db).get(if T::NAMESPACED { ns } else { "" }, &name) {
            if retried && attempt < 7 {
                continue;
            }
            let mut err = Status::already_exists(T::GR, &name);
            if retried {
                err.message.push_str(", the server was not able to generate a unique name for the object");
                if let Some(d) = err.details.as_mut() {
                    d.retry_after_seconds = Some(1);
                }
            } else if existing.obj().metadata().deletion_timestamp.is_some() {
                err.message = format!("object is being deleted: {}", err.message);
            }
            return Err(err);
        }
        if ctx.dry_run {
            candidate.metadata_mut().resource_version = None;
            return Ok(Outcome { code: 201, bytes: bytes_with_managed(&candidate, list.as_deref()), warnings });
        }
        // The creator's list is written from its field set: canonical.
        let staged = stage_with_managed(db, candidate, list.as_deref(), true, ctx.keep_typed);
        let stored = record_checked(db, if T::NAMESPACED { ns } else { "" }, &name, staged, EventType::Added)?;
        return Ok(Outcome { code: 201, bytes: stored.state.bytes.clone(), warnings });
    }
    Err(Status::internal("unable to create the object"))
}

/// Preconditions a write body carries (PUT-02, PUT-05).
#[derive(Clone, Debug, Default)]
pub struct BodyPreconditions {
    pub resource_version: Option<String>,
    pub uid: Option<String>,
}

/// Replaces an object (PUT, and every patch once it has produced the new object).
/// `obj` was decoded and defaulted by the caller.
pub fn update<T: Resource, S: Strategy<T>>(
    db: &mut Db,
    s: &S,
    ns: &str,
    name: &str,
    mut obj: T,
    ctx: &mut Ctx,
) -> Result<Outcome, Status> {
    let key_ns = if T::NAMESPACED { ns } else { "" };
    let old = T::table(db).get(key_ns, name).cloned().ok_or_else(|| Status::not_found(T::GR, name))?;
    let old_obj = old.obj();
    let old_meta = old_obj.metadata();
    if let Some(rv) = obj.metadata().resource_version.as_deref().filter(|rv| !rv.is_empty()) {
        let parsed: u64 = rv.parse().map_err(|_| {
            Status::internal(format!("strconv.ParseUint: parsing {}: invalid syntax", crate::field::go_quote(rv)))
        })?;
        if parsed != old.state.rv {
            return Err(Status::modified_conflict(T::GR, name));
        }
    }
    if let Some(uid) = obj.metadata().uid.as_deref().filter(|u| !u.is_empty()) {
        let stored = old_meta.uid.as_deref().unwrap_or("");
        if uid != stored {
            let key = format!("/registry/{}/{}/{}", T::GR.resource, key_ns, name);
            return Err(Status::conflict(
                T::GR,
                name,
                &format!("StorageError: invalid object, Code: 4, Key: {key}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: {uid}, UID in object meta: {stored}"),
            ));
        }
    }
    {
        let meta = obj.metadata_mut();
        meta.namespace = old_meta.namespace.clone();
        meta.uid = old_meta.uid.clone();
        meta.creation_timestamp = old_meta.creation_timestamp.clone();
        meta.deletion_timestamp = old_meta.deletion_timestamp.clone();
        meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
        meta.generation = old_meta.generation;
        meta.self_link = None;
        meta.resource_version = Some(old.state.rv.to_string());
    }
    // A body without managedFields keeps the stored ones. Their new list is, when it can be,
    // written as text from the stored one (`listed`), else as typed entries.
    let given = obj.metadata_mut().managed_fields.take();
    let mut listed: Option<Vec<u8>> = None;
    let entries = match ctx.managed.take() {
        Some(preset) => preset,
        None => {
            // Top-level fields equal to the stored ones change no ownership: they are left out of
            // both sides (typed comparisons are far cheaper than building and walking JSON).
            let mut skip = s.reset_fields().to_vec();
            skip.extend(obj.unchanged_parts(old_obj));
            if obj.metadata() == old_meta {
                skip.push("metadata");
            }
            let writer = Writer {
                manager: &ctx.manager,
                operation: ctx.operation,
                subresource: s.subresource(),
                api_version: T::API_VERSION,
                time: ctx.second(),
            };
            let (changed, removed) = managed::changes(old_obj.as_ref(), &obj, &skip);
            let stored = given.is_none().then(|| old.managed_list()).flatten();
            let canonical = old.state.canonical_list();
            listed =
                stored.and_then(|list| managed::text::record_changes(list, &changed, &removed, &writer, canonical));
            match listed {
                Some(_) => Vec::new(),
                None => {
                    let base = given.unwrap_or_else(|| super::resource::managed_entries_of(&old.state));
                    managed::record_changes(base, changed, removed, &writer)
                }
            }
        }
    };
    obj.metadata_mut().managed_fields = some_entries(entries);
    let dedup_warning = dedup_owner_references(obj.metadata_mut());
    s.prepare_for_update(&mut obj, old_obj);
    let errors = s.validate_update(&obj, old_obj);
    if !errors.is_empty() {
        return Err(Status::invalid(T::GROUP, T::KIND, name, &errors));
    }
    let mut warnings = s.warnings_on_update(&obj, old_obj);
    warnings.extend(dedup_warning);
    omit_empty(obj.metadata_mut());
    // PUT-08: nothing changed, nothing is written, no event. (Equal objects serialize to equal
    // bytes, so comparing the typed objects spares a serialization; the stored managedFields are
    // only read back when everything else is equal.)
    let managed = obj.metadata_mut().managed_fields.take();
    let unchanged = obj == **old_obj
        && match &listed {
            Some(list) => Some(list.as_slice()).filter(|l| *l != b"[]") == old.managed_list(),
            None => managed.as_deref().unwrap_or_default() == super::resource::managed_entries_of(&old.state),
        };
    obj.metadata_mut().managed_fields = managed;
    if unchanged {
        return Ok(Outcome { code: 200, bytes: old.state.bytes.clone(), warnings });
    }
    if ctx.dry_run {
        return Ok(Outcome { code: 200, bytes: bytes_with_managed(&obj, listed.as_deref()), warnings });
    }
    // The last finalizer of an object whose grace period is over deletes it (PUT-11).
    let meta = obj.metadata();
    let finished = meta.deletion_timestamp.is_some()
        && meta.deletion_grace_period_seconds.unwrap_or(0) == 0
        && meta.finalizers.as_ref().is_none_or(Vec::is_empty);
    let kind = if finished { EventType::Deleted } else { EventType::Modified };
    let unchanged = obj.unchanged_parts(old_obj);
    let staged = match listed {
        _ if !unchanged.is_empty() => stage_parts(db, obj, &old, &unchanged, listed.as_deref(), ctx.keep_typed),
        Some(list) => stage_with_managed(db, obj, Some(&list), true, ctx.keep_typed),
        None => stage(db, obj, ctx.keep_typed),
    };
    let stored = record_checked(db, key_ns, name, staged, kind)?;
    Ok(Outcome { code: 200, bytes: stored.state.bytes.clone(), warnings })
}

/// Reads one object (GET-01/02).
pub fn get<T: Resource>(db: &Db, ns: &str, name: &str) -> Result<Arc<[u8]>, Status> {
    let key_ns = if T::NAMESPACED { ns } else { "" };
    T::table(db).get(key_ns, name).map(|s| s.state.bytes.clone()).ok_or_else(|| Status::not_found(T::GR, name))
}

#[cfg(test)]
mod tests {
    use super::with_resource_version;

    #[test]
    fn wat_02_deleted_event_resource_version_is_rewritten_in_metadata_only() {
        let bytes = br#"{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"a","uid":"u","resourceVersion":"12","annotations":{"x":"\"resourceVersion\":\"7\""}},"spec":{"template":{"metadata":{"resourceVersion":"3"}}}}"#;
        let out = with_resource_version(bytes, 130).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["metadata"]["resourceVersion"], "130");
        assert_eq!(v["metadata"]["annotations"]["x"], "\"resourceVersion\":\"7\"");
        assert_eq!(v["spec"]["template"]["metadata"]["resourceVersion"], "3");
        assert_eq!(with_resource_version(br#"{"kind":"Job","metadata":{"name":"a"}}"#, 5), None);
    }
}
