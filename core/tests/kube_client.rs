//! kube-rs `Api<Job>` against the in-memory server through its tower::Service — a real client,
//! no network.
#![cfg(not(target_arch = "wasm32"))]

use jobsim::{ApiServer, ApiService, Config};
use k8s_openapi::api::batch::v1::{Job, JobStatus};
use kube::api::{Api, DeleteParams, PostParams};
use kube::Client;

fn client() -> (Client, ApiService) {
    let svc = ApiService::new(ApiServer::new(Config::default()));
    (Client::new(svc.clone(), "default"), svc)
}

fn job(name: &str) -> Job {
    serde_json::from_value(serde_json::json!({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox:1.36"}]}}}
    }))
    .unwrap()
}

fn api_error(e: kube::Error) -> (u16, String, String) {
    match e {
        kube::Error::Api(s) => (s.code, s.reason.clone(), s.message.clone()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn cre_01_get_01_create_and_get_with_kube_rs() {
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    let created = jobs.create(&PostParams::default(), &job("pi")).await.unwrap();
    assert_eq!(created.metadata.generation, Some(1));
    let uid = created.metadata.uid.clone().unwrap();
    let spec = created.spec.as_ref().unwrap();
    assert_eq!(spec.backoff_limit, Some(6));
    assert_eq!(
        spec.selector.as_ref().unwrap().match_labels.as_ref().unwrap()["batch.kubernetes.io/controller-uid"],
        uid
    );
    let got = jobs.get("pi").await.unwrap();
    assert_eq!(got, created);
    let status = jobs.get_status("pi").await.unwrap();
    assert_eq!(status, created);
}

#[tokio::test]
async fn cre_14_get_02_errors_are_kube_api_errors() {
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    jobs.create(&PostParams::default(), &job("pi")).await.unwrap();
    let (code, reason, message) = api_error(jobs.create(&PostParams::default(), &job("pi")).await.unwrap_err());
    assert_eq!((code, reason.as_str(), message.as_str()), (409, "AlreadyExists", "jobs.batch \"pi\" already exists"));
    let (code, reason, _) = api_error(jobs.get("nope").await.unwrap_err());
    assert_eq!((code, reason.as_str()), (404, "NotFound"));
    let mut bad = job("bad");
    bad.spec.as_mut().unwrap().parallelism = Some(-1);
    let (code, reason, message) = api_error(jobs.create(&PostParams::default(), &bad).await.unwrap_err());
    assert_eq!((code, reason.as_str()), (422, "Invalid"));
    assert!(message.contains("spec.parallelism: Invalid value: -1: must be greater than or equal to 0"), "{message}");
}

#[tokio::test]
async fn put_02_replace_and_conflict_with_kube_rs() {
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    let created = jobs.create(&PostParams::default(), &job("pi")).await.unwrap();
    let mut a = created.clone();
    a.spec.as_mut().unwrap().parallelism = Some(2);
    let replaced = jobs.replace("pi", &PostParams::default(), &a).await.unwrap();
    assert_eq!(replaced.metadata.generation, Some(2));
    let (code, reason, _) = api_error(jobs.replace("pi", &PostParams::default(), &a).await.unwrap_err());
    assert_eq!((code, reason.as_str()), (409, "Conflict"));
}

#[tokio::test]
async fn sta_02_replace_status_with_kube_rs() {
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    let mut j = jobs.create(&PostParams::default(), &job("pi")).await.unwrap();
    j.status = Some(JobStatus { active: Some(1), ..JobStatus::default() });
    let updated = jobs.replace_status("pi", &PostParams::default(), &j).await.unwrap();
    assert_eq!(updated.status.unwrap().active, Some(1));
}

#[tokio::test]
async fn del_02_delete_with_delete_params() {
    let (client, svc) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    jobs.create(&PostParams::default(), &job("a")).await.unwrap();
    let gone = jobs.delete("a", &DeleteParams::background()).await.unwrap();
    assert!(gone.is_right(), "Background deletes at once: a Status comes back");
    jobs.create(&PostParams::default(), &job("b")).await.unwrap();
    let held = jobs.delete("b", &DeleteParams::orphan()).await.unwrap();
    let held = held.left().expect("Orphan keeps the Job until the collector runs");
    assert_eq!(held.metadata.finalizers, Some(vec!["orphan".to_string()]));
    let (code, _, _) = api_error(jobs.delete("nope", &DeleteParams::default()).await.unwrap_err());
    assert_eq!(code, 404);
    assert!(svc.server().resource_version() > 0);
}

#[tokio::test]
async fn lst_07_list_with_pagination_through_kube_rs() {
    use kube::api::ListParams;
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    for i in 0..5 {
        jobs.create(&PostParams::default(), &job(&format!("j{i}"))).await.unwrap();
    }
    let first = jobs.list(&ListParams::default().limit(2)).await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.metadata.remaining_item_count, Some(3));
    let token = first.metadata.continue_.clone().unwrap();
    let second = jobs.list(&ListParams::default().limit(2).continue_token(&token)).await.unwrap();
    let names: Vec<_> = second.items.iter().map(|j| j.metadata.name.clone().unwrap()).collect();
    assert_eq!(names, ["j2", "j3"]);
    let selected = jobs.list(&ListParams::default().labels("job-name=j4")).await.unwrap();
    assert_eq!(selected.items.len(), 1);
}

#[tokio::test]
async fn wat_02_kube_runtime_watcher_sees_changes_in_order() {
    use futures::StreamExt;
    use kube::runtime::watcher::{watcher, Config as WatcherConfig, Event};
    let (client, svc) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    jobs.create(&PostParams::default(), &job("before")).await.unwrap();
    let mut stream = watcher(jobs.clone(), WatcherConfig::default()).boxed();
    let mut seen = Vec::new();
    // The initial listing, then live events.
    while let Some(ev) = stream.next().await {
        match ev.unwrap() {
            Event::InitApply(j) => seen.push(format!("init {}", j.metadata.name.unwrap())),
            Event::InitDone => break,
            _ => {}
        }
    }
    jobs.create(&PostParams::default(), &job("after")).await.unwrap();
    jobs.delete("after", &DeleteParams::background()).await.unwrap();
    while seen.len() < 3 {
        match stream.next().await.unwrap().unwrap() {
            Event::Apply(j) => seen.push(format!("apply {}", j.metadata.name.unwrap())),
            Event::Delete(j) => seen.push(format!("delete {}", j.metadata.name.unwrap())),
            _ => {}
        }
    }
    assert_eq!(seen, ["init before", "apply after", "delete after"]);
    drop(stream);
    assert_eq!(svc.server().watch_count(), 0, "dropping the stream closes the watch");
}

#[tokio::test]
async fn wat_01_api_watch_streams_events() {
    use futures::{StreamExt, TryStreamExt};
    use kube::api::{WatchEvent, WatchParams};
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    let created = jobs.create(&PostParams::default(), &job("a")).await.unwrap();
    let rv = created.metadata.resource_version.clone().unwrap();
    let mut stream = jobs.watch(&WatchParams::default().timeout(30), &rv).await.unwrap().boxed();
    let mut j = created.clone();
    j.spec.as_mut().unwrap().parallelism = Some(3);
    jobs.replace("a", &PostParams::default(), &j).await.unwrap();
    match stream.try_next().await.unwrap().unwrap() {
        WatchEvent::Modified(j) => assert_eq!(j.spec.unwrap().parallelism, Some(3)),
        other => panic!("unexpected {other:?}"),
    }
    drop(stream);
}

#[tokio::test]
async fn pat_01_every_patch_type_through_kube_rs() {
    use kube::api::{Patch, PatchParams};
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    jobs.create(&PostParams::default(), &job("pi")).await.unwrap();
    let merge = serde_json::json!({"metadata": {"labels": {"merge": "yes"}}});
    let j = jobs.patch("pi", &PatchParams::default(), &Patch::Merge(&merge)).await.unwrap();
    assert_eq!(j.metadata.labels.unwrap()["merge"], "yes");
    let strategic = serde_json::json!({"metadata": {"finalizers": ["example.com/a"]}});
    let j = jobs.patch("pi", &PatchParams::default(), &Patch::Strategic(&strategic)).await.unwrap();
    assert_eq!(j.metadata.finalizers, Some(vec!["example.com/a".to_string()]));
    let ops: json_patch::Patch = serde_json::from_value(serde_json::json!([
        {"op": "replace", "path": "/spec/parallelism", "value": 2},
        {"op": "remove", "path": "/metadata/finalizers"}
    ]))
    .unwrap();
    let j = jobs.patch("pi", &PatchParams::default(), &Patch::Json::<()>(ops)).await.unwrap();
    assert_eq!(j.spec.unwrap().parallelism, Some(2));
    assert_eq!(j.metadata.finalizers, None);
    let status = serde_json::json!({"status": {"active": 1}});
    let j = jobs.patch_status("pi", &PatchParams::default(), &Patch::Merge(&status)).await.unwrap();
    assert_eq!(j.status.unwrap().active, Some(1));
}

#[tokio::test]
async fn pat_11_apply_conflict_between_two_managers_and_force() {
    use kube::api::{Patch, PatchParams};
    let (client, _) = client();
    let jobs: Api<Job> = Api::default_namespaced(client);
    let mut desired = job("pi");
    desired.spec.as_mut().unwrap().parallelism = Some(2);
    let created = jobs.patch("pi", &PatchParams::apply("alice"), &Patch::Apply(&desired)).await.unwrap();
    assert_eq!(created.spec.as_ref().unwrap().parallelism, Some(2));
    desired.spec.as_mut().unwrap().parallelism = Some(5);
    let err = jobs.patch("pi", &PatchParams::apply("bob"), &Patch::Apply(&desired)).await.unwrap_err();
    let (code, reason, message) = api_error(err);
    assert_eq!((code, reason.as_str()), (409, "Conflict"));
    assert_eq!(message, "Apply failed with 1 conflict: conflict with \"alice\": .spec.parallelism");
    let forced = jobs.patch("pi", &PatchParams::apply("bob").force(), &Patch::Apply(&desired)).await.unwrap();
    assert_eq!(forced.spec.as_ref().unwrap().parallelism, Some(5));
    let owners: Vec<_> = forced.metadata.managed_fields.unwrap().iter().map(|e| e.manager.clone().unwrap()).collect();
    assert_eq!(owners, ["alice", "bob"]);
}
