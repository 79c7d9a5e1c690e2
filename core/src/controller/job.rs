//! The Job controller (pkg/controller/job): pods per parallelism/completions, finalizer-based
//! counting, success and failure in two steps, back-off, pod failure policy, success policy,
//! deadlines and suspension (CTL-01..21).

use super::indexes;
use super::plan::{self, OUTCOMES_ANNOTATION};
use super::{Env, PodPlan, CONTROLLER_MANAGER};
use crate::jobs::strategy::JobStatusStrategy;
use crate::pods::PodStrategy;
use k8s_openapi::api::batch::v1::{Job, JobCondition, JobStatus, UncountedTerminatedPods};
use k8s_openapi::api::core::v1::{EnvVar, EnvVarSource, ObjectFieldSelector, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The finalizer that keeps finished pods until the Job has counted them (CTL-05).
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// Label and annotation carrying an Indexed pod's index (CTL-03).
pub const INDEX_KEY: &str = "batch.kubernetes.io/job-completion-index";
const INDEX_FAILURES: &str = "batch.kubernetes.io/job-index-failure-count";
/// First back-off between retries, and its cap (CTL-10).
pub const BACKOFF_BASE: i64 = 10;
pub const BACKOFF_MAX: i64 = 600;

fn has(status: &JobStatus, type_: &str) -> bool {
    status.conditions.iter().flatten().any(|c| c.type_ == type_ && c.status == "True")
}

fn condition(type_: &str, reason: &str, message: &str, now: &Time) -> JobCondition {
    JobCondition {
        type_: type_.into(),
        status: "True".into(),
        reason: Some(reason.into()),
        message: Some(message.into()),
        last_probe_time: Some(now.clone()),
        last_transition_time: Some(now.clone()),
    }
}

pub(crate) fn pod_finished(p: &Pod) -> Option<bool> {
    match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
        Some("Succeeded") => Some(true),
        Some("Failed") => Some(false),
        _ => None,
    }
}

fn has_tracking(p: &Pod) -> bool {
    p.metadata.finalizers.iter().flatten().any(|f| f == TRACKING_FINALIZER)
}

fn index_of(p: &Pod) -> Option<i32> {
    p.metadata.annotations.as_ref().and_then(|a| a.get(INDEX_KEY)).and_then(|v| v.parse().ok())
}

fn uid(p: &Pod) -> String {
    p.metadata.uid.clone().unwrap_or_default()
}

/// What the pod failure policy says of a failed pod (CTL-17).
enum PolicyAction {
    Count,
    Ignore,
    FailJob(String),
    FailIndex,
}

fn policy_action(job: &Job, p: &Pod) -> PolicyAction {
    let Some(pfp) = job.spec.as_ref().and_then(|s| s.pod_failure_policy.as_ref()) else { return PolicyAction::Count };
    let ns = p.metadata.namespace.clone().unwrap_or_default();
    let name = p.metadata.name.clone().unwrap_or_default();
    for (k, rule) in pfp.rules.iter().enumerate() {
        let matched = if let Some(codes) = &rule.on_exit_codes {
            let statuses = p.status.as_ref().and_then(|s| s.container_statuses.clone()).unwrap_or_default();
            statuses.iter().find_map(|c| {
                if codes.container_name.as_ref().is_some_and(|n| *n != c.name) {
                    return None;
                }
                let code = c.state.as_ref()?.terminated.as_ref()?.exit_code;
                let inside = codes.values.contains(&code);
                let hit = code != 0 && if codes.operator == "In" { inside } else { !inside };
                hit.then(|| {
                    format!(
                        "Container {} for pod {ns}/{name} failed with exit code {code} matching {} rule at index {k}",
                        c.name, rule.action
                    )
                })
            })
        } else {
            let conds = p.status.as_ref().and_then(|s| s.conditions.clone()).unwrap_or_default();
            rule.on_pod_conditions.iter().flatten().find_map(|pc| {
                conds
                    .iter()
                    .any(|c| c.type_ == pc.type_ && c.status == pc.status.clone().unwrap_or_else(|| "True".into()))
                    .then(|| {
                        format!("Pod {ns}/{name} has condition {} matching {} rule at index {k}", pc.type_, rule.action)
                    })
            })
        };
        if let Some(message) = matched {
            return match rule.action.as_str() {
                "FailJob" => PolicyAction::FailJob(message),
                "Ignore" => PolicyAction::Ignore,
                "FailIndex" => PolicyAction::FailIndex,
                _ => PolicyAction::Count,
            };
        }
    }
    PolicyAction::Count
}

/// Syncs every Job that is not done.
pub fn run(env: &mut Env) {
    env.recount_pods();
    // Shared handles first: only the Jobs that have work get copies to change.
    let mut by_owner: BTreeMap<String, Vec<Arc<Pod>>> = BTreeMap::new();
    for s in env.db.pods.items.values() {
        let owner =
            s.obj().metadata.owner_references.iter().flatten().find(|o| o.controller == Some(true) && o.kind == "Job");
        // Pods without a controlling Job (orphaned) are keyed by the empty uid: released below.
        let key = owner.map(|o| o.uid.clone()).unwrap_or_default();
        by_owner.entry(key).or_default().push(s.obj().clone());
    }
    let jobs: Vec<Arc<Job>> = env.db.jobs.items.values().map(|s| s.obj().clone()).collect();
    for job in jobs {
        let pods = by_owner.remove(job.metadata.uid.as_deref().unwrap_or("")).unwrap_or_default();
        if is_settled(&job, &pods) {
            continue;
        }
        sync(env, Arc::unwrap_or_clone(job), pods);
    }
    // Pods whose Job is gone lose the tracking finalizer (CTL-20, DEL-14).
    for pods in by_owner.into_values() {
        for p in pods.into_iter().filter(|p| has_tracking(p)) {
            remove_tracking(env, Arc::unwrap_or_clone(p));
        }
    }
}

/// A finished Job none of whose pods still needs its tracking finalizer released: `sync` would
/// do nothing (CTL-21), so it is skipped without copying anything.
fn is_settled(job: &Job, pods: &[Arc<Pod>]) -> bool {
    let Some(status) = job.status.as_ref() else { return false };
    let managed_elsewhere =
        job.spec.as_ref().and_then(|s| s.managed_by.as_deref()).is_some_and(|m| m != "kubernetes.io/job-controller");
    managed_elsewhere
        || (has(status, "Complete") || has(status, "Failed"))
            && !pods
                .iter()
                .any(|p| has_tracking(p) && (pod_finished(p).is_some() || p.metadata.deletion_timestamp.is_some()))
}

fn remove_tracking(env: &mut Env, mut p: Pod) {
    if let Some(f) = p.metadata.finalizers.as_mut() {
        f.retain(|x| x != TRACKING_FINALIZER);
    }
    if p.metadata.finalizers.as_ref().is_some_and(Vec::is_empty) {
        p.metadata.finalizers = None;
    }
    env.update(&PodStrategy, p, CONTROLLER_MANAGER);
}

/// One sync of one Job. Its pods are the stored ones, shared: only those it changes are copied.
fn sync(env: &mut Env, job: Job, pods: Vec<Arc<Pod>>) {
    let Some(spec) = job.spec.clone() else { return };
    let old = job.status.clone().unwrap_or_default();
    if spec.managed_by.as_deref().is_some_and(|m| m != "kubernetes.io/job-controller") {
        return;
    }
    if has(&old, "Complete") || has(&old, "Failed") {
        // CTL-21: a finished Job only releases its pods.
        for p in pods
            .into_iter()
            .filter(|p| has_tracking(p) && (pod_finished(p).is_some() || p.metadata.deletion_timestamp.is_some()))
        {
            remove_tracking(env, Arc::unwrap_or_clone(p));
        }
        return;
    }
    let now = crate::managed::whole_seconds(env.now);
    let job_uid = job.metadata.uid.clone().unwrap_or_default();
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    let suspended = spec.suspend == Some(true);
    let replace_failed_only =
        spec.pod_replacement_policy.as_deref() == Some("Failed") || spec.pod_failure_policy.is_some();
    let mut status = old.clone();
    if !suspended && status.start_time.is_none() {
        status.start_time = Some(now.clone());
    }

    // Counting (CTL-05): finished pods still holding the finalizer become uncounted, then counted.
    let mut uncounted = status.uncounted_terminated_pods.clone().unwrap_or_default();
    let mut unc_s: Vec<String> = uncounted.succeeded.take().unwrap_or_default();
    let mut unc_f: Vec<String> = uncounted.failed.take().unwrap_or_default();
    let mut completed: BTreeSet<i32> = indexes::parse(status.completed_indexes.as_deref().unwrap_or(""));
    let mut failed_indexes: BTreeSet<i32> = indexes::parse(status.failed_indexes.as_deref().unwrap_or(""));
    let mut fail_job: Option<(String, String)> = None;
    let mut release = Vec::new();
    let mut new_failures = 0u32;
    let mut new_successes = 0u32;
    let completions = spec.completions.unwrap_or(0);
    for p in &pods {
        let id = uid(p);
        if !has_tracking(p) || unc_s.contains(&id) || unc_f.contains(&id) {
            continue;
        }
        let terminating_failed =
            !replace_failed_only && p.metadata.deletion_timestamp.is_some() && pod_finished(p) != Some(true);
        let outcome = pod_finished(p).or(if terminating_failed { Some(false) } else { None });
        match outcome {
            Some(true) => {
                if indexed {
                    if let Some(i) = index_of(p).filter(|i| *i < completions) {
                        completed.insert(i);
                    }
                }
                unc_s.push(id);
                new_successes += 1;
                release.push(p.clone());
            }
            Some(false) => {
                if env.state.removed.contains(&id) {
                    release.push(p.clone());
                    continue;
                }
                match policy_action(&job, p) {
                    PolicyAction::Ignore => {
                        release.push(p.clone());
                        continue;
                    }
                    PolicyAction::FailJob(msg) => {
                        fail_job.get_or_insert(("PodFailurePolicy".into(), msg));
                    }
                    PolicyAction::FailIndex => {
                        if let Some(i) = index_of(p) {
                            failed_indexes.insert(i);
                        }
                    }
                    PolicyAction::Count => {
                        if let (Some(limit), Some(i)) = (spec.backoff_limit_per_index, index_of(p)) {
                            let count = p
                                .metadata
                                .annotations
                                .as_ref()
                                .and_then(|a| a.get(INDEX_FAILURES))
                                .and_then(|v| v.parse::<i32>().ok())
                                .unwrap_or(0);
                            if count + 1 > limit {
                                failed_indexes.insert(i);
                            }
                        }
                    }
                }
                unc_f.push(id);
                new_failures += 1;
                release.push(p.clone());
            }
            None => {}
        }
    }
    // Back-off bookkeeping (CTL-10): consecutive failures since the last success.
    let entry = env.state.backoff.entry(job_uid.clone()).or_insert((0, 0));
    if new_successes > 0 {
        *entry = (0, 0);
    }
    if new_failures > 0 {
        *entry = (entry.0 + new_failures, env.now.as_second());
    }
    let (consecutive, last_failure) = *entry;

    let active: Vec<&Pod> = pods
        .iter()
        .map(|p| &**p)
        .filter(|p| pod_finished(p).is_none() && p.metadata.deletion_timestamp.is_none())
        .collect();
    let terminating =
        pods.iter().filter(|p| pod_finished(p).is_none() && p.metadata.deletion_timestamp.is_some()).count() as i32;
    let succeeded = status.succeeded.unwrap_or(0) + unc_s.len() as i32;
    let failed = status.failed.unwrap_or(0) + unc_f.len() as i32;

    // Success (CTL-12/13/14).
    let mut criteria: Option<(String, String)> = None;
    if !has(&status, "FailureTarget") && fail_job.is_none() {
        if indexed {
            if let Some(sp) = &spec.success_policy {
                for (k, rule) in sp.rules.iter().enumerate() {
                    let hit = match (&rule.succeeded_indexes, rule.succeeded_count) {
                        (Some(ix), count) => {
                            let want = indexes::parse(ix);
                            let done = want.intersection(&completed).count() as i32;
                            count.map_or(done == want.len() as i32, |c| done >= c)
                        }
                        (None, Some(c)) => completed.len() as i32 >= c,
                        (None, None) => false,
                    };
                    if hit {
                        criteria = Some(("SuccessPolicy".into(), format!("Matched rules at index {k}")));
                        break;
                    }
                }
            }
            if criteria.is_none() && completions > 0 && (0..completions).all(|i| completed.contains(&i)) {
                criteria = Some(("CompletionsReached".into(), "Reached expected number of succeeded pods".into()));
            }
        } else if match spec.completions {
            Some(c) => succeeded >= c,
            None => succeeded >= 1 && active.is_empty(),
        } {
            criteria = Some(("CompletionsReached".into(), "Reached expected number of succeeded pods".into()));
        }
    }
    let conds = status.conditions.get_or_insert_with(Vec::new);
    if let Some((reason, message)) = &criteria {
        if !conds.iter().any(|c| c.type_ == "SuccessCriteriaMet") {
            conds.push(condition("SuccessCriteriaMet", reason, message, &now));
        }
    }
    let success = conds.iter().any(|c| c.type_ == "SuccessCriteriaMet" && c.status == "True");

    // Failure (CTL-15/16).
    if !success && !conds.iter().any(|c| c.type_ == "FailureTarget") {
        let deadline_hit = spec
            .active_deadline_seconds
            .filter(|_| !suspended)
            .zip(status.start_time.as_ref())
            .is_some_and(|(ads, st)| env.now.as_second() - st.0.as_second() >= ads);
        let per_index_fail = spec.backoff_limit_per_index.is_some() && {
            let too_many = spec.max_failed_indexes.is_some_and(|m| failed_indexes.len() as i32 > m);
            let all_done =
                completions > 0 && (0..completions).all(|i| completed.contains(&i) || failed_indexes.contains(&i));
            if too_many {
                fail_job.get_or_insert((
                    "MaxFailedIndexesExceeded".into(),
                    "Job has exceeded the specified maximal number of failed indexes".into(),
                ));
            } else if all_done && !failed_indexes.is_empty() {
                fail_job.get_or_insert(("FailedIndexes".into(), "Job has failed indexes".into()));
            }
            too_many || all_done && !failed_indexes.is_empty()
        };
        let target = if let Some(f) = fail_job.clone() {
            Some(f)
        } else if spec.backoff_limit_per_index.is_none() && failed > spec.backoff_limit.unwrap_or(6) {
            Some(("BackoffLimitExceeded".into(), "Job has reached the specified backoff limit".into()))
        } else if deadline_hit {
            Some(("DeadlineExceeded".into(), "Job was active longer than specified deadline".into()))
        } else if per_index_fail {
            fail_job.clone()
        } else {
            None
        };
        if let Some((reason, message)) = target {
            conds.push(condition("FailureTarget", &reason, &message, &now));
        }
    }
    let failing = conds.iter().find(|c| c.type_ == "FailureTarget" && c.status == "True").cloned();

    // Pods: delete when finishing or suspended; else create or delete to reach the wanted count.
    let mut active_count = active.len() as i32;
    let mut deleted = Vec::new();
    let mut created = Vec::new();
    if success || failing.is_some() || suspended {
        for p in &active {
            deleted.push((*p).clone());
        }
        active_count = 0;
    } else if job.metadata.deletion_timestamp.is_none() {
        let parallelism = spec.parallelism.unwrap_or(1).max(0);
        let want = match spec.completions {
            _ if indexed => parallelism.min(completions - completed.len() as i32 - failed_indexes.len() as i32).max(0),
            Some(c) => parallelism.min(c - succeeded).max(0),
            None if succeeded > 0 => active_count,
            None => parallelism,
        };
        if active_count > want {
            let mut extra: Vec<&Pod> = active.clone();
            extra.sort_by_key(|p| std::cmp::Reverse(p.metadata.creation_timestamp.clone().map(|t| t.0)));
            for p in extra.into_iter().take((active_count - want) as usize) {
                deleted.push(p.clone());
            }
            active_count = want;
        } else {
            let waiting = if replace_failed_only { terminating } else { 0 };
            let running = env.running_pods();
            let room = super::MAX_PODS.saturating_sub(running) as i32;
            let mut to_create = (want - active_count - waiting).clamp(0, 500).min(room);
            let ready_at = if consecutive > 0 {
                let delay = BACKOFF_BASE.saturating_mul(1i64 << (consecutive - 1).min(20)).min(BACKOFF_MAX);
                last_failure + delay
            } else {
                i64::MIN
            };
            if env.now.as_second() < ready_at {
                to_create = 0;
            }
            let busy: BTreeSet<i32> =
                pods.iter().filter(|p| pod_finished(p).is_none()).filter_map(|p| index_of(p)).collect();
            let mut free =
                (0..completions).filter(|i| !completed.contains(i) && !failed_indexes.contains(i) && !busy.contains(i));
            for _ in 0..to_create {
                let index = if indexed {
                    match free.next() {
                        Some(i) => Some(i),
                        None => break,
                    }
                } else {
                    None
                };
                created.push(index);
            }
            active_count += created.len() as i32;
        }
    }
    let terminating_now = terminating + deleted.len() as i32;

    // Finish (second step) once nothing is uncounted or terminating.
    let release_ids: BTreeSet<String> = release.iter().map(|p| uid(p)).collect();
    let settled = |unc_s: &[String], unc_f: &[String]| unc_s.iter().chain(unc_f).all(|u| release_ids.contains(u));
    let ready = pods
        .iter()
        .filter(|p| pod_finished(p).is_none() && p.metadata.deletion_timestamp.is_none() && is_ready(p))
        .count() as i32;
    status.active = Some(active_count).filter(|a| *a > 0);
    status.ready = Some(if success || failing.is_some() || suspended { 0 } else { ready.min(active_count) });
    status.terminating = Some(terminating_now);
    if indexed {
        status.completed_indexes = Some(indexes::format(&completed));
        if spec.backoff_limit_per_index.is_some() {
            status.failed_indexes = Some(indexes::format(&failed_indexes));
        }
    }
    // Suspension (CTL-18).
    let conds = status.conditions.get_or_insert_with(Vec::new);
    let was_suspended = conds.iter().any(|c| c.type_ == "Suspended" && c.status == "True");
    let mut events: Vec<(&str, String, String)> = Vec::new();
    if suspended && !was_suspended && !success && failing.is_none() {
        match conds.iter_mut().find(|c| c.type_ == "Suspended") {
            Some(c) => *c = condition("Suspended", "JobSuspended", "Job suspended", &now),
            None => conds.push(condition("Suspended", "JobSuspended", "Job suspended", &now)),
        }
        events.push(("Normal", "Suspended".into(), "Job suspended".into()));
    } else if !suspended && was_suspended {
        if let Some(c) = conds.iter_mut().find(|c| c.type_ == "Suspended") {
            *c = JobCondition { status: "False".into(), ..condition("Suspended", "JobResumed", "Job resumed", &now) };
        }
        status.start_time = Some(now.clone());
        events.push(("Normal", "Resumed".into(), "Job resumed".into()));
    }
    if status.conditions.as_ref().is_some_and(Vec::is_empty) {
        status.conditions = None;
    }
    // First write: uncounted pods, conditions, counts.
    status.uncounted_terminated_pods = Some(uncounted_of(&unc_s, &unc_f));
    if status != old {
        let mut job1 = job.clone();
        job1.status = Some(status.clone());
        env.update(&JobStatusStrategy, job1, CONTROLLER_MANAGER);
    }
    // Pods: releases, deletions, creations.
    for p in release {
        remove_tracking(env, Arc::unwrap_or_clone(p));
    }
    for p in &deleted {
        env.state.removed.insert(uid(p));
        env.delete_pod(p);
        events.push((
            "Normal",
            "SuccessfulDelete".into(),
            format!("Deleted pod: {}", p.metadata.name.clone().unwrap_or_default()),
        ));
    }
    for index in created {
        if let Some(pod) = create_pod(env, &job, index, &failed_indexes) {
            events.push((
                "Normal",
                "SuccessfulCreate".into(),
                format!("Created pod: {}", pod.metadata.name.clone().unwrap_or_default()),
            ));
        }
    }
    // Second write: released pods are counted; a settled Job finishes.
    if settled(&unc_s, &unc_f) {
        let counted_s = unc_s.len() as i32;
        let counted_f = unc_f.len() as i32;
        let mut s2 = status.clone();
        s2.succeeded = Some(s2.succeeded.unwrap_or(0) + counted_s).filter(|v| *v > 0);
        if indexed {
            s2.succeeded = Some(completed.len() as i32).filter(|v| *v > 0);
        }
        s2.failed = Some(s2.failed.unwrap_or(0) + counted_f).filter(|v| *v > 0);
        s2.uncounted_terminated_pods = Some(UncountedTerminatedPods::default());
        let nothing_left = terminating_now == 0 && active_count == 0;
        let conds = s2.conditions.get_or_insert_with(Vec::new);
        if success && nothing_left && !conds.iter().any(|c| c.type_ == "Complete") {
            let sc = conds.iter().find(|c| c.type_ == "SuccessCriteriaMet").cloned();
            let (r, m) = sc.map(|c| (c.reason.unwrap_or_default(), c.message.unwrap_or_default())).unwrap_or_default();
            conds.push(condition("Complete", &r, &m, &now));
            s2.completion_time = Some(now.clone());
            events.push(("Normal", "Completed".into(), "Job completed".into()));
            if !indexed && spec.completions.is_some_and(|c| s2.succeeded.unwrap_or(0) > c) {
                events.push((
                    "Warning",
                    "TooManySucceededPods".into(),
                    "Too many succeeded pods running after completion count reached".into(),
                ));
            }
        } else if let Some(ft) = failing.as_ref().filter(|_| nothing_left) {
            if !conds.iter().any(|c| c.type_ == "Failed") {
                let (r, m) = (ft.reason.clone().unwrap_or_default(), ft.message.clone().unwrap_or_default());
                conds.push(condition("Failed", &r, &m, &now));
                events.push(("Warning", r, m));
                s2.active = None;
            }
        }
        if conds.is_empty() {
            s2.conditions = None;
        }
        if s2 != status {
            if let Some(fresh) = env
                .db
                .jobs
                .get(job.metadata.namespace.as_deref().unwrap_or(""), job.metadata.name.as_deref().unwrap_or(""))
            {
                let mut j2 = (**fresh.obj()).clone();
                j2.status = Some(s2);
                env.update(&JobStatusStrategy, j2, CONTROLLER_MANAGER);
            }
        }
    }
    let current = env
        .db
        .jobs
        .get(job.metadata.namespace.as_deref().unwrap_or(""), job.metadata.name.as_deref().unwrap_or(""))
        .map(|s| (**s.obj()).clone());
    for (type_, reason, message) in events {
        env.event(current.as_ref().unwrap_or(&job), type_, &reason, &message);
    }
}

fn is_ready(p: &Pod) -> bool {
    p.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

fn uncounted_of(s: &[String], f: &[String]) -> UncountedTerminatedPods {
    UncountedTerminatedPods {
        succeeded: (!s.is_empty()).then(|| s.to_vec()),
        failed: (!f.is_empty()).then(|| f.to_vec()),
    }
}

/// Builds and creates one pod from the template (CTL-03), and plans what it will do.
fn create_pod(env: &mut Env, job: &Job, index: Option<i32>, _failed: &BTreeSet<i32>) -> Option<Arc<Pod>> {
    let spec = job.spec.as_ref()?;
    let name = job.metadata.name.clone().unwrap_or_default();
    let ns = job.metadata.namespace.clone().unwrap_or_default();
    let job_uid = job.metadata.uid.clone().unwrap_or_default();
    let template = &spec.template;
    let mut meta = template.metadata.clone().unwrap_or_default();
    let generate = match index {
        // podGenerateNameWithIndex: the job name is cut so that `-<index>-` fits in 58 characters.
        Some(i) => {
            let suffix = format!("-{i}-");
            let keep = if name.len() + suffix.len() > 58 { 58usize.saturating_sub(suffix.len()) } else { name.len() };
            format!("{}{suffix}", name.get(..keep).unwrap_or(&name))
        }
        None => format!("{name}-"),
    };
    let attempts = env.state.attempts.entry(job_uid.clone()).or_default();
    let key = index.unwrap_or(-1);
    let attempt = *attempts.get(&key).unwrap_or(&0);
    attempts.insert(key, attempt + 1);
    let mut pod_spec = template.spec.clone().unwrap_or_default();
    if let Some(i) = index {
        meta.labels.get_or_insert_with(Default::default).insert(INDEX_KEY.into(), i.to_string());
        let ann = meta.annotations.get_or_insert_with(Default::default);
        ann.insert(INDEX_KEY.into(), i.to_string());
        if spec.backoff_limit_per_index.is_some() {
            ann.insert(INDEX_FAILURES.into(), attempt.to_string());
        }
        pod_spec.hostname.get_or_insert_with(|| format!("{name}-{i}"));
        for c in pod_spec.containers.iter_mut().chain(pod_spec.init_containers.iter_mut().flatten()) {
            let env_list = c.env.get_or_insert_with(Vec::new);
            if !env_list.iter().any(|e| e.name == "JOB_COMPLETION_INDEX") {
                env_list.push(EnvVar {
                    name: "JOB_COMPLETION_INDEX".into(),
                    value_from: Some(EnvVarSource {
                        field_ref: Some(ObjectFieldSelector {
                            api_version: Some("v1".into()),
                            field_path: format!("metadata.labels['{INDEX_KEY}']"),
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
            }
        }
    }
    let pod = Pod {
        metadata: ObjectMeta {
            generate_name: Some(generate),
            namespace: Some(ns),
            labels: meta.labels,
            annotations: meta.annotations,
            finalizers: Some(vec![TRACKING_FINALIZER.into()]),
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "Job".into(),
                name,
                uid: job_uid,
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..Default::default()
        },
        spec: Some(pod_spec),
        status: None,
    };
    let outcome = job
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(OUTCOMES_ANNOTATION))
        .and_then(|a| plan::scripted(a, index, attempt))
        .unwrap_or_else(|| {
            pod.spec
                .as_ref()
                .map(plan::from_spec)
                .unwrap_or(plan::Outcome { exit_code: 0, run_seconds: plan::DEFAULT_RUN_SECONDS })
        });
    let created = env.create_pod(pod)?;
    let start_at = env.now.as_second() + plan::START_SECONDS;
    env.state
        .plans
        .insert(uid(&created), PodPlan { start_at, run_seconds: outcome.run_seconds, exit_code: outcome.exit_code });
    Some(created)
}

/// When a Job's next step falls due without any pod moving: back-off expiry, deadlines.
pub fn due(env: &Env) -> Vec<i64> {
    let mut out = Vec::new();
    for s in env.db.jobs.items.values() {
        let job = &s.obj();
        let status = job.status.clone().unwrap_or_default();
        if has(&status, "Complete") || has(&status, "Failed") {
            continue;
        }
        let uid = job.metadata.uid.clone().unwrap_or_default();
        if let Some((n, last)) = env.state.backoff.get(&uid).filter(|(n, _)| *n > 0) {
            out.push(last + BACKOFF_BASE.saturating_mul(1i64 << (n - 1).min(20)).min(BACKOFF_MAX));
        }
        let spec = job.spec.as_ref();
        if let (Some(ads), Some(st)) = (spec.and_then(|s| s.active_deadline_seconds), status.start_time.as_ref()) {
            if spec.and_then(|s| s.suspend) != Some(true) {
                out.push(st.0.as_second().saturating_add(ads));
            }
        }
    }
    out
}
