//! managedFields: which manager owns which fields (CRE-08, PUT-12, PAT-14). Field sets are
//! computed from JSON values with the list types of `schema::lists`, the way structured-merge-diff does.

pub mod fieldset;

use fieldset::FieldSet;
use serde_json::{json, Value};

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
    pub time: &'a str,
}

/// The parts of an object that are never owned (metadata the server sets) — stripped before
/// computing field sets.
pub fn strip(v: &Value, reset: &[&str]) -> Value {
    let mut v = v.clone();
    strip_in_place(&mut v, reset);
    v
}

/// [`strip`] without a copy.
pub fn strip_in_place(v: &mut Value, reset: &[&str]) {
    if let Value::Object(m) = v {
        m.shift_remove("apiVersion");
        m.shift_remove("kind");
        for r in reset {
            m.shift_remove(*r);
        }
        if let Some(Value::Object(meta)) = m.get_mut("metadata") {
            for k in [
                "name",
                "namespace",
                "generateName",
                "selfLink",
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "managedFields",
            ] {
                meta.shift_remove(k);
            }
            if meta.is_empty() {
                m.shift_remove("metadata");
            }
        }
    }
}

/// Updates the `managedFields` entries (as JSON values) for an Update-style write from `old` to
/// `new`: the writer owns what it added or changed; other managers lose it; empty entries go.
/// `reset` lists top-level fields this endpoint does not own (`status` on the main resource).
pub fn record_update(
    entries: &[Value],
    old: Option<Value>,
    mut new: Value,
    writer: &Writer,
    reset: &[&str],
) -> Vec<Value> {
    strip_in_place(&mut new, reset);
    let (changed, removed) = match old {
        None => (FieldSet::from_value(&new), FieldSet::default()),
        Some(mut old) => {
            strip_in_place(&mut old, reset);
            FieldSet::compare(&old, &new)
        }
    };
    let touched = changed.union(&removed);
    let is_writer = |e: &Value| {
        e["manager"] == writer.manager
            && e["operation"] == writer.operation.as_str()
            && e.get("subresource").and_then(Value::as_str).unwrap_or("") == writer.subresource
    };
    let mut out = Vec::new();
    for e in entries.iter().filter(|e| !is_writer(e)) {
        let set = FieldSet::from_fields_v1(e.get("fieldsV1").unwrap_or(&Value::Null));
        let remaining = set.minus(&touched);
        if remaining.is_empty() {
            continue;
        }
        let mut e = e.clone();
        if remaining != set {
            e["fieldsV1"] = remaining.to_fields_v1();
        }
        out.push(e);
    }
    let previous = entries.iter().find(|e| is_writer(e));
    let before =
        previous.map(|e| FieldSet::from_fields_v1(e.get("fieldsV1").unwrap_or(&Value::Null))).unwrap_or_default();
    let mine = before.union(&changed).minus(&removed);
    if !mine.is_empty() {
        let time = match previous {
            // An entry whose fields did not change keeps its timestamp (PUT-08).
            Some(p) if mine == before => p["time"].clone(),
            _ => Value::String(writer.time.to_string()),
        };
        let mut entry = json!({
            "manager": writer.manager,
            "operation": writer.operation.as_str(),
            "apiVersion": writer.api_version,
            "time": time,
            "fieldsType": "FieldsV1",
            "fieldsV1": mine.to_fields_v1(),
        });
        if !writer.subresource.is_empty() {
            entry["subresource"] = Value::String(writer.subresource.to_string());
        }
        out.push(entry);
    }
    sort_entries(&mut out);
    out
}

/// PAT-14 order: Apply before Update, then time, manager, apiVersion, subresource.
pub fn sort_entries(entries: &mut [Value]) {
    let key = |e: &Value| {
        let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        (s("operation") != "Apply", s("time"), s("manager"), s("apiVersion"), s("subresource"))
    };
    entries.sort_by_key(key);
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
