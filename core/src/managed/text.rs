//! An Update's managedFields written as text. The stored object holds its entries as JSON text;
//! an update whose body does not carry managedFields changes at most the writer's own entry and
//! takes fields from entries that own what changed. When no other entry can own a changed or
//! removed field (none holds the key a path ends with), the other entries are kept byte for byte,
//! the writer's entry is edited in its FieldsV1 text, and nothing is decoded into FieldsV1 trees.
//! A writer without an entry yet gets one, written from its field set. Anything else (an entry
//! that may lose fields, escapes, FieldsV1 not written canonically, more Update entries than the
//! cap) is left to the typed path, [`super::record_changes`], which this gives the same bytes as.

use super::fieldset::{self, FieldSet};
use super::{Writer, MAX_UPDATE_ENTRIES};
use crate::schema::span;
use std::ops::Range;

/// One stored entry, read where it lies: its members' values as written, strings without their
/// quotes.
struct Entry<'a> {
    raw: &'a [u8],
    manager: Option<&'a [u8]>,
    operation: Option<&'a [u8]>,
    api_version: &'a [u8],
    time: Option<&'a [u8]>,
    fields_type: &'a [u8],
    fields_v1: Option<&'a [u8]>,
    /// With its quotes, when the entry has one.
    subresource: Option<&'a [u8]>,
}

impl<'a> Entry<'a> {
    /// `None` for anything but the members the serializer writes, each a plain string (no
    /// escapes) or, for fieldsV1, an object.
    fn read(raw: &'a [u8]) -> Option<Self> {
        let mut e = Entry {
            raw,
            manager: None,
            operation: None,
            api_version: b"",
            time: None,
            fields_type: b"",
            fields_v1: None,
            subresource: None,
        };
        for (key, value) in span::members(raw, 0)? {
            let value = &raw[value];
            if &raw[key.clone()] == b"\"fieldsV1\"" {
                e.fields_v1 = Some(value).filter(|v| v.first() == Some(&b'{'));
                e.fields_v1?;
                continue;
            }
            let text = plain_string(value)?;
            match &raw[key] {
                b"\"manager\"" => e.manager = Some(text),
                b"\"operation\"" => e.operation = Some(text),
                b"\"apiVersion\"" => e.api_version = text,
                // `YYYY-MM-DDTHH:MM:SSZ`, which sorts as text as its instants do.
                b"\"time\"" if text.len() == 20 => e.time = Some(text),
                b"\"fieldsType\"" => e.fields_type = text,
                b"\"subresource\"" => e.subresource = Some(value),
                _ => return None,
            }
        }
        Some(e)
    }

    fn subresource(&self) -> &'a [u8] {
        self.subresource.map_or(b"", |s| &s[1..s.len() - 1])
    }

    fn owned_by(&self, writer: &Writer) -> bool {
        self.manager == Some(writer.manager.as_bytes())
            && self.operation == Some(writer.operation.as_str().as_bytes())
            && self.subresource() == writer.subresource.as_bytes()
    }

    /// [`super::sort_entries`]' key.
    fn key(&self) -> SortKey<'a> {
        let manager = self.manager.unwrap_or_default();
        (self.operation != Some(b"Apply"), self.time, manager, self.api_version, self.subresource())
    }
}

/// [`super::sort_entries`]' key, on the entry's text: not an Apply, time, manager, apiVersion,
/// subresource.
type SortKey<'a> = (bool, Option<&'a [u8]>, &'a [u8], &'a [u8], &'a [u8]);

/// The text between the quotes of a JSON string without escapes.
fn plain_string(value: &[u8]) -> Option<&[u8]> {
    let inner = value.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    (!inner.contains(&b'\\')).then_some(inner)
}

/// Whether every entry of a managedFields list that has FieldsV1 has it written canonically:
/// what the lists this module and [`Writer::created_list`](super::Writer::created_list) write
/// hold, so the next edit of such a list need not check it again (`canonical` below).
pub fn all_canonical(list: &[u8]) -> bool {
    span::elements(list, 0).is_some_and(|spans| {
        spans.iter().all(|r| {
            let entry = &list[r.clone()];
            span::member(entry, 0, "fieldsV1").is_none_or(|v1| fieldset::is_canonical_v1_text(&entry[v1]))
        })
    })
}

/// The managedFields list after an Update by `writer` that changed `changed` and removed
/// `removed`, written from the stored `list` (`canonical`: known to hold canonical FieldsV1
/// throughout, see [`all_canonical`]); `None` when the typed path must do it. A list it writes
/// holds canonical FieldsV1 throughout.
pub fn record_changes(
    list: &[u8],
    changed: &FieldSet,
    removed: &FieldSet,
    writer: &Writer,
    canonical: bool,
) -> Option<Vec<u8>> {
    let spans: Vec<Range<usize>> = span::elements(list, 0)?;
    let entries = spans.iter().map(|r| Entry::read(&list[r.clone()])).collect::<Option<Vec<_>>>()?;
    let mut mine = entries.iter().enumerate().filter(|(_, e)| e.owned_by(writer)).map(|(i, _)| i);
    let (own, None) = (mine.next(), mine.next()) else {
        return None;
    };
    let updates = entries.iter().filter(|e| e.operation != Some(b"Apply")).count() + usize::from(own.is_none());
    if updates > MAX_UPDATE_ENTRIES {
        return None;
    }
    // Another entry can lose a field only if its FieldsV1 holds the key the field's path ends
    // with. (The typed path drops other entries that own nothing, and rewrites FieldsV1 that is
    // not canonical: those are left to it.)
    let needles: Vec<String> = [changed, removed].iter().flat_map(|s| s.member_keys()).collect();
    let finders: Vec<memchr::memmem::Finder> = needles.iter().map(memchr::memmem::Finder::new).collect();
    let untouched = |e: &Entry| match e.fields_v1 {
        Some(v1) if v1 != b"{}" && (canonical || fieldset::is_canonical_v1_text(v1)) => {
            !finders.iter().any(|f| f.find(v1).is_some())
        }
        _ => false,
    };
    if !entries.iter().enumerate().all(|(i, e)| Some(i) == own || untouched(e)) {
        return None;
    }
    let time = writer_time_text(writer)?;
    // The writer's entry as the serializer writes it (stamped now when its fields changed, gone
    // when it owns nothing) and whether it was stamped.
    let (own_raw, stamped) = match own {
        Some(at) => own_entry(&entries[at], changed, removed, writer, &time, canonical)?,
        // A writer without an entry yet gets one owning what it changed.
        None => {
            let mut out = Vec::new();
            let write = |set: &FieldSet, out: &mut Vec<u8>| (!set.is_empty()).then(|| writer.write_entry(set, out));
            let written = match removed.is_empty() {
                true => write(changed, &mut out),
                false => {
                    let mut set = changed.clone();
                    set.remove_all(removed);
                    write(&set, &mut out)
                }
            };
            (written.map(|()| std::borrow::Cow::Owned(out)), true)
        }
    };
    // Sorted as the typed path sorts them: the others in their order, the writer's last, then a
    // stable sort on the same key.
    let mut order: Vec<(SortKey, &[u8])> = Vec::with_capacity(entries.len() + 1);
    order.extend(entries.iter().enumerate().filter(|(i, _)| Some(*i) != own).map(|(_, e)| (e.key(), e.raw)));
    if let Some(raw) = own_raw.as_deref() {
        let mut key = match own {
            Some(at) => entries[at].key(),
            None => Entry::read(raw)?.key(),
        };
        if stamped {
            key.1 = Some(time.as_slice());
        }
        order.push((key, raw));
    }
    // An insertion sort: lists are short, and it is stable.
    for i in 1..order.len() {
        let mut j = i;
        while j > 0 && order[j - 1].0 > order[j].0 {
            order.swap(j - 1, j);
            j -= 1;
        }
    }
    let mut out = Vec::with_capacity(list.len() + 64 + own_raw.as_ref().map_or(0, |r| r.len()));
    out.push(b'[');
    for (n, (_, raw)) in order.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(raw);
    }
    out.push(b']');
    Some(out)
}

/// The writer's existing entry `own` after the update, as the serializer writes it (`None` when
/// it owns nothing any more), and whether its fields changed (it is then stamped `time`);
/// `None` when it cannot be edited as text.
fn own_entry<'a>(
    own: &Entry<'a>,
    changed: &FieldSet,
    removed: &FieldSet,
    writer: &Writer,
    time: &[u8],
    canonical: bool,
) -> Option<(Option<std::borrow::Cow<'a, [u8]>>, bool)> {
    let v1 = own.fields_v1?;
    let editable = own.api_version == writer.api_version.as_bytes()
        && own.fields_type == b"FieldsV1"
        && own.subresource != Some(b"\"\"")
        && (canonical || fieldset::is_canonical_v1_text(v1));
    if !editable {
        return None;
    }
    let (grown, grew) = match changed.is_empty() {
        true => (v1.to_vec(), false),
        false => fieldset::add_to_v1_text(v1, changed)?,
    };
    let (edited, shrank) = match removed.is_empty() {
        true => (grown, false),
        false => fieldset::remove_from_v1_text(&grown, removed)?,
    };
    if edited == b"{}" {
        return Some((None, true));
    }
    if !(grew || shrank) {
        return Some((Some(own.raw.into()), false));
    }
    let mut out = Vec::with_capacity(edited.len() + 160);
    let quoted = |out: &mut Vec<u8>, name: &str, text: &[u8]| {
        out.extend_from_slice(if out.is_empty() { b"{\"" } else { b",\"" });
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\":\"");
        out.extend_from_slice(text);
        out.push(b'"');
    };
    quoted(&mut out, "manager", writer.manager.as_bytes());
    quoted(&mut out, "operation", writer.operation.as_str().as_bytes());
    quoted(&mut out, "apiVersion", own.api_version);
    out.extend_from_slice(b",\"time\":\"");
    out.extend_from_slice(time);
    out.push(b'"');
    quoted(&mut out, "fieldsType", own.fields_type);
    out.extend_from_slice(b",\"fieldsV1\":");
    out.extend_from_slice(&edited);
    if let Some(s) = own.subresource {
        out.extend_from_slice(b",\"subresource\":");
        out.extend_from_slice(s);
    }
    out.push(b'}');
    Some((Some(out.into()), true))
}

/// The writer's time as entries store it, without the quotes.
fn writer_time_text(writer: &Writer) -> Option<Vec<u8>> {
    let quoted = serde_json::to_vec(&writer.time).ok()?;
    Some(quoted[1..quoted.len() - 1].to_vec())
}

#[cfg(test)]
mod tests {
    use super::super::{record_changes as typed, Operation, Writer};
    use super::*;
    use crate::registry::resource::Resource;
    use k8s_openapi::api::batch::v1::Job;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, Time};
    use proptest::prelude::*;

    /// Paths a Job's entries may own; subsets of them make the sets of a test.
    const PATHS: &[&[&str]] = &[
        &["f:metadata", "f:labels", "f:a"],
        &["f:metadata", "f:labels", "f:b"],
        &["f:spec", "f:parallelism"],
        &["f:spec", "f:completions"],
        &["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"c\"}"],
        &["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image"],
        &["f:status", "f:active"],
    ];

    fn set(bits: u8) -> FieldSet {
        let mut s = FieldSet::default();
        for (i, path) in PATHS.iter().enumerate() {
            if bits & (1 << i) != 0 {
                s.insert(&path.iter().map(|e| e.to_string()).collect::<Vec<_>>());
            }
        }
        s
    }

    fn time(second: i64) -> Time {
        Time(jiff::Timestamp::from_second(1_700_000_000 + second).unwrap())
    }

    fn writer(second: i64) -> Writer<'static> {
        Writer {
            manager: "me",
            operation: Operation::Update,
            subresource: "",
            api_version: "batch/v1",
            time: time(second),
        }
    }

    fn entry(manager: &str, operation: &str, fields: u8, second: i64) -> ManagedFieldsEntry {
        let mut e = writer(second).entry(set(fields), Some(time(second)));
        e.manager = Some(manager.to_string());
        e.operation = Some(operation.to_string());
        e
    }

    fn wire(entries: &[ManagedFieldsEntry]) -> Vec<u8> {
        crate::schema::wire::to_vec(entries, <Job as Resource>::go_order).unwrap()
    }

    /// What the typed path writes for the same update of the same stored list.
    fn by_typed(entries: &[ManagedFieldsEntry], changed: u8, removed: u8, w: &Writer) -> Vec<u8> {
        wire(&typed(entries.to_vec(), set(changed), set(removed), w))
    }

    #[test]
    fn put_12_the_writers_entry_is_edited_as_text_and_the_others_kept() {
        // Stored as the typed path sorts them: Apply entries first.
        let stored = [entry("kubectl", "Apply", 0b0001000, 3), entry("me", "Update", 0b0000101, 5)];
        let list = wire(&stored);
        // A label added, one removed: the writer's entry changes and is stamped; the other is kept.
        let w = writer(9);
        let text = record_changes(&list, &set(0b10), &set(0b1), &w, false).expect("written as text");
        assert_eq!(String::from_utf8(text).unwrap(), String::from_utf8(by_typed(&stored, 0b10, 0b1, &w)).unwrap());
        // Nothing it does not own yet: the entry keeps its time, the list its bytes.
        let text = record_changes(&list, &set(0b100), &FieldSet::default(), &w, false).expect("written as text");
        assert_eq!(text, list);
        // It gives up all it owns: its entry goes.
        let text = record_changes(&list, &FieldSet::default(), &set(0b101), &w, false).expect("written as text");
        assert_eq!(text, wire(&stored[..1]));
        // A writer without an entry yet (here, of the status subresource) gets one, sorted in.
        let status = Writer { subresource: "status", ..writer(4) };
        let text =
            record_changes(&list, &set(0b1000000), &FieldSet::default(), &status, false).expect("written as text");
        assert_eq!(
            String::from_utf8(text).unwrap(),
            String::from_utf8(by_typed(&stored, 0b1000000, 0, &status)).unwrap()
        );
        assert!(String::from_utf8(by_typed(&stored, 0b1000000, 0, &status))
            .unwrap()
            .contains("\"subresource\":\"status\""));
        // Nothing changed: no entry.
        assert_eq!(record_changes(&list, &FieldSet::default(), &set(0b1000000), &status, false), Some(list.clone()));
        // Sorted among entries of the same second by manager: after `a`, before `z`.
        let stored =
            [entry("kubectl", "Apply", 0b1000, 3), entry("a", "Update", 0b1, 9), entry("z", "Update", 0b100, 9)];
        let list = wire(&stored);
        let text = record_changes(&list, &set(0b1000000), &FieldSet::default(), &w, false).expect("written as text");
        let typed = by_typed(&stored, 0b1000000, 0, &w);
        assert_eq!(String::from_utf8(text).unwrap(), String::from_utf8(typed.clone()).unwrap());
        let managers: Vec<_> = serde_json::from_slice::<Vec<ManagedFieldsEntry>>(&typed)
            .unwrap()
            .into_iter()
            .map(|e| e.manager.unwrap())
            .collect();
        assert_eq!(managers, ["kubectl", "a", "me", "z"]);
    }

    #[test]
    fn put_12_what_the_typed_path_must_do_is_left_to_it() {
        let w = writer(9);
        let mine = entry("me", "Update", 0b1, 5);
        let cases: [(Vec<ManagedFieldsEntry>, u8); 6] = [
            // Another manager owns the changed field (it loses it).
            (vec![mine.clone(), entry("other", "Update", 0b100, 4)], 0b100),
            // The writer has no entry yet, and another owns the changed field.
            (vec![entry("other", "Update", 0b110, 4)], 0b10),
            // The writer has no entry yet, and a new one would be one Update entry too many.
            ((0..10).map(|i| entry("m", "Update", 1 << (i % 7), i)).collect(), 0b10),
            // Two entries of the writer's.
            (vec![mine.clone(), entry("me", "Update", 0b10, 6)], 0b1000),
            // An entry that owns nothing (the typed path drops it).
            (vec![mine.clone(), entry("other", "Update", 0, 4)], 0b10),
            // More Update entries than are kept.
            ((0..11).map(|i| entry(if i == 0 { "me" } else { "m" }, "Update", 1 << (i % 7), i)).collect(), 0b10),
        ];
        for (stored, changed) in cases {
            assert_eq!(record_changes(&wire(&stored), &set(changed), &FieldSet::default(), &w, false), None);
        }
        // FieldsV1 not written canonically (keys out of order), and not known canonical.
        let mut odd = mine;
        odd.fields_v1 = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::FieldsV1(
            serde_json::json!({"f:spec":{"f:parallelism":{}},"f:metadata":{"f:labels":{"f:a":{}}}}),
        ));
        assert!(!all_canonical(&wire(&[odd.clone()])));
        assert_eq!(record_changes(&wire(&[odd]), &set(0b10), &FieldSet::default(), &w, false), None);
        // An entry without a manager is nobody's, not that of a writer without a name: it is
        // kept, and the writer gets an entry of its own.
        let mut nameless = entry("", "Update", 0b1, 5);
        nameless.manager = None;
        let anonymous = Writer { manager: "", ..writer(9) };
        let text =
            record_changes(&wire(&[nameless.clone()]), &set(0b10), &FieldSet::default(), &anonymous, false).unwrap();
        let typed = by_typed(&[nameless], 0b10, 0, &anonymous);
        assert_eq!(String::from_utf8(text).unwrap(), String::from_utf8(typed.clone()).unwrap());
        assert!(typed.starts_with(b"[{\"operation\"") && typed.windows(13).any(|w| w == b"\"manager\":\"\","));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]
        /// Whenever the text path writes the list, it writes what the typed path does, byte for
        /// byte: entries, times, order.
        #[test]
        fn put_12_text_and_typed_paths_agree(
            others in prop::collection::vec(("[amz]", prop::bool::ANY, 0u8..128, 0i64..4), 0..3),
            mine in proptest::option::of((0u8..128, 0i64..4)),
            changed in 0u8..128,
            removed in 0u8..128,
            now in 0i64..6,
            status in prop::bool::ANY,
        ) {
            let removed = removed & !changed;
            let mut stored: Vec<ManagedFieldsEntry> = others
                .iter()
                .map(|(m, apply, fields, t)| entry(m, if *apply { "Apply" } else { "Update" }, *fields, *t))
                .collect();
            stored.extend(mine.map(|(fields, t)| entry("me", "Update", fields, t)));
            let stored = typed(stored, FieldSet::default(), FieldSet::default(), &writer(0));
            // A writer of the status subresource owns none of the entries.
            let w = Writer { subresource: if status { "status" } else { "" }, ..writer(now) };
            let list = wire(&stored);
            let written = record_changes(&list, &set(changed), &set(removed), &w, false);
            if let Some(text) = &written {
                prop_assert_eq!(
                    String::from_utf8(text.clone()).unwrap(),
                    String::from_utf8(by_typed(&stored, changed, removed, &w)).unwrap()
                );
                // What it writes is canonical throughout, which the next edit may take as known.
                prop_assert!(all_canonical(text));
            }
            // Knowing a canonical list canonical changes nothing.
            if all_canonical(&list) {
                prop_assert_eq!(record_changes(&list, &set(changed), &set(removed), &w, true), written);
            }
        }
    }
}
