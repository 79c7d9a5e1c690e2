//! Wire key order (GEN-04): the apiserver writes Go struct order, k8s-openapi writes alphabetical
//! order. Each function maps a struct name (as k8s-openapi serializes it) to its Go field order;
//! [`super::wire`] applies it while serializing. Fields not in a table keep their relative order
//! after the listed ones.

const TOP: &[&str] = &["kind", "apiVersion", "metadata", "spec", "status"];
const OBJECT_META: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];
const MANAGED_FIELDS_ENTRY: &[&str] =
    &["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource"];
const OWNER_REFERENCE: &[&str] = &["apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion"];
const JOB_SPEC: &[&str] = &[
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "podFailurePolicy",
    "successPolicy",
    "backoffLimit",
    "backoffLimitPerIndex",
    "maxFailedIndexes",
    "selector",
    "manualSelector",
    "template",
    "ttlSecondsAfterFinished",
    "completionMode",
    "suspend",
    "podReplacementPolicy",
    "managedBy",
];
const JOB_STATUS: &[&str] = &[
    "conditions",
    "startTime",
    "completionTime",
    "active",
    "succeeded",
    "failed",
    "terminating",
    "completedIndexes",
    "failedIndexes",
    "uncountedTerminatedPods",
    "ready",
];
const JOB_CONDITION: &[&str] = &["type", "status", "lastProbeTime", "lastTransitionTime", "reason", "message"];
const POD_TEMPLATE: &[&str] = &["metadata", "spec"];
const POD_SPEC: &[&str] = &[
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
    "hostnameOverride",
];
const CONTAINER: &[&str] = &[
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "restartPolicyRules",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
];

/// The Go field order of the metadata structs every kind shares, by the names k8s-openapi
/// serializes them under.
pub fn common(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "ObjectMeta" => Some(OBJECT_META),
        "ManagedFieldsEntry" => Some(MANAGED_FIELDS_ENTRY),
        "OwnerReference" => Some(OWNER_REFERENCE),
        _ => None,
    }
}

/// A pod spec and its containers (in a Job's template or a Pod).
pub fn pod_spec(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "PodSpec" => Some(POD_SPEC),
        "Container" | "EphemeralContainer" => Some(CONTAINER),
        _ => common(name),
    }
}

/// A Job and everything it embeds.
pub fn job(name: &str) -> Option<&'static [&'static str]> {
    match name {
        "Job" => Some(TOP),
        "JobSpec" => Some(JOB_SPEC),
        "PodTemplateSpec" => Some(POD_TEMPLATE),
        "JobStatus" => Some(JOB_STATUS),
        "JobCondition" => Some(JOB_CONDITION),
        _ => pod_spec(name),
    }
}

/// The top level of any kind: `kind` and `apiVersion` first, then metadata, spec, status.
pub fn top(name: &str, kind: &str) -> Option<&'static [&'static str]> {
    (name == kind).then_some(TOP)
}

/// Fields Go renders as `null` when unset (GEN-05: a Job condition's never-set times).
pub fn nulls(name: &str) -> &'static [&'static str] {
    match name {
        "JobCondition" => &["lastProbeTime", "lastTransitionTime"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gen_04_go_struct_order() {
        let v = serde_json::json!({"apiVersion":"batch/v1","kind":"Job","status":{"ready":0,"active":1,"conditions":[{"type":"Complete","status":"True"}]},
            "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"image":"x","name":"c"}]}},"completions":1,"parallelism":1},
            "metadata":{"uid":"u","name":"n"}});
        let job: k8s_openapi::api::batch::v1::Job = serde_json::from_value(v).unwrap();
        assert_eq!(
            String::from_utf8(super::super::wire::to_vec(&job, super::job).unwrap()).unwrap(),
            r#"{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"n","uid":"u"},"spec":{"parallelism":1,"completions":1,"template":{"spec":{"containers":[{"name":"c","image":"x"}],"restartPolicy":"Never"}}},"status":{"conditions":[{"type":"Complete","status":"True","lastProbeTime":null,"lastTransitionTime":null}],"active":1,"ready":0}}"#
        );
    }
}
