//! Field sets as structured-merge-diff defines them, and their FieldsV1 JSON form
//! (`{"f:spec":{"f:template":{…}}}`, `k:{"name":"c"}` for keyed list items, `v:"x"` for set items,
//! `.` for a node that is itself a member).

use crate::schema::lists::{list_type, ListType};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A path element in FieldsV1 notation: `f:name`, `k:{…}` or `v:…`.
pub type Element = String;

/// A set of field paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSet(pub BTreeSet<Vec<Element>>);

/// Fields whose value is a map (string keys chosen by users), owned key by key with a `.` member.
const MAP_FIELDS: &[&str] = &["labels", "annotations", "matchLabels", "nodeSelector", "limits", "requests", "overhead"];
/// Structs that are atomic (`+structType=atomic`): owned as one leaf.
const ATOMIC_STRUCTS: &[&str] = &["spec.selector", "spec.template.spec.affinity"];

impl FieldSet {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every field present in an (already stripped) object value.
    pub fn from_value(v: &Value) -> Self {
        let mut set = BTreeSet::new();
        walk(v, &mut Vec::new(), "", &mut set);
        FieldSet(set)
    }

    /// Compares two objects: (fields of `new` added or modified relative to `old`, fields of `old` that `new` removed).
    pub fn compare(old: &Value, new: &Value) -> (Self, Self) {
        let old_set = FieldSet::from_value(old);
        let new_set = FieldSet::from_value(new);
        let mut changed = BTreeSet::new();
        for p in &new_set.0 {
            let differs = match (lookup(old, p), lookup(new, p)) {
                (Some(a), Some(b)) => !is_container(b) && a != b,
                _ => true,
            };
            if differs {
                changed.insert(p.clone());
            }
        }
        let removed = old_set.0.difference(&new_set.0).cloned().collect();
        (FieldSet(changed), FieldSet(removed))
    }

    pub fn union(&self, other: &FieldSet) -> FieldSet {
        FieldSet(self.0.union(&other.0).cloned().collect())
    }
    pub fn minus(&self, other: &FieldSet) -> FieldSet {
        FieldSet(self.0.difference(&other.0).cloned().collect())
    }

    /// The FieldsV1 JSON of this set.
    pub fn to_fields_v1(&self) -> Value {
        let mut root = Map::new();
        for path in &self.0 {
            let mut node = &mut root;
            for (i, el) in path.iter().enumerate() {
                let entry = node.entry(el.clone()).or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(child) = entry else { break };
                node = child;
                if i + 1 == path.len() && !node.is_empty() {
                    node.insert(".".to_string(), Value::Object(Map::new()));
                }
            }
        }
        // A node that is a member and also has children is marked with `.`.
        mark_members(&mut root, &self.0, &mut Vec::new());
        sort_map(&mut root);
        Value::Object(root)
    }

    /// Parses FieldsV1 JSON.
    pub fn from_fields_v1(v: &Value) -> Self {
        let mut set = BTreeSet::new();
        fn rec(v: &Value, path: &mut Vec<Element>, set: &mut BTreeSet<Vec<Element>>) {
            let Value::Object(m) = v else { return };
            if m.is_empty() && !path.is_empty() {
                set.insert(path.clone());
                return;
            }
            for (k, child) in m {
                if k == "." {
                    set.insert(path.clone());
                    continue;
                }
                path.push(k.clone());
                rec(child, path, set);
                path.pop();
            }
        }
        rec(v, &mut Vec::new(), &mut set);
        FieldSet(set)
    }
}

fn mark_members(node: &mut Map<String, Value>, set: &BTreeSet<Vec<Element>>, path: &mut Vec<Element>) {
    let keys: Vec<String> = node.keys().filter(|k| *k != ".").cloned().collect();
    for k in keys {
        path.push(k.clone());
        if let Some(Value::Object(child)) = node.get_mut(&k) {
            if !child.is_empty() && set.contains(path) {
                child.insert(".".to_string(), Value::Object(Map::new()));
            }
            mark_members(child, set, path);
        }
        path.pop();
    }
}

fn sort_map(m: &mut Map<String, Value>) {
    m.sort_keys();
    for v in m.values_mut() {
        if let Value::Object(c) = v {
            sort_map(c);
        }
    }
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty())
}

fn join(schema_path: &str, name: &str) -> String {
    if schema_path.is_empty() {
        name.to_string()
    } else {
        format!("{schema_path}.{name}")
    }
}

fn walk(v: &Value, path: &mut Vec<Element>, schema_path: &str, set: &mut BTreeSet<Vec<Element>>) {
    match v {
        Value::Object(m) if !m.is_empty() && !ATOMIC_STRUCTS.contains(&schema_path) => {
            let is_map = MAP_FIELDS.iter().any(|f| schema_path == *f || schema_path.ends_with(&format!(".{f}")));
            if is_map && !path.is_empty() {
                set.insert(path.clone());
            }
            for (k, child) in m {
                path.push(format!("f:{k}"));
                if is_map {
                    set.insert(path.clone());
                } else {
                    walk(child, path, &join(schema_path, k), set);
                }
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => match list_type(schema_path) {
            ListType::Atomic => {
                set.insert(path.clone());
            }
            ListType::Set => {
                for item in items {
                    path.push(format!("v:{}", serde_json::to_string(item).unwrap_or_default()));
                    set.insert(path.clone());
                    path.pop();
                }
            }
            ListType::Map(keys) => {
                for item in items {
                    path.push(format!("k:{}", item_key(item, keys)));
                    set.insert(path.clone());
                    walk(item, path, schema_path, set);
                    path.pop();
                }
            }
        },
        Value::Null => {}
        _ => {
            if !path.is_empty() {
                set.insert(path.clone());
            }
        }
    }
}

/// `{"name":"c"}` — the key fields of a list item, in key order, as compact JSON.
pub fn item_key(item: &Value, keys: &[&str]) -> String {
    let mut m = Map::new();
    for k in keys {
        if let Some(v) = item.get(*k) {
            m.insert((*k).to_string(), v.clone());
        }
    }
    serde_json::to_string(&Value::Object(m)).unwrap_or_default()
}

/// The value at a FieldsV1 path.
pub fn lookup<'a>(v: &'a Value, path: &[Element]) -> Option<&'a Value> {
    let mut cur = v;
    for el in path {
        cur = if let Some(name) = el.strip_prefix("f:") {
            cur.get(name)?
        } else if let Some(key) = el.strip_prefix("k:") {
            let want: Map<String, Value> = serde_json::from_str(key).ok()?;
            cur.as_array()?.iter().find(|item| want.iter().all(|(k, v)| item.get(k) == Some(v)))?
        } else if let Some(val) = el.strip_prefix("v:") {
            let want: Value = serde_json::from_str(val).ok()?;
            cur.as_array()?.iter().find(|item| **item == want)?
        } else {
            return None;
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cre_08_fields_v1_shape() {
        let v = json!({"metadata":{"labels":{"app":"x"}},"spec":{"backoffLimit":4,"template":{"spec":{
            "containers":[{"name":"pi","image":"perl","command":["perl"],"resources":{}}],"securityContext":{}}}}});
        let f = FieldSet::from_value(&v).to_fields_v1();
        assert_eq!(
            f,
            json!({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:backoffLimit":{},"f:template":{"f:spec":{
                "f:containers":{"k:{\"name\":\"pi\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},"f:resources":{}}},
                "f:securityContext":{}}}}})
        );
        assert_eq!(FieldSet::from_fields_v1(&f), FieldSet::from_value(&v));
    }

    #[test]
    fn put_12_changed_fields() {
        let old = json!({"spec":{"parallelism":1,"backoffLimit":6}});
        let new = json!({"spec":{"parallelism":2,"backoffLimit":6}});
        let (c, removed) = FieldSet::compare(&old, &new);
        assert_eq!(c.0.len(), 1);
        assert!(c.0.contains(&vec!["f:spec".to_string(), "f:parallelism".to_string()]));
        assert!(removed.is_empty());
        let (_, removed) = FieldSet::compare(&new, &json!({"spec":{"parallelism":2}}));
        assert!(removed.0.contains(&vec!["f:spec".to_string(), "f:backoffLimit".to_string()]));
    }
}
