//! The garbage collector (orphan/foreground finalizers, background deletion of dependents) and the
//! TTL-after-finished controller (CTL-22..24).

use super::{Env, CONTROLLER_MANAGER};
use crate::jobs::strategy::JobStrategy;
use crate::managed::Operation;
use crate::pods::PodStrategy;
use crate::registry::delete::{self, DeleteOptions, Preconditions, FOREGROUND, ORPHAN};
use crate::registry::store::Ctx;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::Pod;
use std::collections::BTreeSet;
use std::sync::Arc;

fn owned_by<'a>(pods: &'a [Arc<Pod>], uid: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
    pods.iter().map(|p| &**p).filter(move |p| p.metadata.owner_references.iter().flatten().any(|o| o.uid == uid))
}

fn finished_at(job: &Job) -> Option<i64> {
    job.status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")
        .and_then(|c| c.last_transition_time.as_ref())
        .map(|t| t.0.as_second())
}

fn drop_finalizer(env: &mut Env, mut job: Job, finalizer: &str) {
    if let Some(f) = job.metadata.finalizers.as_mut() {
        f.retain(|x| x != finalizer);
    }
    env.update(&JobStrategy, job, CONTROLLER_MANAGER);
}

/// One pass of the collector and the TTL controller.
pub fn run(env: &mut Env) {
    let pods: Vec<Arc<Pod>> = env.db.pods.items.values().map(|s| s.obj().clone()).collect();
    let jobs: Vec<Arc<Job>> = env.db.jobs.items.values().map(|s| s.obj().clone()).collect();
    let live: BTreeSet<String> = jobs.iter().filter_map(|j| j.metadata.uid.clone()).collect();
    for job in &jobs {
        let uid = job.metadata.uid.clone().unwrap_or_default();
        let finalizers = job.metadata.finalizers.clone().unwrap_or_default();
        if job.metadata.deletion_timestamp.is_some() && finalizers.iter().any(|f| f == ORPHAN) {
            // CTL-22: dependents lose their owner reference, then the Job goes.
            for p in owned_by(&pods, &uid) {
                let mut p = p.clone();
                if let Some(refs) = p.metadata.owner_references.as_mut() {
                    refs.retain(|o| o.uid != uid);
                }
                if p.metadata.owner_references.as_ref().is_some_and(Vec::is_empty) {
                    p.metadata.owner_references = None;
                }
                env.update(&PodStrategy, p, CONTROLLER_MANAGER);
            }
            drop_finalizer(env, (**job).clone(), ORPHAN);
        } else if job.metadata.deletion_timestamp.is_some() && finalizers.iter().any(|f| f == FOREGROUND) {
            // CTL-23 Foreground: blocking dependents first, then the Job.
            let blocking: Vec<Pod> = owned_by(&pods, &uid)
                .filter(|p| {
                    p.metadata
                        .owner_references
                        .iter()
                        .flatten()
                        .any(|o| o.uid == uid && o.block_owner_deletion == Some(true))
                })
                .cloned()
                .collect();
            for p in blocking.iter().filter(|p| p.metadata.deletion_timestamp.is_none()) {
                env.delete_pod(p);
            }
            if blocking.is_empty() {
                drop_finalizer(env, (**job).clone(), FOREGROUND);
            }
        } else if let (Some(ttl), Some(done)) =
            (job.spec.as_ref().and_then(|s| s.ttl_seconds_after_finished), finished_at(job))
        {
            // CTL-24: TTL after finished, with Foreground propagation and a uid precondition.
            if job.metadata.deletion_timestamp.is_none() && env.now.as_second() >= done + i64::from(ttl) {
                let opts = DeleteOptions {
                    propagation_policy: Some("Foreground".into()),
                    preconditions: Some(Preconditions { uid: Some(uid.clone()), resource_version: None }),
                    ..Default::default()
                };
                let ns = job.metadata.namespace.clone().unwrap_or_default();
                let name = job.metadata.name.clone().unwrap_or_default();
                let mut ctx = Ctx {
                    now: env.now,
                    rng: &mut *env.rng,
                    dry_run: false,
                    manager: "ttl-after-finished-controller".into(),
                    operation: Operation::Update,
                    auto_create_namespaces: false,
                    managed: None,
                    keep_typed: false,
                };
                let _ = delete::delete(&mut *env.db, &JobStrategy, &ns, &name, &opts, &mut ctx);
            }
        }
    }
    // CTL-23 Background: dependents of Jobs that are gone are deleted.
    for p in &pods {
        let orphaned = p.metadata.owner_references.iter().flatten().any(|o| o.kind == "Job" && !live.contains(&o.uid));
        if orphaned && p.metadata.deletion_timestamp.is_none() {
            env.delete_pod(p);
        }
    }
}

/// When a TTL expires.
pub fn due(env: &Env) -> Vec<i64> {
    env.db
        .jobs
        .items
        .values()
        .filter(|s| s.obj().metadata.deletion_timestamp.is_none())
        .filter_map(|s| Some(finished_at(s.obj())? + i64::from(s.obj().spec.as_ref()?.ttl_seconds_after_finished?)))
        .collect()
}
