//! Minimal core/v1 Namespaces: enough for kubectl (`GET /api/v1/namespaces/{ns}`) and for Jobs
//! to live in namespaces that exist (CRE-11).

use crate::field::{FieldError, Path};
use crate::registry::strategy::Strategy;
use k8s_openapi::api::core::v1::{Namespace, NamespaceSpec, NamespaceStatus};
use serde_json::Value;

/// The namespaces every cluster starts with.
pub const BUILT_IN: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

pub struct NamespaceStrategy;

/// A DNS-1123 label (namespace names).
pub fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

impl Strategy<Namespace> for NamespaceStrategy {
    fn reset_fields(&self) -> &'static [&'static str] {
        &["status"]
    }
    fn default(&self, ns: &mut Namespace) {
        let name = ns.metadata.name.clone().unwrap_or_default();
        if !name.is_empty() {
            ns.metadata.labels.get_or_insert_with(Default::default).insert("kubernetes.io/metadata.name".into(), name);
        }
        let spec = ns.spec.get_or_insert_with(NamespaceSpec::default);
        if spec.finalizers.is_none() {
            spec.finalizers = Some(vec!["kubernetes".to_string()]);
        }
        ns.status.get_or_insert_with(NamespaceStatus::default).phase.get_or_insert_with(|| "Active".to_string());
    }
    fn prepare_for_create(&self, ns: &mut Namespace) {
        ns.status = Some(NamespaceStatus { phase: Some("Active".into()), ..Default::default() });
    }
    fn validate(&self, ns: &Namespace) -> Vec<FieldError> {
        let name = ns.metadata.name.as_deref().unwrap_or("");
        let path = Path::new("metadata.name");
        if name.is_empty() {
            return vec![FieldError::required(&path, "name or generateName is required")];
        }
        if !is_dns_label(name) {
            return vec![FieldError::invalid(
                &path,
                &Value::from(name),
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            )];
        }
        Vec::new()
    }
    fn prepare_for_update(&self, new: &mut Namespace, old: &Namespace) {
        new.status = old.status.clone();
    }
    fn validate_update(&self, new: &Namespace, old: &Namespace) -> Vec<FieldError> {
        let mut errs = self.validate(new);
        if new.metadata.name != old.metadata.name {
            errs.push(FieldError::invalid(
                &Path::new("metadata.name"),
                &Value::from(new.metadata.name.clone().unwrap_or_default()),
                "field is immutable",
            ));
        }
        errs
    }
}

/// The Namespace Table columns: Name, Status, Age.
pub fn column_definitions() -> Value {
    let col = |name: &str, format: &str, description: &str| serde_json::json!({"name": name, "type": "string", "format": format, "description": description, "priority": 0});
    Value::Array(vec![
        col("Name", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
        col("Status", "", "The status of the namespace"),
        col("Age", "", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
    ])
}

/// The cells of a Namespace row.
pub fn cells(ns: &Namespace, now: jiff::Timestamp) -> Vec<Value> {
    let age = ns
        .metadata
        .creation_timestamp
        .as_ref()
        .map_or("<unknown>".to_string(), |t| crate::jobs::table::human_duration(now.duration_since(t.0)));
    let phase = ns.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_default();
    vec![Value::String(ns.metadata.name.clone().unwrap_or_default()), Value::String(phase), Value::String(age)]
}
