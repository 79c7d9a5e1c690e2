//! Containers and init containers of a pod spec (`validateContainers`, `validateInitContainers`,
//! `validateContainerCommon`): names, image, ports, env, volume mounts, probes and lifecycle hooks.
//!
//! Fields the pod-template defaults always set (`imagePullPolicy`, `terminationMessagePolicy`, port `protocol`,
//! probe thresholds, HTTP probe `path`/`scheme`) are only checked when present: absent means "defaulted".

use super::names::{
    config_map_key_errors, dns1123_label_errors, http_header_name_errors, name_is_dns_subdomain, port_name_errors,
    port_num_errors, qualified_name_errors, relaxed_env_var_name_errors,
};
use super::objectmeta::validate_nonnegative;
use super::volumes::validate_local_descending_path;
use crate::field::{FieldError, Path};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, LifecycleHandler, ObjectFieldSelector, Probe, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// What container validation needs from the surrounding pod spec.
pub struct PodContext<'a> {
    /// Names of the volumes that validated.
    pub volumes: &'a BTreeMap<&'a str, &'a k8s_openapi::api::core::v1::Volume>,
    /// `terminationGracePeriodSeconds`, bounding sleep hooks.
    pub grace_period: Option<i64>,
}

/// `validateContainers`: at least one, unique names, probes, no per-container restartPolicy, no host-port clash.
pub fn validate_containers(containers: &[Container], ctx: &PodContext, path: &Path) -> Vec<FieldError> {
    if containers.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, container) in containers.iter().enumerate() {
        let container_path = path.index(i);
        errs.extend(validate_container_common(container, ctx, &container_path));
        if !names.insert(container.name.as_str()) {
            errs.push(FieldError::duplicate(&container_path.child("name"), &json!(container.name)));
        }
        errs.extend(validate_lifecycle_and_probes(container, ctx, &container_path));
        if container.restart_policy.is_some() {
            errs.push(FieldError::forbidden(
                &container_path.child("restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    errs.extend(check_host_port_conflicts(containers.iter().enumerate(), path));
    errs
}

/// `validateInitContainers`: as containers, but names must also differ from the regular containers', only
/// `restartPolicy: Always` (sidecars) is allowed, and only sidecars may have probes and lifecycle hooks.
pub fn validate_init_containers(
    init: &[Container],
    regular: &[Container],
    ctx: &PodContext,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names: BTreeSet<&str> = regular.iter().map(|c| c.name.as_str()).collect();
    for (i, container) in init.iter().enumerate() {
        let container_path = path.index(i);
        errs.extend(validate_container_common(container, ctx, &container_path));
        let restart_always = container.restart_policy.as_deref() == Some("Always");
        if let Some(policy) = container.restart_policy.as_deref().filter(|p| *p != "Always") {
            errs.push(FieldError::not_supported(&container_path.child("restartPolicy"), &json!(policy), &["Always"]));
        }
        if names.contains(container.name.as_str()) {
            errs.push(FieldError::duplicate(&container_path.child("name"), &json!(container.name)));
        } else if !container.name.is_empty() {
            names.insert(container.name.as_str());
        }
        // Go checks each init container alone, so the reported index is always 0.
        errs.extend(check_host_port_conflicts(std::iter::once((0, container)), path));
        if restart_always {
            errs.extend(validate_lifecycle_and_probes(container, ctx, &container_path));
        } else {
            errs.extend(forbid_init_probes(container, &container_path));
        }
    }
    errs
}

fn forbid_init_probes(container: &Container, path: &Path) -> Vec<FieldError> {
    let detail = "may not be set for init containers without restartPolicy=Always";
    [
        ("lifecycle", container.lifecycle.is_some()),
        ("livenessProbe", container.liveness_probe.is_some()),
        ("readinessProbe", container.readiness_probe.is_some()),
        ("startupProbe", container.startup_probe.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(field, _)| FieldError::forbidden(&path.child(field), detail))
    .collect()
}

fn validate_container_common(container: &Container, ctx: &PodContext, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let name_path = path.child("name");
    if container.name.is_empty() {
        errs.push(FieldError::required(&name_path, ""));
    } else {
        let name = json!(container.name);
        errs.extend(dns1123_label_errors(&container.name).iter().map(|m| FieldError::invalid(&name_path, &name, m)));
    }
    if container.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(&path.child("image"), ""));
    }
    errs.extend(validate_enum(
        container.termination_message_policy.as_deref(),
        &["File", "FallbackToLogsOnError"],
        &path.child("terminationMessagePolicy"),
    ));
    // The validators of lists stay out of line and are called only for lists that are there:
    // in wasm a function is compiled whole on its first call.
    if let Some(ports) = container.ports.as_deref().filter(|p| !p.is_empty()) {
        errs.extend(validate_ports(ports, &path.child("ports")));
    }
    if let Some(vars) = container.env.as_deref().filter(|v| !v.is_empty()) {
        errs.extend(validate_env(vars, &path.child("env")));
    }
    if let Some(sources) = container.env_from.as_deref().filter(|s| !s.is_empty()) {
        errs.extend(validate_env_from(sources, &path.child("envFrom")));
    }
    if let Some(mounts) = container.volume_mounts.as_deref().filter(|m| !m.is_empty()) {
        errs.extend(validate_volume_mounts(mounts, ctx, &path.child("volumeMounts")));
    }
    errs.extend(validate_enum(
        container.image_pull_policy.as_deref(),
        &["Always", "IfNotPresent", "Never"],
        &path.child("imagePullPolicy"),
    ));
    errs
}

/// An enumerated field that defaulting always sets: an unknown non-empty value is `Unsupported value`.
pub fn validate_enum(value: Option<&str>, supported: &[&str], path: &Path) -> Vec<FieldError> {
    match value {
        Some(v) if !v.is_empty() && !supported.contains(&v) => {
            vec![FieldError::not_supported(path, &json!(v), supported)]
        }
        _ => Vec::new(),
    }
}

#[inline(never)]
fn validate_ports(ports: &[ContainerPort], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let port_path = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let name_path = port_path.child("name");
            let msgs = port_name_errors(name);
            if !msgs.is_empty() {
                errs.extend(msgs.iter().map(|m| FieldError::invalid(&name_path, &json!(name), m)));
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(&name_path, &json!(name)));
            }
        }
        let container_port_path = port_path.child("containerPort");
        if port.container_port == 0 {
            errs.push(FieldError::required(&container_port_path, ""));
        } else {
            let value = json!(port.container_port);
            errs.extend(
                port_num_errors(port.container_port.into())
                    .iter()
                    .map(|m| FieldError::invalid(&container_port_path, &value, m)),
            );
        }
        if let Some(host_port) = port.host_port.filter(|p| *p != 0) {
            let host_path = port_path.child("hostPort");
            errs.extend(
                port_num_errors(host_port.into()).iter().map(|m| FieldError::invalid(&host_path, &json!(host_port), m)),
            );
        }
        errs.extend(validate_enum(port.protocol.as_deref(), &["SCTP", "TCP", "UDP"], &port_path.child("protocol")));
    }
    errs
}

/// `AccumulateUniqueHostPorts`: a `<protocol>/<hostIP>/<hostPort>` may be used once.
fn check_host_port_conflicts<'a>(
    containers: impl Iterator<Item = (usize, &'a Container)>,
    path: &Path,
) -> Vec<FieldError> {
    let mut seen = BTreeSet::new();
    let mut errs = Vec::new();
    for (ci, container) in containers {
        let container_path = path.index(ci);
        let ports_path = container_path.child("ports");
        for (pi, port) in container.ports.iter().flatten().enumerate() {
            let Some(host_port) = port.host_port.filter(|p| *p != 0) else {
                continue;
            };
            let protocol = port.protocol.as_deref().unwrap_or("TCP");
            let key = format!("{protocol}/{}/{host_port}", port.host_ip.as_deref().unwrap_or(""));
            if seen.contains(&key) {
                errs.push(FieldError::duplicate(&ports_path.index(pi).child("hostPort"), &json!(key)));
            } else {
                seen.insert(key);
            }
        }
    }
    errs
}

#[inline(never)]
fn validate_env(vars: &[EnvVar], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, var) in vars.iter().enumerate() {
        let var_path = path.index(i);
        let name_path = var_path.child("name");
        if var.name.is_empty() {
            errs.push(FieldError::required(&name_path, ""));
        } else {
            let name = json!(var.name);
            errs.extend(
                relaxed_env_var_name_errors(&var.name).iter().map(|m| FieldError::invalid(&name_path, &name, m)),
            );
        }
        errs.extend(validate_env_value_from(var, &var_path.child("valueFrom")));
    }
    errs
}

fn validate_env_value_from(var: &EnvVar, path: &Path) -> Vec<FieldError> {
    let Some(from) = var.value_from.as_ref() else {
        return Vec::new();
    };
    let mut errs = Vec::new();
    let mut sources = 0;
    if let Some(field_ref) = &from.field_ref {
        sources += 1;
        errs.extend(validate_object_field_selector(field_ref, &path.child("fieldRef")));
    }
    if let Some(resource_ref) = &from.resource_field_ref {
        sources += 1;
        errs.extend(validate_resource_field_ref(&resource_ref.resource, &path.child("resourceFieldRef")));
    }
    if let Some(key_ref) = &from.config_map_key_ref {
        sources += 1;
        errs.extend(validate_key_selector(&key_ref.name, &key_ref.key, &path.child("configMapKeyRef")));
    }
    if let Some(key_ref) = &from.secret_key_ref {
        sources += 1;
        errs.extend(validate_key_selector(&key_ref.name, &key_ref.key, &path.child("secretKeyRef")));
    }
    let empty = json!("");
    if sources == 0 {
        errs.push(FieldError::invalid(
            path,
            &empty,
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ));
    } else if !var.value.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::invalid(path, &empty, "may not be specified when `value` is not empty"));
    } else if sources > 1 {
        errs.push(FieldError::invalid(path, &empty, "may not have more than one field specified at a time"));
    }
    errs
}

/// Downward-API field paths accepted by the v1 conversion (`ConvertDownwardAPIFieldLabel`).
const CONVERTIBLE_FIELD_PATHS: [&str; 14] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field paths an environment variable may reference (sorted, as Go lists them).
const ENV_FIELD_PATHS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `metadata.labels['key']` → (`metadata.labels`, `key`).
fn split_subscript(field_path: &str) -> Option<(&str, &str)> {
    let (head, rest) = field_path.split_once("['")?;
    let key = rest.strip_suffix("']")?;
    Some((head, key))
}

fn validate_object_field_selector(selector: &ObjectFieldSelector, path: &Path) -> Vec<FieldError> {
    let api_version = selector.api_version.as_deref().unwrap_or("v1");
    if api_version.is_empty() {
        return vec![FieldError::required(&path.child("apiVersion"), "")];
    }
    let field_path = selector.field_path.as_str();
    let field_path_path = path.child("fieldPath");
    if field_path.is_empty() {
        return vec![FieldError::required(&field_path_path, "")];
    }
    let value = json!(field_path);
    if api_version != "v1" {
        let detail = format!("error converting fieldPath: unsupported pod version: {api_version}");
        return vec![FieldError::invalid(&field_path_path, &value, &detail)];
    }
    if let Some((head, key)) = split_subscript(field_path) {
        return match head {
            "metadata.annotations" => qualified_name_msgs(&crate::field::go_lower(key), path),
            "metadata.labels" => qualified_name_msgs(key, path),
            _ => {
                let detail = format!("error converting fieldPath: field label does not support subscript: {head}");
                vec![FieldError::invalid(&field_path_path, &value, &detail)]
            }
        };
    }
    if !CONVERTIBLE_FIELD_PATHS.contains(&field_path) {
        let detail = format!("error converting fieldPath: field label not supported: {field_path}");
        return vec![FieldError::invalid(&field_path_path, &value, &detail)];
    }
    if !ENV_FIELD_PATHS.contains(&field_path) {
        return vec![FieldError::not_supported(&field_path_path, &value, &ENV_FIELD_PATHS)];
    }
    Vec::new()
}

fn qualified_name_msgs(value: &str, path: &Path) -> Vec<FieldError> {
    qualified_name_errors(value).iter().map(|m| FieldError::invalid(path, &json!(value), m)).collect()
}

const RESOURCE_FIELD_PATHS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

fn validate_resource_field_ref(resource: &str, path: &Path) -> Vec<FieldError> {
    let resource_path = path.child("resource");
    if resource.is_empty() {
        return vec![FieldError::required(&resource_path, "")];
    }
    let hugepages = resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-");
    if !RESOURCE_FIELD_PATHS.contains(&resource) && !hugepages {
        return vec![FieldError::not_supported(&resource_path, &json!(resource), &RESOURCE_FIELD_PATHS)];
    }
    Vec::new()
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
fn validate_key_selector(name: &str, key: &str, path: &Path) -> Vec<FieldError> {
    let name_path = path.child("name");
    let mut errs: Vec<FieldError> =
        name_is_dns_subdomain(name, false).iter().map(|m| FieldError::invalid(&name_path, &json!(name), m)).collect();
    let key_path = path.child("key");
    if key.is_empty() {
        errs.push(FieldError::required(&key_path, ""));
    } else {
        errs.extend(config_map_key_errors(key).iter().map(|m| FieldError::invalid(&key_path, &json!(key), m)));
    }
    errs
}

#[inline(never)]
fn validate_env_from(sources: &[EnvFromSource], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let source_path = path.index(i);
        if let Some(prefix) = source.prefix.as_deref().filter(|p| !p.is_empty()) {
            let prefix_path = source_path.child("prefix");
            errs.extend(
                relaxed_env_var_name_errors(prefix)
                    .iter()
                    .map(|m| FieldError::invalid(&prefix_path, &json!(prefix), m)),
            );
        }
        let mut count = 0;
        if let Some(r) = &source.config_map_ref {
            count += 1;
            errs.extend(validate_env_source_name(&r.name, &source_path.child("configMapRef")));
        }
        if let Some(r) = &source.secret_ref {
            count += 1;
            errs.extend(validate_env_source_name(&r.name, &source_path.child("secretRef")));
        }
        if count == 0 {
            errs.push(FieldError::invalid(path, &json!(""), "must specify one of: `configMapRef` or `secretRef`"));
        } else if count > 1 {
            errs.push(FieldError::invalid(path, &json!(""), "may not have more than one field specified at a time"));
        }
    }
    errs
}

fn validate_env_source_name(name: &str, path: &Path) -> Vec<FieldError> {
    let name_path = path.child("name");
    if name.is_empty() {
        return vec![FieldError::required(&name_path, "")];
    }
    name_is_dns_subdomain(name, true).iter().map(|m| FieldError::invalid(&name_path, &json!(name), m)).collect()
}

#[inline(never)]
fn validate_volume_mounts(mounts: &[VolumeMount], ctx: &PodContext, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut mount_points = BTreeSet::new();
    for (i, mount) in mounts.iter().enumerate() {
        let mount_path = path.index(i);
        let name_path = mount_path.child("name");
        if mount.name.is_empty() {
            errs.push(FieldError::required(&name_path, ""));
        }
        if !ctx.volumes.contains_key(mount.name.as_str()) {
            errs.push(FieldError::not_found(&name_path, &json!(mount.name)));
        }
        let point_path = mount_path.child("mountPath");
        if mount.mount_path.is_empty() {
            errs.push(FieldError::required(&point_path, ""));
        }
        if !mount_points.insert(mount.mount_path.as_str()) {
            errs.push(FieldError::invalid(&point_path, &json!(mount.mount_path), "must be unique"));
        }
        let sub_path = mount.sub_path.as_deref().unwrap_or("");
        if !sub_path.is_empty() {
            // Go reports sub-path errors on the list path, not the entry's.
            errs.extend(validate_local_descending_path(sub_path, &path.child("subPath")));
        }
        let sub_path_expr = mount.sub_path_expr.as_deref().unwrap_or("");
        if !sub_path_expr.is_empty() {
            if !sub_path.is_empty() {
                errs.push(FieldError::invalid(
                    &mount_path.child("subPathExpr"),
                    &json!(sub_path_expr),
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            errs.extend(validate_local_descending_path(sub_path_expr, &path.child("subPathExpr")));
        }
    }
    errs
}

fn validate_lifecycle_and_probes(container: &Container, ctx: &PodContext, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if let Some(lifecycle) = &container.lifecycle {
        let lifecycle_path = path.child("lifecycle");
        if let Some(hook) = &lifecycle.post_start {
            errs.extend(validate_lifecycle_handler(hook, ctx.grace_period, &lifecycle_path.child("postStart")));
        }
        if let Some(hook) = &lifecycle.pre_stop {
            errs.extend(validate_lifecycle_handler(hook, ctx.grace_period, &lifecycle_path.child("preStop")));
        }
    }
    if let Some(probe) = &container.liveness_probe {
        errs.extend(validate_probe_with_single_success(probe, &path.child("livenessProbe")));
    }
    if let Some(probe) = &container.readiness_probe {
        let probe_path = path.child("readinessProbe");
        errs.extend(validate_probe(probe, &probe_path));
        if let Some(seconds) = probe.termination_grace_period_seconds {
            errs.push(FieldError::invalid(
                &probe_path.child("terminationGracePeriodSeconds"),
                &json!(seconds),
                "must not be set for readinessProbes",
            ));
        }
    }
    if let Some(probe) = &container.startup_probe {
        errs.extend(validate_probe_with_single_success(probe, &path.child("startupProbe")));
    }
    errs
}

/// Liveness and startup probes: a probe whose `successThreshold` must be 1.
fn validate_probe_with_single_success(probe: &Probe, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_probe(probe, path);
    if let Some(threshold) = probe.success_threshold.filter(|t| *t != 1) {
        errs.push(FieldError::invalid(&path.child("successThreshold"), &json!(threshold), "must be 1"));
    }
    errs
}

fn validate_probe(probe: &Probe, path: &Path) -> Vec<FieldError> {
    let handlers = Handlers {
        exec: probe.exec.as_ref().map(|e| e.command.as_deref().unwrap_or(&[]).len()),
        http_get: probe
            .http_get
            .as_ref()
            .map(|h| (&h.port, h.scheme.as_deref(), h.http_headers.as_deref().unwrap_or(&[]))),
        tcp_port: probe.tcp_socket.as_ref().map(|t| t.port.clone()),
        grpc_port: probe.grpc.as_ref().map(|g| g.port),
        sleep_seconds: None,
    };
    let mut errs = handlers.validate(None, path);
    let fields = [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ];
    for (name, value) in fields {
        errs.extend(validate_nonnegative(value.unwrap_or(0).into(), &path.child(name)));
    }
    if let Some(seconds) = probe.termination_grace_period_seconds.filter(|s| *s <= 0) {
        errs.push(FieldError::invalid(
            &path.child("terminationGracePeriodSeconds"),
            &json!(seconds),
            "must be greater than 0",
        ));
    }
    errs
}

fn validate_lifecycle_handler(hook: &LifecycleHandler, grace_period: Option<i64>, path: &Path) -> Vec<FieldError> {
    let handlers = Handlers {
        exec: hook.exec.as_ref().map(|e| e.command.as_deref().unwrap_or(&[]).len()),
        http_get: hook
            .http_get
            .as_ref()
            .map(|h| (&h.port, h.scheme.as_deref(), h.http_headers.as_deref().unwrap_or(&[]))),
        tcp_port: hook.tcp_socket.as_ref().map(|t| t.port.clone()),
        grpc_port: None,
        sleep_seconds: hook.sleep.as_ref().map(|s| s.seconds),
    };
    handlers.validate(grace_period, path)
}

type HttpGet<'a> = (&'a IntOrString, Option<&'a str>, &'a [k8s_openapi::api::core::v1::HTTPHeader]);

/// The handler kinds of a probe or hook (`commonHandler`): exactly one must be set.
struct Handlers<'a> {
    exec: Option<usize>,
    http_get: Option<HttpGet<'a>>,
    tcp_port: Option<IntOrString>,
    grpc_port: Option<i32>,
    sleep_seconds: Option<i64>,
}

impl Handlers<'_> {
    fn validate(&self, grace_period: Option<i64>, path: &Path) -> Vec<FieldError> {
        let mut errs = Vec::new();
        let mut count = 0;
        let mut check = |set: bool, name: &str, validate: &dyn Fn(&Path) -> Vec<FieldError>| {
            if !set {
                return;
            }
            let handler_path = path.child(name);
            if count > 0 {
                errs.push(FieldError::forbidden(&handler_path, "may not specify more than 1 handler type"));
            } else {
                count += 1;
                errs.extend(validate(&handler_path));
            }
        };
        check(self.exec.is_some(), "exec", &|p| match self.exec {
            Some(0) => vec![FieldError::required(&p.child("command"), "")],
            _ => Vec::new(),
        });
        check(self.http_get.is_some(), "httpGet", &|p| {
            self.http_get.map(|h| validate_http_get(h, p)).unwrap_or_default()
        });
        check(self.tcp_port.is_some(), "tcpSocket", &|p| {
            self.tcp_port.as_ref().map(|port| validate_port_num_or_name(port, &p.child("port"))).unwrap_or_default()
        });
        check(self.grpc_port.is_some(), "grpc", &|p| {
            self.grpc_port
                .map(|port| validate_port_num_or_name(&IntOrString::Int(port), &p.child("port")))
                .unwrap_or_default()
        });
        check(self.sleep_seconds.is_some(), "sleep", &|p| match (self.sleep_seconds, grace_period) {
            (Some(seconds), Some(grace)) if seconds < 0 || seconds > grace => vec![FieldError::invalid(
                p,
                &json!(seconds),
                &format!("must be non-negative and less than terminationGracePeriodSeconds ({grace})"),
            )],
            _ => Vec::new(),
        });
        if count == 0 {
            errs.push(FieldError::required(path, "must specify a handler type"));
        }
        errs
    }
}

fn validate_http_get((port, scheme, headers): HttpGet, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_port_num_or_name(port, &path.child("port"));
    errs.extend(validate_enum(scheme, &["HTTP", "HTTPS"], &path.child("scheme")));
    let headers_path = path.child("httpHeaders");
    for header in headers {
        errs.extend(
            http_header_name_errors(&header.name)
                .iter()
                .map(|m| FieldError::invalid(&headers_path, &json!(header.name), m)),
        );
    }
    errs
}

/// `ValidatePortNumOrName`.
fn validate_port_num_or_name(port: &IntOrString, path: &Path) -> Vec<FieldError> {
    match port {
        IntOrString::Int(n) => {
            port_num_errors((*n).into()).iter().map(|m| FieldError::invalid(path, &json!(n), m)).collect()
        }
        IntOrString::String(s) => port_name_errors(s).iter().map(|m| FieldError::invalid(path, &json!(s), m)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{EnvVarSource, ExecAction, Lifecycle, SecretKeySelector, SleepAction, Volume};

    fn strings(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    fn container(name: &str) -> Container {
        Container { name: name.into(), image: Some("busybox".into()), ..Default::default() }
    }

    fn path() -> Path<'static> {
        Path::new("spec.template.spec.containers")
    }

    #[test]
    fn val_16_container_name_image_and_duplicates() {
        let volumes = BTreeMap::new();
        let ctx = PodContext { volumes: &volumes, grace_period: Some(30) };
        let nameless = Container::default();
        let errs = validate_containers(&[container("a"), nameless, container("a")], &ctx, &path());
        assert_eq!(
            strings(&errs),
            vec![
                "spec.template.spec.containers[1].name: Required value",
                "spec.template.spec.containers[1].image: Required value",
                "spec.template.spec.containers[2].name: Duplicate value: \"a\"",
            ]
        );
        assert_eq!(
            strings(&validate_containers(&[], &ctx, &path())),
            vec!["spec.template.spec.containers: Required value"]
        );
    }

    #[test]
    fn val_16_ports_mounts_env_and_policies() {
        let data = Volume { name: "data".into(), ..Default::default() };
        let volumes: BTreeMap<&str, &Volume> = [("data", &data)].into_iter().collect();
        let ctx = PodContext { volumes: &volumes, grace_period: Some(30) };
        let mut c = container("c");
        c.image_pull_policy = Some("Sometimes".into());
        c.ports = Some(vec![
            ContainerPort { container_port: 0, host_port: Some(80), ..Default::default() },
            ContainerPort { container_port: 8080, host_port: Some(80), ..Default::default() },
        ]);
        c.volume_mounts = Some(vec![
            VolumeMount { name: "data".into(), mount_path: "/d".into(), ..Default::default() },
            VolumeMount { name: "missing".into(), mount_path: "/d".into(), ..Default::default() },
        ]);
        c.env = Some(vec![
            EnvVar { name: String::new(), ..Default::default() },
            EnvVar {
                name: "S".into(),
                value: Some("x".into()),
                value_from: Some(EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector { name: "s".into(), key: "k".into(), ..Default::default() }),
                    ..Default::default()
                }),
            },
        ]);
        c.restart_policy = Some("Always".into());
        let errs = validate_containers(&[c], &ctx, &path());
        assert_eq!(
            strings(&errs),
            vec![
                "spec.template.spec.containers[0].ports[0].containerPort: Required value",
                "spec.template.spec.containers[0].env[0].name: Required value",
                "spec.template.spec.containers[0].env[1].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
                "spec.template.spec.containers[0].volumeMounts[1].name: Not found: \"missing\"",
                "spec.template.spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique",
                "spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                "spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
                "spec.template.spec.containers[0].ports[1].hostPort: Duplicate value: \"TCP//80\"",
            ]
        );
    }

    #[test]
    fn val_16_init_containers_and_probes() {
        let volumes = BTreeMap::new();
        let ctx = PodContext { volumes: &volumes, grace_period: Some(30) };
        let mut init = container("main");
        init.restart_policy = Some("OnFailure".into());
        init.liveness_probe =
            Some(Probe { exec: Some(ExecAction { command: Some(vec!["true".into()]) }), ..Default::default() });
        let mut sidecar = container("side");
        sidecar.restart_policy = Some("Always".into());
        sidecar.lifecycle = Some(Lifecycle {
            pre_stop: Some(LifecycleHandler { sleep: Some(SleepAction { seconds: 40 }), ..Default::default() }),
            ..Default::default()
        });
        sidecar.startup_probe = Some(Probe { success_threshold: Some(2), ..Default::default() });
        let init_path = Path::new("spec.template.spec.initContainers");
        let errs = validate_init_containers(&[init, sidecar], &[container("main")], &ctx, &init_path);
        assert_eq!(
            strings(&errs),
            vec![
                "spec.template.spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
                "spec.template.spec.initContainers[0].name: Duplicate value: \"main\"",
                "spec.template.spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
                "spec.template.spec.initContainers[1].lifecycle.preStop.sleep: Invalid value: 40: must be non-negative and less than terminationGracePeriodSeconds (30)",
                "spec.template.spec.initContainers[1].startupProbe: Required value: must specify a handler type",
                "spec.template.spec.initContainers[1].startupProbe.successThreshold: Invalid value: 2: must be 1",
            ]
        );
    }
}
