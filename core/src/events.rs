//! core/v1 Events, as the Job controller records them (SuccessfulCreate, Completed, …) so that
//! `kubectl describe job` shows them.

use crate::field::FieldError;
use crate::registry::strategy::Strategy;
use k8s_openapi::api::core::v1::Event;
use serde_json::{json, Value};

pub struct EventStrategy;

impl Strategy<Event> for EventStrategy {
    fn default(&self, _e: &mut Event) {}
    fn prepare_for_create(&self, _e: &mut Event) {}
    fn validate(&self, _e: &Event) -> Vec<FieldError> {
        Vec::new()
    }
    fn prepare_for_update(&self, _new: &mut Event, _old: &Event) {}
    fn validate_update(&self, _new: &Event, _old: &Event) -> Vec<FieldError> {
        Vec::new()
    }
}

/// The fields an Event field selector may name.
pub const FIELDS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
];

/// Values of the selectable fields.
pub fn selectable_fields(e: &Event) -> Vec<(&'static str, String)> {
    let o = &e.involved_object;
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        ("metadata.name", s(&e.metadata.name)),
        ("metadata.namespace", s(&e.metadata.namespace)),
        ("involvedObject.kind", s(&o.kind)),
        ("involvedObject.namespace", s(&o.namespace)),
        ("involvedObject.name", s(&o.name)),
        ("involvedObject.uid", s(&o.uid)),
        ("involvedObject.apiVersion", s(&o.api_version)),
        ("involvedObject.resourceVersion", s(&o.resource_version)),
        ("involvedObject.fieldPath", s(&o.field_path)),
        ("reason", s(&e.reason)),
        ("reportingComponent", s(&e.reporting_component)),
        ("source", e.source.as_ref().and_then(|x| x.component.clone()).unwrap_or_default()),
        ("type", s(&e.type_)),
    ]
}

/// The columns of `kubectl get events`.
pub fn column_definitions() -> Value {
    let col = |name: &str, priority: i32| json!({"name": name, "type": "string", "format": "", "description": "", "priority": priority});
    Value::Array(vec![
        col("Last Seen", 0),
        col("Type", 0),
        col("Reason", 0),
        col("Object", 0),
        col("Subobject", 1),
        col("Source", 1),
        col("Message", 0),
        col("First Seen", 1),
        col("Count", 1),
        col("Name", 1),
    ])
}

/// The cells of an Event row.
pub fn cells(e: &Event, now: jiff::Timestamp) -> Vec<Value> {
    let since = |t: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>| {
        t.as_ref().map_or("<unknown>".into(), |t| crate::jobs::table::human_duration(now.duration_since(t.0)))
    };
    let o = &e.involved_object;
    let object = format!(
        "{}/{}",
        crate::field::go_lower(o.kind.as_deref().unwrap_or_default()),
        o.name.as_deref().unwrap_or_default()
    );
    vec![
        json!(since(&e.last_timestamp)),
        json!(e.type_.clone().unwrap_or_default()),
        json!(e.reason.clone().unwrap_or_default()),
        json!(object),
        json!(o.field_path.clone().unwrap_or_default()),
        json!(e.source.as_ref().and_then(|s| s.component.clone()).unwrap_or_default()),
        json!(e.message.clone().unwrap_or_default()),
        json!(since(&e.first_timestamp)),
        json!(e.count.unwrap_or(1)),
        json!(e.metadata.name.clone().unwrap_or_default()),
    ]
}
