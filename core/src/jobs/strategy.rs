//! JobStrategy and JobStatusStrategy: how the lifecycle treats the main resource and `/status`
//! (pkg/registry/batch/job/strategy.go).

use super::{defaults, validation};
use crate::field::FieldError;
use crate::registry::strategy::{Propagation, Strategy};
use k8s_openapi::api::batch::v1::{Job, JobStatus};
use std::collections::BTreeMap;

/// The label keys the selector generation adds (DEF-09).
pub const CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME: &str = "batch.kubernetes.io/job-name";
pub const LEGACY_CONTROLLER_UID: &str = "controller-uid";
pub const LEGACY_JOB_NAME: &str = "job-name";

/// DEL-03's warning: batch/v1 orphans pods by default.
pub const ORPHAN_WARNING: &str = "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning";

/// The main resource `…/jobs/{name}`.
pub struct JobStrategy;
/// The status subresource `…/jobs/{name}/status`.
pub struct JobStatusStrategy;

/// DEF-09: template labels and a selector tied to the Job's uid, unless `manualSelector: true`.
fn generate_selector(job: &mut Job) {
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    let spec = job.spec.get_or_insert_with(Default::default);
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec.template.metadata.get_or_insert_with(Default::default).labels.get_or_insert_with(BTreeMap::new);
    for (k, v) in [(CONTROLLER_UID, &uid), (JOB_NAME, &name), (LEGACY_CONTROLLER_UID, &uid), (LEGACY_JOB_NAME, &name)] {
        labels.entry(k.to_string()).or_insert_with(|| v.clone());
    }
    let selector = spec.selector.get_or_insert_with(Default::default);
    selector.match_labels.get_or_insert_with(BTreeMap::new).entry(CONTROLLER_UID.to_string()).or_insert(uid);
}

/// DEF-08 as observed after read-back: a Job without labels carries its template's labels.
fn copy_template_labels(job: &mut Job) {
    if job.metadata.labels.as_ref().is_some_and(|l| !l.is_empty()) {
        return;
    }
    if let Some(labels) = job.spec.as_ref().and_then(|s| s.template.metadata.as_ref()).and_then(|m| m.labels.clone()) {
        job.metadata.labels = Some(labels);
    }
}

/// CRE-15: a name that is a DNS subdomain but not a DNS label; very large Indexed Jobs.
fn job_warnings(job: &Job) -> Vec<String> {
    let mut out = Vec::new();
    let name = job.metadata.name.as_deref().unwrap_or("");
    if name.contains('.') {
        out.push("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]".to_string());
    }
    if let Some(spec) = &job.spec {
        if spec.completion_mode.as_deref() == Some("Indexed")
            && spec.completions.unwrap_or(0) > 100_000
            && spec.parallelism.unwrap_or(0) > 10_000
        {
            out.push("spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail".to_string());
        }
    }
    out
}

impl Strategy<Job> for JobStrategy {
    fn reset_fields(&self) -> &'static [&'static str] {
        &["status"]
    }
    fn default(&self, job: &mut Job) {
        defaults::set_defaults(job);
    }
    fn prepare_for_create(&self, job: &mut Job) {
        job.status = Some(JobStatus::default());
        generate_selector(job);
        copy_template_labels(job);
    }
    fn validate(&self, job: &Job) -> Vec<FieldError> {
        validation::validate_job(job)
    }
    fn warnings_on_create(&self, job: &Job) -> Vec<String> {
        job_warnings(job)
    }
    fn prepare_for_update(&self, new: &mut Job, old: &Job) {
        new.status = old.status.clone();
        copy_template_labels(new);
        if new.spec != old.spec {
            new.metadata.generation = Some(old.metadata.generation.unwrap_or(0) + 1);
        }
    }
    fn validate_update(&self, new: &Job, old: &Job) -> Vec<FieldError> {
        validation::validate_job_update(new, old)
    }
    fn warnings_on_update(&self, new: &Job, old: &Job) -> Vec<String> {
        if new.metadata.generation != old.metadata.generation {
            job_warnings(new).into_iter().filter(|w| !w.starts_with("metadata.name")).collect()
        } else {
            Vec::new()
        }
    }
    fn default_propagation(&self) -> Propagation {
        Propagation::Orphan
    }
    fn default_propagation_warning(&self) -> Option<&'static str> {
        Some(ORPHAN_WARNING)
    }
}

impl Strategy<Job> for JobStatusStrategy {
    fn subresource(&self) -> &'static str {
        "status"
    }
    fn reset_fields(&self) -> &'static [&'static str] {
        &["spec"]
    }
    fn default(&self, job: &mut Job) {
        defaults::set_defaults(job);
    }
    fn prepare_for_create(&self, _job: &mut Job) {}
    fn validate(&self, _job: &Job) -> Vec<FieldError> {
        Vec::new()
    }
    fn prepare_for_update(&self, new: &mut Job, old: &Job) {
        new.spec = old.spec.clone();
        if new.status.is_none() {
            new.status = Some(JobStatus::default());
        }
    }
    fn validate_update(&self, new: &Job, old: &Job) -> Vec<FieldError> {
        validation::validate_job_status_update(new, old)
    }
    fn default_propagation(&self) -> Propagation {
        Propagation::Orphan
    }
}
