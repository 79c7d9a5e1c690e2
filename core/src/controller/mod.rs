//! The simulated control plane: a kubelet that runs pods on the clock, the Job controller, the
//! garbage collector and the TTL-after-finished controller (CTL-*). Each acts through the
//! registry like any client, so watches see every change with its own resourceVersion and
//! managedFields name the controller. Everything is driven by the server's clock and seeded
//! generator: the same requests and advances give the same state.

pub mod gc;
pub mod indexes;
pub mod job;
pub mod kubelet;
pub mod plan;

use crate::events::EventStrategy;
use crate::managed::Operation;
use crate::pods::{PodStatusStrategy, PodStrategy};
use crate::registry::delete::{self, DeleteOptions, Preconditions};
use crate::registry::store::{self, Ctx};
use crate::registry::{Db, Resource, Strategy};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The controller's own memory: what each pod will do, attempts per Job, back-off.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct State {
    /// Pod uid → its plan.
    pub plans: BTreeMap<String, PodPlan>,
    /// Job uid → index (−1 for NonIndexed) → pods created so far.
    pub attempts: BTreeMap<String, BTreeMap<i32, usize>>,
    /// Job uid → consecutive failures and when the last one finished (seconds).
    pub backoff: BTreeMap<String, (u32, i64)>,
    /// Pods the controller deleted on purpose (suspension, excess, finish): not failures.
    pub removed: BTreeSet<String>,
}

/// When a pod starts and how it ends, in server seconds.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PodPlan {
    pub start_at: i64,
    pub run_seconds: i64,
    pub exit_code: i32,
}

/// What the controllers need: the store, the clock, the generator and their memory.
pub struct Env<'a> {
    pub db: &'a mut Db,
    pub rng: &'a mut fastrand::Rng,
    pub now: jiff::Timestamp,
    pub state: &'a mut State,
    /// Pods not finished: counted at most once per Job-controller pass and kept current by
    /// [`Env::create_pod`], so that syncing each Job does not count every pod in the store.
    running: Option<usize>,
}

/// The most unfinished pods the simulated cluster runs at once: past it the Job controller
/// creates no more until some finish (as a cluster out of capacity), so a Job with a huge
/// parallelism cannot exhaust the instance.
pub const MAX_PODS: usize = 10_000;

/// The manager name the Job controller and garbage collector write as.
pub const CONTROLLER_MANAGER: &str = "kube-controller-manager";
/// The manager name the simulated kubelet writes pod status as.
pub const KUBELET: &str = "kubelet";

impl<'a> Env<'a> {
    pub fn new(db: &'a mut Db, rng: &'a mut fastrand::Rng, now: jiff::Timestamp, state: &'a mut State) -> Self {
        Env { db, rng, now, state, running: None }
    }

    /// How many pods are not finished (the cap on pods the controller creates, [`MAX_PODS`]).
    pub fn running_pods(&mut self) -> usize {
        let db = &self.db;
        *self
            .running
            .get_or_insert_with(|| db.pods.items.values().filter(|s| job::pod_finished(s.obj()).is_none()).count())
    }

    /// Forgets the count of [`Env::running_pods`]: pods may have finished since.
    pub fn recount_pods(&mut self) {
        self.running = None;
    }

    pub fn secs(&self) -> i64 {
        self.now.as_second()
    }

    /// A write context for `manager`; with `keep`, the objects written stay typed (the
    /// controllers read their Jobs and Pods again on their next pass).
    fn ctx(&mut self, manager: &str, keep: bool) -> (&mut Db, Ctx<'_>) {
        let ctx = Ctx {
            now: self.now,
            rng: &mut *self.rng,
            dry_run: false,
            manager: manager.to_string(),
            operation: Operation::Update,
            auto_create_namespaces: false,
            managed: None,
            keep_typed: keep,
        };
        (&mut *self.db, ctx)
    }

    /// Writes an object through a strategy, as `manager`; false when nothing changed or it failed.
    pub fn update<T: Resource, S: Strategy<T>>(&mut self, s: &S, obj: T, manager: &str) -> bool {
        let (ns, name) =
            (obj.metadata().namespace.clone().unwrap_or_default(), obj.metadata().name.clone().unwrap_or_default());
        let before = self.db.rev.current;
        let (db, mut ctx) = self.ctx(manager, true);
        store::update(db, s, &ns, &name, obj, &mut ctx).is_ok() && self.db.rev.current != before
    }

    /// Creates a pod as the controller; returns it as stored (without managedFields): the
    /// typed pod the store kept, found by the name the store gave it.
    pub fn create_pod(&mut self, mut pod: Pod) -> Option<Arc<Pod>> {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        PodStrategy.default(&mut pod);
        let (db, mut ctx) = self.ctx(CONTROLLER_MANAGER, true);
        let out = store::create(db, &PodStrategy, &ns, pod, &mut ctx).ok()?;
        if let Some(n) = self.running.as_mut() {
            *n += 1;
        }
        // The name is the first member of the metadata: read alone, nothing else decoded.
        let meta = crate::schema::span::member_start(&out.bytes, 0, "metadata")?;
        let name: String =
            crate::codec::from_json(&out.bytes[crate::schema::span::member(&out.bytes, meta, "name")?]).ok()?;
        Some(self.db.pods.get(&ns, &name)?.obj().clone())
    }

    /// Deletes a pod (it gets a deletionTimestamp while its finalizers hold it).
    pub fn delete_pod(&mut self, pod: &Pod) {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        let opts = DeleteOptions {
            propagation_policy: Some("Background".into()),
            preconditions: Some(Preconditions { uid: pod.metadata.uid.clone(), resource_version: None }),
            ..Default::default()
        };
        let (db, mut ctx) = self.ctx(CONTROLLER_MANAGER, false);
        let _ = delete::delete(db, &PodStrategy, &ns, &name, &opts, &mut ctx);
    }

    /// The kubelet's final delete of a pod that stopped (grace period 0).
    pub fn delete_pod_now(&mut self, pod: &Pod) {
        let ns = pod.metadata.namespace.clone().unwrap_or_default();
        let name = pod.metadata.name.clone().unwrap_or_default();
        let opts = DeleteOptions {
            grace_period_seconds: Some(0),
            preconditions: Some(Preconditions { uid: pod.metadata.uid.clone(), resource_version: None }),
            ..Default::default()
        };
        let (db, mut ctx) = self.ctx(KUBELET, false);
        let _ = delete::delete(db, &PodStrategy, &ns, &name, &opts, &mut ctx);
    }

    /// Writes a pod's status as the kubelet.
    pub fn update_pod_status(&mut self, pod: Pod) -> bool {
        self.update(&PodStatusStrategy, pod, KUBELET)
    }

    /// Records a core/v1 Event about a Job (what `kubectl describe job` lists).
    pub fn event(&mut self, job: &Job, type_: &str, reason: &str, message: &str) {
        let ns = job.metadata.namespace.clone().unwrap_or_default();
        let name = job.metadata.name.clone().unwrap_or_default();
        let suffix: String = (0..16).map(|_| char::from_digit(self.rng.u32(0..16), 16).unwrap_or('0')).collect();
        let now = Time(self.now);
        let event = Event {
            metadata: ObjectMeta {
                name: Some(format!("{name}.{suffix}")),
                namespace: Some(ns.clone()),
                ..Default::default()
            },
            involved_object: ObjectReference {
                api_version: Some("batch/v1".into()),
                kind: Some("Job".into()),
                name: Some(name),
                namespace: Some(ns.clone()),
                uid: job.metadata.uid.clone(),
                resource_version: job.metadata.resource_version.clone(),
                ..Default::default()
            },
            reason: Some(reason.into()),
            message: Some(message.into()),
            source: Some(EventSource { component: Some("job-controller".into()), host: None }),
            first_timestamp: Some(now.clone()),
            last_timestamp: Some(now),
            count: Some(1),
            type_: Some(type_.into()),
            reporting_component: Some("job-controller".into()),
            reporting_instance: Some(String::new()),
            ..Default::default()
        };
        let (db, mut ctx) = self.ctx(CONTROLLER_MANAGER, false);
        let _ = store::create(db, &EventStrategy, &ns, event, &mut ctx);
    }
}

/// Runs every controller at the current time until nothing changes (bounded).
pub fn reconcile(env: &mut Env) {
    for _ in 0..64 {
        let before = env.db.rev.current;
        kubelet::run(env);
        job::run(env);
        gc::run(env);
        if env.db.rev.current == before {
            return;
        }
    }
}

/// The next time (server seconds, after `now`) at which something falls due.
pub fn next_due(env: &Env) -> Option<i64> {
    let now = env.secs();
    let mut due: Vec<i64> = Vec::new();
    due.extend(kubelet::due(env));
    due.extend(job::due(env));
    due.extend(gc::due(env));
    due.into_iter().filter(|t| *t > now).min()
}
