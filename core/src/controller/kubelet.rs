//! The simulated kubelet: pods go Pending → Running (Ready) → Succeeded/Failed on the clock, and
//! deleted pods terminate (exit 143).

use super::{plan, Env, PodPlan};
use k8s_openapi::api::core::v1::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStatus, Pod, PodCondition, PodIP,
    PodStatus,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use std::sync::Arc;

/// The node every pod runs on.
pub const NODE: &str = "jobsim-node";

/// Seconds a deleted pod takes to stop.
pub const TERMINATION_SECONDS: i64 = 1;

fn finished(pod: &Pod) -> bool {
    matches!(pod.status.as_ref().and_then(|s| s.phase.as_deref()), Some("Succeeded") | Some("Failed"))
}

fn phase(pod: &Pod) -> &str {
    pod.status.as_ref().and_then(|s| s.phase.as_deref()).unwrap_or("Pending")
}

fn at(secs: i64) -> Time {
    Time(jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH))
}

/// The plan of a pod: the controller's, or one read from its spec for pods it did not create.
pub fn plan_of(env: &mut Env, pod: &Pod) -> PodPlan {
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    if let Some(p) = env.state.plans.get(&uid) {
        return *p;
    }
    let created = pod.metadata.creation_timestamp.as_ref().map_or(env.secs(), |t| t.0.as_second());
    let o = pod
        .spec
        .as_ref()
        .map(plan::from_spec)
        .unwrap_or(plan::Outcome { exit_code: 0, run_seconds: plan::DEFAULT_RUN_SECONDS });
    let p = PodPlan { start_at: created + plan::START_SECONDS, run_seconds: o.run_seconds, exit_code: o.exit_code };
    env.state.plans.insert(uid, p);
    p
}

fn condition(type_: &str, status: &str, t: &Time, reason: Option<&str>) -> PodCondition {
    PodCondition {
        type_: type_.into(),
        status: status.into(),
        last_transition_time: Some(t.clone()),
        reason: reason.map(str::to_string),
        ..Default::default()
    }
}

fn container_statuses(pod: &Pod, state: ContainerState, ready: bool) -> Vec<ContainerStatus> {
    pod.spec
        .iter()
        .flat_map(|s| s.containers.iter())
        .enumerate()
        .map(|(i, c)| ContainerStatus {
            name: c.name.clone(),
            image: c.image.clone().unwrap_or_default(),
            image_id: format!("{}@sha256:{:064x}", c.image.clone().unwrap_or_default(), i + 1),
            container_id: Some(format!("containerd://{:064x}", i + 7)),
            ready,
            started: Some(ready),
            restart_count: 0,
            state: Some(state.clone()),
            ..Default::default()
        })
        .collect()
}

fn start(env: &mut Env, mut pod: Pod, at_secs: i64) -> bool {
    let t = at(at_secs);
    let n = env.db.pods.items.len() % 250 + 2;
    let ip = format!("10.244.0.{n}");
    if pod.spec.as_ref().is_some_and(|s| s.node_name.is_none()) {
        // The scheduler binds the pod to the one node.
        if let Some(spec) = pod.spec.as_mut() {
            spec.node_name = Some(NODE.into());
        }
        env.update(&crate::pods::PodStrategy, pod.clone(), "kube-scheduler");
        let (ns, name) =
            (pod.metadata.namespace.clone().unwrap_or_default(), pod.metadata.name.clone().unwrap_or_default());
        match env.db.pods.get(&ns, &name) {
            Some(bound) => pod = (**bound.obj()).clone(),
            None => return false,
        }
    }
    let state =
        ContainerState { running: Some(ContainerStateRunning { started_at: Some(t.clone()) }), ..Default::default() };
    let statuses = container_statuses(&pod, state, true);
    pod.status = Some(PodStatus {
        phase: Some("Running".into()),
        conditions: Some(vec![
            condition("PodReadyToStartContainers", "True", &t, None),
            condition("Initialized", "True", &t, None),
            condition("Ready", "True", &t, None),
            condition("ContainersReady", "True", &t, None),
            condition("PodScheduled", "True", &t, None),
        ]),
        host_ip: Some("10.0.0.1".into()),
        host_ips: Some(vec![k8s_openapi::api::core::v1::HostIP { ip: "10.0.0.1".into() }]),
        pod_ip: Some(ip.clone()),
        pod_ips: Some(vec![PodIP { ip }]),
        start_time: Some(t),
        container_statuses: Some(statuses),
        qos_class: Some("BestEffort".into()),
        ..Default::default()
    });
    env.update_pod_status(pod)
}

fn finish(env: &mut Env, mut pod: Pod, at_secs: i64, exit_code: i32) -> bool {
    let t = at(at_secs);
    let started = pod.status.as_ref().and_then(|s| s.start_time.clone()).unwrap_or_else(|| t.clone());
    let reason = if exit_code == 0 { "Completed" } else { "Error" };
    let state = ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code,
            reason: Some(reason.into()),
            started_at: Some(started),
            finished_at: Some(t.clone()),
            container_id: None,
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut status = pod.status.clone().unwrap_or_default();
    status.phase = Some(if exit_code == 0 { "Succeeded" } else { "Failed" }.into());
    status.container_statuses = Some(container_statuses(&pod, state, false));
    status.conditions = Some(vec![
        condition("PodReadyToStartContainers", "False", &t, None),
        condition("Initialized", "True", &t, Some("PodCompleted")),
        condition("Ready", "False", &t, Some("PodCompleted")),
        condition("ContainersReady", "False", &t, Some("PodCompleted")),
        condition("PodScheduled", "True", &t, None),
    ]);
    pod.status = Some(status);
    env.update_pod_status(pod)
}

/// When a terminating pod stops: a second after the delete request.
fn stop_time(pod: &Pod) -> i64 {
    let deleted = pod.metadata.deletion_timestamp.as_ref().map_or(0, |t| t.0.as_second());
    deleted.saturating_sub(pod.metadata.deletion_grace_period_seconds.unwrap_or(0)).saturating_add(TERMINATION_SECONDS)
}

/// Pods that finished while terminating are removed (the kubelet's final delete, grace 0).
fn remove_terminated(env: &mut Env) {
    let done: Vec<Pod> = env
        .db
        .pods
        .items
        .values()
        .filter(|s| {
            finished(s.obj())
                && s.obj().metadata.deletion_timestamp.is_some()
                && s.obj().metadata.deletion_grace_period_seconds.unwrap_or(0) > 0
        })
        .map(|s| (**s.obj()).clone())
        .collect();
    for pod in done {
        env.delete_pod_now(&pod);
    }
}

/// Moves every pod whose next step is due.
pub fn run(env: &mut Env) {
    remove_terminated(env);
    let now = env.secs();
    // Shared handles: a pod is copied only when it has a step to take.
    let pods: Vec<Arc<Pod>> =
        env.db.pods.items.values().filter(|s| !finished(s.obj())).map(|s| s.obj().clone()).collect();
    for pod in pods {
        let p = plan_of(env, &pod);
        if pod.metadata.deletion_timestamp.is_some() {
            let stop = stop_time(&pod);
            if now >= stop {
                finish(env, Arc::unwrap_or_clone(pod), stop, 143);
            }
            continue;
        }
        match phase(&pod) {
            "Pending" if now >= p.start_at => {
                start(env, (*pod).clone(), p.start_at);
                if now >= p.start_at.saturating_add(p.run_seconds) {
                    if let Some(fresh) = env.db.pods.get(
                        pod.metadata.namespace.as_deref().unwrap_or(""),
                        pod.metadata.name.as_deref().unwrap_or(""),
                    ) {
                        let fresh = (**fresh.obj()).clone();
                        finish(env, fresh, p.start_at.saturating_add(p.run_seconds), p.exit_code);
                    }
                }
            }
            "Running" if now >= p.start_at.saturating_add(p.run_seconds) => {
                finish(env, Arc::unwrap_or_clone(pod), p.start_at.saturating_add(p.run_seconds), p.exit_code);
            }
            _ => {}
        }
    }
}

/// When the next pod step falls due.
pub fn due(env: &Env) -> Vec<i64> {
    env.db
        .pods
        .items
        .values()
        .filter(|s| !finished(s.obj()))
        .filter_map(|s| {
            if s.obj().metadata.deletion_timestamp.is_some() {
                return Some(stop_time(s.obj()));
            }
            let p = env.state.plans.get(s.obj().metadata.uid.as_deref().unwrap_or(""))?;
            Some(if phase(s.obj()) == "Pending" { p.start_at } else { p.start_at.saturating_add(p.run_seconds) })
        })
        .collect()
}
