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
