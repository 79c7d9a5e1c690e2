//! Core v1 defaulting of a PodSpec (DEF-07), as kube-apiserver applies it on decode.
//!
//! Mirrors `SetDefaults_PodSpec` and the nested defaulters that `defaulter-gen` wires up for a pod
//! template (`pkg/apis/core/v1/defaults.go`, `zz_generated.defaults.go`), plus the declarative
//! `+default` markers of `k8s.io/api/core/v1` and the `ImageVolume` defaulting (on by default in 1.35).
//! Go treats an empty string or a zero number in a non-pointer field as unset, so those are defaulted
//! too; fields that are pointers in Go are only defaulted when absent.
//!
//! Besides defaults, the structs Go always serializes (a container's `resources: {}`, a template's
//! `metadata: {}`, a resource field selector's `divisor: "0"`, …) are materialized so the JSON matches.
//!
//! Not reproduced:
//! * `SetDefaults_ResourceList`: rounding quantities up to milli precision (a quantity-format concern).
//! * For pods only: the pod-level resource defaults of the `PodLevelResources` feature
//!   (`defaultHugePagePodLimits`, `defaultPodRequests`, `defaultPodLimits`), which need quantity arithmetic.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    AzureDiskVolumeSource, Container, ContainerPort, DownwardAPIVolumeFile, EnvVar, EphemeralContainer,
    EphemeralVolumeSource, HTTPGetAction, ImageVolumeSource, Lifecycle, ObjectFieldSelector, PodSpec, PodTemplateSpec,
    Probe, ProjectedVolumeSource, RBDVolumeSource, ResourceFieldSelector, ResourceRequirements, ScaleIOVolumeSource,
    Volume,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

/// `0644`, the default file mode of secret, configMap, downwardAPI and projected volumes.
const DEFAULT_FILE_MODE: i32 = 0o644;
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;
const DEFAULT_TOKEN_EXPIRATION_SECONDS: i64 = 3600;

/// Defaults a pod template: its always-rendered `metadata` and `spec`, then the spec itself.
pub fn set_defaults_pod_template_spec(template: &mut PodTemplateSpec) {
    template.metadata.get_or_insert_with(Default::default);
    set_defaults_pod_spec(template.spec.get_or_insert_with(PodSpec::default));
}

/// Defaults a PodSpec the way every object embedding one is defaulted (templates included).
///
/// Pod-only defaults (`enableServiceLinks`, requests copied from limits, host ports on the host
/// network) are deliberately absent: Go keeps them in `SetDefaults_Pod` so templates never show them.
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    set_pod_spec_fields(spec);
    spec.volumes.iter_mut().flatten().for_each(set_defaults_volume);
    pod_containers_mut(spec).for_each(set_defaults_container);
    for container in spec.ephemeral_containers.iter_mut().flatten() {
        set_defaults_ephemeral_container(container);
    }
}

/// Defaults the spec of a Pod object (as a controller creating pods from a template sees it):
/// the `SetDefaults_Pod` extras first, then everything [`set_defaults_pod_spec`] does.
pub fn set_defaults_pod_spec_for_pod(spec: &mut PodSpec) {
    for container in pod_containers_mut(spec) {
        copy_limits_to_requests(&mut container.resources);
    }
    spec.enable_service_links.get_or_insert(true);
    if spec.host_network == Some(true) {
        pod_containers_mut(spec).for_each(default_host_ports);
    }
    set_defaults_pod_spec(spec);
}

fn pod_containers_mut(spec: &mut PodSpec) -> impl Iterator<Item = &mut Container> {
    let init_containers = spec.init_containers.iter_mut().flatten();
    spec.containers.iter_mut().chain(init_containers)
}

fn set_pod_spec_fields(spec: &mut PodSpec) {
    default_str(&mut spec.dns_policy, "ClusterFirst");
    default_str(&mut spec.restart_policy, "Always");
    spec.security_context.get_or_insert_with(Default::default);
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    }
    default_str(&mut spec.scheduler_name, "default-scheduler");
}

/// Sets a string that Go holds as a plain `string`: absent and empty both mean unset.
fn default_str(field: &mut Option<String>, value: &str) {
    if field.as_deref().is_none_or(str::is_empty) {
        *field = Some(value.to_owned());
    }
}

/// Sets a number that Go holds as a plain `int32`: absent and zero both mean unset.
fn default_nonzero(field: &mut Option<i32>, value: i32) {
    if field.is_none_or(|v| v == 0) {
        *field = Some(value);
    }
}

// ---------------------------------------------------------------------------------------------
// Containers

/// `Container` and `EphemeralContainer` share these fields but not a type.
macro_rules! set_container_defaults {
    ($c:ident) => {
        default_image_pull_policy(&mut $c.image_pull_policy, $c.image.as_deref());
        default_str(&mut $c.termination_message_path, "/dev/termination-log");
        default_str(&mut $c.termination_message_policy, "File");
        $c.resources.get_or_insert_with(ResourceRequirements::default);
        $c.ports.iter_mut().flatten().for_each(set_defaults_container_port);
        $c.env.iter_mut().flatten().for_each(set_defaults_env_var);
        for probe in [&mut $c.liveness_probe, &mut $c.readiness_probe, &mut $c.startup_probe] {
            probe.iter_mut().for_each(set_defaults_probe);
        }
        $c.lifecycle.iter_mut().for_each(set_defaults_lifecycle);
    };
}

fn set_defaults_container(c: &mut Container) {
    set_container_defaults!(c);
}

fn set_defaults_ephemeral_container(c: &mut EphemeralContainer) {
    set_container_defaults!(c);
}

/// `Always` for a `latest` (or implied `latest`) tag, otherwise `IfNotPresent`; the same rule serves
/// containers and image volumes.
fn default_image_pull_policy(policy: &mut Option<String>, image: Option<&str>) {
    if policy.as_deref().is_none_or(str::is_empty) {
        *policy = Some(pull_policy_for(image.unwrap_or_default()).to_owned());
    }
}

fn pull_policy_for(image: &str) -> &'static str {
    if image_ref::has_latest_tag(image) {
        "Always"
    } else {
        "IfNotPresent"
    }
}

fn set_defaults_container_port(port: &mut ContainerPort) {
    default_str(&mut port.protocol, "TCP");
}

fn set_defaults_env_var(env: &mut EnvVar) {
    let Some(source) = &mut env.value_from else { return };
    source.field_ref.iter_mut().for_each(set_defaults_object_field_selector);
    source.resource_field_ref.iter_mut().for_each(render_divisor);
    if let Some(file_key) = &mut source.file_key_ref {
        file_key.optional.get_or_insert(false);
    }
}

fn set_defaults_object_field_selector(selector: &mut ObjectFieldSelector) {
    default_str(&mut selector.api_version, "v1");
}

/// Go's zero `Quantity` is never omitted and serializes as `"0"`.
fn render_divisor(selector: &mut ResourceFieldSelector) {
    selector.divisor.get_or_insert_with(|| Quantity("0".to_owned()));
}

fn set_defaults_probe(probe: &mut Probe) {
    default_nonzero(&mut probe.timeout_seconds, 1);
    default_nonzero(&mut probe.period_seconds, 10);
    default_nonzero(&mut probe.success_threshold, 1);
    default_nonzero(&mut probe.failure_threshold, 3);
    probe.http_get.iter_mut().for_each(set_defaults_http_get);
    if let Some(grpc) = &mut probe.grpc {
        grpc.service.get_or_insert_with(String::new);
    }
}

fn set_defaults_lifecycle(lifecycle: &mut Lifecycle) {
    let handlers = [&mut lifecycle.post_start, &mut lifecycle.pre_stop];
    for handler in handlers.into_iter().flatten() {
        handler.http_get.iter_mut().for_each(set_defaults_http_get);
    }
}

fn set_defaults_http_get(action: &mut HTTPGetAction) {
    default_str(&mut action.path, "/");
    default_str(&mut action.scheme, "HTTP");
}

// ---------------------------------------------------------------------------------------------
// Pod-only defaults

/// Requests default to limits, key by key, where a limit is given and a request is not.
fn copy_limits_to_requests(resources: &mut Option<ResourceRequirements>) {
    let Some(resources) = resources else { return };
    let Some(limits) = resources.limits.as_ref().filter(|limits| !limits.is_empty()) else {
        return;
    };
    let requests = resources.requests.get_or_insert_with(BTreeMap::new);
    for (name, quantity) in limits {
        requests.entry(name.clone()).or_insert_with(|| quantity.clone());
    }
}

/// On the host network a container port is also the host port.
fn default_host_ports(container: &mut Container) {
    for port in container.ports.iter_mut().flatten() {
        if port.host_port.is_none_or(|p| p == 0) {
            port.host_port = Some(port.container_port);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Volumes

fn set_defaults_volume(volume: &mut Volume) {
    if has_no_source(volume) {
        volume.empty_dir = Some(Default::default());
    }
    volume.image.iter_mut().for_each(set_defaults_image_volume);
    if let Some(host_path) = &mut volume.host_path {
        host_path.type_.get_or_insert_with(String::new);
    }
    if let Some(secret) = &mut volume.secret {
        secret.default_mode.get_or_insert(DEFAULT_FILE_MODE);
    }
    if let Some(iscsi) = &mut volume.iscsi {
        default_str(&mut iscsi.iscsi_interface, "default");
    }
    volume.rbd.iter_mut().for_each(set_defaults_rbd);
    if let Some(downward_api) = &mut volume.downward_api {
        downward_api.default_mode.get_or_insert(DEFAULT_FILE_MODE);
        for file in downward_api.items.iter_mut().flatten() {
            set_defaults_downward_api_file(file);
        }
    }
    if let Some(config_map) = &mut volume.config_map {
        config_map.default_mode.get_or_insert(DEFAULT_FILE_MODE);
    }
    volume.azure_disk.iter_mut().for_each(set_defaults_azure_disk);
    volume.projected.iter_mut().for_each(set_defaults_projected);
    volume.scale_io.iter_mut().for_each(set_defaults_scale_io);
    volume.ephemeral.iter_mut().for_each(set_defaults_ephemeral_volume);
}

/// A volume whose every source is absent (Go: `AllPtrFieldsNil(&VolumeSource)`).
fn has_no_source(volume: &Volume) -> bool {
    let sourceless = Volume { name: volume.name.clone(), ..Volume::default() };
    *volume == sourceless
}

fn set_defaults_image_volume(image: &mut ImageVolumeSource) {
    default_image_pull_policy(&mut image.pull_policy, image.reference.as_deref());
}

fn set_defaults_rbd(rbd: &mut RBDVolumeSource) {
    default_str(&mut rbd.pool, "rbd");
    default_str(&mut rbd.user, "admin");
    default_str(&mut rbd.keyring, "/etc/ceph/keyring");
}

fn set_defaults_downward_api_file(file: &mut DownwardAPIVolumeFile) {
    file.field_ref.iter_mut().for_each(set_defaults_object_field_selector);
    file.resource_field_ref.iter_mut().for_each(render_divisor);
}

fn set_defaults_azure_disk(disk: &mut AzureDiskVolumeSource) {
    disk.caching_mode.get_or_insert_with(|| "ReadWrite".to_owned());
    disk.kind.get_or_insert_with(|| "Shared".to_owned());
    disk.fs_type.get_or_insert_with(|| "ext4".to_owned());
    disk.read_only.get_or_insert(false);
}

fn set_defaults_projected(projected: &mut ProjectedVolumeSource) {
    projected.default_mode.get_or_insert(DEFAULT_FILE_MODE);
    for source in projected.sources.iter_mut().flatten() {
        if let Some(downward_api) = &mut source.downward_api {
            for file in downward_api.items.iter_mut().flatten() {
                set_defaults_downward_api_file(file);
            }
        }
        if let Some(token) = &mut source.service_account_token {
            token.expiration_seconds.get_or_insert(DEFAULT_TOKEN_EXPIRATION_SECONDS);
        }
    }
}

fn set_defaults_scale_io(scale_io: &mut ScaleIOVolumeSource) {
    default_str(&mut scale_io.storage_mode, "ThinProvisioned");
    default_str(&mut scale_io.fs_type, "xfs");
}

fn set_defaults_ephemeral_volume(ephemeral: &mut EphemeralVolumeSource) {
    let Some(template) = &mut ephemeral.volume_claim_template else {
        return;
    };
    template.metadata.get_or_insert_with(Default::default);
    template.spec.volume_mode.get_or_insert_with(|| "Filesystem".to_owned());
    template.spec.resources.get_or_insert_with(Default::default);
}

// ---------------------------------------------------------------------------------------------
// Image references

/// The image-reference grammar of `github.com/distribution/reference` as used by
/// `ParseImageName` (`ParseNormalizedNamed`, then the tag; an unparsable reference has no tag).
mod image_ref {
    const DEFAULT_DOMAIN: &str = "docker.io";
    const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
    const NAME_TOTAL_LENGTH_MAX: usize = 255;
    const MAX_TAG_LENGTH: usize = 128;

    /// Whether Go would see the tag `latest`: written out, or implied by neither tag nor digest.
    pub(super) fn has_latest_tag(image: &str) -> bool {
        let Some(reference) = normalize(image) else {
            return false;
        };
        match parse_reference(&reference) {
            Some((Some(tag), _)) => tag == "latest",
            Some((None, digest)) => digest.is_none(),
            None => false,
        }
    }

    /// `ParseNormalizedNamed` before its final `Parse`: the fully qualified reference, unless rejected.
    fn normalize(image: &str) -> Option<String> {
        if is_hex_of_len(image, 64) {
            return None;
        }
        let (domain, remainder) = split_docker_domain(image);
        let remote = remainder.split(':').next().unwrap_or_default();
        if crate::field::go_lower(remote) != remote {
            return None;
        }
        Some(format!("{domain}/{remainder}"))
    }

    /// Go's `splitDockerDomain`: a first path segment is a registry only if it looks like one.
    fn split_docker_domain(name: &str) -> (&str, String) {
        let (mut domain, remainder) = match name.split_once('/') {
            Some((first, rest)) if looks_like_registry(first) => (first, rest),
            _ => (DEFAULT_DOMAIN, name),
        };
        if domain == LEGACY_DEFAULT_DOMAIN {
            domain = DEFAULT_DOMAIN;
        }
        if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
            return (domain, format!("library/{remainder}"));
        }
        (domain, remainder.to_owned())
    }

    fn looks_like_registry(segment: &str) -> bool {
        segment.contains(['.', ':']) || segment == "localhost" || crate::field::go_lower(segment) != segment
    }

    /// `name[:tag][@digest]`, returning the tag and digest when the whole string matches.
    fn parse_reference(reference: &str) -> Option<(Option<&str>, Option<&str>)> {
        let (name_and_tag, digest) = match reference.split_once('@') {
            Some((name_and_tag, digest)) => (name_and_tag, Some(digest)),
            None => (reference, None),
        };
        if digest.is_some_and(|d| !is_valid_digest(d)) {
            return None;
        }
        let last_segment_start = name_and_tag.rfind('/').map_or(0, |i| i + 1);
        let last_segment = name_and_tag.get(last_segment_start..)?;
        let (name, tag) = match last_segment.find(':') {
            Some(colon) => (name_and_tag.get(..last_segment_start + colon)?, last_segment.get(colon + 1..)),
            None => (name_and_tag, None),
        };
        if tag.is_some_and(|t| !is_valid_tag(t)) || !is_valid_name(name) || name.len() > NAME_TOTAL_LENGTH_MAX {
            return None;
        }
        Some((tag, digest))
    }

    /// `[domainAndPort/]pathComponent(/pathComponent)*`
    fn is_valid_name(name: &str) -> bool {
        let mut segments = name.split('/');
        let first = segments.next().unwrap_or_default();
        let rest: Vec<&str> = segments.collect();
        let first_ok = is_path_component(first) || (!rest.is_empty() && is_domain_and_port(first));
        first_ok && rest.iter().all(|s| is_path_component(s))
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    fn is_path_component(s: &str) -> bool {
        let bytes = s.as_bytes();
        let is_alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let mut i = 0;
        loop {
            let run = bytes.get(i..).unwrap_or_default().iter().take_while(|b| is_alnum(b)).count();
            if run == 0 {
                return false;
            }
            i += run;
            match bytes.get(i) {
                None => return true,
                Some(b'.') => i += 1,
                Some(b'_') => i += if bytes.get(i + 1) == Some(&b'_') { 2 } else { 1 },
                Some(b'-') => i += bytes.get(i..).unwrap_or_default().iter().take_while(|b| **b == b'-').count(),
                Some(_) => return false,
            }
        }
    }

    /// `(domainName | \[ipv6\])(:[0-9]+)?`
    fn is_domain_and_port(s: &str) -> bool {
        let (host_ok, rest) = match s.strip_prefix('[') {
            Some(bracketed) => match bracketed.split_once(']') {
                Some((ipv6, rest)) => (is_ipv6_body(ipv6), rest),
                None => return false,
            },
            None => match s.find(':') {
                Some(colon) => (s.get(..colon).is_some_and(is_domain_name), s.get(colon..).unwrap_or_default()),
                None => (is_domain_name(s), ""),
            },
        };
        host_ok && (rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port))
    }

    fn is_ipv6_body(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':')
    }

    fn is_port(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }

    fn is_domain_name(s: &str) -> bool {
        s.split('.').all(is_domain_component)
    }

    /// `[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?`
    fn is_domain_component(s: &str) -> bool {
        !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    }

    /// `[\w][\w.-]{0,127}`
    fn is_valid_tag(tag: &str) -> bool {
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        tag.len() <= MAX_TAG_LENGTH
            && tag.bytes().next().is_some_and(word)
            && tag.bytes().all(|b| word(b) || b == b'.' || b == b'-')
    }

    /// A digest the apiserver can verify: sha256, sha384 or sha512 with lowercase hex of the right length.
    fn is_valid_digest(digest: &str) -> bool {
        match digest.split_once(':') {
            Some(("sha256", hex)) => is_hex_of_len(hex, 64),
            Some(("sha384", hex)) => is_hex_of_len(hex, 96),
            Some(("sha512", hex)) => is_hex_of_len(hex, 128),
            _ => false,
        }
    }

    fn is_hex_of_len(s: &str, len: usize) -> bool {
        s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn spec_from(value: Value) -> PodSpec {
        serde_json::from_value(value).expect("valid PodSpec")
    }

    fn defaulted(value: Value) -> Value {
        let mut spec = spec_from(value);
        set_defaults_pod_spec(&mut spec);
        serde_json::to_value(&spec).expect("serializable")
    }

    fn pull_policy(image: &str) -> String {
        let spec = defaulted(json!({"containers": [{"name": "c", "image": image}]}));
        spec["containers"][0]["imagePullPolicy"].as_str().unwrap_or_default().to_owned()
    }

    #[test]
    fn def_07_pod_spec_fields_default() {
        let spec = defaulted(json!({"containers": [{"name": "c", "image": "busybox"}]}));
        assert_eq!(spec["restartPolicy"], "Always");
        assert_eq!(spec["dnsPolicy"], "ClusterFirst");
        assert_eq!(spec["schedulerName"], "default-scheduler");
        assert_eq!(spec["securityContext"], json!({}));
        assert_eq!(spec["terminationGracePeriodSeconds"], 30);
    }

    #[test]
    fn def_07_explicit_pod_spec_fields_are_kept() {
        let spec = defaulted(json!({
            "containers": [],
            "restartPolicy": "Never",
            "dnsPolicy": "Default",
            "schedulerName": "custom",
            "securityContext": {"runAsUser": 1000},
            "terminationGracePeriodSeconds": 0
        }));
        assert_eq!(spec["restartPolicy"], "Never");
        assert_eq!(spec["dnsPolicy"], "Default");
        assert_eq!(spec["schedulerName"], "custom");
        assert_eq!(spec["securityContext"], json!({"runAsUser": 1000}));
        assert_eq!(spec["terminationGracePeriodSeconds"], 0);
    }

    #[test]
    fn def_07_empty_strings_count_as_unset() {
        let spec = defaulted(json!({
            "containers": [{"name": "c", "image": "busybox:1", "imagePullPolicy": "", "terminationMessagePath": ""}],
            "restartPolicy": "",
            "dnsPolicy": "",
            "schedulerName": ""
        }));
        assert_eq!(spec["restartPolicy"], "Always");
        assert_eq!(spec["dnsPolicy"], "ClusterFirst");
        assert_eq!(spec["schedulerName"], "default-scheduler");
        assert_eq!(spec["containers"][0]["imagePullPolicy"], "IfNotPresent");
        assert_eq!(spec["containers"][0]["terminationMessagePath"], "/dev/termination-log");
    }

    #[test]
    fn def_07_container_defaults() {
        let spec = defaulted(json!({"containers": [{"name": "c", "image": "perl:5.34.0"}]}));
        assert_eq!(
            spec["containers"][0],
            json!({
                "image": "perl:5.34.0",
                "imagePullPolicy": "IfNotPresent",
                "name": "c",
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File"
            })
        );
    }

    #[test]
    fn def_07_explicit_container_fields_are_kept() {
        let spec = defaulted(json!({"containers": [{
            "name": "c",
            "image": "perl",
            "imagePullPolicy": "Never",
            "terminationMessagePath": "/tmp/msg",
            "terminationMessagePolicy": "FallbackToLogsOnError",
            "resources": {"limits": {"cpu": "1"}}
        }]}));
        let container = &spec["containers"][0];
        assert_eq!(container["imagePullPolicy"], "Never");
        assert_eq!(container["terminationMessagePath"], "/tmp/msg");
        assert_eq!(container["terminationMessagePolicy"], "FallbackToLogsOnError");
        assert_eq!(container["resources"], json!({"limits": {"cpu": "1"}}));
    }

    #[test]
    fn def_07_image_pull_policy_from_tag() {
        let digest = format!("sha256:{}", "a".repeat(64));
        let cases = [
            ("perl:5.34.0", "IfNotPresent"),
            ("perl", "Always"),
            ("perl:latest", "Always"),
            ("perl:LATEST", "IfNotPresent"),
            ("library/perl:latest", "Always"),
            ("docker.io/library/perl", "Always"),
            ("index.docker.io/perl:1", "IfNotPresent"),
            ("registry.example.com/team/app", "Always"),
            ("registry.example.com:5000/team/app", "Always"),
            ("registry.example.com:5000/team/app:v2", "IfNotPresent"),
            ("localhost/app", "Always"),
            ("localhost:5000/app:latest", "Always"),
            ("Registry.Example.com/app", "Always"),
            ("[::1]:5000/app", "Always"),
            ("[::1]:5000/app:1.0", "IfNotPresent"),
            ("my-org/my__app.v2", "Always"),
            ("a--b/c", "Always"),
        ];
        for (image, expected) in cases {
            assert_eq!(pull_policy(image), expected, "image {image:?}");
        }
        assert_eq!(pull_policy(&format!("perl@{digest}")), "IfNotPresent");
        assert_eq!(pull_policy(&format!("perl:latest@{digest}")), "Always");
        assert_eq!(pull_policy(&format!("perl:5@{digest}")), "IfNotPresent");
    }

    #[test]
    fn def_07_image_pull_policy_of_unparsable_references_is_if_not_present() {
        let long_name = "a".repeat(238);
        let cases = [
            "",
            "Perl",
            "perl:",
            "perl:-bad",
            "a//b",
            "a___b",
            "a._b",
            "-perl",
            "perl@sha256:abc",
            "perl@SHA256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "perl@md5:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "host:port/app",
            "[::1/app",
            "[zz]/app",
            "localhost:/app",
            "-bad.example.com/app",
            "perl:1:2",
            "perl image",
            "pérl",
            "é/ü:ß@∂",
            "/",
            ":",
            "@",
            "[",
            "[]:1/a",
            &long_name,
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ];
        for image in cases {
            assert_eq!(pull_policy(image), "IfNotPresent", "image {image:?}");
        }
        // 18 characters of "docker.io/library/" plus 237 make the 255-character maximum.
        assert_eq!(pull_policy(&"a".repeat(237)), "Always");
        let tag = "t".repeat(128);
        assert_eq!(pull_policy(&format!("perl:{tag}")), "IfNotPresent");
        assert_eq!(pull_policy(&format!("perl:{tag}x")), "IfNotPresent");
        assert_eq!(pull_policy(&format!("perl:latest@sha512:{}", "0".repeat(127))), "IfNotPresent");
        assert_eq!(pull_policy(&format!("perl@sha512:{}", "0".repeat(128))), "IfNotPresent");
        assert_eq!(pull_policy(&format!("perl:latest@sha512:{}", "0".repeat(128))), "Always");
    }

    #[test]
    fn def_07_image_pull_policy_without_image_is_if_not_present() {
        let spec = defaulted(json!({"containers": [{"name": "c"}]}));
        assert_eq!(spec["containers"][0]["imagePullPolicy"], "IfNotPresent");
    }

    #[test]
    fn def_07_init_and_ephemeral_containers_get_container_defaults() {
        let spec = defaulted(json!({
            "containers": [],
            "initContainers": [{"name": "init", "image": "busybox", "ports": [{"containerPort": 80}]}],
            "ephemeralContainers": [{"name": "debug", "image": "busybox:1.36", "ports": [{"containerPort": 81}]}]
        }));
        for (container, policy) in
            [(&spec["initContainers"][0], "Always"), (&spec["ephemeralContainers"][0], "IfNotPresent")]
        {
            assert_eq!(container["imagePullPolicy"], policy);
            assert_eq!(container["terminationMessagePath"], "/dev/termination-log");
            assert_eq!(container["terminationMessagePolicy"], "File");
            assert_eq!(container["resources"], json!({}));
            assert_eq!(container["ports"][0]["protocol"], "TCP");
        }
    }

    #[test]
    fn def_07_ports_default_to_tcp() {
        let spec = defaulted(json!({"containers": [{"name": "c", "ports": [
            {"containerPort": 80},
            {"containerPort": 53, "protocol": "UDP"},
            {"containerPort": 81, "protocol": ""}
        ]}]}));
        let ports = &spec["containers"][0]["ports"];
        assert_eq!(ports[0], json!({"containerPort": 80, "protocol": "TCP"}));
        assert_eq!(ports[1]["protocol"], "UDP");
        assert_eq!(ports[2]["protocol"], "TCP");
    }

    #[test]
    fn def_07_env_value_from_defaults() {
        let spec = defaulted(json!({"containers": [{"name": "c", "env": [
            {"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "B", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v2"}}},
            {"name": "C", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
            {"name": "D", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}},
            {"name": "E", "valueFrom": {"fileKeyRef": {"volumeName": "v", "path": "p", "key": "k"}}},
            {"name": "F", "value": "plain"}
        ]}]}));
        let env = &spec["containers"][0]["env"];
        assert_eq!(env[0]["valueFrom"]["fieldRef"], json!({"apiVersion": "v1", "fieldPath": "metadata.name"}));
        assert_eq!(env[1]["valueFrom"]["fieldRef"]["apiVersion"], "v2");
        assert_eq!(env[2]["valueFrom"]["resourceFieldRef"], json!({"divisor": "0", "resource": "limits.cpu"}));
        assert_eq!(env[3]["valueFrom"]["resourceFieldRef"]["divisor"], "1m");
        assert_eq!(env[4]["valueFrom"]["fileKeyRef"]["optional"], false);
        assert_eq!(env[5], json!({"name": "F", "value": "plain"}));
    }

    #[test]
    fn def_07_probe_defaults() {
        let probe = json!({"httpGet": {"port": 8080}});
        let spec = defaulted(json!({"containers": [{
            "name": "c",
            "livenessProbe": probe,
            "readinessProbe": {"grpc": {"port": 9090}},
            "startupProbe": {"exec": {"command": ["true"]}}
        }]}));
        let container = &spec["containers"][0];
        assert_eq!(
            container["livenessProbe"],
            json!({
                "failureThreshold": 3,
                "httpGet": {"path": "/", "port": 8080, "scheme": "HTTP"},
                "periodSeconds": 10,
                "successThreshold": 1,
                "timeoutSeconds": 1
            })
        );
        assert_eq!(container["readinessProbe"]["grpc"], json!({"port": 9090, "service": ""}));
        assert_eq!(container["readinessProbe"]["periodSeconds"], 10);
        assert_eq!(container["startupProbe"]["timeoutSeconds"], 1);
        assert_eq!(container["startupProbe"]["failureThreshold"], 3);
        assert!(container["startupProbe"].get("initialDelaySeconds").is_none());
    }

    #[test]
    fn def_07_probe_zero_means_unset_and_explicit_values_are_kept() {
        let spec = defaulted(json!({"containers": [{"name": "c", "livenessProbe": {
            "tcpSocket": {"port": 1},
            "timeoutSeconds": 0,
            "periodSeconds": 0,
            "successThreshold": 2,
            "failureThreshold": 7
        }, "readinessProbe": {"httpGet": {"port": 1, "path": "/healthz", "scheme": "HTTPS"}}}]}));
        let liveness = &spec["containers"][0]["livenessProbe"];
        assert_eq!(liveness["timeoutSeconds"], 1);
        assert_eq!(liveness["periodSeconds"], 10);
        assert_eq!(liveness["successThreshold"], 2);
        assert_eq!(liveness["failureThreshold"], 7);
        let http_get = &spec["containers"][0]["readinessProbe"]["httpGet"];
        assert_eq!(http_get["path"], "/healthz");
        assert_eq!(http_get["scheme"], "HTTPS");
    }

    #[test]
    fn def_07_lifecycle_http_handlers_default() {
        let spec = defaulted(json!({"containers": [{"name": "c", "lifecycle": {
            "postStart": {"httpGet": {"port": 80}},
            "preStop": {"sleep": {"seconds": 5}}
        }}]}));
        let lifecycle = &spec["containers"][0]["lifecycle"];
        assert_eq!(lifecycle["postStart"]["httpGet"], json!({"path": "/", "port": 80, "scheme": "HTTP"}));
        assert_eq!(lifecycle["preStop"], json!({"sleep": {"seconds": 5}}));
    }

    #[test]
    fn def_07_volume_without_source_gets_empty_dir() {
        let spec = defaulted(json!({"containers": [], "volumes": [
            {"name": "scratch"},
            {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}}
        ]}));
        assert_eq!(spec["volumes"][0], json!({"emptyDir": {}, "name": "scratch"}));
        assert_eq!(spec["volumes"][1], json!({"name": "claim", "persistentVolumeClaim": {"claimName": "data"}}));
    }

    #[test]
    fn def_07_volume_default_modes_are_420() {
        let spec = defaulted(json!({"containers": [], "volumes": [
            {"name": "s", "secret": {"secretName": "x"}},
            {"name": "c", "configMap": {"name": "x"}},
            {"name": "d", "downwardAPI": {"items": [
                {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}},
                {"path": "cpu", "resourceFieldRef": {"resource": "limits.cpu"}}
            ]}},
            {"name": "p", "projected": {"sources": []}},
            {"name": "z", "secret": {"secretName": "y", "defaultMode": 0}}
        ]}));
        let volumes = &spec["volumes"];
        assert_eq!(volumes[0]["secret"], json!({"defaultMode": 420, "secretName": "x"}));
        assert_eq!(volumes[1]["configMap"], json!({"defaultMode": 420, "name": "x"}));
        assert_eq!(volumes[2]["downwardAPI"]["defaultMode"], 420);
        assert_eq!(volumes[2]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
        assert_eq!(volumes[2]["downwardAPI"]["items"][1]["resourceFieldRef"]["divisor"], "0");
        assert_eq!(volumes[3]["projected"]["defaultMode"], 420);
        assert_eq!(volumes[4]["secret"]["defaultMode"], 0);
    }

    #[test]
    fn def_07_projected_sources_default() {
        let spec = defaulted(json!({"containers": [], "volumes": [{"name": "p", "projected": {"sources": [
            {"serviceAccountToken": {"path": "token"}},
            {"serviceAccountToken": {"path": "short", "expirationSeconds": 600}},
            {"downwardAPI": {"items": [{"path": "ns", "fieldRef": {"fieldPath": "metadata.namespace"}}]}}
        ]}}]}));
        let sources = &spec["volumes"][0]["projected"]["sources"];
        assert_eq!(sources[0]["serviceAccountToken"], json!({"expirationSeconds": 3600, "path": "token"}));
        assert_eq!(sources[1]["serviceAccountToken"]["expirationSeconds"], 600);
        assert_eq!(sources[2]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"], "v1");
    }

    #[test]
    fn def_07_host_path_type_defaults_to_empty() {
        let spec = defaulted(json!({"containers": [], "volumes": [
            {"name": "h", "hostPath": {"path": "/data"}},
            {"name": "d", "hostPath": {"path": "/dev", "type": "Directory"}}
        ]}));
        assert_eq!(spec["volumes"][0]["hostPath"], json!({"path": "/data", "type": ""}));
        assert_eq!(spec["volumes"][1]["hostPath"]["type"], "Directory");
    }

    #[test]
    fn def_07_legacy_volume_source_defaults() {
        let spec = defaulted(json!({"containers": [], "volumes": [
            {"name": "i", "iscsi": {"targetPortal": "p", "iqn": "q", "lun": 0}},
            {"name": "r", "rbd": {"monitors": ["m"], "image": "img"}},
            {"name": "a", "azureDisk": {"diskName": "d", "diskURI": "u"}},
            {"name": "s", "scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "x"}}},
            {"name": "b", "azureDisk": {"diskName": "d", "diskURI": "u", "fsType": "", "readOnly": true}}
        ]}));
        let volumes = &spec["volumes"];
        assert_eq!(volumes[0]["iscsi"]["iscsiInterface"], "default");
        assert_eq!(volumes[1]["rbd"]["pool"], "rbd");
        assert_eq!(volumes[1]["rbd"]["user"], "admin");
        assert_eq!(volumes[1]["rbd"]["keyring"], "/etc/ceph/keyring");
        assert_eq!(volumes[2]["azureDisk"]["cachingMode"], "ReadWrite");
        assert_eq!(volumes[2]["azureDisk"]["kind"], "Shared");
        assert_eq!(volumes[2]["azureDisk"]["fsType"], "ext4");
        assert_eq!(volumes[2]["azureDisk"]["readOnly"], false);
        assert_eq!(volumes[3]["scaleIO"]["storageMode"], "ThinProvisioned");
        assert_eq!(volumes[3]["scaleIO"]["fsType"], "xfs");
        assert!(volumes[3]["scaleIO"].get("storagePool").is_none());
        assert_eq!(volumes[4]["azureDisk"]["fsType"], "");
        assert_eq!(volumes[4]["azureDisk"]["readOnly"], true);
    }

    #[test]
    fn def_07_ephemeral_volume_claim_template_defaults() {
        let spec = defaulted(json!({"containers": [], "volumes": [{"name": "e", "ephemeral": {
            "volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}
        }}]}));
        assert_eq!(
            spec["volumes"][0]["ephemeral"]["volumeClaimTemplate"],
            json!({
                "metadata": {},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {}, "volumeMode": "Filesystem"}
            })
        );
    }

    #[test]
    fn def_07_image_volume_pull_policy_from_tag() {
        let spec = defaulted(json!({"containers": [], "volumes": [
            {"name": "a", "image": {"reference": "quay.io/crio/artifact:v2"}},
            {"name": "b", "image": {"reference": "quay.io/crio/artifact"}},
            {"name": "c", "image": {"reference": "quay.io/crio/artifact", "pullPolicy": "Never"}}
        ]}));
        assert_eq!(spec["volumes"][0]["image"]["pullPolicy"], "IfNotPresent");
        assert_eq!(spec["volumes"][1]["image"]["pullPolicy"], "Always");
        assert_eq!(spec["volumes"][2]["image"]["pullPolicy"], "Never");
        assert!(spec["volumes"][0].get("emptyDir").is_none());
    }

    #[test]
    fn def_07_pod_only_defaults_are_not_applied_to_templates() {
        let spec = defaulted(json!({
            "hostNetwork": true,
            "containers": [{"name": "c", "resources": {"limits": {"cpu": "1"}}, "ports": [{"containerPort": 80}]}]
        }));
        assert!(spec.get("enableServiceLinks").is_none());
        assert!(spec.get("priority").is_none());
        assert!(spec["containers"][0]["resources"].get("requests").is_none());
        assert!(spec["containers"][0]["ports"][0].get("hostPort").is_none());
    }

    #[test]
    fn def_07_template_metadata_and_spec_are_always_rendered() {
        let mut template = PodTemplateSpec::default();
        set_defaults_pod_template_spec(&mut template);
        let value = serde_json::to_value(&template).expect("serializable");
        assert_eq!(value["metadata"], json!({}));
        assert_eq!(value["spec"]["restartPolicy"], "Always");
        assert_eq!(value["spec"]["securityContext"], json!({}));
    }

    #[test]
    fn pod_defaults_copy_limits_to_requests_and_enable_service_links() {
        let mut spec = spec_from(json!({
            "containers": [
                {"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m"}}},
                {"name": "b", "resources": {"limits": {}}}
            ],
            "initContainers": [{"name": "i", "resources": {"limits": {"memory": "64Mi"}}}]
        }));
        set_defaults_pod_spec_for_pod(&mut spec);
        let value = serde_json::to_value(&spec).expect("serializable");
        assert_eq!(value["enableServiceLinks"], true);
        assert_eq!(value["containers"][0]["resources"]["requests"], json!({"cpu": "500m", "memory": "1Gi"}));
        assert!(value["containers"][1]["resources"].get("requests").is_none());
        assert_eq!(value["initContainers"][0]["resources"]["requests"], json!({"memory": "64Mi"}));
        assert_eq!(value["restartPolicy"], "Always");
        assert_eq!(value["containers"][0]["terminationMessagePolicy"], "File");
    }

    #[test]
    fn pod_defaults_keep_explicit_service_links_and_set_host_ports_on_host_network() {
        let mut spec = spec_from(json!({
            "enableServiceLinks": false,
            "hostNetwork": true,
            "containers": [{"name": "a", "ports": [{"containerPort": 80}, {"containerPort": 81, "hostPort": 9000}]}],
            "initContainers": [{"name": "i", "ports": [{"containerPort": 82, "hostPort": 0}]}]
        }));
        set_defaults_pod_spec_for_pod(&mut spec);
        let value = serde_json::to_value(&spec).expect("serializable");
        assert_eq!(value["enableServiceLinks"], false);
        assert_eq!(value["containers"][0]["ports"][0]["hostPort"], 80);
        assert_eq!(value["containers"][0]["ports"][1]["hostPort"], 9000);
        assert_eq!(value["initContainers"][0]["ports"][0]["hostPort"], 82);
    }

    #[test]
    fn pod_spec_defaulting_is_idempotent() {
        let mut spec = spec_from(json!({
            "containers": [{"name": "c", "image": "nginx", "livenessProbe": {"httpGet": {"port": 80}},
                "env": [{"name": "X", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}}]}],
            "volumes": [{"name": "v"}, {"name": "s", "secret": {"secretName": "x"}}]
        }));
        set_defaults_pod_spec_for_pod(&mut spec);
        let once = spec.clone();
        set_defaults_pod_spec_for_pod(&mut spec);
        assert_eq!(spec, once);
    }
}
