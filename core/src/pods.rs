//! core/v1 Pods, as the simulated Job controller creates them: readable, listable, watchable and
//! deletable like a cluster's (`kubectl get pods -l job-name=x`), with their Table columns.

use crate::field::{FieldError, Path};
use crate::registry::strategy::{Propagation, Strategy};
use crate::storage::Stored;
use k8s_openapi::api::core::v1::{Pod, PodStatus};
use serde_json::{json, Value};

/// The main resource `…/pods/{name}`.
pub struct PodStrategy;
/// The status subresource, written by the simulated kubelet.
pub struct PodStatusStrategy;

impl Strategy<Pod> for PodStrategy {
    fn reset_fields(&self) -> &'static [&'static str] {
        &["status"]
    }
    fn default(&self, pod: &mut Pod) {
        if let Some(spec) = pod.spec.as_mut() {
            crate::pod::defaults::set_defaults_pod_spec_for_pod(spec);
        }
    }
    fn prepare_for_create(&self, pod: &mut Pod) {
        pod.status = Some(PodStatus {
            phase: Some("Pending".into()),
            qos_class: Some("BestEffort".into()),
            ..Default::default()
        });
    }
    fn validate(&self, pod: &Pod) -> Vec<FieldError> {
        let mut errs = Vec::new();
        if pod.metadata.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&Path::new("metadata.name"), "name or generateName is required"));
        }
        if pod.spec.as_ref().is_none_or(|s| s.containers.is_empty()) {
            errs.push(FieldError::required(&Path::new("spec.containers"), ""));
        }
        errs
    }
    fn prepare_for_update(&self, new: &mut Pod, old: &Pod) {
        new.status = old.status.clone();
    }
    fn validate_update(&self, _new: &Pod, _old: &Pod) -> Vec<FieldError> {
        Vec::new()
    }
    fn default_propagation(&self) -> Propagation {
        Propagation::Background
    }
    /// Scheduled pods that have not finished terminate gracefully (terminationGracePeriodSeconds).
    fn grace_period(&self, old: &Stored<Pod>, requested: Option<i64>) -> Option<i64> {
        let pod = old.obj();
        let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
        let scheduled = pod.spec.as_ref().is_some_and(|s| s.node_name.is_some());
        if !scheduled || matches!(phase, Some("Succeeded") | Some("Failed")) {
            return None;
        }
        let default = pod.spec.as_ref().and_then(|s| s.termination_grace_period_seconds).unwrap_or(30);
        Some(match requested {
            Some(g) if g < 0 => 1,
            Some(g) => g,
            None => default,
        })
    }
}

impl Strategy<Pod> for PodStatusStrategy {
    fn subresource(&self) -> &'static str {
        "status"
    }
    fn reset_fields(&self) -> &'static [&'static str] {
        &["spec"]
    }
    fn default(&self, _pod: &mut Pod) {}
    fn prepare_for_create(&self, _pod: &mut Pod) {}
    fn validate(&self, _pod: &Pod) -> Vec<FieldError> {
        Vec::new()
    }
    fn prepare_for_update(&self, new: &mut Pod, old: &Pod) {
        new.spec = old.spec.clone();
    }
    fn validate_update(&self, _new: &Pod, _old: &Pod) -> Vec<FieldError> {
        Vec::new()
    }
}

const POD_STATUS: &[&str] = &[
    "observedGeneration",
    "phase",
    "conditions",
    "message",
    "reason",
    "nominatedNodeName",
    "hostIP",
    "hostIPs",
    "podIP",
    "podIPs",
    "startTime",
    "initContainerStatuses",
    "containerStatuses",
    "qosClass",
];

/// Go order of a Pod's structs (GEN-04).
pub fn go_order(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "PodStatus" => Some(POD_STATUS),
        _ => crate::schema::order::top(name, "Pod").or_else(|| crate::schema::order::pod_spec(name)),
    }
}

/// The Pod columns of `kubectl get pods`.
pub fn column_definitions() -> Value {
    let col = |name: &str, format: &str, priority: i32, description: &str| json!({"name": name, "type": "string", "format": format, "description": description, "priority": priority});
    Value::Array(vec![
        col("Name", "name", 0, "Name must be unique within a namespace."),
        col("Ready", "", 0, "The aggregate readiness state of this pod for accepting traffic."),
        col("Status", "", 0, "The aggregate status of the containers in this pod."),
        json!({"name": "Restarts", "type": "string", "format": "", "description": "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.", "priority": 0}),
        col(
            "Age",
            "",
            0,
            "CreationTimestamp is a timestamp representing the server time when this object was created.",
        ),
        col("IP", "", 1, "podIP is the IP address allocated to the pod."),
        col("Node", "", 1, "NodeName indicates in which node this pod is scheduled."),
        col("Nominated Node", "", 1, "nominatedNodeName is set only when this pod preempts other pods on the node."),
        col("Readiness Gates", "", 1, "If specified, all readiness gates will be evaluated for pod readiness."),
    ])
}

/// The printed status of a pod, as kubectl shows it.
pub fn reason(pod: &Pod) -> String {
    let status = pod.status.as_ref();
    let mut reason =
        status.and_then(|s| s.reason.clone()).or_else(|| status.and_then(|s| s.phase.clone())).unwrap_or_default();
    for cs in status.and_then(|s| s.container_statuses.as_ref()).into_iter().flatten() {
        if let Some(w) = cs.state.as_ref().and_then(|s| s.waiting.as_ref()).and_then(|w| w.reason.clone()) {
            reason = w;
        } else if let Some(t) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) {
            reason = t.reason.clone().unwrap_or_else(|| format!("ExitCode:{}", t.exit_code));
        }
    }
    if pod.metadata.deletion_timestamp.is_some() && !matches!(reason.as_str(), "Completed" | "Error") {
        reason = "Terminating".into();
    }
    reason
}

/// The cells of a Pod row.
pub fn cells(pod: &Pod, now: jiff::Timestamp) -> Vec<Value> {
    let status = pod.status.as_ref();
    let total = pod.spec.as_ref().map_or(0, |s| s.containers.len());
    let ready =
        status.and_then(|s| s.container_statuses.as_ref()).map_or(0, |cs| cs.iter().filter(|c| c.ready).count());
    let restarts: i32 =
        status.and_then(|s| s.container_statuses.as_ref()).map_or(0, |cs| cs.iter().map(|c| c.restart_count).sum());
    let age = pod
        .metadata
        .creation_timestamp
        .as_ref()
        .map_or("<unknown>".into(), |t| crate::jobs::table::human_duration(now.duration_since(t.0)));
    let none = || "<none>".to_string();
    let ip = status.and_then(|s| s.pod_ip.clone()).unwrap_or_else(none);
    let node = pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(none);
    vec![
        json!(pod.metadata.name.clone().unwrap_or_default()),
        json!(format!("{ready}/{total}")),
        json!(reason(pod)),
        json!(restarts),
        json!(age),
        json!(ip),
        json!(node),
        json!(none()),
        json!(none()),
    ]
}
