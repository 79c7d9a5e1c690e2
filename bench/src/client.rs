//! Through a real client: kube-rs `Api<Job>` over jobsim's `ApiService`, over kube-fake-client
//! (the peer) and over an echo service answering canned bytes (the client-only floor).
//!
//! kube-fake-client 0.3 is built on kube 4.2 and k8s-openapi 0.28; jobsim's `ApiService` and the
//! echo are plain tower services with no kube dependency, so one kube 4.2 client drives all three
//! in one binary, interleaved round by round.

use crate::util::{fmt, job_json, median, JOBS, MERGE_PATCH, SELECTOR, SELECTOR_QUERY};
use bytes::Bytes;
use http_body_util::Full;
use jobsim::{ApiServer, ApiService, Config, Request};
use k8s_openapi_028::api::batch::v1::Job;
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, PostParams};
use kube::Client;
use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

const BACKENDS: [&str; 3] = ["jobsim", "kube-fake-client", "echo"];
const VERBS: [&str; 7] =
    ["create", "get", "list all (2000)", "list selector (200 of 2000)", "merge-patch", "replace", "delete"];

/// One canned answer: status, headers and body, built once and cloned for every call.
#[derive(Clone, Default)]
struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Answer {
    fn from(res: jobsim::Response) -> Self {
        let headers = res
            .headers
            .iter()
            .filter_map(|(k, v)| {
                Some((http::HeaderName::try_from(k.as_str()).ok()?, http::HeaderValue::try_from(v).ok()?))
            })
            .collect();
        Answer { status: res.status, headers, body: Bytes::from(res.body) }
    }
}

/// What jobsim answers at each step of the workload, pre-serialized: the echo answers every
/// request with the answer of its verb, so the client reads the same bytes from every backend.
#[derive(Default)]
struct Canned {
    create: Answer,
    get: Answer,
    merge: Answer,
    replace: Answer,
    delete: Answer,
    list: Answer,
    list_selected: Answer,
}

impl Canned {
    /// Records jobsim's answers to the workload's requests for one Job of a store of `n`.
    fn record(n: usize) -> Self {
        let svc = jobsim_filled(n);
        let mut api = svc.server();
        let item = format!("{JOBS}/job-0");
        let list = |api: &mut ApiServer, selected: bool| {
            let path = if selected { format!("{JOBS}?{SELECTOR_QUERY}") } else { JOBS.to_string() };
            Answer::from(api.handle(Request::get(path)))
        };
        let (all, selected) = (list(&mut api, false), list(&mut api, true));
        let get = Answer::from(api.handle(Request::get(item.as_str())));
        let merge = api.handle(Request::patch(item.as_str(), "application/merge-patch+json", MERGE_PATCH));
        let mut patched: serde_json::Value = serde_json::from_slice(&merge.body).expect("patched job");
        patched["spec"]["parallelism"] = 2.into();
        let replace = api.handle(Request::put(item.as_str(), patched.to_string()));
        let delete = api.handle(Request::delete(item.as_str()));
        // A create answer: the first Job again, under a name of its own.
        let create = api.handle(Request::post(JOBS, job_json(0).replace("\"job-0\"", "\"job-x\"")));
        let answers = [&merge, &replace, &delete, &create].map(|r| r.status);
        assert_eq!(answers, [200, 200, 200, 201], "the workload's answers");
        Canned {
            create: Answer::from(create),
            get,
            merge: Answer::from(merge),
            replace: Answer::from(replace),
            delete: Answer::from(delete),
            list: all,
            list_selected: selected,
        }
    }
}

/// The client-only floor: answers every request with jobsim's pre-serialized answer for its verb,
/// without looking at the body.
#[derive(Clone)]
struct Echo(Arc<Canned>);

impl tower_service::Service<http::Request<kube::client::Body>> for Echo {
    type Response = http::Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<kube::client::Body>) -> Self::Future {
        let c = &self.0;
        let answer = match *req.method() {
            http::Method::POST => &c.create,
            http::Method::PATCH => &c.merge,
            http::Method::PUT => &c.replace,
            http::Method::DELETE => &c.delete,
            _ if !req.uri().path().ends_with("/jobs") => &c.get,
            _ if req.uri().query().is_some_and(|q| q.contains("labelSelector")) => &c.list_selected,
            _ => &c.list,
        };
        let mut res = http::Response::new(Full::new(answer.body.clone()));
        *res.status_mut() = http::StatusCode::from_u16(answer.status).unwrap_or(http::StatusCode::OK);
        *res.headers_mut() = answer.headers.clone();
        std::future::ready(Ok(res))
    }
}

fn job(i: usize) -> Job {
    serde_json::from_str(&job_json(i)).expect("job manifest")
}

fn jobsim_filled(n: usize) -> ApiService {
    let svc = ApiService::new(ApiServer::new(Config::default()));
    {
        let mut api = svc.server();
        for i in 0..n {
            assert_eq!(api.handle(Request::post(JOBS, job_json(i))).status, 201);
        }
    }
    svc
}

fn list_bytes(svc: &ApiService, selected: bool) -> Bytes {
    let path = if selected { format!("{JOBS}?{SELECTOR_QUERY}") } else { JOBS.to_string() };
    Bytes::from(svc.server().handle(Request::get(path)).body)
}

async fn fake_client(initial: Vec<Job>) -> Client {
    kube_fake_client::ClientBuilder::new()
        .with_status_subresource::<Job>()
        .with_objects(initial)
        .build()
        .await
        .expect("kube-fake-client builds")
}

/// One round of the workload through `client`: µs per op for each of [`VERBS`].
async fn round(client: Client, n: usize) -> [f64; 7] {
    let api: Api<Job> = Api::namespaced(client, "default");
    let pp = PostParams::default();
    let mut out = [0.0; 7];
    let per = |secs: f64, ops: usize| secs * 1e6 / ops as f64;
    let names: Vec<String> = (0..n).map(|i| format!("job-{i}")).collect();

    let jobs: Vec<Job> = (0..n).map(job).collect();
    let t = std::time::Instant::now();
    for j in &jobs {
        api.create(&pp, j).await.expect("create");
    }
    out[0] = per(t.elapsed().as_secs_f64(), n);

    let t = std::time::Instant::now();
    for name in &names {
        std::hint::black_box(api.get(name).await.expect("get"));
    }
    out[1] = per(t.elapsed().as_secs_f64(), n);

    let t = std::time::Instant::now();
    let all = api.list(&ListParams::default()).await.expect("list");
    out[2] = per(t.elapsed().as_secs_f64(), 1);
    let t = std::time::Instant::now();
    let some = api.list(&ListParams::default().labels(SELECTOR)).await.expect("list selector");
    out[3] = per(t.elapsed().as_secs_f64(), 1);
    std::hint::black_box((all, some));

    let patch: serde_json::Value = serde_json::from_str(MERGE_PATCH).expect("patch json");
    let mut patched = Vec::with_capacity(n);
    let t = std::time::Instant::now();
    for name in &names {
        patched.push(api.patch(name, &PatchParams::default(), &Patch::Merge(&patch)).await.expect("merge-patch"));
    }
    out[4] = per(t.elapsed().as_secs_f64(), n);

    for j in &mut patched {
        if let Some(spec) = j.spec.as_mut() {
            spec.parallelism = Some(2);
        }
    }
    let t = std::time::Instant::now();
    for (name, j) in names.iter().zip(&patched) {
        api.replace(name, &pp, j).await.expect("replace");
    }
    out[5] = per(t.elapsed().as_secs_f64(), n);

    let t = std::time::Instant::now();
    for name in &names {
        std::hint::black_box(api.delete(name, &DeleteParams::default()).await.expect("delete"));
    }
    out[6] = per(t.elapsed().as_secs_f64(), n);
    out
}

/// Median ms of `reps` lists (without and with the selector) through `client`.
async fn lists(client: Client, reps: usize) -> (f64, f64) {
    let api: Api<Job> = Api::namespaced(client, "default");
    let mut all = Vec::new();
    let mut sel = Vec::new();
    for _ in 0..reps {
        let t0 = std::time::Instant::now();
        std::hint::black_box(api.list(&ListParams::default()).await.expect("list"));
        all.push(t0.elapsed().as_secs_f64() * 1e3);
        let t0 = std::time::Instant::now();
        std::hint::black_box(api.list(&ListParams::default().labels(SELECTOR)).await.expect("list selector"));
        sel.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    (median(all), median(sel))
}

fn verdict(vs_peer: f64, vs_floor: f64) -> &'static str {
    match (vs_peer <= 1.0 / 3.0, vs_floor <= 1.5) {
        (true, true) => "met",
        (false, true) => "NOT met (peer)",
        (true, false) => "NOT met (floor)",
        (false, false) => "NOT met (both)",
    }
}

fn print_row(section: &str, figure: &str, v: [f64; 3], unit: &str) {
    let (p, f) = (v[0] / v[1], v[0] / v[2]);
    let value = format!(
        "jobsim {} · peer {} · echo {} {unit}; jobsim/peer {}, jobsim/floor {}",
        fmt(v[0]),
        fmt(v[1]),
        fmt(v[2]),
        fmt(p),
        fmt(f)
    );
    println!("ROW\t{section}\t{figure}\t{value}\t≤ 0.33 peer, ≤ 1.5 floor\t{}", verdict(p, f));
}

/// 100,000 GETs of 2,000 stored Jobs through `ApiService` with the headers kube-rs sends, then
/// the same through `ApiServer::handle`: what the tower adapter adds, for profilers.
pub fn service_gets() {
    use tower_service::Service;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let mut svc = jobsim_filled(2000);
    let n = 100_000;
    let t = std::time::Instant::now();
    rt.block_on(async {
        for i in 0..n {
            let req = http::Request::get(format!("{JOBS}/job-{}", i % 2000))
                .header("accept", "application/json")
                .header("user-agent", "kube-rs/4.2")
                .body(Full::new(Bytes::new()))
                .unwrap();
            std::hint::black_box(svc.call(req).await.unwrap());
        }
    });
    println!("service get\t{:.3} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let mut api = svc.server();
    let t = std::time::Instant::now();
    for i in 0..n {
        std::hint::black_box(api.handle(Request::get(format!("{JOBS}/job-{}", i % 2000))));
    }
    println!("handle get\t{:.3} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}

/// One round of the kube-rs workload over jobsim alone, printed: what profilers look at.
pub fn jobsim_once() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let r = rt.block_on(async {
        round(Client::new(ApiService::new(ApiServer::new(Config::default())), "default"), 2000).await
    });
    for (verb, us) in VERBS.iter().zip(r) {
        println!("{verb}\t{us:.1} µs");
    }
}

pub fn run(quick: bool) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let n = 2000;
    let rounds = if quick { 2 } else { 5 };
    eprintln!("client: kube-rs Api<Job>, N={n}, {rounds} rounds × {BACKENDS:?}, interleaved");

    // The echo's canned answers for the workload: what jobsim answers for the same store.
    let canned = Arc::new(Canned::record(n));

    let mut results: [Vec<[f64; 7]>; 3] = Default::default();
    for _ in 0..rounds {
        for (b, backend) in BACKENDS.iter().enumerate() {
            let r = rt.block_on(async {
                let client = match *backend {
                    "jobsim" => Client::new(ApiService::new(ApiServer::new(Config::default())), "default"),
                    "kube-fake-client" => fake_client(Vec::new()).await,
                    _ => Client::new(Echo(canned.clone()), "default"),
                };
                round(client, n).await
            });
            results[b].push(r);
        }
    }
    for (k, verb) in VERBS.iter().enumerate() {
        let v = [0, 1, 2].map(|b| median(results[b].iter().map(|r| r[k]).collect()));
        let unit = if verb.starts_with("list") { "µs/list" } else { "µs/op" };
        print_row("kube-rs client, N=2000", verb, v, unit);
    }

    for size in [1_000usize, 10_000] {
        let reps = if quick {
            2
        } else if size > 1000 {
            5
        } else {
            9
        };
        eprintln!("client: lists of {size}");
        let svc = jobsim_filled(size);
        let stored: Vec<Job> = {
            let v: serde_json::Value = serde_json::from_slice(&list_bytes(&svc, false)).expect("list json");
            v["items"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|item| {
                    let mut item = item.clone();
                    item["apiVersion"] = "batch/v1".into();
                    item["kind"] = "Job".into();
                    if let Some(m) = item["metadata"].as_object_mut() {
                        m.remove("resourceVersion");
                    }
                    serde_json::from_value(item).expect("stored job")
                })
                .collect()
        };
        let (list, list_selected) = {
            let mut api = svc.server();
            let list = Answer::from(api.handle(Request::get(JOBS)));
            (list, Answer::from(api.handle(Request::get(format!("{JOBS}?{SELECTOR_QUERY}")))))
        };
        let echo = Arc::new(Canned { list, list_selected, ..Canned::default() });
        let by_backend = rt.block_on(async {
            let clients = [
                Client::new(svc.clone(), "default"),
                fake_client(stored).await,
                Client::new(Echo(echo.clone()), "default"),
            ];
            // Interleaved: one list rep per backend in turn.
            let mut samples: [(Vec<f64>, Vec<f64>); 3] = Default::default();
            for _ in 0..reps {
                for (b, c) in clients.iter().enumerate() {
                    let (a, s) = lists(c.clone(), 1).await;
                    samples[b].0.push(a);
                    samples[b].1.push(s);
                }
            }
            samples.map(|(a, s)| (median(a), median(s)))
        });
        let section = format!("kube-rs client, {size} stored");
        print_row(&section, &format!("list {size}"), by_backend.map(|x| x.0), "ms");
        print_row(&section, &format!("list {size}, selector ({} match)", size / 10), by_backend.map(|x| x.1), "ms");
    }
}
