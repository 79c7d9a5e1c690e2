//! The metadata a delete reads and writes (DEL-03, DEL-10): the uid its precondition checks and
//! the marks it sets. They are decoded alone from the stored metadata and written back into the
//! stored bytes as text, member by member, so a delete neither decodes nor serializes the rest
//! of the object or of its metadata.

use super::resource::{bare_metadata, push_managed, Resource};
use crate::schema::span;
use crate::storage::{Layout, Stored};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

/// The members of an object's metadata a delete reads, and all it changes besides the
/// resourceVersion.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Marks {
    /// Read for preconditions and the Status of a delete; never written.
    pub uid: Option<String>,
    pub generation: Option<i64>,
    pub deletion_timestamp: Option<Time>,
    pub deletion_grace_period_seconds: Option<i64>,
    pub finalizers: Option<Vec<String>>,
}

/// A metadata member as written: its name and JSON text, or `None` when it is left out.
type Member = (&'static str, Option<Vec<u8>>);

impl Marks {
    fn of(meta: &ObjectMeta) -> Marks {
        Marks {
            uid: meta.uid.clone(),
            generation: meta.generation,
            deletion_timestamp: meta.deletion_timestamp.clone(),
            deletion_grace_period_seconds: meta.deletion_grace_period_seconds,
            finalizers: meta.finalizers.clone(),
        }
    }

    /// Sets the written marks on typed metadata (an empty finalizer list is left out, as every
    /// write leaves it out).
    pub(crate) fn apply(&self, meta: &mut ObjectMeta) {
        meta.generation = self.generation;
        meta.deletion_timestamp = self.deletion_timestamp.clone();
        meta.deletion_grace_period_seconds = self.deletion_grace_period_seconds;
        meta.finalizers = self.finalizers.clone().filter(|f| !f.is_empty());
    }

    /// The written members with `rv` for the resourceVersion: each name and its JSON text, or
    /// `None` for a member left out.
    fn members(&self, rv: u64) -> Option<[Member; 5]> {
        fn text<V: serde::Serialize>(v: &Option<V>) -> Option<Option<Vec<u8>>> {
            v.as_ref().map(serde_json::to_vec).transpose().ok()
        }
        let finalizers = self.finalizers.as_ref().filter(|f| !f.is_empty());
        Some([
            ("resourceVersion", Some(format!("\"{rv}\"").into_bytes())),
            ("generation", text(&self.generation)?),
            ("deletionTimestamp", text(&self.deletion_timestamp)?),
            ("deletionGracePeriodSeconds", text(&self.deletion_grace_period_seconds)?),
            ("finalizers", text(&finalizers)?),
        ])
    }
}

impl<T: Resource> Stored<T> {
    /// The object's marks: the typed object's when it was decoded already, otherwise decoded
    /// from the stored metadata alone (its managedFields list cut out first).
    pub fn marks(&self) -> Marks {
        if let Some(obj) = self.typed.get() {
            return Marks::of(obj.metadata());
        }
        let decoded = self
            .state
            .layout()
            .and_then(|layout| crate::codec::from_json::<Marks>(&bare_metadata(&self.state.bytes, layout)?).ok());
        decoded.unwrap_or_else(|| Marks::of(self.obj().metadata()))
    }
}

/// `bytes` (an object as the wire serializer writes it, laid out as `layout` says) with the
/// resourceVersion `rv` and `marks` written into its metadata, every other member kept as it is:
/// the bytes serializing the whole object with that metadata would give; and their layout.
/// `None` if the bytes do not hold metadata as the serializer writes it.
pub(crate) fn with_marks<T: Resource>(
    bytes: &[u8],
    layout: &Layout,
    rv: u64,
    marks: &Marks,
) -> Option<(Vec<u8>, Layout)> {
    let order = T::go_order("ObjectMeta").unwrap_or_default();
    let edits = marks.members(rv)?;
    let rest = bare_metadata(bytes, layout)?;
    // Each member with its rank in the serializer's order: those the order does not name
    // follow, in the order they have.
    let rank = |key: &[u8]| order.iter().position(|k| k.as_bytes() == key).unwrap_or(order.len());
    let mut members: Vec<(usize, &[u8], &[u8])> = Vec::with_capacity(16);
    for (key, value) in span::members(&rest, 0)? {
        let key = rest.get(key.start + 1..key.end.checked_sub(1)?)?;
        if !edits.iter().any(|(name, _)| name.as_bytes() == key) {
            members.push((rank(key), key, rest.get(value)?));
        }
    }
    for (name, value) in &edits {
        if let Some(value) = value {
            members.push((rank(name.as_bytes()), name.as_bytes(), value));
        }
    }
    members.sort_by_key(|(rank, ..)| *rank);

    let mut out = Vec::with_capacity(bytes.len() + 128);
    out.extend_from_slice(&bytes[..layout.meta.start]);
    out.push(b'{');
    for (i, (_, key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(key);
        out.extend_from_slice(b"\":");
        out.extend_from_slice(value);
    }
    let list = layout.list.clone().and_then(|list| bytes.get(list));
    let list = list.map(|list| push_managed(&mut out, !members.is_empty(), list));
    out.push(b'}');
    let written = Layout { meta: layout.meta.start..out.len(), list };
    out.extend_from_slice(&bytes[layout.meta.end..]);
    Some((out, written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::resource::tests::{job_bytes, state};
    use k8s_openapi::api::batch::v1::Job;
    use std::sync::Arc;

    fn at(second: i64) -> Time {
        Time(jiff::Timestamp::from_second(second).unwrap())
    }

    /// DEL-03/DEL-10: a delete's marks written into the metadata alone give the bytes the whole
    /// object would serialize to — members set, replaced and left out, each in Go order, with or
    /// without a managedFields list — and the layout a scan finds; the marks read back are the
    /// typed object's.
    #[test]
    fn marks_written_alone_give_the_bytes_of_the_whole_object() {
        let variants = [
            Marks {
                generation: Some(2),
                deletion_timestamp: Some(at(1_800_000_000)),
                deletion_grace_period_seconds: Some(0),
                finalizers: Some(vec!["orphan".into(), "x/\"y\"".into(), "é<&>".into()]),
                ..Marks::default()
            },
            Marks { deletion_grace_period_seconds: Some(30), deletion_timestamp: Some(at(0)), ..Marks::default() },
            Marks { generation: Some(1), finalizers: Some(Vec::new()), ..Marks::default() },
        ];
        for with_entries in [true, false] {
            let bytes = job_bytes(with_entries);
            let full: Job = serde_json::from_slice(&bytes).unwrap();
            let stored = Stored::<Job>::new(Arc::new(state(&bytes)));
            let read = stored.marks();
            assert_eq!(read, Marks::of(&full.metadata));
            assert_eq!(read.uid.as_deref(), Some("u"));
            assert_eq!(read.finalizers, Some(vec!["a/b".to_string()]));
            stored.obj();
            assert_eq!(stored.marks(), read, "read from the typed object once decoded");

            let layout = Layout::of(&bytes).unwrap();
            for marks in &variants {
                let (written, written_layout) = with_marks::<Job>(&bytes, &layout, 17, marks).unwrap();
                let mut whole = full.clone();
                marks.apply(&mut whole.metadata);
                whole.metadata.resource_version = Some("17".into());
                assert_eq!(
                    std::str::from_utf8(&written).unwrap(),
                    std::str::from_utf8(&whole.to_bytes()).unwrap(),
                    "{marks:?}"
                );
                assert_eq!(Some(written_layout), Layout::of(&written), "the layout the write computes");
            }
        }
    }

    /// Bytes whose metadata is not as the serializer writes it get no text edit (the store
    /// writes the typed object instead), and a layout pointing elsewhere never panics.
    #[test]
    fn marks_are_not_written_into_bytes_the_serializer_did_not_write() {
        let marks = Marks { generation: Some(2), ..Marks::default() };
        let only_list = br#"{"kind":"Job","metadata":{"managedFields":[{"manager":"m"}]},"spec":{}}"#;
        assert_eq!(with_marks::<Job>(only_list, &Layout::of(only_list).unwrap(), 3, &marks), None);
        let wrong = Layout { meta: 3..9, list: Some(40..90) };
        assert_eq!(with_marks::<Job>(only_list, &wrong, 3, &marks), None);
        let wrong = Layout { meta: 9..400, list: None };
        assert_eq!(with_marks::<Job>(only_list, &wrong, 3, &marks), None);
    }
}
