//! Wire key order (GEN-04): the apiserver writes Go struct order, k8s-openapi writes alphabetical
//! order. `job` rewrites a serialized Job in place; keys not in a table keep their relative order
//! after the listed ones.

use serde_json::{Map, Value};

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

/// Reorders the keys of one object: those in `order` first, in that order.
pub fn reorder(v: &mut Value, order: &[&str]) {
    let Value::Object(map) = v else { return };
    if map.keys().zip(order.iter()).all(|(a, b)| a == b) && map.len() <= order.len() {
        return;
    }
    let mut old = std::mem::take(map);
    let mut out = Map::with_capacity(old.len());
    for key in order {
        if let Some(x) = old.shift_remove(*key) {
            out.insert((*key).to_string(), x);
        }
    }
    out.extend(old);
    *map = out;
}

fn each(v: Option<&mut Value>, f: impl Fn(&mut Value)) {
    if let Some(Value::Array(items)) = v {
        items.iter_mut().for_each(f);
    }
}

/// Object metadata, wherever it appears.
pub fn object_meta(meta: &mut Value) {
    reorder(meta, OBJECT_META);
    each(meta.get_mut("managedFields"), |e| reorder(e, MANAGED_FIELDS_ENTRY));
    each(meta.get_mut("ownerReferences"), |e| reorder(e, OWNER_REFERENCE));
}

/// A pod spec (in a template or a Pod).
pub fn pod_spec(spec: &mut Value) {
    reorder(spec, POD_SPEC);
    for list in ["containers", "initContainers", "ephemeralContainers"] {
        each(spec.get_mut(list), |c| reorder(c, CONTAINER));
    }
}

/// A whole Job, as written on the wire. Also renders never-set condition times as `null` (GEN-05).
pub fn job(v: &mut Value) {
    reorder(v, TOP);
    if let Some(m) = v.get_mut("metadata") {
        object_meta(m);
    }
    if let Some(spec) = v.get_mut("spec") {
        reorder(spec, JOB_SPEC);
        if let Some(t) = spec.get_mut("template") {
            reorder(t, POD_TEMPLATE);
            if let Some(m) = t.get_mut("metadata") {
                object_meta(m);
            }
            if let Some(s) = t.get_mut("spec") {
                pod_spec(s);
            }
        }
    }
    if let Some(status) = v.get_mut("status") {
        reorder(status, JOB_STATUS);
        each(status.get_mut("conditions"), |c| {
            if let Value::Object(m) = c {
                for k in ["lastProbeTime", "lastTransitionTime"] {
                    m.entry(k).or_insert(Value::Null);
                }
            }
            reorder(c, JOB_CONDITION);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn gen_04_go_struct_order() {
        let mut v = json!({"apiVersion":"batch/v1","kind":"Job","status":{"ready":0,"active":1,"conditions":[{"type":"Complete","status":"True"}]},
            "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"image":"x","name":"c"}]}},"completions":1,"parallelism":1},
            "metadata":{"uid":"u","name":"n"}});
        job(&mut v);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"n","uid":"u"},"spec":{"parallelism":1,"completions":1,"template":{"spec":{"containers":[{"name":"c","image":"x"}],"restartPolicy":"Never"}}},"status":{"conditions":[{"type":"Complete","status":"True","lastProbeTime":null,"lastTransitionTime":null}],"active":1,"ready":0}}"#
        );
    }
}
