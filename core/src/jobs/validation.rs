//! Validation of batch/v1 Job: create (VAL-03..17, VAL-23..25), update (VAL-18..22) and the status
//! subresource (STA-04, STA-05), following `pkg/apis/batch/validation` with the options the Job registry
//! strategy passes to it in Kubernetes 1.35 (all Job feature gates GA).
//!
//! Inputs are Jobs that have been defaulted and, on create, had their selector generated.

use crate::field::{go_quote, FieldError, Path};
use crate::validation::names::regex_error;
use crate::validation::{
    dns1123_label_errors, dns1123_subdomain_errors, label_selector_has_invalid_label_value, name_is_dns_subdomain,
    qualified_name_errors, selector_rejects, to_json, validate_immutable, validate_label_selector,
    validate_nonnegative, validate_object_meta, validate_object_meta_update, validate_pod_template_spec,
};
use k8s_openapi::api::batch::v1::{
    Job, JobCondition, JobSpec, JobStatus, PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern, PodFailurePolicyRule, SuccessPolicy, SuccessPolicyRule,
};
use k8s_openapi::api::core::v1::{Affinity, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

const MAX_PARALLELISM_FOR_INDEXED_JOB: i32 = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB: i32 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i32 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
const MAX_ON_EXIT_CODES_VALUES: usize = 255;
const MAX_ON_POD_CONDITIONS_PATTERNS: usize = 20;
const MAX_MANAGED_BY_LENGTH: usize = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES: usize = 20;

const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
const LEGACY_JOB_NAME_LABEL: &str = "job-name";
const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";

const INDEXED: &str = "Indexed";
const NON_INDEXED: &str = "NonIndexed";

/// Supported values, sorted as Go's `sets.List` returns them.
const POD_FAILURE_POLICY_ACTIONS: [&str; 4] = ["Count", "FailIndex", "FailJob", "Ignore"];
const ON_EXIT_CODES_OPERATORS: [&str; 2] = ["In", "NotIn"];
const ON_POD_CONDITIONS_STATUSES: [&str; 3] = ["False", "True", "Unknown"];
const POD_REPLACEMENT_POLICIES: [&str; 2] = ["Failed", "TerminatingOrFailed"];

/// The knobs `validationOptionsForJob` derives from the old object.
struct Options {
    /// Require the `batch.kubernetes.io/` generated labels (always on create; on update only if already there).
    require_prefixed_labels: bool,
    /// Skip label-value checks of selector expressions when the stored selector already had bad values.
    allow_invalid_label_value_in_selector: bool,
    /// VAL-19: a suspended Job that never started may change its scheduling directives.
    allow_mutable_scheduling_directives: bool,
}

impl Options {
    fn for_create() -> Self {
        Options {
            require_prefixed_labels: true,
            allow_invalid_label_value_in_selector: false,
            allow_mutable_scheduling_directives: false,
        }
    }

    fn for_update(old: &Job) -> Self {
        let old_spec = old.spec.as_ref();
        let old_labels = template_labels(old_spec);
        let has = |key: &str| old_labels.is_some_and(|l| l.contains_key(key));
        let suspended = old_spec.and_then(|s| s.suspend) == Some(true);
        let not_started = old.status.as_ref().and_then(|s| s.start_time.as_ref()).is_none();
        Options {
            require_prefixed_labels: has(JOB_NAME_LABEL) && has(CONTROLLER_UID_LABEL),
            allow_invalid_label_value_in_selector: label_selector_has_invalid_label_value(
                old_spec.and_then(|s| s.selector.as_ref()),
            ),
            allow_mutable_scheduling_directives: suspended && not_started,
        }
    }
}

fn template_labels(spec: Option<&JobSpec>) -> Option<&BTreeMap<String, String>> {
    spec.and_then(|s| s.template.metadata.as_ref()).and_then(|m| m.labels.as_ref())
}

fn spec_path() -> Path<'static> {
    Path::new("spec")
}

/// Create-time validation (`ValidateJob`): object metadata, generated-selector checks, the spec, and the
/// Indexed-Job hostname check, in the order of VAL-17.
pub fn validate_job(job: &Job) -> Vec<FieldError> {
    validate_job_with(job, &Options::for_create())
}

fn validate_job_with(job: &Job, opts: &Options) -> Vec<FieldError> {
    let default_spec = JobSpec::default();
    let spec = job.spec.as_ref().unwrap_or(&default_spec);
    validate_job_around(job, spec, validate_job_spec(spec, opts), opts)
}

/// `ValidateJob` given what `ValidateJobSpec` found in `spec`: an update runs the spec's
/// validation twice over the same spec (`ValidateJob`, then `ValidateJobSpecUpdate`), so it runs
/// it once and reports its errors twice.
fn validate_job_around(job: &Job, spec: &JobSpec, spec_errs: Vec<FieldError>, opts: &Options) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&job.metadata, true, name_is_dns_subdomain);
    errs.extend(validate_generated_selector(&job.metadata, spec, opts.require_prefixed_labels));
    errs.extend(spec_errs);
    errs.extend(validate_indexed_hostname(&job.metadata, spec));
    errs
}

/// Indexed pods are named `<job>-<index>`, so the largest index must still give a DNS label.
fn validate_indexed_hostname(meta: &ObjectMeta, spec: &JobSpec) -> Vec<FieldError> {
    let Some(completions) = spec.completions.filter(|c| *c > 0) else {
        return Vec::new();
    };
    if spec.completion_mode.as_deref() != Some(INDEXED) {
        return Vec::new();
    }
    let name = meta.name.as_deref().unwrap_or("");
    let hostname = format!("{name}-{}", i64::from(completions) - 1);
    if dns1123_label_errors(&hostname).is_empty() {
        return Vec::new();
    }
    let detail = format!("will not able to create pod with invalid DNS label: {hostname}");
    vec![FieldError::invalid(&Path::new("metadata.name"), &json!(name), &detail)]
}

/// `validateGeneratedSelector` (VAL-09): unless `manualSelector`, the template carries the generated labels
/// and the selector selects them.
fn validate_generated_selector(meta: &ObjectMeta, spec: &JobSpec, require_prefixed: bool) -> Vec<FieldError> {
    if spec.manual_selector == Some(true) {
        return Vec::new();
    }
    let Some(selector) = spec.selector.as_ref() else {
        return Vec::new();
    };
    let mut errs = Vec::new();
    let uid = meta.uid.as_deref().unwrap_or("");
    let name = meta.name.as_deref().unwrap_or("");
    if uid.is_empty() {
        errs.push(FieldError::required(&Path::new("metadata.uid"), ""));
    }
    let labels = template_labels(Some(spec));
    let spec = spec_path();
    let template = spec.child("template");
    let metadata = template.child("metadata");
    let labels_path = metadata.child("labels");
    let mut expected = BTreeMap::new();
    let mut required = vec![(LEGACY_CONTROLLER_UID_LABEL, uid), (LEGACY_JOB_NAME_LABEL, name)];
    if require_prefixed {
        required.extend([(CONTROLLER_UID_LABEL, uid), (JOB_NAME_LABEL, name)]);
    }
    for (key, value) in required {
        errs.extend(validate_has_label(labels, &labels_path, key, value));
        expected.insert(key.to_string(), value.to_string());
    }
    if selector_rejects(Some(selector), &expected) {
        errs.push(FieldError::invalid(
            &spec_path().child("selector"),
            &to_json(selector),
            "`selector` not auto-generated",
        ));
    }
    errs
}

/// `ValidateHasLabel`: the label must be present with the expected value.
fn validate_has_label(
    labels: Option<&BTreeMap<String, String>>,
    path: &Path,
    key: &str,
    expected: &str,
) -> Vec<FieldError> {
    let detail = format!("must be '{expected}'");
    match labels.and_then(|l| l.get(key)) {
        None => vec![FieldError::required(&path.key(key), &detail)],
        Some(actual) if actual != expected => vec![FieldError::invalid(&path.key(key), &to_json(&labels), &detail)],
        Some(_) => Vec::new(),
    }
}

/// `ValidateJobSpec`: the fields, then selector presence/validity and selector-vs-template labels.
fn validate_job_spec(spec: &JobSpec, opts: &Options) -> Vec<FieldError> {
    let path = spec_path();
    let mut errs = validate_job_spec_fields(spec, &path);
    let selector_path = path.child("selector");
    match spec.selector.as_ref() {
        None => errs.push(FieldError::required(&selector_path, "")),
        Some(selector) => {
            errs.extend(validate_label_selector(selector, opts.allow_invalid_label_value_in_selector, &selector_path))
        }
    }
    let labels = template_labels(Some(spec));
    let empty = BTreeMap::new();
    if selector_rejects(spec.selector.as_ref(), labels.unwrap_or(&empty)) {
        errs.push(FieldError::invalid(
            &path.child("template").child("metadata").child("labels"),
            &to_json(&labels),
            "`selector` does not match template `labels`",
        ));
    }
    errs
}

/// `validateJobSpec`: everything but the selector, in Go's order.
///
/// The validators of optional features are kept out of line (`#[inline(never)]`): in wasm a
/// function is compiled whole on its first call, so a Job without those fields does not pay for
/// compiling their checks.
fn validate_job_spec_fields(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_scalars(spec, path);
    if let Some(managed_by) = spec.managed_by.as_deref() {
        errs.extend(validate_managed_by(managed_by, &path.child("managedBy")));
    }
    errs.extend(validate_completion_mode(spec, path));
    if let Some(policy) = spec.pod_failure_policy.as_ref() {
        errs.extend(validate_pod_failure_policy(spec, policy, &path.child("podFailurePolicy")));
    }
    if let Some(policy) = spec.success_policy.as_ref() {
        let policy_path = path.child("successPolicy");
        if spec.completion_mode.as_deref() != Some(INDEXED) {
            errs.push(FieldError::invalid(&policy_path, &to_json(policy), "requires indexed completion mode"));
        } else {
            errs.extend(validate_success_policy(spec, policy, &policy_path));
        }
    }
    errs.extend(validate_pod_replacement_policy(spec, &path.child("podReplacementPolicy")));
    errs.extend(validate_pod_template_spec(&spec.template, &path.child("template")));
    errs.extend(validate_restart_policy(spec, path));
    errs
}

/// VAL-07: the non-negative integers, and `maxFailedIndexes` needing `backoffLimitPerIndex`.
fn validate_scalars(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let fields: [(&str, Option<i64>); 6] = [
        ("parallelism", spec.parallelism.map(i64::from)),
        ("completions", spec.completions.map(i64::from)),
        ("activeDeadlineSeconds", spec.active_deadline_seconds),
        ("backoffLimit", spec.backoff_limit.map(i64::from)),
        ("ttlSecondsAfterFinished", spec.ttl_seconds_after_finished.map(i64::from)),
        ("backoffLimitPerIndex", spec.backoff_limit_per_index.map(i64::from)),
    ];
    let mut errs: Vec<FieldError> = fields
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| validate_nonnegative(v, &path.child(name))))
        .flatten()
        .collect();
    if let Some(max_failed) = spec.max_failed_indexes {
        errs.extend(validate_nonnegative(max_failed.into(), &path.child("maxFailedIndexes")));
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::required(&path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"));
        }
    }
    errs
}

/// VAL-15: `IsDomainPrefixedPath` plus the 63-byte limit.
#[inline(never)]
fn validate_managed_by(managed_by: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = is_domain_prefixed_path(managed_by, path);
    if managed_by.len() > MAX_MANAGED_BY_LENGTH {
        errs.push(FieldError::too_long(path, MAX_MANAGED_BY_LENGTH));
    }
    errs
}

fn is_http_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c)
}

/// `IsDomainPrefixedPath`: `<DNS subdomain>/<HTTP path>`.
fn is_domain_prefixed_path(value: &str, path: &Path) -> Vec<FieldError> {
    if value.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    let Some((host, rest)) = value.split_once('/').filter(|(h, r)| !h.is_empty() && !r.is_empty()) else {
        return vec![FieldError::invalid(
            path,
            &json!(value),
            "must be a domain-prefixed path (such as \"acme.io/foo\")",
        )];
    };
    let mut errs: Vec<FieldError> =
        dns1123_subdomain_errors(host).iter().map(|m| FieldError::invalid(path, &json!(host), m)).collect();
    if !rest.chars().all(is_http_path_char) {
        let detail = regex_error("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", &[]);
        errs.push(FieldError::invalid(path, &json!(rest), &detail));
    }
    errs
}

/// VAL-10 and VAL-11: completion mode values and the Indexed / per-index limits.
fn validate_completion_mode(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mode = spec.completion_mode.as_deref();
    if let Some(mode) = mode {
        if mode != NON_INDEXED && mode != INDEXED {
            errs.push(FieldError::not_supported(&path.child("completionMode"), &json!(mode), &[NON_INDEXED, INDEXED]));
        }
        if mode == INDEXED {
            errs.extend(validate_indexed_limits(spec, path));
        }
    }
    if mode.is_none() || mode == Some(NON_INDEXED) {
        if let Some(limit) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid(
                &path.child("backoffLimitPerIndex"),
                &json!(limit),
                "requires indexed completion mode",
            ));
        }
        if let Some(max_failed) = spec.max_failed_indexes {
            errs.push(FieldError::invalid(
                &path.child("maxFailedIndexes"),
                &json!(max_failed),
                "requires indexed completion mode",
            ));
        }
    }
    errs
}

#[inline(never)]
fn validate_indexed_limits(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let parallelism_path = path.child("parallelism");
    let max_failed_path = path.child("maxFailedIndexes");
    if spec.completions.is_none() {
        errs.push(FieldError::required(&path.child("completions"), "when completion mode is Indexed"));
    }
    if let Some(p) = spec.parallelism.filter(|p| *p > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        let detail =
            format!("must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed");
        errs.push(FieldError::invalid(&parallelism_path, &json!(p), &detail));
    }
    if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes) {
        if m > c {
            errs.push(FieldError::invalid(&max_failed_path, &json!(m), "must be less than or equal to completions"));
        }
    }
    if let Some(m) = spec.max_failed_indexes.filter(|m| *m > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
        let detail = format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}");
        errs.push(FieldError::invalid(&max_failed_path, &json!(m), &detail));
    }
    let high_completions = spec.completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT);
    if high_completions && spec.backoff_limit_per_index.is_some() {
        if spec.max_failed_indexes.is_none() {
            let detail = format!("must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}");
            errs.push(FieldError::required(&max_failed_path, &detail));
        }
        if let Some(p) = spec.parallelism.filter(|p| *p > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
            let detail = format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index");
            errs.push(FieldError::invalid(&parallelism_path, &json!(p), &detail));
        }
        if let Some(m) = spec.max_failed_indexes.filter(|m| *m > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS) {
            let detail = format!("must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index");
            errs.push(FieldError::invalid(&max_failed_path, &json!(m), &detail));
        }
    }
    errs
}

/// Go's `fmt.Sprintf("valid values: %q", list)` for a string slice.
fn valid_values_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("valid values: [{}]", quoted.join(" "))
}

/// VAL-12: `validatePodFailurePolicy`.
#[inline(never)]
fn validate_pod_failure_policy(spec: &JobSpec, policy: &PodFailurePolicy, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules_path = path.child("rules");
    if policy.rules.len() > MAX_POD_FAILURE_POLICY_RULES {
        errs.push(FieldError::too_many(&rules_path, policy.rules.len(), MAX_POD_FAILURE_POLICY_RULES));
    }
    let pod_spec = spec.template.spec.as_ref();
    let container_names: BTreeSet<&str> = pod_spec
        .map(|s| s.containers.iter().chain(s.init_containers.iter().flatten()).map(|c| c.name.as_str()).collect())
        .unwrap_or_default();
    for (i, rule) in policy.rules.iter().enumerate() {
        errs.extend(validate_pod_failure_policy_rule(spec, rule, &rules_path.index(i), &container_names));
    }
    errs
}

fn validate_pod_failure_policy_rule(
    spec: &JobSpec,
    rule: &PodFailurePolicyRule,
    path: &Path,
    names: &BTreeSet<&str>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let action_path = path.child("action");
    let action = rule.action.as_str();
    if action.is_empty() {
        errs.push(FieldError::required(&action_path, &valid_values_list(&POD_FAILURE_POLICY_ACTIONS)));
    } else if action == "FailIndex" {
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::invalid(&action_path, &json!(action), "requires the backoffLimitPerIndex to be set"));
        }
    } else if !POD_FAILURE_POLICY_ACTIONS.contains(&action) {
        errs.push(FieldError::not_supported(&action_path, &json!(action), &POD_FAILURE_POLICY_ACTIONS));
    }
    if let Some(on_exit_codes) = rule.on_exit_codes.as_ref() {
        errs.extend(validate_on_exit_codes(on_exit_codes, &path.child("onExitCodes"), names));
    }
    let patterns = rule.on_pod_conditions.as_deref().unwrap_or(&[]);
    if !patterns.is_empty() {
        errs.extend(validate_on_pod_conditions(patterns, &path.child("onPodConditions")));
    }
    match (rule.on_exit_codes.is_some(), !patterns.is_empty()) {
        (true, true) => errs.push(FieldError::invalid_omit_value(
            path,
            "specifying both OnExitCodes and OnPodConditions is not supported",
        )),
        (false, false) => errs.push(FieldError::invalid_omit_value(
            path,
            "specifying one of OnExitCodes and OnPodConditions is required",
        )),
        _ => {}
    }
    errs
}

fn validate_on_pod_conditions(patterns: &[PodFailurePolicyOnPodConditionsPattern], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if patterns.len() > MAX_ON_POD_CONDITIONS_PATTERNS {
        errs.push(FieldError::too_many(path, patterns.len(), MAX_ON_POD_CONDITIONS_PATTERNS));
    }
    for (j, pattern) in patterns.iter().enumerate() {
        let pattern_path = path.index(j);
        let type_path = pattern_path.child("type");
        let value = json!(pattern.type_);
        errs.extend(qualified_name_errors(&pattern.type_).iter().map(|m| FieldError::invalid(&type_path, &value, m)));
        // An empty status is defaulted to "True" before validation (DEF-05).
        let status = pattern.status.as_deref().unwrap_or("");
        if !status.is_empty() && !ON_POD_CONDITIONS_STATUSES.contains(&status) {
            errs.push(FieldError::not_supported(
                &pattern_path.child("status"),
                &json!(status),
                &ON_POD_CONDITIONS_STATUSES,
            ));
        }
    }
    errs
}

fn validate_on_exit_codes(
    req: &PodFailurePolicyOnExitCodesRequirement,
    path: &Path,
    names: &BTreeSet<&str>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let operator_path = path.child("operator");
    let operator = req.operator.as_str();
    if operator.is_empty() {
        errs.push(FieldError::required(&operator_path, &valid_values_list(&ON_EXIT_CODES_OPERATORS)));
    } else if !ON_EXIT_CODES_OPERATORS.contains(&operator) {
        errs.push(FieldError::not_supported(&operator_path, &json!(operator), &ON_EXIT_CODES_OPERATORS));
    }
    if let Some(container) = req.container_name.as_deref().filter(|c| !names.contains(c)) {
        errs.push(FieldError::invalid(
            &path.child("containerName"),
            &json!(container),
            "must be one of the container or initContainer names in the pod template",
        ));
    }
    let values_path = path.child("values");
    if req.values.is_empty() {
        errs.push(FieldError::invalid(&values_path, &json!(req.values), "at least one value is required"));
    } else if req.values.len() > MAX_ON_EXIT_CODES_VALUES {
        errs.push(FieldError::too_many(&values_path, req.values.len(), MAX_ON_EXIT_CODES_VALUES));
    }
    let mut seen = BTreeSet::new();
    let mut previous: Option<i32> = None;
    let mut ordered = true;
    for (j, &value) in req.values.iter().enumerate() {
        let value_path = values_path.index(j);
        if operator == "In" && value == 0 {
            errs.push(FieldError::invalid(&value_path, &json!(value), "must not be 0 for the In operator"));
        }
        if !seen.insert(value) {
            errs.push(FieldError::duplicate(&value_path, &json!(value)));
        }
        if previous.is_some_and(|p| p > value) {
            ordered = false;
        }
        previous = Some(value);
    }
    if !ordered {
        errs.push(FieldError::invalid(&values_path, &json!(req.values), "must be ordered"));
    }
    errs
}

/// VAL-13: `validateSuccessPolicy` (only reached for Indexed Jobs).
#[inline(never)]
fn validate_success_policy(spec: &JobSpec, policy: &SuccessPolicy, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules_path = path.child("rules");
    if policy.rules.is_empty() {
        errs.push(FieldError::required(
            &rules_path,
            "at least one rules must be specified when the successPolicy is specified",
        ));
    }
    if policy.rules.len() > MAX_SUCCESS_POLICY_RULES {
        errs.push(FieldError::too_many(&rules_path, policy.rules.len(), MAX_SUCCESS_POLICY_RULES));
    }
    for (i, rule) in policy.rules.iter().enumerate() {
        errs.extend(validate_success_policy_rule(spec.completions, rule, &rules_path.index(i)));
    }
    errs
}

fn validate_success_policy_rule(completions: Option<i32>, rule: &SuccessPolicyRule, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if rule.succeeded_count.is_none() && rule.succeeded_indexes.is_none() {
        errs.push(FieldError::required(path, "at least one of succeededCount or succeededIndexes must be specified"));
    }
    // An Indexed Job without completions is already rejected; Go would not get further.
    let Some(completions) = completions else {
        return errs;
    };
    let mut total_indexes: i64 = 0;
    if let Some(indexes) = rule.succeeded_indexes.as_deref() {
        let indexes_path = path.child("succeededIndexes");
        if indexes.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
            errs.push(FieldError::too_long(&indexes_path, MAX_SUCCEEDED_INDEXES_LENGTH));
        }
        match validate_indexes_format(indexes, completions) {
            Ok(total) => total_indexes = total,
            Err(reason) => {
                let detail = format!("error parsing succeededIndexes: {reason}");
                errs.push(FieldError::invalid(&indexes_path, &json!(indexes), &detail));
            }
        }
    }
    if let Some(count) = rule.succeeded_count {
        let count_path = path.child("succeededCount");
        errs.extend(validate_nonnegative(count.into(), &count_path));
        if count > completions {
            let detail = format!("must be less than or equal to {completions} (the number of specified completions)");
            errs.push(FieldError::invalid(&count_path, &json!(count), &detail));
        }
        if rule.succeeded_indexes.is_some() && i64::from(count) > total_indexes {
            let detail = format!(
                "must be less than or equal to {total_indexes} (the number of indexes in the specified succeededIndexes field)"
            );
            errs.push(FieldError::invalid(&count_path, &json!(count), &detail));
        }
    }
    errs
}

/// Go's `strconv.Atoi`: optional sign, decimal digits, 64-bit range.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// `parseIndexInterval`: `x` or `x-y` with `x < y < completions`.
fn parse_index_interval(interval: &str, completions: i32) -> Result<(i64, i64), String> {
    let limits: Vec<&str> = interval.split('-').collect();
    if limits.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            go_quote(interval)
        ));
    }
    let parse_limit = |s: &str| -> Result<i64, String> {
        let value = atoi(s).ok_or_else(|| format!("cannot convert string to integer for index: {}", go_quote(s)))?;
        if value >= i64::from(completions) {
            return Err(format!("too large index: {}", go_quote(s)));
        }
        Ok(value)
    };
    let x = parse_limit(limits.first().copied().unwrap_or(""))?;
    let Some(second) = limits.get(1) else {
        return Ok((x, x));
    };
    let y = parse_limit(second)?;
    if x >= y {
        return Err(format!("non-increasing order, previous: {x}, current: {y}"));
    }
    Ok((x, y))
}

/// `validateIndexesFormat`: comma-separated increasing intervals; returns how many indexes they hold.
fn validate_indexes_format(indexes: &str, completions: i32) -> Result<i64, String> {
    if indexes.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total: i64 = 0;
    for interval in indexes.split(',') {
        let (x, y) = parse_index_interval(interval, completions)?;
        if let Some(previous) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {previous}, current: {x}"));
        }
        total = total.saturating_add(y - x + 1);
        last = Some(y);
    }
    Ok(total)
}

/// `validateFailedIndexesNotOverlapCompleted`: walks both interval lists, skipping unparsable intervals.
fn failed_overlaps_completed(completed: &str, failed: &str, completions: i32) -> Option<String> {
    if completed.is_empty() || failed.is_empty() {
        return None;
    }
    let completed: Vec<&str> = completed.split(',').collect();
    let failed: Vec<&str> = failed.split(',').collect();
    let parse = |list: &[&str], i: usize| list.get(i).map(|s| parse_index_interval(s, completions));
    let (mut ci, mut fi) = (0, 0);
    let mut c = parse(&completed, 0)?;
    let mut f = parse(&failed, 0)?;
    while ci < completed.len() && fi < failed.len() {
        let advance_completed = match (&c, &f) {
            (Err(_), _) => true,
            (Ok(_), Err(_)) => false,
            (Ok((cx, cy)), Ok((fx, fy))) => {
                if cx <= fy && fx <= cy {
                    return Some(format!("failedIndexes and completedIndexes overlap at index: {}", (*cx).max(*fx)));
                }
                cx <= fx
            }
        };
        if advance_completed {
            ci += 1;
            if let Some(next) = parse(&completed, ci) {
                c = next;
            }
        } else {
            fi += 1;
            if let Some(next) = parse(&failed, fi) {
                f = next;
            }
        }
    }
    None
}

/// VAL-14.
fn validate_pod_replacement_policy(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let Some(policy) = spec.pod_replacement_policy.as_deref() else {
        return Vec::new();
    };
    if spec.pod_failure_policy.is_some() {
        if policy != "Failed" {
            return vec![FieldError::not_supported(path, &json!(policy), &["Failed"])];
        }
    } else if !POD_REPLACEMENT_POLICIES.contains(&policy) {
        return vec![FieldError::not_supported(path, &json!(policy), &POD_REPLACEMENT_POLICIES)];
    }
    Vec::new()
}

/// VAL-06: Job pods must not restart forever; with a podFailurePolicy only `Never` is allowed.
fn validate_restart_policy(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let template = path.child("template");
    let template_spec = template.child("spec");
    let policy_path = template_spec.child("restartPolicy");
    let policy = spec.template.spec.as_ref().and_then(|s| s.restart_policy.as_deref()).unwrap_or("");
    match policy {
        "" | "Always" => vec![FieldError::required(&policy_path, "valid values: \"OnFailure\", \"Never\"")],
        "OnFailure" if spec.pod_failure_policy.is_some() => vec![FieldError::invalid(
            &policy_path,
            &json!(policy),
            "only \"Never\" is supported when podFailurePolicy is specified",
        )],
        "OnFailure" | "Never" => Vec::new(),
        other => vec![FieldError::not_supported(&policy_path, &json!(other), &["OnFailure", "Never"])],
    }
}

/// Update-time validation of the main resource (`ValidateUpdate` of the Job strategy): full create-time
/// validation of the new object, then metadata update rules, the spec again and the immutability rules
/// (VAL-18..22). Spec errors therefore appear twice, as in kube-apiserver.
pub fn validate_job_update(new: &Job, old: &Job) -> Vec<FieldError> {
    let opts = Options::for_update(old);
    let default_spec = JobSpec::default();
    let new_spec = new.spec.as_ref().unwrap_or(&default_spec);
    let old_spec = old.spec.as_ref().unwrap_or(&default_spec);
    let spec_errs = validate_job_spec(new_spec, &opts);
    let mut errs = validate_job_around(new, new_spec, spec_errs.clone(), &opts);
    errs.extend(validate_object_meta_update(&new.metadata, &old.metadata));
    errs.extend(spec_errs);
    errs.extend(validate_job_spec_immutability(new_spec, old_spec, &opts));
    errs
}

/// The immutability half of `ValidateJobSpecUpdate`, in Go's order.
fn validate_job_spec_immutability(new: &JobSpec, old: &JobSpec, opts: &Options) -> Vec<FieldError> {
    let path = spec_path();
    let mut errs = validate_completions_update(new, old, &path.child("completions"));
    errs.extend(validate_immutable(&new.selector, &old.selector, &path.child("selector")));
    errs.extend(validate_template_update(new, old, opts, &path.child("template")));
    errs.extend(validate_immutable(&new.completion_mode, &old.completion_mode, &path.child("completionMode")));
    errs.extend(validate_immutable(&new.pod_failure_policy, &old.pod_failure_policy, &path.child("podFailurePolicy")));
    errs.extend(validate_immutable(
        &new.backoff_limit_per_index,
        &old.backoff_limit_per_index,
        &path.child("backoffLimitPerIndex"),
    ));
    errs.extend(validate_immutable(&new.managed_by, &old.managed_by, &path.child("managedBy")));
    errs.extend(validate_immutable(&new.success_policy, &old.success_policy, &path.child("successPolicy")));
    errs
}

/// VAL-20: Indexed Jobs may change completions only together with parallelism, to the same value.
fn validate_completions_update(new: &JobSpec, old: &JobSpec, path: &Path) -> Vec<FieldError> {
    if new.completion_mode.as_deref() != Some(INDEXED) {
        return validate_immutable(&new.completions, &old.completions, path);
    }
    if new.completions == old.completions {
        return Vec::new();
    }
    let Some(completions) = new.completions else {
        return Vec::new();
    };
    if Some(completions) != new.parallelism {
        return vec![FieldError::invalid(
            path,
            &json!(completions),
            "can only be modified in tandem with spec.parallelism",
        )];
    }
    Vec::new()
}

/// VAL-18/19: the template is immutable, except scheduling directives of a suspended Job that never started.
fn validate_template_update(new: &JobSpec, old: &JobSpec, opts: &Options, path: &Path) -> Vec<FieldError> {
    if !opts.allow_mutable_scheduling_directives {
        return validate_immutable(&new.template, &old.template, path);
    }
    let relaxed_old = with_scheduling_directives_of(&old.template, &new.template);
    validate_immutable(&new.template, &relaxed_old, path)
}

/// A copy of `old` carrying the mutable scheduling directives of `new`: node affinity, node selector,
/// tolerations, scheduling gates, labels and annotations.
fn with_scheduling_directives_of(old: &PodTemplateSpec, new: &PodTemplateSpec) -> PodTemplateSpec {
    let mut relaxed = old.clone();
    let new_meta = new.metadata.clone().unwrap_or_default();
    let meta = relaxed.metadata.get_or_insert_with(ObjectMeta::default);
    meta.labels = new_meta.labels;
    meta.annotations = new_meta.annotations;
    let default_spec = PodSpec::default();
    let new_spec = new.spec.as_ref().unwrap_or(&default_spec);
    let spec = relaxed.spec.get_or_insert_with(PodSpec::default);
    spec.affinity = relaxed_affinity(spec.affinity.take(), new_spec.affinity.as_ref());
    spec.node_selector = new_spec.node_selector.clone();
    spec.tolerations = new_spec.tolerations.clone();
    spec.scheduling_gates = new_spec.scheduling_gates.clone();
    relaxed
}

fn relaxed_affinity(old: Option<Affinity>, new: Option<&Affinity>) -> Option<Affinity> {
    match (old, new) {
        (Some(mut old), None) => {
            old.node_affinity = None;
            (old != Affinity::default()).then_some(old)
        }
        (None, Some(new)) => Some(Affinity { node_affinity: new.node_affinity.clone(), ..Default::default() }),
        (Some(mut old), Some(new)) => {
            old.node_affinity = new.node_affinity.clone();
            Some(old)
        }
        (None, None) => None,
    }
}

/// Update-time validation of the status subresource (`ValidateJobUpdateStatus`): metadata update rules, the
/// status rules always enforced (STA-04) and the transition rules, each checked only when the fields it
/// concerns changed in this write (STA-05).
pub fn validate_job_status_update(new: &Job, old: &Job) -> Vec<FieldError> {
    let default_status = JobStatus::default();
    let default_spec = JobSpec::default();
    let view = StatusView {
        spec: new.spec.as_ref().unwrap_or(&default_spec),
        new: new.status.as_ref().unwrap_or(&default_status),
        old: old.status.as_ref().unwrap_or(&default_status),
    };
    let opts = StatusOptions::new(&view);
    let mut errs = validate_object_meta_update(&new.metadata, &old.metadata);
    errs.extend(validate_status(&view, &opts));
    errs.extend(validate_status_transitions(&view, &opts));
    errs
}

/// The Job spec (unchanged by a status write) and the old and new status.
struct StatusView<'a> {
    spec: &'a JobSpec,
    new: &'a JobStatus,
    old: &'a JobStatus,
}

fn conditions(status: &JobStatus) -> &[JobCondition] {
    status.conditions.as_deref().unwrap_or(&[])
}

fn is_condition_true(status: &JobStatus, type_: &str) -> bool {
    conditions(status).iter().any(|c| c.type_ == type_ && c.status == "True")
}

fn is_complete(status: &JobStatus) -> bool {
    is_condition_true(status, "Complete")
}

fn is_failed(status: &JobStatus) -> bool {
    is_condition_true(status, "Failed")
}

fn is_finished(status: &JobStatus) -> bool {
    is_complete(status) || is_failed(status)
}

fn is_failure_target(status: &JobStatus) -> bool {
    is_condition_true(status, "FailureTarget")
}

fn is_success_criteria_met(status: &JobStatus) -> bool {
    is_condition_true(status, "SuccessCriteriaMet")
}

fn uncounted(status: &JobStatus) -> (&[String], &[String]) {
    let pods = status.uncounted_terminated_pods.as_ref();
    (pods.and_then(|p| p.succeeded.as_deref()).unwrap_or(&[]), pods.and_then(|p| p.failed.as_deref()).unwrap_or(&[]))
}

/// `JobStatusValidationOptions` as the Job status strategy computes them: each rule is enabled only when the
/// fields it concerns changed.
struct StatusOptions {
    reject_decreasing_succeeded: bool,
    reject_invalid_completed_indexes: bool,
    reject_invalid_failed_indexes: bool,
    reject_overlapping_indexes: bool,
    reject_failed_without_failure_target: bool,
    reject_complete_without_success_criteria_met: bool,
    reject_finished_with_active: bool,
    reject_finished_without_start_time: bool,
    reject_finished_with_uncounted: bool,
    reject_start_time_update: bool,
    reject_completion_before_start: bool,
    reject_completion_time_mismatch: bool,
    reject_complete_with_failed: bool,
    reject_complete_with_failure_target: bool,
    reject_more_ready_than_active: bool,
    reject_finished_with_terminating: bool,
}

impl StatusOptions {
    fn new(v: &StatusView) -> Self {
        let (new, old) = (v.new, v.old);
        let changed = |f: fn(&JobStatus) -> bool| f(new) != f(old);
        let finished_changed = changed(is_finished);
        let complete_changed = changed(is_complete);
        let failed_changed = changed(is_failed);
        let failure_target_changed = changed(is_failure_target);
        let success_criteria_met_changed = changed(is_success_criteria_met);
        let completed_indexes_changed =
            new.completed_indexes.as_deref().unwrap_or("") != old.completed_indexes.as_deref().unwrap_or("");
        let failed_indexes_changed = new.failed_indexes != old.failed_indexes;
        let active_changed = new.active.unwrap_or(0) != old.active.unwrap_or(0);
        let ready_changed = new.ready != old.ready;
        let terminating_changed = new.terminating != old.terminating;
        let start_time_changed = new.start_time != old.start_time;
        let completion_time_changed = new.completion_time != old.completion_time;
        let uncounted_changed =
            !crate::validation::semantic_eq(&new.uncounted_terminated_pods, &old.uncounted_terminated_pods);
        let resumed = is_condition_true(old, "Suspended") && !is_condition_true(new, "Suspended");
        let indexed = v.spec.completion_mode.as_deref() == Some(INDEXED);
        StatusOptions {
            // Indexed Jobs with completions == parallelism may scale down, losing succeeded pods.
            reject_decreasing_succeeded: !indexed || v.spec.completions != v.spec.parallelism,
            reject_invalid_completed_indexes: completed_indexes_changed,
            reject_invalid_failed_indexes: failed_indexes_changed,
            reject_overlapping_indexes: failed_indexes_changed || completed_indexes_changed,
            reject_failed_without_failure_target: failed_changed || failure_target_changed,
            reject_complete_without_success_criteria_met: complete_changed || success_criteria_met_changed,
            reject_finished_with_active: finished_changed || active_changed,
            reject_finished_without_start_time: finished_changed || start_time_changed,
            reject_finished_with_uncounted: finished_changed || uncounted_changed,
            // The controller resets startTime when it resumes a suspended Job (kubernetes#134769).
            reject_start_time_update: start_time_changed && !resumed,
            reject_completion_before_start: start_time_changed || completion_time_changed,
            reject_completion_time_mismatch: complete_changed || completion_time_changed,
            reject_complete_with_failed: complete_changed || failed_changed,
            reject_complete_with_failure_target: complete_changed || failure_target_changed,
            reject_more_ready_than_active: ready_changed || active_changed,
            reject_finished_with_terminating: finished_changed || terminating_changed,
        }
    }
}

fn conditions_error(detail: &str) -> FieldError {
    FieldError::invalid_omit_value(&Path::new("status.conditions"), detail)
}

/// `validateJobStatus`: counters, uncounted pods, and the consistency rules enabled by `opts`.
fn validate_status(v: &StatusView, opts: &StatusOptions) -> Vec<FieldError> {
    let status = v.new;
    let path = Path::new("status");
    let mut errs = validate_counters(status, &path);
    errs.extend(validate_uncounted(status, &path.child("uncountedTerminatedPods")));
    errs.extend(validate_terminal_conditions(status, opts));
    errs.extend(validate_finished_fields(status, opts, &path));
    errs.extend(validate_indexes(v, opts, &path));
    let finished = is_finished(status);
    if let Some(terminating) =
        status.terminating.filter(|t| opts.reject_finished_with_terminating && *t > 0 && finished)
    {
        errs.push(FieldError::invalid(
            &path.child("terminating"),
            &json!(terminating),
            "terminating>0 is invalid for finished job",
        ));
    }
    let active = status.active.unwrap_or(0);
    if let Some(ready) = status.ready.filter(|r| opts.reject_more_ready_than_active && *r > active) {
        errs.push(FieldError::invalid(&path.child("ready"), &json!(ready), "cannot set more ready pods than active"));
    }
    let success_criteria_met = is_success_criteria_met(status);
    if success_criteria_met && is_failed(status) {
        errs.push(conditions_error("cannot set SuccessCriteriaMet=True and Failed=true conditions"));
    }
    if success_criteria_met && is_failure_target(status) {
        errs.push(conditions_error("cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"));
    }
    if v.spec.success_policy.is_some() && !success_criteria_met && is_complete(status) {
        errs.push(conditions_error(
            "cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True",
        ));
    }
    errs
}

/// STA-04: counters are non-negative.
fn validate_counters(status: &JobStatus, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (name, value) in [("active", status.active), ("succeeded", status.succeeded), ("failed", status.failed)] {
        errs.extend(validate_nonnegative(value.unwrap_or(0).into(), &path.child(name)));
    }
    for (name, value) in [("ready", status.ready), ("terminating", status.terminating)] {
        if let Some(value) = value {
            errs.extend(validate_nonnegative(value.into(), &path.child(name)));
        }
    }
    errs
}

/// STA-04: uncounted pod uids are non-empty and unique across both lists.
fn validate_uncounted(status: &JobStatus, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    let (succeeded, failed) = uncounted(status);
    for (list, name) in [(succeeded, "succeeded"), (failed, "failed")] {
        let list_path = path.child(name);
        for (i, uid) in list.iter().enumerate() {
            let uid_path = list_path.index(i);
            if uid.is_empty() {
                errs.push(FieldError::invalid(&uid_path, &json!(uid), "must not be empty"));
            } else if !seen.insert(uid.as_str()) {
                errs.push(FieldError::duplicate(&uid_path, &json!(uid)));
            }
        }
    }
    errs
}

fn validate_terminal_conditions(status: &JobStatus, opts: &StatusOptions) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let complete = is_complete(status);
    if opts.reject_complete_with_failed && complete && is_failed(status) {
        errs.push(conditions_error("cannot set Complete=True and Failed=true conditions"));
    }
    if opts.reject_complete_with_failure_target && complete && is_failure_target(status) {
        errs.push(conditions_error("cannot set Complete=True and FailureTarget=true conditions"));
    }
    errs
}

/// completionTime, startTime, active pods and uncounted pods of finished Jobs.
fn validate_finished_fields(status: &JobStatus, opts: &StatusOptions, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let complete = is_complete(status);
    let completion_path = path.child("completionTime");
    if let Some(time) = status.completion_time.as_ref().filter(|_| opts.reject_completion_time_mismatch && !complete) {
        errs.push(FieldError::invalid(
            &completion_path,
            &to_json(time),
            "cannot set completionTime when there is no Complete=True condition",
        ));
    }
    if opts.reject_completion_time_mismatch && status.completion_time.is_none() && complete {
        errs.push(FieldError::required(&completion_path, "completionTime is required for Complete jobs"));
    }
    if let (Some(start), Some(completion)) = (status.start_time.as_ref(), status.completion_time.as_ref()) {
        if opts.reject_completion_before_start && completion.0 < start.0 {
            errs.push(FieldError::invalid(
                &completion_path,
                &to_json(completion),
                "completionTime cannot be set before startTime",
            ));
        }
    }
    if opts.reject_failed_without_failure_target && is_failed(status) && !is_failure_target(status) {
        errs.push(conditions_error("cannot set Failed=True condition without the FailureTarget=true condition"));
    }
    if opts.reject_complete_without_success_criteria_met && complete && !is_success_criteria_met(status) {
        errs.push(conditions_error("cannot set Complete=True condition without the SuccessCriteriaMet=true condition"));
    }
    let finished = is_finished(status);
    let active = status.active.unwrap_or(0);
    if opts.reject_finished_with_active && active > 0 && finished {
        errs.push(FieldError::invalid(&path.child("active"), &json!(active), "active>0 is invalid for finished job"));
    }
    if opts.reject_finished_without_start_time && status.start_time.is_none() && finished {
        errs.push(FieldError::required(&path.child("startTime"), "startTime is required for finished job"));
    }
    let (succeeded, failed) = uncounted(status);
    if opts.reject_finished_with_uncounted && finished && succeeded.len() + failed.len() > 0 {
        errs.push(FieldError::invalid(
            &path.child("uncountedTerminatedPods"),
            &to_json(&status.uncounted_terminated_pods),
            "uncountedTerminatedPods needs to be empty for finished job",
        ));
    }
    errs
}

/// completedIndexes and failedIndexes: format, Job kind and overlap.
fn validate_indexes(v: &StatusView, opts: &StatusOptions, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let status = v.new;
    let completed = status.completed_indexes.as_deref().unwrap_or("");
    let failed = status.failed_indexes.as_deref();
    let completed_path = path.child("completedIndexes");
    let failed_path = path.child("failedIndexes");
    let completions = v.spec.completions;
    if let Some(c) = completions.filter(|_| opts.reject_invalid_completed_indexes) {
        if let Err(reason) = validate_indexes_format(completed, c) {
            errs.push(FieldError::invalid(
                &completed_path,
                &json!(completed),
                &format!("error parsing completedIndexes: {reason}"),
            ));
        }
    }
    let per_index = v.spec.backoff_limit_per_index.is_some();
    if let (Some(c), Some(f)) = (completions.filter(|_| opts.reject_invalid_failed_indexes && per_index), failed) {
        if let Err(reason) = validate_indexes_format(f, c) {
            errs.push(FieldError::invalid(&failed_path, &json!(f), &format!("error parsing failedIndexes: {reason}")));
        }
    }
    let indexed = v.spec.completion_mode.as_deref() == Some(INDEXED);
    if opts.reject_invalid_completed_indexes && !completed.is_empty() && !indexed {
        errs.push(FieldError::invalid(
            &completed_path,
            &json!(completed),
            "cannot set non-empty completedIndexes when non-indexed completion mode",
        ));
    }
    if let Some(f) = failed.filter(|_| opts.reject_invalid_failed_indexes && !per_index) {
        errs.push(FieldError::invalid(
            &failed_path,
            &json!(f),
            "cannot set non-null failedIndexes when backoffLimitPerIndex is null",
        ));
    }
    if let (Some(c), Some(f)) = (completions.filter(|_| opts.reject_overlapping_indexes), failed) {
        if let Some(detail) = failed_overlaps_completed(completed, f, c) {
            errs.push(FieldError::invalid(&failed_path, &json!(f), &detail));
        }
    }
    errs
}

/// The rest of `ValidateJobStatusUpdate`: rules comparing the old and new status.
fn validate_status_transitions(v: &StatusView, opts: &StatusOptions) -> Vec<FieldError> {
    let (new, old) = (v.new, v.old);
    let path = Path::new("status");
    let mut errs = Vec::new();
    for type_ in ["Failed", "Complete", "FailureTarget"] {
        if is_condition_true(old, type_) && !is_condition_true(new, type_) {
            errs.push(conditions_error(&format!("cannot disable the terminal {type_}=True condition")));
        }
    }
    let failed = new.failed.unwrap_or(0);
    if failed < old.failed.unwrap_or(0) {
        errs.push(FieldError::invalid(&path.child("failed"), &json!(failed), "cannot decrease the failed counter"));
    }
    let succeeded = new.succeeded.unwrap_or(0);
    if opts.reject_decreasing_succeeded && succeeded < old.succeeded.unwrap_or(0) {
        errs.push(FieldError::invalid(
            &path.child("succeeded"),
            &json!(succeeded),
            "cannot decrease the succeeded counter",
        ));
    }
    if let (Some(now), Some(before)) = (new.completion_time.as_ref(), old.completion_time.as_ref()) {
        if now != before {
            errs.push(FieldError::invalid(
                &path.child("completionTime"),
                &to_json(now),
                "completionTime cannot be mutated",
            ));
        }
    }
    let suspended = v.spec.suspend == Some(true);
    if opts.reject_start_time_update && old.start_time.is_some() && new.start_time != old.start_time && !suspended {
        errs.push(FieldError::required(&path.child("startTime"), "startTime cannot be removed for unsuspended job"));
    }
    if is_success_criteria_met(old) && !is_success_criteria_met(new) {
        errs.push(conditions_error("cannot disable the SuccessCriteriaMet=True condition"));
    }
    if is_complete(old) && !is_success_criteria_met(old) && is_success_criteria_met(new) {
        errs.push(conditions_error("cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::batch::v1::UncountedTerminatedPods;
    use k8s_openapi::api::core::v1::{Container, NodeAffinity, NodeSelector, PodSchedulingGate, Toleration};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
        LabelSelector, LabelSelectorRequirement, OwnerReference, Time,
    };

    const UID: &str = "1f1f0a53-2a0e-4a4b-9d59-3cdb5a2b1e11";

    fn generated_labels(name: &str) -> BTreeMap<String, String> {
        [
            (CONTROLLER_UID_LABEL, UID),
            (JOB_NAME_LABEL, name),
            (LEGACY_CONTROLLER_UID_LABEL, UID),
            (LEGACY_JOB_NAME_LABEL, name),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn match_labels(pairs: &[(&str, &str)]) -> LabelSelector {
        LabelSelector {
            match_labels: Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()),
            ..Default::default()
        }
    }

    /// A Job as it reaches validation on create: defaulted, with the generated selector and labels.
    fn job_named(name: &str) -> Job {
        Job {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                uid: Some(UID.into()),
                generation: Some(1),
                labels: Some(generated_labels(name)),
                ..Default::default()
            },
            spec: Some(JobSpec {
                parallelism: Some(1),
                completions: Some(1),
                backoff_limit: Some(6),
                completion_mode: Some(NON_INDEXED.into()),
                suspend: Some(false),
                manual_selector: Some(false),
                pod_replacement_policy: Some("TerminatingOrFailed".into()),
                selector: Some(match_labels(&[(CONTROLLER_UID_LABEL, UID)])),
                template: PodTemplateSpec {
                    metadata: Some(ObjectMeta { labels: Some(generated_labels(name)), ..Default::default() }),
                    spec: Some(PodSpec {
                        restart_policy: Some("Never".into()),
                        containers: vec![Container {
                            name: "pi".into(),
                            image: Some("perl:5.34.0".into()),
                            ..Default::default()
                        }],
                        ..Default::default()
                    }),
                },
                ..Default::default()
            }),
            status: None,
        }
    }

    fn valid_job() -> Job {
        job_named("pi")
    }

    fn spec_mut(job: &mut Job) -> &mut JobSpec {
        job.spec.get_or_insert_with(JobSpec::default)
    }

    fn pod_spec_mut(job: &mut Job) -> &mut PodSpec {
        spec_mut(job).template.spec.get_or_insert_with(PodSpec::default)
    }

    fn template_labels_mut(job: &mut Job) -> &mut BTreeMap<String, String> {
        let meta = spec_mut(job).template.metadata.get_or_insert_with(ObjectMeta::default);
        meta.labels.get_or_insert_with(BTreeMap::new)
    }

    fn strings(errs: Vec<FieldError>) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    fn create_errs(job: &Job) -> Vec<String> {
        strings(validate_job(job))
    }

    fn labels_json(labels: &BTreeMap<String, String>) -> String {
        serde_json::to_string(labels).unwrap_or_default()
    }

    fn with_spec(f: impl FnOnce(&mut JobSpec)) -> Job {
        let mut job = valid_job();
        f(spec_mut(&mut job));
        job
    }

    fn indexed(completions: i32, parallelism: i32) -> Job {
        with_spec(|s| {
            s.completion_mode = Some(INDEXED.into());
            s.completions = Some(completions);
            s.parallelism = Some(parallelism);
        })
    }

    fn exit_codes_rule(action: &str, operator: &str, values: Vec<i32>) -> PodFailurePolicyRule {
        PodFailurePolicyRule {
            action: action.into(),
            on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                operator: operator.into(),
                values,
                container_name: None,
            }),
            on_pod_conditions: None,
        }
    }

    fn with_failure_policy(rules: Vec<PodFailurePolicyRule>) -> Job {
        with_spec(|s| {
            s.pod_failure_policy = Some(PodFailurePolicy { rules });
            s.pod_replacement_policy = Some("Failed".into());
        })
    }

    fn with_success_policy(rules: Vec<SuccessPolicyRule>) -> Job {
        let mut job = indexed(5, 5);
        spec_mut(&mut job).success_policy = Some(SuccessPolicy { rules });
        job
    }

    fn count_rule(count: Option<i32>, indexes: Option<&str>) -> SuccessPolicyRule {
        SuccessPolicyRule { succeeded_count: count, succeeded_indexes: indexes.map(String::from) }
    }

    #[test]
    fn the_valid_job_helper_is_valid() {
        assert_eq!(create_errs(&valid_job()), Vec::<String>::new());
        assert_eq!(strings(validate_job_update(&valid_job(), &valid_job())), Vec::<String>::new());
        assert_eq!(strings(validate_job_status_update(&valid_job(), &valid_job())), Vec::<String>::new());
    }

    #[test]
    fn val_02_object_values_render_as_compact_json() {
        let job = with_spec(|s| s.success_policy = Some(SuccessPolicy { rules: vec![count_rule(Some(1), None)] }));
        assert_eq!(
            create_errs(&job),
            vec!["spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed completion mode"]
        );
    }

    #[test]
    fn val_03_name_must_be_a_dns_subdomain() {
        assert_eq!(
            create_errs(&job_named("Pi_1")),
            vec!["metadata.name: Invalid value: \"Pi_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
        );
        let mut job = valid_job();
        job.metadata.name = None;
        assert_eq!(create_errs(&job)[0], "metadata.name: Required value: name or generateName is required");
    }

    #[test]
    fn val_03_names_longer_than_63_characters_fail_as_label_values() {
        let name = "a".repeat(64);
        let msg = format!("Invalid value: \"{name}\": must be no more than 63 characters");
        assert_eq!(
            create_errs(&job_named(&name)),
            vec![
                format!("metadata.labels: {msg}"),
                format!("metadata.labels: {msg}"),
                format!("spec.template.labels: {msg}"),
                format!("spec.template.labels: {msg}"),
            ]
        );
    }

    #[test]
    fn val_03_indexed_pod_hostnames_must_be_dns_labels() {
        let name = "a".repeat(62);
        let mut job = job_named(&name);
        let spec = spec_mut(&mut job);
        spec.completion_mode = Some(INDEXED.into());
        spec.completions = Some(10);
        assert_eq!(
            create_errs(&job),
            vec![format!("metadata.name: Invalid value: \"{name}\": will not able to create pod with invalid DNS label: {name}-9")]
        );
        assert!(create_errs(&indexed(5, 1)).is_empty());
    }

    #[test]
    fn val_04_namespace_must_be_a_dns_label() {
        let mut job = valid_job();
        job.metadata.namespace = Some("Default".into());
        let errs = create_errs(&job);
        assert_eq!(errs.len(), 1);
        assert!(errs[0]
            .starts_with("metadata.namespace: Invalid value: \"Default\": a lowercase RFC 1123 label must consist of"));
    }

    #[test]
    fn val_05_generation_must_not_be_negative() {
        let mut job = valid_job();
        job.metadata.generation = Some(-1);
        assert_eq!(
            create_errs(&job),
            vec!["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]
        );
    }

    #[test]
    fn val_06_restart_policy_required() {
        let required = "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"";
        let mut job = valid_job();
        pod_spec_mut(&mut job).restart_policy = None;
        assert_eq!(create_errs(&job), vec![required]);
        pod_spec_mut(&mut job).restart_policy = Some("Always".into());
        assert_eq!(create_errs(&job), vec![required]);
        pod_spec_mut(&mut job).restart_policy = Some("OnFailure".into());
        assert!(create_errs(&job).is_empty());
    }

    #[test]
    fn val_06_restart_policy_unknown_value_is_unsupported() {
        let mut job = valid_job();
        pod_spec_mut(&mut job).restart_policy = Some("Sometimes".into());
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\"",
            ]
        );
    }

    #[test]
    fn val_06_restart_policy_on_failure_with_pod_failure_policy() {
        let mut job = with_failure_policy(vec![exit_codes_rule("FailJob", "In", vec![1])]);
        assert!(create_errs(&job).is_empty());
        pod_spec_mut(&mut job).restart_policy = Some("OnFailure".into());
        assert_eq!(
            create_errs(&job),
            vec!["spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified"]
        );
    }

    #[test]
    fn val_07_integers_must_not_be_negative() {
        let job = with_spec(|s| {
            s.parallelism = Some(-1);
            s.completions = Some(-2);
            s.active_deadline_seconds = Some(-3);
            s.backoff_limit = Some(-4);
            s.ttl_seconds_after_finished = Some(-5);
        });
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
                "spec.completions: Invalid value: -2: must be greater than or equal to 0",
                "spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0",
                "spec.backoffLimit: Invalid value: -4: must be greater than or equal to 0",
                "spec.ttlSecondsAfterFinished: Invalid value: -5: must be greater than or equal to 0",
            ]
        );
        let mut job = indexed(2, 2);
        spec_mut(&mut job).backoff_limit_per_index = Some(-1);
        spec_mut(&mut job).max_failed_indexes = Some(-1);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0",
                "spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0",
            ]
        );
    }

    #[test]
    fn val_07_zero_is_valid_everywhere() {
        let job = with_spec(|s| {
            s.parallelism = Some(0);
            s.completions = Some(0);
            s.active_deadline_seconds = Some(0);
            s.backoff_limit = Some(0);
            s.ttl_seconds_after_finished = Some(0);
        });
        assert!(create_errs(&job).is_empty());
    }

    #[test]
    fn val_08_manual_selector_required_reports_both_errors() {
        let job = with_spec(|s| {
            s.manual_selector = Some(true);
            s.selector = None;
        });
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.selector: Required value".to_string(),
                format!(
                    "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                    labels_json(&generated_labels("pi"))
                ),
            ]
        );
    }

    #[test]
    fn val_08_selector_must_match_template_labels() {
        let mut job = with_spec(|s| {
            s.manual_selector = Some(true);
            s.selector = Some(match_labels(&[("app", "x")]));
        });
        assert_eq!(
            create_errs(&job),
            vec![format!(
                "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                labels_json(&generated_labels("pi"))
            )]
        );
        spec_mut(&mut job).selector = Some(LabelSelector::default());
        assert!(create_errs(&job).is_empty(), "an empty selector matches everything");
    }

    #[test]
    fn val_08_malformed_selector() {
        let job = with_spec(|s| {
            s.manual_selector = Some(true);
            s.selector = Some(LabelSelector {
                match_expressions: Some(vec![LabelSelectorRequirement {
                    key: "app".into(),
                    operator: "Bogus".into(),
                    values: None,
                }]),
                ..Default::default()
            });
        });
        assert_eq!(
            create_errs(&job),
            vec!["spec.selector.matchExpressions[0].operator: Invalid value: \"Bogus\": not a valid selector operator"]
        );
    }

    #[test]
    fn val_09_generated_labels_must_be_present() {
        let mut job = valid_job();
        template_labels_mut(&mut job).remove(LEGACY_JOB_NAME_LABEL);
        assert_eq!(create_errs(&job), vec!["spec.template.metadata.labels[job-name]: Required value: must be 'pi'"]);
    }

    #[test]
    fn val_09_generated_labels_must_have_the_generated_values() {
        let mut job = valid_job();
        template_labels_mut(&mut job).insert(JOB_NAME_LABEL.into(), "other".into());
        let mut labels = generated_labels("pi");
        labels.insert(JOB_NAME_LABEL.into(), "other".into());
        assert_eq!(
            create_errs(&job),
            vec![format!(
                "spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value: {}: must be 'pi'",
                labels_json(&labels)
            )]
        );
    }

    #[test]
    fn val_09_uid_is_required() {
        let mut job = valid_job();
        job.metadata.uid = None;
        let errs = create_errs(&job);
        assert_eq!(errs[0], "metadata.uid: Required value");
        assert!(errs[1].starts_with("spec.template.metadata.labels[controller-uid]: Invalid value: {"));
        assert!(errs[1].ends_with(": must be ''"));
    }

    #[test]
    fn val_09_selector_must_be_the_generated_one() {
        let job = with_spec(|s| s.selector = Some(match_labels(&[(CONTROLLER_UID_LABEL, "other")])));
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.selector: Invalid value: {\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"other\"}}: `selector` not auto-generated".to_string(),
                format!(
                    "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
                    labels_json(&generated_labels("pi"))
                ),
            ]
        );
    }

    #[test]
    fn val_09_prefixed_labels_only_required_if_the_old_job_had_them() {
        let mut job = valid_job();
        template_labels_mut(&mut job).retain(|k, _| !k.starts_with("batch.kubernetes.io/"));
        spec_mut(&mut job).selector = Some(match_labels(&[(LEGACY_CONTROLLER_UID_LABEL, UID)]));
        assert_eq!(
            create_errs(&job),
            vec![
                format!("spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value: must be '{UID}'"),
                "spec.template.metadata.labels[batch.kubernetes.io/job-name]: Required value: must be 'pi'".to_string(),
            ]
        );
        assert!(strings(validate_job_update(&job, &job)).is_empty());
    }

    #[test]
    fn val_10_completion_mode_values() {
        let job = with_spec(|s| s.completion_mode = Some("Fancy".into()));
        assert_eq!(
            create_errs(&job),
            vec!["spec.completionMode: Unsupported value: \"Fancy\": supported values: \"NonIndexed\", \"Indexed\""]
        );
    }

    #[test]
    fn val_10_indexed_needs_completions_and_bounded_parallelism() {
        let mut job = indexed(1, 1);
        spec_mut(&mut job).completions = None;
        assert_eq!(create_errs(&job), vec!["spec.completions: Required value: when completion mode is Indexed"]);
        assert_eq!(
            create_errs(&indexed(5, 100_001)),
            vec!["spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed"]
        );
    }

    #[test]
    fn val_11_per_index_fields_require_indexed_mode() {
        let job = with_spec(|s| {
            s.backoff_limit_per_index = Some(1);
            s.max_failed_indexes = Some(1);
        });
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
                "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode",
            ]
        );
    }

    #[test]
    fn val_11_max_failed_indexes_rules() {
        let mut job = indexed(2, 2);
        spec_mut(&mut job).max_failed_indexes = Some(1);
        assert_eq!(
            create_errs(&job),
            vec!["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"]
        );
        spec_mut(&mut job).backoff_limit_per_index = Some(1);
        spec_mut(&mut job).max_failed_indexes = Some(3);
        assert_eq!(
            create_errs(&job),
            vec!["spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions"]
        );
    }

    #[test]
    fn val_11_limits_above_100000_completions() {
        let mut job = indexed(200_000, 1);
        spec_mut(&mut job).backoff_limit_per_index = Some(1);
        spec_mut(&mut job).max_failed_indexes = Some(100_001);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
                "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            ]
        );
        spec_mut(&mut job).max_failed_indexes = None;
        spec_mut(&mut job).parallelism = Some(10_001);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
                "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
            ]
        );
    }

    #[test]
    fn val_12_too_many_rules() {
        let job = with_failure_policy(vec![exit_codes_rule("FailJob", "In", vec![1]); 21]);
        assert_eq!(create_errs(&job), vec!["spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"]);
    }

    #[test]
    fn val_12_rule_actions() {
        let job = with_failure_policy(vec![
            exit_codes_rule("", "In", vec![1]),
            exit_codes_rule("Explode", "In", vec![1]),
            exit_codes_rule("FailIndex", "In", vec![1]),
        ]);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
                "spec.podFailurePolicy.rules[1].action: Unsupported value: \"Explode\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
                "spec.podFailurePolicy.rules[2].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set",
            ]
        );
    }

    #[test]
    fn val_12_rule_needs_exactly_one_requirement() {
        let both = PodFailurePolicyRule {
            on_pod_conditions: Some(vec![PodFailurePolicyOnPodConditionsPattern {
                type_: "DisruptionTarget".into(),
                status: Some("True".into()),
            }]),
            ..exit_codes_rule("Ignore", "In", vec![1])
        };
        let neither = PodFailurePolicyRule { action: "Ignore".into(), ..Default::default() };
        assert_eq!(
            create_errs(&with_failure_policy(vec![both, neither])),
            vec![
                "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported",
                "spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            ]
        );
    }

    #[test]
    fn val_12_on_exit_codes() {
        let mut bad_container = exit_codes_rule("Count", "NotIn", vec![1]);
        if let Some(req) = bad_container.on_exit_codes.as_mut() {
            req.container_name = Some("sidecar".into());
        }
        let job = with_failure_policy(vec![
            exit_codes_rule("Count", "", vec![1]),
            exit_codes_rule("Count", "Between", vec![1]),
            bad_container,
            exit_codes_rule("Count", "In", vec![]),
            exit_codes_rule("Count", "In", vec![0, 3, 3, 2]),
            exit_codes_rule("Count", "In", (1..=256).collect()),
        ]);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: [\"In\" \"NotIn\"]",
                "spec.podFailurePolicy.rules[1].onExitCodes.operator: Unsupported value: \"Between\": supported values: \"In\", \"NotIn\"",
                "spec.podFailurePolicy.rules[2].onExitCodes.containerName: Invalid value: \"sidecar\": must be one of the container or initContainer names in the pod template",
                "spec.podFailurePolicy.rules[3].onExitCodes.values: Invalid value: []: at least one value is required",
                "spec.podFailurePolicy.rules[4].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
                "spec.podFailurePolicy.rules[4].onExitCodes.values[2]: Duplicate value: 3",
                "spec.podFailurePolicy.rules[4].onExitCodes.values: Invalid value: [0,3,3,2]: must be ordered",
                "spec.podFailurePolicy.rules[5].onExitCodes.values: Too many: 256: must have at most 255 items",
            ]
        );
    }

    #[test]
    fn val_12_on_pod_conditions() {
        let pattern = |t: &str, s: Option<&str>| PodFailurePolicyOnPodConditionsPattern {
            type_: t.into(),
            status: s.map(String::from),
        };
        let rule = |patterns| PodFailurePolicyRule {
            action: "Ignore".into(),
            on_exit_codes: None,
            on_pod_conditions: Some(patterns),
        };
        let job = with_failure_policy(vec![
            rule(vec![pattern("Bad Type", Some("True")), pattern("Ready", Some("Maybe")), pattern("Ready", None)]),
            rule(vec![pattern("Ready", Some("True")); 21]),
        ]);
        let errs = create_errs(&job);
        assert!(errs[0].starts_with("spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: \"Bad Type\": name part must consist of"));
        assert_eq!(
            errs[1..].to_vec(),
            vec![
                "spec.podFailurePolicy.rules[0].onPodConditions[1].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"",
                "spec.podFailurePolicy.rules[1].onPodConditions: Too many: 21: must have at most 20 items",
            ]
        );
    }

    #[test]
    fn val_13_success_policy_requires_indexed_mode() {
        let job = with_spec(|s| s.success_policy = Some(SuccessPolicy { rules: vec![count_rule(Some(1), None)] }));
        assert_eq!(
            create_errs(&job),
            vec!["spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed completion mode"]
        );
    }

    #[test]
    fn val_13_success_policy_rules() {
        assert_eq!(
            create_errs(&with_success_policy(vec![])),
            vec!["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"]
        );
        assert_eq!(
            create_errs(&with_success_policy(vec![count_rule(Some(1), None); 21])),
            vec!["spec.successPolicy.rules: Too many: 21: must have at most 20 items"]
        );
        assert_eq!(
            create_errs(&with_success_policy(vec![count_rule(None, None)])),
            vec!["spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified"]
        );
    }

    #[test]
    fn val_13_succeeded_indexes_format() {
        let job = with_success_policy(vec![
            count_rule(None, Some("1-3,x")),
            count_rule(None, Some("7")),
            count_rule(None, Some("3,1")),
            count_rule(None, Some("1-2-3")),
            count_rule(None, Some("2-1")),
            count_rule(None, Some("0,2-4")),
        ]);
        let prefix = |i: usize, s: &str| {
            format!("spec.successPolicy.rules[{i}].succeededIndexes: Invalid value: \"{s}\": error parsing succeededIndexes: ")
        };
        assert_eq!(
            create_errs(&job),
            vec![
                format!("{}cannot convert string to integer for index: \"x\"", prefix(0, "1-3,x")),
                format!("{}too large index: \"7\"", prefix(1, "7")),
                format!("{}non-increasing order, previous: 3, current: 1", prefix(2, "3,1")),
                format!(
                    "{}the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'",
                    prefix(3, "1-2-3")
                ),
                format!("{}non-increasing order, previous: 2, current: 1", prefix(4, "2-1")),
            ]
        );
        let long = vec!["1"; 40_000].join(",");
        let errs = create_errs(&with_success_policy(vec![count_rule(None, Some(&long))]));
        assert_eq!(errs[0], "spec.successPolicy.rules[0].succeededIndexes: Too long: may not be more than 65536 bytes");
    }

    #[test]
    fn val_13_succeeded_count_bounds() {
        let job = with_success_policy(vec![
            count_rule(Some(-1), None),
            count_rule(Some(6), None),
            count_rule(Some(3), Some("0-1")),
        ]);
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than or equal to 0",
                "spec.successPolicy.rules[1].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)",
                "spec.successPolicy.rules[2].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)",
            ]
        );
    }

    #[test]
    fn val_14_pod_replacement_policy() {
        let mut job = with_failure_policy(vec![exit_codes_rule("FailJob", "In", vec![1])]);
        spec_mut(&mut job).pod_replacement_policy = Some("TerminatingOrFailed".into());
        assert_eq!(
            create_errs(&job),
            vec!["spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\""]
        );
        let job = with_spec(|s| s.pod_replacement_policy = Some("Sometimes".into()));
        assert_eq!(
            create_errs(&job),
            vec!["spec.podReplacementPolicy: Unsupported value: \"Sometimes\": supported values: \"Failed\", \"TerminatingOrFailed\""]
        );
        assert!(create_errs(&with_spec(|s| s.pod_replacement_policy = Some("Failed".into()))).is_empty());
    }

    #[test]
    fn val_15_managed_by() {
        let errs = |value: &str| create_errs(&with_spec(|s| s.managed_by = Some(value.to_string())));
        assert!(errs("kubernetes.io/job-controller").is_empty());
        assert_eq!(
            errs("controller"),
            vec!["spec.managedBy: Invalid value: \"controller\": must be a domain-prefixed path (such as \"acme.io/foo\")"]
        );
        assert_eq!(
            errs(&format!("example.com/{}", "c".repeat(60))),
            vec!["spec.managedBy: Too long: may not be more than 63 bytes"]
        );
        assert!(errs("Example.com/c")[0]
            .starts_with("spec.managedBy: Invalid value: \"Example.com\": a lowercase RFC 1123 subdomain"));
        assert_eq!(
            errs("example.com/a b"),
            vec!["spec.managedBy: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"]
        );
    }

    #[test]
    fn val_16_pod_template_common_cases() {
        let mut job = valid_job();
        pod_spec_mut(&mut job).containers = vec![];
        assert_eq!(create_errs(&job), vec!["spec.template.spec.containers: Required value"]);
        pod_spec_mut(&mut job).containers = vec![
            Container { name: "pi".into(), image: Some("perl".into()), ..Default::default() },
            Container { name: String::new(), image: None, ..Default::default() },
            Container { name: "pi".into(), image: Some("perl".into()), ..Default::default() },
        ];
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.template.spec.containers[1].name: Required value",
                "spec.template.spec.containers[1].image: Required value",
                "spec.template.spec.containers[2].name: Duplicate value: \"pi\"",
            ]
        );
    }

    #[test]
    fn val_16_template_labels_and_annotations_use_template_path() {
        let mut job = valid_job();
        template_labels_mut(&mut job).insert("tier".into(), "not ok".into());
        let meta = spec_mut(&mut job).template.metadata.get_or_insert_with(ObjectMeta::default);
        meta.annotations = Some([("a/b/c".to_string(), String::new())].into_iter().collect());
        let errs = create_errs(&job);
        assert!(errs[0]
            .starts_with("spec.template.labels: Invalid value: \"not ok\": a valid label must be an empty string"));
        assert!(errs[1]
            .starts_with("spec.template.annotations: Invalid value: \"a/b/c\": a qualified name must consist of"));
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn val_17_documented_example_order() {
        let mut job = job_named("x");
        let pod = pod_spec_mut(&mut job);
        pod.containers = vec![];
        pod.restart_policy = Some("Always".into());
        assert_eq!(
            create_errs(&job),
            vec![
                "spec.template.spec.containers: Required value",
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
            ]
        );
    }

    #[test]
    fn val_17_error_order_across_sections() {
        let mut job =
            with_failure_policy(vec![PodFailurePolicyRule { action: "FailJob".into(), ..Default::default() }]);
        job.metadata.generation = Some(-1);
        template_labels_mut(&mut job).remove(LEGACY_JOB_NAME_LABEL);
        let spec = spec_mut(&mut job);
        spec.parallelism = Some(-1);
        spec.pod_replacement_policy = Some("TerminatingOrFailed".into());
        spec.selector = Some(match_labels(&[(CONTROLLER_UID_LABEL, UID), ("extra", "x")]));
        let pod = pod_spec_mut(&mut job);
        pod.restart_policy = Some("OnFailure".into());
        if let Some(c) = pod.containers.first_mut() {
            c.image = None;
        }
        let mut labels = generated_labels("pi");
        labels.remove(LEGACY_JOB_NAME_LABEL);
        assert_eq!(
            create_errs(&job),
            vec![
                "metadata.generation: Invalid value: -1: must be greater than or equal to 0".to_string(),
                "spec.template.metadata.labels[job-name]: Required value: must be 'pi'".to_string(),
                format!("spec.selector: Invalid value: {{\"matchLabels\":{{\"batch.kubernetes.io/controller-uid\":\"{UID}\",\"extra\":\"x\"}}}}: `selector` not auto-generated"),
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0".to_string(),
                "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required".to_string(),
                "spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: \"Failed\"".to_string(),
                "spec.template.spec.containers[0].image: Required value".to_string(),
                "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified".to_string(),
                format!("spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`", labels_json(&labels)),
            ]
        );
    }

    fn update_errs(new: &Job, old: &Job) -> Vec<String> {
        strings(validate_job_update(new, old))
    }

    #[test]
    fn val_18_immutable_fields() {
        let old = valid_job();
        let new = with_spec(|s| s.completions = Some(2));
        assert_eq!(update_errs(&new, &old), vec!["spec.completions: Invalid value: 2: field is immutable"]);
        let new = with_spec(|s| s.managed_by = Some("example.com/x".into()));
        assert_eq!(
            update_errs(&new, &old),
            vec!["spec.managedBy: Invalid value: \"example.com/x\": field is immutable"]
        );
        let mut new = valid_job();
        if let Some(c) = pod_spec_mut(&mut new).containers.first_mut() {
            c.image = Some("perl:5.36".into());
        }
        let errs = update_errs(&new, &old);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec.template: Invalid value: {\"metadata\":{\"labels\":{"));
        assert!(errs[0].contains("\"image\":\"perl:5.36\""));
        assert!(errs[0].ends_with(": field is immutable"));
        let new = with_spec(|s| {
            if let Some(sel) = s.selector.as_mut() {
                sel.match_expressions = Some(vec![LabelSelectorRequirement {
                    key: LEGACY_JOB_NAME_LABEL.into(),
                    operator: "Exists".into(),
                    values: None,
                }]);
            }
        });
        assert_eq!(
            update_errs(&new, &old),
            vec![format!("spec.selector: Invalid value: {{\"matchExpressions\":[{{\"key\":\"job-name\",\"operator\":\"Exists\"}}],\"matchLabels\":{{\"batch.kubernetes.io/controller-uid\":\"{UID}\"}}}}: field is immutable")]
        );
    }

    #[test]
    fn val_18_immutable_policies_and_mode() {
        let old = indexed(2, 2);
        let mut new = old.clone();
        let spec = spec_mut(&mut new);
        spec.backoff_limit_per_index = Some(1);
        spec.pod_failure_policy = Some(PodFailurePolicy { rules: vec![exit_codes_rule("FailIndex", "In", vec![1])] });
        spec.pod_replacement_policy = Some("Failed".into());
        spec.success_policy = Some(SuccessPolicy { rules: vec![count_rule(Some(1), None)] });
        assert_eq!(
            update_errs(&new, &old),
            vec![
                "spec.podFailurePolicy: Invalid value: {\"rules\":[{\"action\":\"FailIndex\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[1]}}]}: field is immutable",
                "spec.backoffLimitPerIndex: Invalid value: 1: field is immutable",
                "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: field is immutable",
            ]
        );
        let new = with_spec(|s| s.completion_mode = Some(INDEXED.into()));
        assert_eq!(
            update_errs(&new, &valid_job()),
            vec!["spec.completionMode: Invalid value: \"Indexed\": field is immutable"]
        );
    }

    #[test]
    fn val_18_mutable_fields() {
        let mut new = with_spec(|s| {
            s.parallelism = Some(3);
            s.active_deadline_seconds = Some(100);
            s.backoff_limit = Some(1);
            s.ttl_seconds_after_finished = Some(60);
            s.suspend = Some(true);
            s.pod_replacement_policy = Some("Failed".into());
            s.manual_selector = Some(true);
        });
        new.metadata.labels.get_or_insert_with(BTreeMap::new).insert("team".into(), "a".into());
        new.metadata.annotations = Some([("note".to_string(), "x".to_string())].into_iter().collect());
        new.metadata.finalizers = Some(vec!["example.com/f".into()]);
        assert!(update_errs(&new, &valid_job()).is_empty());
    }

    fn suspended_never_started() -> Job {
        with_spec(|s| s.suspend = Some(true))
    }

    fn with_scheduling_changes(mut job: Job) -> Job {
        template_labels_mut(&mut job).insert("extra".into(), "x".into());
        let meta = spec_mut(&mut job).template.metadata.get_or_insert_with(ObjectMeta::default);
        meta.annotations = Some([("a".to_string(), "b".to_string())].into_iter().collect());
        let pod = pod_spec_mut(&mut job);
        pod.node_selector = Some([("zone".to_string(), "a".to_string())].into_iter().collect());
        pod.tolerations =
            Some(vec![Toleration { key: Some("k".into()), operator: Some("Exists".into()), ..Default::default() }]);
        pod.scheduling_gates = Some(vec![PodSchedulingGate { name: "example.com/gate".into() }]);
        pod.affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector { node_selector_terms: vec![] }),
                ..Default::default()
            }),
            ..Default::default()
        });
        job
    }

    #[test]
    fn val_19_suspended_never_started_jobs_may_change_scheduling_directives() {
        let old = suspended_never_started();
        let new = with_scheduling_changes(old.clone());
        assert!(update_errs(&new, &old).is_empty());
        let mut new = new;
        if let Some(c) = pod_spec_mut(&mut new).containers.first_mut() {
            c.image = Some("perl:5.36".into());
        }
        let errs = update_errs(&new, &old);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec.template: Invalid value: {") && errs[0].ends_with(": field is immutable"));
    }

    #[test]
    fn val_19_other_jobs_keep_the_template_immutable() {
        let running = valid_job();
        assert_eq!(update_errs(&with_scheduling_changes(running.clone()), &running).len(), 1);
        let mut started = suspended_never_started();
        started.status = Some(JobStatus { start_time: Some(time(1)), ..Default::default() });
        let errs = update_errs(&with_scheduling_changes(started.clone()), &started);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("spec.template: Invalid value:"));
    }

    #[test]
    fn val_20_elastic_indexed_jobs() {
        let old = indexed(3, 3);
        assert!(update_errs(&indexed(4, 4), &old).is_empty());
        assert_eq!(
            update_errs(&indexed(4, 3), &old),
            vec!["spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism"]
        );
        let old = with_spec(|s| s.parallelism = Some(3));
        let new = with_spec(|s| {
            s.parallelism = Some(4);
            s.completions = Some(4);
        });
        assert_eq!(update_errs(&new, &old), vec!["spec.completions: Invalid value: 4: field is immutable"]);
    }

    #[test]
    fn val_21_metadata_update_rules() {
        let old = valid_job();
        let mut new = valid_job();
        new.metadata.namespace = Some("other".into());
        assert_eq!(update_errs(&new, &old), vec!["metadata.namespace: Invalid value: \"other\": field is immutable"]);
        let mut new = valid_job();
        new.metadata.uid = Some("another".into());
        assert!(update_errs(&new, &old)
            .contains(&"metadata.uid: Invalid value: \"another\": field is immutable".to_string()));
        let mut deleting = valid_job();
        deleting.metadata.deletion_timestamp = Some(time(1));
        let mut new = deleting.clone();
        new.metadata.finalizers = Some(vec!["example.com/f".into()]);
        assert_eq!(
            update_errs(&new, &deleting),
            vec!["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/f\"}"]
        );
        let mut new = valid_job();
        new.metadata.name = Some("pj".into());
        assert!(
            update_errs(&new, &old).contains(&"metadata.name: Invalid value: \"pj\": field is immutable".to_string())
        );
    }

    #[test]
    fn val_22_spec_errors_appear_twice_on_update() {
        let new = with_spec(|s| s.parallelism = Some(-1));
        assert_eq!(
            update_errs(&new, &valid_job()),
            vec![
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            ]
        );
    }

    #[test]
    fn val_23_labels_and_annotations() {
        let mut job = valid_job();
        job.metadata.labels.get_or_insert_with(BTreeMap::new).insert("bad key".into(), "v".into());
        job.metadata.annotations = Some([("ok/annotation".to_string(), "x".repeat(300 * 1024))].into_iter().collect());
        let errs = create_errs(&job);
        assert!(errs[0].starts_with(
            "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters"
        ));
        assert_eq!(errs[1], "metadata.annotations: Too long: may not be more than 262144 bytes");
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn val_24_finalizers() {
        let mut job = valid_job();
        job.metadata.finalizers = Some(vec!["foregroundDeletion".into(), "orphan".into()]);
        assert_eq!(
            create_errs(&job),
            vec!["metadata.finalizers: Invalid value: [\"foregroundDeletion\",\"orphan\"]: finalizer orphan and foregroundDeletion cannot be both set"]
        );
        job.metadata.finalizers = Some(vec!["cleanup".into()]);
        assert_eq!(
            create_errs(&job),
            vec!["metadata.finalizers[0]: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified"]
        );
    }

    #[test]
    fn val_25_owner_references() {
        let mut job = valid_job();
        job.metadata.owner_references = Some(vec![OwnerReference {
            api_version: "batch/v1".into(),
            kind: "CronJob".into(),
            name: String::new(),
            uid: String::new(),
            ..Default::default()
        }]);
        assert_eq!(
            create_errs(&job),
            vec![
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
            ]
        );
    }

    fn time(seconds: i64) -> Time {
        Time(jiff::Timestamp::from_second(1_700_000_000 + seconds).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
    }

    fn cond(type_: &str, status: &str) -> JobCondition {
        JobCondition { type_: type_.into(), status: status.into(), ..Default::default() }
    }

    fn job_with_status(mut job: Job, status: JobStatus) -> Job {
        job.status = Some(status);
        job
    }

    fn status_errs_for(job: &Job, new: JobStatus, old: JobStatus) -> Vec<String> {
        strings(validate_job_status_update(&job_with_status(job.clone(), new), &job_with_status(job.clone(), old)))
    }

    fn status_errs(new: JobStatus, old: JobStatus) -> Vec<String> {
        status_errs_for(&valid_job(), new, old)
    }

    fn complete_status() -> JobStatus {
        JobStatus {
            conditions: Some(vec![cond("SuccessCriteriaMet", "True"), cond("Complete", "True")]),
            start_time: Some(time(0)),
            completion_time: Some(time(10)),
            succeeded: Some(1),
            ..Default::default()
        }
    }

    fn failed_status() -> JobStatus {
        JobStatus {
            conditions: Some(vec![cond("FailureTarget", "True"), cond("Failed", "True")]),
            start_time: Some(time(0)),
            failed: Some(1),
            ..Default::default()
        }
    }

    #[test]
    fn sta_04_counters_must_not_be_negative() {
        let status = JobStatus {
            active: Some(-1),
            succeeded: Some(-2),
            failed: Some(-3),
            ready: Some(-4),
            terminating: Some(-5),
            ..Default::default()
        };
        assert_eq!(
            status_errs(status.clone(), status),
            vec![
                "status.active: Invalid value: -1: must be greater than or equal to 0",
                "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
                "status.failed: Invalid value: -3: must be greater than or equal to 0",
                "status.ready: Invalid value: -4: must be greater than or equal to 0",
                "status.terminating: Invalid value: -5: must be greater than or equal to 0",
            ]
        );
    }

    #[test]
    fn sta_04_uncounted_pods_non_empty_and_unique() {
        let status = JobStatus {
            uncounted_terminated_pods: Some(UncountedTerminatedPods {
                succeeded: Some(vec!["a".into(), String::new()]),
                failed: Some(vec!["a".into()]),
            }),
            ..Default::default()
        };
        assert_eq!(
            status_errs(status, JobStatus::default()),
            vec![
                "status.uncountedTerminatedPods.succeeded[1]: Invalid value: \"\": must not be empty",
                "status.uncountedTerminatedPods.failed[0]: Duplicate value: \"a\"",
            ]
        );
    }

    #[test]
    fn sta_04_success_criteria_met_excludes_failure() {
        let status = JobStatus {
            conditions: Some(vec![
                cond("SuccessCriteriaMet", "True"),
                cond("FailureTarget", "True"),
                cond("Failed", "True"),
            ]),
            start_time: Some(time(0)),
            ..Default::default()
        };
        assert_eq!(
            status_errs(status.clone(), status),
            vec![
                "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions",
                "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true conditions",
            ]
        );
    }

    #[test]
    fn sta_04_complete_with_success_policy_needs_success_criteria_met() {
        let mut job = indexed(2, 2);
        spec_mut(&mut job).success_policy = Some(SuccessPolicy { rules: vec![count_rule(Some(1), None)] });
        let status = JobStatus { conditions: Some(vec![cond("Complete", "True")]), ..complete_status() };
        assert_eq!(
            status_errs_for(&job, status.clone(), status),
            vec!["status.conditions: Invalid value: cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True"]
        );
    }

    #[test]
    fn sta_05_failed_counter_cannot_decrease() {
        let old = JobStatus { failed: Some(2), ..Default::default() };
        let new = JobStatus { failed: Some(1), ..Default::default() };
        assert_eq!(status_errs(new, old), vec!["status.failed: Invalid value: 1: cannot decrease the failed counter"]);
    }

    #[test]
    fn sta_05_succeeded_counter_cannot_decrease_unless_indexed_scale_down() {
        let old = JobStatus { succeeded: Some(2), ..Default::default() };
        let new = JobStatus { succeeded: Some(1), ..Default::default() };
        assert_eq!(
            status_errs(new.clone(), old.clone()),
            vec!["status.succeeded: Invalid value: 1: cannot decrease the succeeded counter"]
        );
        assert!(status_errs_for(&indexed(3, 3), new.clone(), old.clone()).is_empty());
        assert_eq!(status_errs_for(&indexed(3, 2), new, old).len(), 1);
    }

    #[test]
    fn sta_05_terminal_conditions_cannot_be_disabled() {
        let errs = status_errs(JobStatus { start_time: Some(time(0)), ..Default::default() }, failed_status());
        assert_eq!(
            errs,
            vec![
                "status.conditions: Invalid value: cannot disable the terminal Failed=True condition",
                "status.conditions: Invalid value: cannot disable the terminal FailureTarget=True condition",
                "status.failed: Invalid value: 0: cannot decrease the failed counter",
            ]
        );
        let mut new = complete_status();
        new.conditions = Some(vec![cond("SuccessCriteriaMet", "True"), cond("Complete", "False")]);
        new.completion_time = None;
        assert_eq!(
            status_errs(new, complete_status()),
            vec!["status.conditions: Invalid value: cannot disable the terminal Complete=True condition"]
        );
    }

    #[test]
    fn sta_05_success_criteria_met_cannot_be_disabled() {
        let old = JobStatus { conditions: Some(vec![cond("SuccessCriteriaMet", "True")]), ..Default::default() };
        assert_eq!(
            status_errs(JobStatus::default(), old),
            vec!["status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition"]
        );
    }

    #[test]
    fn sta_05_success_criteria_met_cannot_follow_complete() {
        let mut old = complete_status();
        old.conditions = Some(vec![cond("Complete", "True")]);
        assert_eq!(
            status_errs(complete_status(), old),
            vec!["status.conditions: Invalid value: cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"]
        );
    }

    #[test]
    fn sta_05_success_criteria_met_is_allowed_on_non_indexed_jobs() {
        let new = JobStatus { conditions: Some(vec![cond("SuccessCriteriaMet", "True")]), ..Default::default() };
        assert!(status_errs(new, JobStatus::default()).is_empty());
    }

    #[test]
    fn sta_05_complete_and_failed_exclusive() {
        let mut new = complete_status();
        new.conditions = Some(vec![
            cond("SuccessCriteriaMet", "True"),
            cond("Complete", "True"),
            cond("FailureTarget", "True"),
            cond("Failed", "True"),
        ]);
        let errs = status_errs(new, JobStatus { start_time: Some(time(0)), ..Default::default() });
        assert_eq!(
            errs[..2].to_vec(),
            vec![
                "status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions",
                "status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true conditions",
            ]
        );
        assert!(errs.contains(
            &"status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true conditions"
                .to_string()
        ));
    }

    #[test]
    fn sta_05_failed_needs_failure_target_and_complete_needs_success_criteria_met() {
        let new = JobStatus {
            conditions: Some(vec![cond("Failed", "True")]),
            start_time: Some(time(0)),
            ..Default::default()
        };
        assert_eq!(
            status_errs(new, JobStatus { start_time: Some(time(0)), ..Default::default() }),
            vec!["status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition"]
        );
        let mut new = complete_status();
        new.conditions = Some(vec![cond("Complete", "True")]);
        assert_eq!(
            status_errs(new, JobStatus { start_time: Some(time(0)), ..Default::default() }),
            vec!["status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition"]
        );
    }

    #[test]
    fn sta_05_completion_time_rules() {
        let running = JobStatus { start_time: Some(time(0)), ..Default::default() };
        let new = JobStatus { completion_time: Some(time(10)), ..running.clone() };
        assert_eq!(
            status_errs(new, running.clone()),
            vec!["status.completionTime: Invalid value: \"2023-11-14T22:13:30Z\": cannot set completionTime when there is no Complete=True condition"]
        );
        let new = JobStatus { completion_time: None, ..complete_status() };
        assert_eq!(
            status_errs(new, running.clone()),
            vec!["status.completionTime: Required value: completionTime is required for Complete jobs"]
        );
        let new = JobStatus { start_time: Some(time(20)), ..complete_status() };
        assert_eq!(
            status_errs(new, JobStatus { start_time: Some(time(20)), ..Default::default() }),
            vec!["status.completionTime: Invalid value: \"2023-11-14T22:13:30Z\": completionTime cannot be set before startTime"]
        );
        let new = JobStatus { completion_time: Some(time(11)), ..complete_status() };
        assert_eq!(
            status_errs(new, complete_status()),
            vec!["status.completionTime: Invalid value: \"2023-11-14T22:13:31Z\": completionTime cannot be mutated"]
        );
    }

    #[test]
    fn sta_05_finished_job_rules() {
        let new = JobStatus {
            active: Some(1),
            start_time: None,
            terminating: Some(1),
            uncounted_terminated_pods: Some(UncountedTerminatedPods {
                succeeded: Some(vec!["u1".into()]),
                failed: None,
            }),
            ..failed_status()
        };
        assert_eq!(
            status_errs(new, JobStatus::default()),
            vec![
                "status.active: Invalid value: 1: active>0 is invalid for finished job",
                "status.startTime: Required value: startTime is required for finished job",
                "status.uncountedTerminatedPods: Invalid value: {\"succeeded\":[\"u1\"]}: uncountedTerminatedPods needs to be empty for finished job",
                "status.terminating: Invalid value: 1: terminating>0 is invalid for finished job",
            ]
        );
    }

    #[test]
    fn sta_05_start_time_cannot_change_for_unsuspended_job() {
        let old = JobStatus { start_time: Some(time(0)), ..Default::default() };
        let new = JobStatus { start_time: Some(time(5)), ..Default::default() };
        assert_eq!(
            status_errs(new.clone(), old.clone()),
            vec!["status.startTime: Required value: startTime cannot be removed for unsuspended job"]
        );
        assert_eq!(status_errs(JobStatus::default(), old.clone()).len(), 1);
        assert!(status_errs_for(&with_spec(|s| s.suspend = Some(true)), new.clone(), old.clone()).is_empty());
        let old = JobStatus { conditions: Some(vec![cond("Suspended", "True")]), ..old };
        let resumed = JobStatus { conditions: Some(vec![cond("Suspended", "False")]), ..new };
        assert!(status_errs(resumed, old).is_empty(), "the controller's resume write is exempt");
        assert!(
            status_errs(JobStatus { start_time: Some(time(0)), ..Default::default() }, JobStatus::default()).is_empty()
        );
    }

    #[test]
    fn sta_05_completed_and_failed_indexes() {
        let status = |completed: &str, failed: Option<&str>| JobStatus {
            completed_indexes: Some(completed.into()),
            failed_indexes: failed.map(String::from),
            ..Default::default()
        };
        assert_eq!(
            status_errs_for(&indexed(3, 3), status("1,0", None), JobStatus::default()),
            vec!["status.completedIndexes: Invalid value: \"1,0\": error parsing completedIndexes: non-increasing order, previous: 1, current: 0"]
        );
        assert_eq!(
            status_errs(status("0", None), JobStatus::default()),
            vec!["status.completedIndexes: Invalid value: \"0\": cannot set non-empty completedIndexes when non-indexed completion mode"]
        );
        assert_eq!(
            status_errs_for(&indexed(3, 3), status("", Some("1")), JobStatus::default()),
            vec!["status.failedIndexes: Invalid value: \"1\": cannot set non-null failedIndexes when backoffLimitPerIndex is null"]
        );
        let mut per_index = indexed(5, 5);
        spec_mut(&mut per_index).backoff_limit_per_index = Some(1);
        assert_eq!(
            status_errs_for(&per_index, status("0-2", Some("x,2")), JobStatus::default()),
            vec![
                "status.failedIndexes: Invalid value: \"x,2\": error parsing failedIndexes: cannot convert string to integer for index: \"x\"",
                "status.failedIndexes: Invalid value: \"x,2\": failedIndexes and completedIndexes overlap at index: 2",
            ]
        );
        assert!(status_errs_for(&per_index, status("0-2,4", Some("3")), JobStatus::default()).is_empty());
    }

    #[test]
    fn sta_05_ready_cannot_exceed_active() {
        let new = JobStatus { active: Some(1), ready: Some(2), ..Default::default() };
        assert_eq!(
            status_errs(new, JobStatus::default()),
            vec!["status.ready: Invalid value: 2: cannot set more ready pods than active"]
        );
    }

    #[test]
    fn sta_05_rules_only_apply_to_changed_fields() {
        let inconsistent = JobStatus {
            conditions: Some(vec![cond("Complete", "True")]),
            active: Some(2),
            ready: Some(3),
            completed_indexes: Some("0".into()),
            ..Default::default()
        };
        let new = JobStatus { failed: Some(1), ..inconsistent.clone() };
        assert!(status_errs(new, inconsistent).is_empty());
    }

    #[test]
    fn sta_05_metadata_update_rules_apply_to_status_writes() {
        let old = valid_job();
        let mut new = valid_job();
        new.metadata.namespace = Some("other".into());
        assert_eq!(
            strings(validate_job_status_update(&new, &old)),
            vec!["metadata.namespace: Invalid value: \"other\": field is immutable"]
        );
    }

    #[test]
    fn sta_06_condition_order_timestamps_and_duplicates_are_not_validated() {
        let new = JobStatus {
            conditions: Some(vec![cond("Suspended", "True"), cond("Suspended", "False"), cond("Custom", "Whatever")]),
            ..Default::default()
        };
        assert!(status_errs(new, JobStatus::default()).is_empty());
    }
}
