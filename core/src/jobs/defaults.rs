//! Defaulting of batch/v1 Job (DEF-01..08), applied on every decode.
//!
//! Mirrors `SetObjectDefaults_Job`: `SetDefaults_Job` (`pkg/apis/batch/v1/defaults.go`), then core v1
//! defaulting of the pod template. Selector generation (DEF-09) belongs to the registry strategy.

use k8s_openapi::api::batch::v1::{Job, JobSpec, PodFailurePolicy};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::pod::defaults::set_defaults_pod_template_spec;

const DEFAULT_BACKOFF_LIMIT: i32 = 6;

/// Applies the Job defaults, the label copy of DEF-08 and the pod-template defaults, and materializes
/// the structs the apiserver always renders (`spec`, `status: {}`, the template's `metadata: {}`).
///
/// Idempotent, because it runs again whenever a stored Job is decoded.
pub fn set_defaults(job: &mut Job) {
    let spec = job.spec.get_or_insert_with(JobSpec::default);
    set_defaults_job_spec(spec);
    copy_template_labels(&mut job.metadata, &spec.template);
    set_defaults_pod_template_spec(&mut spec.template);
    job.status.get_or_insert_with(Default::default);
}

/// `SetDefaults_Job` without the label copy (DEF-01..06).
fn set_defaults_job_spec(spec: &mut JobSpec) {
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
    }
    spec.parallelism.get_or_insert(1);
    let backoff_limit = if spec.backoff_limit_per_index.is_some() { i32::MAX } else { DEFAULT_BACKOFF_LIMIT };
    spec.backoff_limit.get_or_insert(backoff_limit);
    spec.completion_mode.get_or_insert_with(|| "NonIndexed".to_owned());
    spec.suspend.get_or_insert(false);
    spec.pod_failure_policy.iter_mut().for_each(default_condition_statuses);
    let policy = if spec.pod_failure_policy.is_some() { "Failed" } else { "TerminatingOrFailed" };
    spec.pod_replacement_policy.get_or_insert_with(|| policy.to_owned());
    spec.manual_selector.get_or_insert(false);
}

/// An `onPodConditions` pattern without a status matches conditions that are `True`.
fn default_condition_statuses(policy: &mut PodFailurePolicy) {
    for rule in &mut policy.rules {
        for pattern in rule.on_pod_conditions.iter_mut().flatten() {
            if pattern.status.as_deref().is_none_or(str::is_empty) {
                pattern.status = Some("True".to_owned());
            }
        }
    }
}

/// DEF-08: a Job without labels takes its template's labels.
///
/// Go copies any non-nil map; copying an empty one is skipped here because it is invisible on the
/// wire (Go omits empty label maps) and would otherwise render as `labels: {}`.
fn copy_template_labels(metadata: &mut ObjectMeta, template: &PodTemplateSpec) {
    let template_labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
    let Some(template_labels) = template_labels.filter(|labels| !labels.is_empty()) else {
        return;
    };
    if metadata.labels.as_ref().is_none_or(|labels| labels.is_empty()) {
        metadata.labels = Some(template_labels.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const EXM_01_BODY: &str = r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi"},"spec":{"template":{"spec":{"containers":[{"name":"pi","image":"perl:5.34.0","command":["perl","-e","print 1"]}],"restartPolicy":"Never"}},"backoffLimit":4}}"#;

    fn job_from(value: Value) -> Job {
        serde_json::from_value(value).expect("valid Job")
    }

    /// A Job whose spec is `spec` plus a minimal valid template, defaulted, as JSON.
    fn defaulted_spec(spec: Value) -> Value {
        let mut spec = spec;
        if let Some(fields) = spec.as_object_mut() {
            fields.entry("template").or_insert_with(|| json!({"spec": {"containers": [{"name": "c"}]}}));
        }
        let mut job = job_from(json!({"metadata": {"name": "j"}, "spec": spec}));
        set_defaults(&mut job);
        serde_json::to_value(&job).expect("serializable")["spec"].clone()
    }

    #[test]
    fn def_01_parallelism_and_completions_default_to_one() {
        let spec = defaulted_spec(json!({}));
        assert_eq!(spec["parallelism"], 1);
        assert_eq!(spec["completions"], 1);
    }

    #[test]
    fn def_01_only_parallelism_unset_makes_a_work_queue_job() {
        let spec = defaulted_spec(json!({"completions": 5}));
        assert_eq!(spec["parallelism"], 1);
        assert_eq!(spec["completions"], 5);
    }

    #[test]
    fn def_01_completions_stay_unset_when_parallelism_is_given() {
        let spec = defaulted_spec(json!({"parallelism": 3}));
        assert_eq!(spec["parallelism"], 3);
        assert!(spec.get("completions").is_none());
    }

    #[test]
    fn def_01_parallelism_zero_is_kept() {
        let spec = defaulted_spec(json!({"parallelism": 0}));
        assert_eq!(spec["parallelism"], 0);
        assert!(spec.get("completions").is_none());
    }

    #[test]
    fn def_02_backoff_limit_defaults_to_six() {
        assert_eq!(defaulted_spec(json!({}))["backoffLimit"], 6);
        assert_eq!(defaulted_spec(json!({"backoffLimit": 0}))["backoffLimit"], 0);
    }

    #[test]
    fn def_02_backoff_limit_is_max_int32_with_backoff_limit_per_index() {
        let spec = defaulted_spec(json!({"completionMode": "Indexed", "completions": 3, "backoffLimitPerIndex": 1}));
        assert_eq!(spec["backoffLimit"], 2_147_483_647);
        let spec = defaulted_spec(json!({"backoffLimitPerIndex": 1, "backoffLimit": 10}));
        assert_eq!(spec["backoffLimit"], 10);
    }

    #[test]
    fn def_03_completion_mode_suspend_and_manual_selector_default() {
        let spec = defaulted_spec(json!({}));
        assert_eq!(spec["completionMode"], "NonIndexed");
        assert_eq!(spec["suspend"], false);
        assert_eq!(spec["manualSelector"], false);
        let spec = defaulted_spec(json!({"completionMode": "Indexed", "suspend": true, "manualSelector": true}));
        assert_eq!(spec["completionMode"], "Indexed");
        assert_eq!(spec["suspend"], true);
        assert_eq!(spec["manualSelector"], true);
    }

    #[test]
    fn def_04_pod_replacement_policy_defaults_to_terminating_or_failed() {
        assert_eq!(defaulted_spec(json!({}))["podReplacementPolicy"], "TerminatingOrFailed");
    }

    #[test]
    fn def_04_pod_replacement_policy_is_failed_with_a_pod_failure_policy() {
        let spec = defaulted_spec(json!({"podFailurePolicy": {"rules": []}}));
        assert_eq!(spec["podReplacementPolicy"], "Failed");
        let spec =
            defaulted_spec(json!({"podFailurePolicy": {"rules": []}, "podReplacementPolicy": "TerminatingOrFailed"}));
        assert_eq!(spec["podReplacementPolicy"], "TerminatingOrFailed");
    }

    #[test]
    fn def_05_on_pod_conditions_status_defaults_to_true() {
        let spec = defaulted_spec(json!({"podFailurePolicy": {"rules": [
            {"action": "Ignore", "onPodConditions": [
                {"type": "DisruptionTarget"},
                {"type": "ConfigIssue", "status": ""},
                {"type": "Ready", "status": "False"}
            ]},
            {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}
        ]}}));
        let rules = &spec["podFailurePolicy"]["rules"];
        assert_eq!(rules[0]["onPodConditions"][0], json!({"status": "True", "type": "DisruptionTarget"}));
        assert_eq!(rules[0]["onPodConditions"][1]["status"], "True");
        assert_eq!(rules[0]["onPodConditions"][2]["status"], "False");
        assert!(rules[1].get("onPodConditions").is_none());
    }

    #[test]
    fn def_06_fields_that_are_never_defaulted_stay_unset() {
        let spec = defaulted_spec(json!({}));
        for field in [
            "activeDeadlineSeconds",
            "ttlSecondsAfterFinished",
            "backoffLimitPerIndex",
            "maxFailedIndexes",
            "successPolicy",
            "managedBy",
            "podFailurePolicy",
            "selector",
        ] {
            assert!(spec.get(field).is_none(), "{field} was defaulted");
        }
    }

    #[test]
    fn def_07_pod_template_is_defaulted() {
        let template = &defaulted_spec(json!({}))["template"];
        assert_eq!(template["metadata"], json!({}));
        assert_eq!(template["spec"]["restartPolicy"], "Always");
        assert_eq!(template["spec"]["dnsPolicy"], "ClusterFirst");
        assert_eq!(template["spec"]["schedulerName"], "default-scheduler");
        assert_eq!(template["spec"]["securityContext"], json!({}));
        assert_eq!(template["spec"]["terminationGracePeriodSeconds"], 30);
        assert_eq!(template["spec"]["containers"][0]["resources"], json!({}));
        assert_eq!(template["spec"]["containers"][0]["imagePullPolicy"], "IfNotPresent");
        assert!(template["spec"].get("enableServiceLinks").is_none());
    }

    #[test]
    fn def_08_job_takes_template_labels_when_it_has_none() {
        for job_labels in [Value::Null, json!({})] {
            let mut job = job_from(json!({
                "metadata": {"name": "j", "labels": job_labels},
                "spec": {"template": {"metadata": {"labels": {"app": "pi", "tier": "batch"}}, "spec": {"containers": []}}}
            }));
            set_defaults(&mut job);
            let labels = serde_json::to_value(&job.metadata.labels).expect("serializable");
            assert_eq!(labels, json!({"app": "pi", "tier": "batch"}));
        }
    }

    #[test]
    fn def_08_client_labels_are_left_untouched() {
        let mut job = job_from(json!({
            "metadata": {"name": "j", "labels": {"owner": "me"}},
            "spec": {"template": {"metadata": {"labels": {"app": "pi"}}, "spec": {"containers": []}}}
        }));
        set_defaults(&mut job);
        assert_eq!(serde_json::to_value(&job.metadata.labels).expect("serializable"), json!({"owner": "me"}));
    }

    #[test]
    fn def_08_nothing_is_copied_without_template_labels() {
        for template_metadata in [json!({}), json!({"labels": {}})] {
            let mut job = job_from(json!({
                "metadata": {"name": "j"},
                "spec": {"template": {"metadata": template_metadata, "spec": {"containers": []}}}
            }));
            set_defaults(&mut job);
            assert_eq!(job.metadata.labels, None);
        }
    }

    #[test]
    fn def_08_labels_generated_after_a_first_decode_are_copied_on_the_next() {
        let mut job: Job = serde_json::from_str(EXM_01_BODY).expect("valid Job");
        set_defaults(&mut job);
        assert_eq!(job.metadata.labels, None);
        let generated = [("batch.kubernetes.io/job-name", "pi"), ("job-name", "pi")];
        let template_metadata = job.spec.as_mut().and_then(|s| s.template.metadata.as_mut()).expect("defaulted");
        template_metadata.labels = Some(generated.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        set_defaults(&mut job);
        let labels = serde_json::to_value(&job.metadata.labels).expect("serializable");
        assert_eq!(labels, json!({"batch.kubernetes.io/job-name": "pi", "job-name": "pi"}));
    }

    #[test]
    fn def_09_defaulting_renders_manual_selector_false_and_generates_no_selector() {
        let mut job: Job = serde_json::from_str(EXM_01_BODY).expect("valid Job");
        set_defaults(&mut job);
        let spec = job.spec.expect("spec");
        assert_eq!(spec.manual_selector, Some(false));
        assert_eq!(spec.selector, None);
        assert_eq!(spec.template.metadata.and_then(|m| m.labels), None);
    }

    #[test]
    fn def_10_manual_selector_true_is_kept_and_nothing_is_generated() {
        let spec = defaulted_spec(json!({
            "manualSelector": true,
            "selector": {"matchLabels": {"app": "pi"}},
            "template": {"metadata": {"labels": {"app": "pi"}}, "spec": {"containers": []}}
        }));
        assert_eq!(spec["manualSelector"], true);
        assert_eq!(spec["selector"], json!({"matchLabels": {"app": "pi"}}));
        assert_eq!(spec["template"]["metadata"], json!({"labels": {"app": "pi"}}));
    }

    #[test]
    fn exm_01_request_defaults_to_the_documented_spec() {
        let mut job: Job = serde_json::from_str(EXM_01_BODY).expect("valid Job");
        set_defaults(&mut job);
        let value = serde_json::to_value(&job).expect("serializable");
        let expected_spec = json!({
            "parallelism": 1,
            "completions": 1,
            "backoffLimit": 4,
            "manualSelector": false,
            "template": {
                "metadata": {},
                "spec": {
                    "containers": [{
                        "name": "pi",
                        "image": "perl:5.34.0",
                        "command": ["perl", "-e", "print 1"],
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File",
                        "imagePullPolicy": "IfNotPresent"
                    }],
                    "restartPolicy": "Never",
                    "terminationGracePeriodSeconds": 30,
                    "dnsPolicy": "ClusterFirst",
                    "securityContext": {},
                    "schedulerName": "default-scheduler"
                }
            },
            "completionMode": "NonIndexed",
            "suspend": false,
            "podReplacementPolicy": "TerminatingOrFailed"
        });
        assert_eq!(value["spec"], expected_spec);
        assert_eq!(value["status"], json!({}));
        assert_eq!(value["metadata"], json!({"name": "pi"}));
    }

    #[test]
    fn always_rendered_structs_exist_for_an_empty_job() {
        let mut job = Job::default();
        set_defaults(&mut job);
        let value = serde_json::to_value(&job).expect("serializable");
        assert_eq!(value["status"], json!({}));
        assert_eq!(value["spec"]["template"]["metadata"], json!({}));
        assert_eq!(value["spec"]["template"]["spec"]["securityContext"], json!({}));
        assert_eq!(value["spec"]["parallelism"], 1);
    }

    #[test]
    fn existing_status_is_kept() {
        let mut job = job_from(json!({"metadata": {"name": "j"}, "status": {"active": 2}}));
        set_defaults(&mut job);
        assert_eq!(job.status.and_then(|s| s.active), Some(2));
    }

    #[test]
    fn defaulting_is_idempotent() {
        let mut exm: Job = serde_json::from_str(EXM_01_BODY).expect("valid Job");
        let mut rich = job_from(json!({
            "metadata": {"name": "rich"},
            "spec": {
                "parallelism": 2,
                "backoffLimitPerIndex": 1,
                "completionMode": "Indexed",
                "completions": 4,
                "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
                "template": {
                    "metadata": {"labels": {"app": "rich"}},
                    "spec": {
                        "containers": [{"name": "c", "image": "busybox", "ports": [{"containerPort": 80}],
                            "readinessProbe": {"httpGet": {"port": 80}}}],
                        "volumes": [{"name": "v"}, {"name": "s", "secret": {"secretName": "x"}}]
                    }
                }
            }
        }));
        for job in [&mut exm, &mut rich] {
            set_defaults(job);
            let once = job.clone();
            set_defaults(job);
            assert_eq!(*job, once);
        }
        assert_eq!(rich.spec.as_ref().and_then(|s| s.backoff_limit), Some(i32::MAX));
    }
}
