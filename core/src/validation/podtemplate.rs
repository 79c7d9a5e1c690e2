//! Pod templates (`ValidatePodTemplateSpec`) and the pod spec inside them (`ValidatePodSpec`), in Go's order.
//!
//! Covered: template labels/annotations, volumes, containers, init containers, ephemeral containers (forbidden
//! in templates), host-network ports, restartPolicy, dnsPolicy, nodeSelector, dnsConfig, readiness and
//! scheduling gates, service account / node / priority / runtime class names, activeDeadlineSeconds, hostname,
//! subdomain, tolerations and preemptionPolicy. Resource quantities, security contexts, affinity and topology
//! spread constraints are accepted as given.

use super::containers::{validate_containers, validate_enum, validate_init_containers, PodContext};
use super::labels::{validate_annotations, validate_labels};
use super::names::{
    dns1123_label_errors, inclusive_range_error, label_value_errors, name_is_dns_subdomain, qualified_name_errors,
    regex_error, DNS1123_SUBDOMAIN_MAX_LENGTH,
};
use super::volumes::validate_volumes;
use crate::field::{FieldError, Path};
use k8s_openapi::api::core::v1::{PodDNSConfig, PodSpec, PodTemplateSpec, Toleration};
use serde_json::json;
use std::collections::BTreeSet;

const MAX_DNS_NAMESERVERS: usize = 3;
const MAX_DNS_SEARCH_PATHS: usize = 32;
const MAX_DNS_SEARCH_LIST_CHARS: usize = 2048;

/// `ValidatePodTemplateSpec`: labels and annotations on `<path>.labels` / `<path>.annotations`, then the spec.
pub fn validate_pod_template_spec(template: &PodTemplateSpec, path: &Path) -> Vec<FieldError> {
    let meta = template.metadata.as_ref();
    let mut errs = validate_labels(meta.and_then(|m| m.labels.as_ref()), &path.child("labels"));
    errs.extend(validate_annotations(meta.and_then(|m| m.annotations.as_ref()), &path.child("annotations")));
    let default_spec = PodSpec::default();
    let spec = template.spec.as_ref().unwrap_or(&default_spec);
    let spec_path = path.child("spec");
    errs.extend(validate_pod_spec(spec, &spec_path));
    if spec.ephemeral_containers.as_ref().is_some_and(|c| !c.is_empty()) {
        errs.push(FieldError::forbidden(
            &spec_path.child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// `ValidatePodSpec` for a spec embedded in a template (not a pod).
pub fn validate_pod_spec(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    // The validators of lists are called only for lists that are there: in wasm a function is
    // compiled on its first call, and a pod without volumes should not compile their checks.
    let (volumes, mut errs) = match spec.volumes.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => validate_volumes(v, &path.child("volumes")),
        None => Default::default(),
    };
    let ctx = PodContext { volumes: &volumes, grace_period: spec.termination_grace_period_seconds };
    let containers = spec.containers.as_slice();
    errs.extend(validate_containers(containers, &ctx, &path.child("containers")));
    if let Some(init) = spec.init_containers.as_deref().filter(|i| !i.is_empty()) {
        errs.extend(validate_init_containers(init, containers, &ctx, &path.child("initContainers")));
    }
    if spec.host_network == Some(true) {
        errs.extend(validate_host_network_ports(spec, path));
    }
    errs.extend(validate_enum(
        spec.restart_policy.as_deref(),
        &["Always", "OnFailure", "Never"],
        &path.child("restartPolicy"),
    ));
    errs.extend(validate_enum(
        spec.dns_policy.as_deref(),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        &path.child("dnsPolicy"),
    ));
    if sets_rare_fields(spec) {
        validate_rare_fields(spec, path, &mut errs);
    }
    errs
}

/// Whether a pod sets any field [`validate_rare_fields`] checks (or asks for a DNS config with
/// `dnsPolicy: None`): most pods set none, and their validation calls none of those checks.
fn sets_rare_fields(spec: &PodSpec) -> bool {
    spec.dns_policy.as_deref() == Some("None")
        || spec.node_selector.is_some()
        || spec.dns_config.is_some()
        || spec.readiness_gates.is_some()
        || spec.scheduling_gates.is_some()
        || spec.service_account_name.is_some()
        || spec.node_name.is_some()
        || spec.active_deadline_seconds.is_some()
        || spec.hostname.is_some()
        || spec.subdomain.is_some()
        || spec.tolerations.is_some()
        || spec.priority_class_name.is_some()
        || spec.runtime_class_name.is_some()
        || spec.preemption_policy.is_some()
}

/// The checks of pod fields most pods leave unset. Out of line: in wasm a function is compiled
/// whole on its first call.
#[inline(never)]
fn validate_rare_fields(spec: &PodSpec, path: &Path, errs: &mut Vec<FieldError>) {
    errs.extend(validate_labels(spec.node_selector.as_ref(), &path.child("nodeSelector")));
    errs.extend(validate_dns_config(spec.dns_config.as_ref(), spec.dns_policy.as_deref(), &path.child("dnsConfig")));
    errs.extend(validate_readiness_gates(spec, &path.child("readinessGates")));
    errs.extend(validate_scheduling_gates(spec, &path.child("schedulingGates")));
    errs.extend(validate_name_field(spec.service_account_name.as_deref(), &path.child("serviceAccountName")));
    errs.extend(validate_name_field(spec.node_name.as_deref(), &path.child("nodeName")));
    if let Some(seconds) = spec.active_deadline_seconds.filter(|s| !(1..=i64::from(i32::MAX)).contains(s)) {
        let detail = inclusive_range_error(1, i32::MAX.into());
        errs.push(FieldError::invalid(&path.child("activeDeadlineSeconds"), &json!(seconds), &detail));
    }
    errs.extend(validate_dns_label_field(spec.hostname.as_deref(), &path.child("hostname")));
    errs.extend(validate_dns_label_field(spec.subdomain.as_deref(), &path.child("subdomain")));
    if let Some(tolerations) = spec.tolerations.as_deref().filter(|t| !t.is_empty()) {
        errs.extend(validate_tolerations(tolerations, &path.child("tolerations")));
    }
    errs.extend(validate_name_field(spec.priority_class_name.as_deref(), &path.child("priorityClassName")));
    if let Some(runtime_class) = spec.runtime_class_name.as_deref() {
        let runtime_path = path.child("runtimeClassName");
        errs.extend(
            name_is_dns_subdomain(runtime_class, false)
                .iter()
                .map(|m| FieldError::invalid(&runtime_path, &json!(runtime_class), m)),
        );
    }
    if let Some(policy) = spec.preemption_policy.as_deref() {
        let policy_path = path.child("preemptionPolicy");
        if policy.is_empty() {
            errs.push(FieldError::required(&policy_path, ""));
        } else {
            errs.extend(validate_enum(Some(policy), &["PreemptLowerPriority", "Never"], &policy_path));
        }
    }
}

/// A DNS-subdomain name field checked only when non-empty (serviceAccountName, nodeName, priorityClassName).
fn validate_name_field(value: Option<&str>, path: &Path) -> Vec<FieldError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Vec::new();
    };
    name_is_dns_subdomain(value, false).iter().map(|m| FieldError::invalid(path, &json!(value), m)).collect()
}

fn validate_dns_label_field(value: Option<&str>, path: &Path) -> Vec<FieldError> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Vec::new();
    };
    dns1123_label_errors(value).iter().map(|m| FieldError::invalid(path, &json!(value), m)).collect()
}

/// With `hostNetwork`, a template's host port must be unset or equal to the container port.
#[inline(never)]
fn validate_host_network_ports(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    if spec.host_network != Some(true) {
        return Vec::new();
    }
    let mut errs = Vec::new();
    let containers_path = path.child("containers");
    for (ci, container) in spec.containers.iter().enumerate() {
        let container_path = containers_path.index(ci);
        let ports_path = container_path.child("ports");
        for (pi, port) in container.ports.iter().flatten().enumerate() {
            let host_port = port.host_port.unwrap_or(0);
            if host_port != 0 && host_port != port.container_port {
                errs.push(FieldError::invalid(
                    &ports_path.index(pi).child("hostPort"),
                    &json!(host_port),
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

fn validate_readiness_gates(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, gate) in spec.readiness_gates.iter().flatten().enumerate() {
        let gate_at = path.index(i);
        let gate_path = gate_at.child("conditionType");
        let value = json!(gate.condition_type);
        errs.extend(
            qualified_name_errors(&gate.condition_type).iter().map(|m| FieldError::invalid(&gate_path, &value, m)),
        );
    }
    errs
}

fn validate_scheduling_gates(spec: &PodSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, gate) in spec.scheduling_gates.iter().flatten().enumerate() {
        let gate_path = path.index(i);
        let value = json!(gate.name);
        errs.extend(qualified_name_errors(&gate.name).iter().map(|m| FieldError::invalid(&gate_path, &value, m)));
        if !seen.insert(gate.name.as_str()) {
            errs.push(FieldError::duplicate(&gate_path, &value));
        }
    }
    errs
}

fn validate_dns_config(config: Option<&PodDNSConfig>, policy: Option<&str>, path: &Path) -> Vec<FieldError> {
    let nameservers = config.and_then(|c| c.nameservers.as_deref()).unwrap_or(&[]);
    if policy == Some("None") {
        if config.is_none() {
            return vec![FieldError::required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
        }
        if nameservers.is_empty() {
            return vec![FieldError::required(
                &path.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            )];
        }
    }
    let Some(config) = config else {
        return Vec::new();
    };
    let mut errs = Vec::new();
    let nameservers_path = path.child("nameservers");
    if nameservers.len() > MAX_DNS_NAMESERVERS {
        let detail = format!("must not have more than {MAX_DNS_NAMESERVERS} nameservers");
        errs.push(FieldError::invalid(&nameservers_path, &json!(nameservers), &detail));
    }
    for (i, server) in nameservers.iter().enumerate() {
        if server.parse::<std::net::IpAddr>().is_err() {
            errs.push(FieldError::invalid(
                &nameservers_path.index(i),
                &json!(server),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    errs.extend(validate_dns_searches(config.searches.as_deref().unwrap_or(&[]), &path.child("searches")));
    for (i, option) in config.options.iter().flatten().enumerate() {
        if option.name.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&path.child("options").index(i), "must not be empty"));
        }
    }
    errs
}

fn validate_dns_searches(searches: &[String], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if searches.len() > MAX_DNS_SEARCH_PATHS {
        let detail = format!("must not have more than {MAX_DNS_SEARCH_PATHS} search paths");
        errs.push(FieldError::invalid(path, &json!(searches), &detail));
    }
    if searches.join(" ").len() > MAX_DNS_SEARCH_LIST_CHARS {
        let detail = format!(
            "must not have more than {MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list"
        );
        errs.push(FieldError::invalid(path, &json!(searches), &detail));
    }
    for (i, search) in searches.iter().enumerate() {
        if search == "." {
            continue;
        }
        let trimmed = search.strip_suffix('.').unwrap_or(search);
        errs.extend(
            subdomain_with_underscore_errors(trimmed)
                .iter()
                .map(|m| FieldError::invalid(&path.index(i), &json!(trimmed), m)),
        );
    }
    errs
}

/// `IsDNS1123SubdomainWithUnderscore`, the relaxed rule for DNS search domains.
fn subdomain_with_underscore_errors(value: &str) -> Vec<String> {
    let label_ok = |label: &str| {
        let label = label.strip_prefix('_').unwrap_or(label);
        let bytes = label.as_bytes();
        let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        bytes.first().is_some_and(edge)
            && bytes.last().is_some_and(edge)
            && bytes.iter().all(|b| edge(b) || *b == b'-' || *b == b'_')
    };
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(super::names::max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !value.split('.').all(label_ok) {
        errs.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
            "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
            &["example.com"],
        ));
    }
    errs
}

/// `ValidateTolerations`.
pub fn validate_tolerations(tolerations: &[Toleration], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, toleration) in tolerations.iter().enumerate() {
        let t_path = path.index(i);
        let key = toleration.key.as_deref().unwrap_or("");
        let operator = toleration.operator.as_deref().unwrap_or("");
        let value = toleration.value.as_deref().unwrap_or("");
        let effect = toleration.effect.as_deref().unwrap_or("");
        let operator_path = t_path.child("operator");
        if !key.is_empty() {
            errs.extend(super::labels::validate_label_name(key, &t_path.child("key")));
        }
        if key.is_empty() && operator != "Exists" {
            errs.push(FieldError::invalid(
                &operator_path,
                &json!(operator),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if toleration.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                &t_path.child("effect"),
                &json!(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match operator {
            "Equal" | "" => {
                let msgs = label_value_errors(value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(&operator_path, &json!(value), &msgs.join(";")));
                }
            }
            "Exists" if !value.is_empty() => {
                errs.push(FieldError::invalid(
                    &operator_path,
                    &json!(value),
                    "value must be empty when `operator` is 'Exists'",
                ));
            }
            "Exists" => {}
            other => errs.push(FieldError::not_supported(&operator_path, &json!(other), &["Equal", "Exists"])),
        }
        errs.extend(validate_enum(
            Some(effect),
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            &t_path.child("effect"),
        ));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Container, EphemeralContainer};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn strings(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    fn template(spec: PodSpec) -> PodTemplateSpec {
        PodTemplateSpec { metadata: None, spec: Some(spec) }
    }

    fn one_container() -> Vec<Container> {
        vec![Container { name: "c".into(), image: Some("busybox".into()), ..Default::default() }]
    }

    fn path() -> Path<'static> {
        Path::new("spec.template")
    }

    #[test]
    fn val_16_template_labels_use_the_template_path() {
        let mut t = template(PodSpec { containers: one_container(), ..Default::default() });
        t.metadata = Some(ObjectMeta {
            labels: Some([("job-name".to_string(), "n".repeat(64))].into_iter().collect()),
            annotations: Some([("bad key".to_string(), String::new())].into_iter().collect()),
            ..Default::default()
        });
        let errs = strings(&validate_pod_template_spec(&t, &path()));
        assert_eq!(
            errs[0],
            format!("spec.template.labels: Invalid value: \"{}\": must be no more than 63 characters", "n".repeat(64))
        );
        assert!(errs[1].starts_with("spec.template.annotations: Invalid value: \"bad key\": name part must consist of"));
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn val_16_pod_spec_scalar_rules() {
        let spec = PodSpec {
            containers: one_container(),
            restart_policy: Some("Sometimes".into()),
            dns_policy: Some("None".into()),
            active_deadline_seconds: Some(0),
            hostname: Some("Host".into()),
            tolerations: Some(vec![Toleration { operator: Some("Equal".into()), ..Default::default() }]),
            ephemeral_containers: Some(vec![EphemeralContainer::default()]),
            ..Default::default()
        };
        let errs = strings(&validate_pod_template_spec(&template(spec), &path()));
        assert_eq!(errs[0], "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
        assert_eq!(
            errs[1],
            "spec.template.spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"
        );
        assert_eq!(
            errs[2],
            "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"
        );
        assert!(errs[3].starts_with("spec.template.spec.hostname: Invalid value: \"Host\": a lowercase RFC 1123 label"));
        assert_eq!(
            errs[4],
            "spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""
        );
        assert_eq!(
            errs[5],
            "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template"
        );
        assert_eq!(errs.len(), 6);
    }

    /// Every field checked out of line is checked when it is the only one set: the presence
    /// test in front of those checks names each of them.
    #[test]
    fn val_16_each_rarely_set_field_is_checked_alone() {
        use k8s_openapi::api::core::v1::{PodDNSConfig, PodReadinessGate, PodSchedulingGate};
        let bad = || Some("Bad_Name".to_string());
        let cases: Vec<(&str, PodSpec)> = vec![
            (
                "nodeSelector",
                PodSpec { node_selector: Some([("bad key".into(), "v".into())].into()), ..Default::default() },
            ),
            (
                "dnsConfig",
                PodSpec {
                    dns_config: Some(PodDNSConfig { nameservers: Some(vec!["x".into()]), ..Default::default() }),
                    ..Default::default()
                },
            ),
            ("dnsConfig", PodSpec { dns_policy: Some("None".into()), ..Default::default() }),
            (
                "readinessGates",
                PodSpec {
                    readiness_gates: Some(vec![PodReadinessGate { condition_type: "bad type".into() }]),
                    ..Default::default()
                },
            ),
            (
                "schedulingGates",
                PodSpec {
                    scheduling_gates: Some(vec![PodSchedulingGate { name: "bad name".into() }]),
                    ..Default::default()
                },
            ),
            ("serviceAccountName", PodSpec { service_account_name: bad(), ..Default::default() }),
            ("nodeName", PodSpec { node_name: bad(), ..Default::default() }),
            ("activeDeadlineSeconds", PodSpec { active_deadline_seconds: Some(0), ..Default::default() }),
            ("hostname", PodSpec { hostname: bad(), ..Default::default() }),
            ("subdomain", PodSpec { subdomain: bad(), ..Default::default() }),
            (
                "tolerations",
                PodSpec {
                    tolerations: Some(vec![Toleration { operator: Some("Equal".into()), ..Default::default() }]),
                    ..Default::default()
                },
            ),
            ("priorityClassName", PodSpec { priority_class_name: bad(), ..Default::default() }),
            ("runtimeClassName", PodSpec { runtime_class_name: bad(), ..Default::default() }),
            ("preemptionPolicy", PodSpec { preemption_policy: Some(String::new()), ..Default::default() }),
        ];
        for (field, spec) in cases {
            let spec = PodSpec { containers: one_container(), ..spec };
            let errs = strings(&validate_pod_template_spec(&template(spec), &path()));
            assert_eq!(errs.len(), 1, "{field}: {errs:?}");
            assert!(errs[0].starts_with(&format!("spec.template.spec.{field}")), "{field}: {errs:?}");
        }
    }

    #[test]
    fn val_16_missing_spec_means_no_containers() {
        let errs = strings(&validate_pod_template_spec(&PodTemplateSpec::default(), &path()));
        assert_eq!(errs, vec!["spec.template.spec.containers: Required value"]);
    }
}
