//! Server-side apply (PAT-09..15): the applied configuration is a manager's whole intent. Fields
//! it sets are merged into the live object by the schema's list types, fields it stopped setting
//! are removed unless someone else owns them, and changing a field another manager owns is a
//! conflict unless forced.

use crate::http::status::{Cause, Details, Reason, Status};
use crate::managed::fieldset::{lookup, Element, FieldSet};
use crate::managed::{cap_updates, entry_set, others_without, sort_entries, strip, Writer};
use crate::schema::lists::{list_type, ListType};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ManagedFieldsEntry;
use serde_json::{json, Map, Value};

/// What an apply produced: the merged object and the new managedFields entries.
#[derive(Debug)]
pub struct Applied {
    pub object: Value,
    pub managed_fields: Vec<ManagedFieldsEntry>,
}

/// Who applies (a writer whose operation is Apply), and how.
pub struct Applier<'a> {
    pub writer: Writer<'a>,
    pub force: bool,
    /// Top-level fields this endpoint does not own (`status` on the main resource).
    pub reset: &'a [&'a str],
}

/// `"<manager>"` with its qualifier, as the apiserver prints managers in conflicts (PAT-11).
fn print_manager(e: &ManagedFieldsEntry) -> String {
    let mut s = crate::field::go_quote(e.manager.as_deref().unwrap_or(""));
    if let Some(sub) = e.subresource.as_deref().filter(|s| !s.is_empty()) {
        s.push_str(&format!(" with subresource {}", crate::field::go_quote(sub)));
    }
    if e.operation.as_deref() == Some("Update") {
        let api = e.api_version.as_deref().unwrap_or("");
        match &e.time {
            Some(t) => s.push_str(&format!(
                " using {api} at {}",
                jiff::fmt::strtime::format("%Y-%m-%dT%H:%M:%SZ", t.0).unwrap_or_default()
            )),
            None => s.push_str(&format!(" using {api}")),
        }
    }
    s
}

/// A field path as structured-merge-diff prints it: `.spec.template.spec.containers[name="main"].image`.
pub fn print_path(path: &[Element]) -> String {
    let mut out = String::new();
    for el in path {
        if let Some(name) = el.strip_prefix("f:") {
            out.push('.');
            out.push_str(name);
        } else if let Some(key) = el.strip_prefix("k:") {
            let parts: Vec<String> = serde_json::from_str::<Map<String, Value>>(key)
                .map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect())
                .unwrap_or_default();
            out.push_str(&format!("[{}]", parts.join(",")));
        } else if let Some(v) = el.strip_prefix("v:") {
            out.push_str(&format!("[={v}]"));
        }
    }
    out
}

fn conflict_status(conflicts: &[(String, Vec<Element>)]) -> Status {
    let causes = conflicts
        .iter()
        .map(|(m, p)| Cause {
            reason: "FieldManagerConflict".into(),
            message: format!("conflict with {m}"),
            field: print_path(p),
        })
        .collect();
    let message = if conflicts.len() == 1 {
        format!("Apply failed with 1 conflict: conflict with {}: {}", conflicts[0].0, print_path(&conflicts[0].1))
    } else {
        let mut managers: Vec<&String> = conflicts.iter().map(|(m, _)| m).collect();
        managers.sort();
        managers.dedup();
        let blocks: Vec<String> = managers
            .iter()
            .map(|m| {
                let paths: String =
                    conflicts.iter().filter(|(c, _)| c == *m).map(|(_, p)| format!("\n- {}", print_path(p))).collect();
                format!("conflicts with {m}{paths}")
            })
            .collect();
        format!("Apply failed with {} conflicts: {}", conflicts.len(), blocks.join("\n"))
    };
    Status::new(Reason::Conflict, message).with_details(Details { causes, ..Details::default() })
}

/// Applies `applied` (a partial object) by `a` over `live` (None: the object is created).
pub fn apply(
    live: Option<&Value>,
    applied: &Value,
    entries: &[ManagedFieldsEntry],
    a: &Applier,
) -> Result<Applied, Status> {
    let intent = strip(applied, a.reset);
    let set = FieldSet::from_value(&intent);
    let live_stripped = live.map(|l| strip(l, a.reset)).unwrap_or_else(|| json!({}));
    // Conflicts: a leaf another manager owns, set here to a different value.
    let mut conflicts = Vec::new();
    let mut taken = FieldSet::default();
    for path in &set.paths() {
        let (Some(new), Some(old)) = (lookup(&intent, path), lookup(&live_stripped, path)) else { continue };
        if new == old || new.is_object() && old.is_object() {
            continue;
        }
        for e in entries.iter().filter(|e| !a.writer.owns(e)) {
            if entry_set(e).contains(path) {
                conflicts.push((print_manager(e), path.clone()));
                taken.insert(path);
            }
        }
    }
    if !conflicts.is_empty() && !a.force {
        conflicts.sort_by(|x, y| x.1.cmp(&y.1));
        return Err(conflict_status(&conflicts));
    }
    let mut object = match live {
        Some(l) => merge(l, applied, ""),
        None => applied.clone(),
    };
    // Fields this manager applied before and no longer does go, unless another manager owns them.
    let previous = entries.iter().find(|e| a.writer.owns(e)).map(entry_set).unwrap_or_default();
    let others: Vec<FieldSet> = entries.iter().filter(|e| !a.writer.owns(e)).map(entry_set).collect();
    for path in previous.minus(&set).paths().iter().rev() {
        if !others.iter().any(|o| o.contains(path)) {
            remove(&mut object, path);
        }
    }
    let mut out = others_without(entries, &a.writer, &taken);
    if !set.is_empty() {
        out.push(a.writer.entry(set, Some(a.writer.time.clone())));
    }
    cap_updates(&mut out);
    sort_entries(&mut out);
    Ok(Applied { object, managed_fields: out })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Merges an applied configuration into a live value by the schema's list types.
fn merge(live: &Value, applied: &Value, path: &str) -> Value {
    match (live, applied) {
        (Value::Object(l), Value::Object(a)) if path != "spec.selector" => {
            let mut out = l.clone();
            for (k, v) in a {
                let merged = match l.get(k) {
                    Some(lv) => merge(lv, v, &join(path, k)),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(l), Value::Array(a)) => match list_type(path) {
            ListType::Atomic => applied.clone(),
            ListType::Set => {
                let mut out = l.clone();
                out.extend(a.iter().filter(|x| !l.contains(x)).cloned());
                Value::Array(out)
            }
            ListType::Map(keys) => {
                let same = |x: &Value, y: &Value| keys.iter().all(|k| x.get(*k) == y.get(*k));
                let mut out: Vec<Value> = l.clone();
                for item in a {
                    match out.iter_mut().find(|x| same(x, item)) {
                        Some(existing) => *existing = merge(existing, item, path),
                        None => out.push(item.clone()),
                    }
                }
                Value::Array(out)
            }
        },
        _ => applied.clone(),
    }
}

/// Removes the field at a FieldsV1 path (a map key, a keyed list item or a set item).
fn remove(v: &mut Value, path: &[Element]) {
    let Some((last, parent)) = path.split_last() else { return };
    let mut cur = v;
    for el in parent {
        let next = if let Some(name) = el.strip_prefix("f:") {
            cur.get_mut(name)
        } else if let Some(key) = el.strip_prefix("k:") {
            let want: Map<String, Value> = serde_json::from_str(key).unwrap_or_default();
            cur.as_array_mut().and_then(|a| a.iter_mut().find(|i| want.iter().all(|(k, v)| i.get(k) == Some(v))))
        } else {
            None
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    if let Some(name) = last.strip_prefix("f:") {
        if let Value::Object(m) = cur {
            m.shift_remove(name);
        }
    } else if let Some(key) = last.strip_prefix("k:") {
        let want: Map<String, Value> = serde_json::from_str(key).unwrap_or_default();
        if let Value::Array(a) = cur {
            a.retain(|i| !want.iter().all(|(k, v)| i.get(k) == Some(v)));
        }
    } else if let Some(val) = last.strip_prefix("v:") {
        let want: Value = serde_json::from_str(val).unwrap_or(Value::Null);
        if let Value::Array(a) = cur {
            a.retain(|i| *i != want);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pat_11_paths_print_as_structured_merge_diff_does() {
        let p: Vec<Element> = vec![
            "f:spec".into(),
            "f:template".into(),
            "f:spec".into(),
            "f:containers".into(),
            "k:{\"name\":\"main\"}".into(),
            "f:image".into(),
        ];
        assert_eq!(print_path(&p), ".spec.template.spec.containers[name=\"main\"].image");
        let p: Vec<Element> = vec!["f:metadata".into(), "f:finalizers".into(), "v:\"x\"".into()];
        assert_eq!(print_path(&p), ".metadata.finalizers[=\"x\"]");
    }

    #[test]
    fn pat_12_merge_by_list_types() {
        let live = json!({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"}]}}},"metadata":{"finalizers":["x"]}});
        let applied = json!({"spec":{"template":{"spec":{"containers":[{"name":"b","image":"3"}]}}},"metadata":{"finalizers":["y"]}});
        let m = merge(&live, &applied, "");
        assert_eq!(
            m["spec"]["template"]["spec"]["containers"],
            json!([{"name":"a","image":"1"},{"name":"b","image":"3"}])
        );
        assert_eq!(m["metadata"]["finalizers"], json!(["x", "y"]));
    }
}
