//! The core natively: `ApiServer::handle` per verb and against its floors, lists, paging, watch
//! fan-out, memory for 100k Jobs, and the simulated controller.

use crate::util::{fmt, job_json, median, row, rss_bytes, time, us_per_call, JOBS, MERGE_PATCH, SELECTOR_QUERY};
use jobsim::{ApiServer, Config, Request};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ListMeta;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;
use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;

pub const VERBS: [&str; 7] = ["create", "get", "list all", "list selector", "merge-patch", "replace", "delete"];

fn server() -> ApiServer {
    ApiServer::new(Config::default())
}

fn item(i: usize) -> String {
    format!("{JOBS}/job-{i}")
}

fn fill(api: &mut ApiServer, n: usize) {
    for i in 0..n {
        let res = api.handle(Request::post(JOBS, job_json(i)));
        assert_eq!(res.status, 201, "{}", res.text());
    }
}

/// The replace bodies: each stored Job with `spec.parallelism` changed (built outside the timing).
fn replace_bodies(api: &mut ApiServer, n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let mut v: Value = serde_json::from_slice(&api.handle(Request::get(item(i))).body).expect("job json");
            v["spec"]["parallelism"] = Value::from(2);
            serde_json::to_vec(&v).expect("serialize")
        })
        .collect()
}

/// One round of the handle-per-verb workload on a fresh server: µs per op for each of [`VERBS`]
/// (the list verbs are per list call).
pub fn handle_round(n: usize) -> [f64; 7] {
    let mut api = server();
    let mut out = [0.0; 7];
    let per = |secs: f64, ops: usize| secs * 1e6 / ops as f64;

    let reqs: Vec<Request> = (0..n).map(|i| Request::post(JOBS, job_json(i))).collect();
    let (t, _) = time(|| {
        for r in reqs {
            assert_eq!(api.handle(r).status, 201);
        }
    });
    out[0] = per(t, n);

    let reqs: Vec<Request> = (0..n).map(|i| Request::get(item(i))).collect();
    let (t, _) = time(|| {
        for r in reqs {
            black_box(api.handle(r));
        }
    });
    out[1] = per(t, n);

    let (t, _) = time(|| black_box(api.handle(Request::get(JOBS))));
    out[2] = per(t, 1);
    let (t, _) = time(|| black_box(api.handle(Request::get(format!("{JOBS}?{SELECTOR_QUERY}")))));
    out[3] = per(t, 1);

    let reqs: Vec<Request> =
        (0..n).map(|i| Request::patch(item(i), "application/merge-patch+json", MERGE_PATCH)).collect();
    let (t, _) = time(|| {
        for r in reqs {
            assert_eq!(api.handle(r).status, 200);
        }
    });
    out[4] = per(t, n);

    let bodies = replace_bodies(&mut api, n);
    let reqs: Vec<Request> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, b)| Request::put(item(i), b).with_header("Content-Type", "application/json"))
        .collect();
    let (t, _) = time(|| {
        for r in reqs {
            assert_eq!(api.handle(r).status, 200);
        }
    });
    out[5] = per(t, n);

    let reqs: Vec<Request> = (0..n).map(|i| Request::delete(item(i))).collect();
    let (t, _) = time(|| {
        for r in reqs {
            black_box(api.handle(r));
        }
    });
    out[6] = per(t, n);
    out
}

/// One round of [`handle_round`], printed: what `perf record` / `perf stat` look at.
pub fn verbs_once() {
    for (verb, us) in VERBS.iter().zip(handle_round(2000)) {
        println!("{verb}\t{us:.1} µs");
    }
}

/// 100,000 GETs of one Job, printed: the GET path alone for profilers.
pub fn gets_once() {
    let mut api = server();
    fill(&mut api, 1);
    let path = item(0);
    let n = 100_000;
    let (t, _) = time(|| {
        for _ in 0..n {
            black_box(api.handle(Request::get(path.as_str())));
        }
    });
    println!("get\t{:.3} µs", t * 1e6 / n as f64);
}

pub fn run(quick: bool, native_out: Option<&Path>) {
    let n = 2000;
    let rounds = if quick { 3 } else { 7 };
    eprintln!("core: handle per verb, N={n}, {rounds} rounds");
    let all: Vec<[f64; 7]> = (0..rounds).map(|_| handle_round(n)).collect();
    let mut json = serde_json::Map::new();
    for (k, verb) in VERBS.iter().enumerate() {
        let m = median(all.iter().map(|r| r[k]).collect());
        let unit = if verb.starts_with("list") { "µs/list of 2000" } else { "µs/op" };
        row("core: ApiServer::handle", verb, &format!("{} {unit}", fmt(m)), "", None);
        json.insert(verb.to_string(), Value::from(m));
    }
    if let Some(path) = native_out {
        let _ = std::fs::write(path, serde_json::to_vec_pretty(&Value::Object(json)).unwrap_or_default());
    }

    floors(quick);
    lists(quick);
    fanout(quick);
}

/// GET against a memcpy of its bytes; CREATE against serde_json parse + serialize of its body.
pub fn floors(quick: bool) {
    let reps = if quick { 5 } else { 11 };
    let mut api = server();
    fill(&mut api, 1);
    let get_path = item(0);
    let get = us_per_call(reps, 2000, || {
        black_box(api.handle(Request::get(get_path.as_str())));
    });
    let bytes = api.handle(Request::get(get_path.as_str())).body;
    let copy = us_per_call(reps, 20000, || {
        black_box(black_box(&bytes[..]).to_vec());
    });
    let r = get / copy;
    row("core: floors", "GET one Job", &format!("{} µs", fmt(get)), "", None);
    row(
        "core: floors",
        &format!("memcpy of its {} bytes (to_vec)", bytes.len()),
        &format!("{} µs", fmt(copy)),
        "",
        None,
    );
    row("core: floors", "GET / memcpy", &format!("{}×", fmt(r)), "≤ 2×", Some(r <= 2.0));

    // CREATE: a fresh name each call, in batches on one server.
    let mut i = 1usize;
    let mut creates = Vec::new();
    for _ in 0..reps {
        let mut api = server();
        let reqs: Vec<Request> = (0..2000)
            .map(|_| {
                i += 1;
                Request::post(JOBS, job_json(i))
            })
            .collect();
        let (t, _) = time(|| {
            for r in reqs {
                black_box(api.handle(r));
            }
        });
        creates.push(t * 1e6 / 2000.0);
    }
    let create = median(creates);
    let body = job_json(1).into_bytes();
    let serde = us_per_call(reps, 5000, || {
        let v: Value = serde_json::from_slice(black_box(&body)).expect("json");
        black_box(serde_json::to_vec(&v).expect("serialize"));
    });
    let r = create / serde;
    row("core: floors", "CREATE one Job", &format!("{} µs", fmt(create)), "", None);
    row(
        "core: floors",
        &format!("serde_json parse + serialize of its {} byte body", body.len()),
        &format!("{} µs", fmt(serde)),
        "",
        None,
    );
    row("core: floors", "CREATE / serde_json", &format!("{}×", fmt(r)), "≤ 3×", Some(r <= 3.0));
}

/// LIST of 10k with and without a selector; paging 10k by 500.
pub fn lists(quick: bool) {
    let reps = if quick { 3 } else { 7 };
    let mut api = server();
    fill(&mut api, 10_000);
    let mut all = Vec::new();
    let mut sel = Vec::new();
    let mut paged = Vec::new();
    let mut pages = 0;
    for _ in 0..reps {
        all.push(time(|| black_box(api.handle(Request::get(JOBS)))).0 * 1e3);
        sel.push(time(|| black_box(api.handle(Request::get(format!("{JOBS}?{SELECTOR_QUERY}"))))).0 * 1e3);
        let (t, n) = time(|| {
            let mut pages = 0;
            let mut path = format!("{JOBS}?limit=500");
            loop {
                let res = api.handle(Request::get(path.as_str()));
                pages += 1;
                // As a client that only pages reads it: the list metadata, its items skipped.
                let page: BTreeMap<&str, &RawValue> = serde_json::from_slice(&res.body).expect("list json");
                let meta: ListMeta = serde_json::from_str(page["metadata"].get()).expect("list metadata");
                match meta.continue_.as_deref() {
                    Some(c) if !c.is_empty() => {
                        path = format!("{JOBS}?limit=500&continue={}", form_encode(c));
                    }
                    _ => break pages,
                }
            }
        });
        pages = n;
        paged.push(t * 1e3);
    }
    let sel_ms = median(sel);
    row("core: lists (10k stored)", "LIST 10k", &format!("{} ms", fmt(median(all))), "", None);
    row(
        "core: lists (10k stored)",
        "LIST 10k, selector (1k match)",
        &format!("{} ms", fmt(sel_ms)),
        "≤ 5 ms",
        Some(sel_ms <= 5.0),
    );
    row(
        "core: lists (10k stored)",
        &format!("paging 10k by 500 ({pages} pages, incl. reading continue)"),
        &format!("{} ms", fmt(median(paged))),
        "",
        None,
    );
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One change fanned out to 1,000 watchers: time of the write + draining every watcher, and how
/// many distinct event buffers (serializations) the watchers received for it.
fn fanout(quick: bool) {
    let reps = if quick { 5 } else { 15 };
    let watchers = 1000;
    let mut api = server();
    fill(&mut api, 1);
    let rv = api.resource_version();
    let ids: Vec<_> = (0..watchers)
        .map(|_| {
            let req = Request::get(format!("{JOBS}?watch=true&resourceVersion={rv}&allowWatchBookmarks=false"));
            api.watch(req).expect("watch opens").0
        })
        .collect();
    for id in &ids {
        api.poll(*id);
    }
    let mut times = Vec::new();
    let mut writes = Vec::new();
    let mut distinct = 0;
    let mut delivered = 0;
    for k in 0..reps {
        let patch = format!(r#"{{"metadata":{{"labels":{{"round":"r{k}"}}}}}}"#);
        let req = Request::patch(item(0), "application/merge-patch+json", patch);
        let (tw, res) = time(|| api.handle(req));
        assert_eq!(res.status, 200);
        let (tp, polls) = time(|| ids.iter().map(|id| api.poll(*id)).collect::<Vec<_>>());
        times.push((tw + tp) * 1e3);
        writes.push(tw * 1e3);
        let mut seen = HashSet::new();
        delivered = 0;
        for p in &polls {
            for e in &p.events {
                delivered += 1;
                seen.insert(e.as_ptr() as usize);
            }
        }
        distinct = seen.len();
    }
    let ms = median(times);
    row(
        "core: watch fan-out",
        "1 change → 1,000 watchers (write + poll all)",
        &format!("{} ms", fmt(ms)),
        "≤ 2 ms",
        Some(ms <= 2.0),
    );
    row(
        "core: watch fan-out",
        "  of which the write (dispatch included)",
        &format!("{} ms", fmt(median(writes))),
        "",
        None,
    );
    row(
        "core: watch fan-out",
        &format!("serializations for the change ({delivered} events delivered)"),
        &distinct.to_string(),
        "= 1",
        Some(distinct == 1),
    );
}

/// 100k Jobs resident, measured in a child process so no earlier allocation is reused.
pub fn resident(quick: bool) {
    let exe = std::env::current_exe().expect("current exe");
    let mut cmd = std::process::Command::new(exe);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd.arg("resident-child").output().expect("run resident-child");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}

pub fn resident_child(quick: bool) {
    let n = if quick { 20_000 } else { 100_000 };
    eprintln!("core: {n} Jobs resident");
    let mut api = server();
    api.handle(Request::get(JOBS));
    let before = rss_bytes();
    let (t, _) = time(|| fill(&mut api, n));
    let after = rss_bytes();
    let mut json_bytes = 0usize;
    let sample = 1000;
    for i in (0..n).step_by(n / sample) {
        json_bytes += api.handle(Request::get(item(i))).body.len();
    }
    let json_per = json_bytes as f64 / sample as f64;
    let per = (after.saturating_sub(before)) as f64 / n as f64;
    let r = per / json_per;
    let section = "core: memory";
    row(section, &format!("{n} Jobs: RSS growth per Job"), &format!("{per:.0} B"), "", None);
    row(section, "JSON size of a Job (GET body)", &format!("{json_per:.0} B"), "", None);
    row(section, "memory / JSON size", &format!("{}×", fmt(r)), "≤ 2×", Some(r <= 2.0));
    row(section, &format!("creating the {n} Jobs"), &format!("{} µs/Job", fmt(t * 1e6 / n as f64)), "", None);
    black_box(api);
}

/// 1,000 Jobs × 10 completions simulated to completion with `advance`.
pub fn controller(quick: bool) {
    let jobs = if quick { 200 } else { 1000 };
    let completions: i64 = 10;
    eprintln!("controller: {jobs} Jobs × {completions} completions");
    let mut api = server();
    for i in 0..jobs {
        let mut v: Value = serde_json::from_str(&job_json(i)).expect("json");
        v["spec"]["completions"] = Value::from(completions);
        v["spec"]["parallelism"] = Value::from(completions);
        let res = api.handle(Request::post(JOBS, serde_json::to_vec(&v).expect("ser")));
        assert_eq!(res.status, 201, "{}", res.text());
    }
    let mut steps = 0;
    let (t, _) = time(|| {
        // Pods start after 1 s and run 5 s: advance a second at a time until every Job is done.
        for _ in 0..120 {
            api.advance(std::time::Duration::from_secs(1));
            steps += 1;
            if steps % 10 == 0 && all_complete(&mut api, jobs, completions) {
                break;
            }
        }
    });
    let done = all_complete(&mut api, jobs, completions);
    let pods = (jobs as i64 * completions) as f64;
    let section = "controller";
    row(
        section,
        &format!("{jobs} Jobs × {completions} completions ({steps} s simulated, complete: {done})"),
        &format!("{} s", fmt(t)),
        "",
        None,
    );
    row(section, "time per simulated pod", &format!("{} µs", fmt(t * 1e6 / pods)), "", None);
}

fn all_complete(api: &mut ApiServer, jobs: usize, completions: i64) -> bool {
    let v: Value = serde_json::from_slice(&api.handle(Request::get(JOBS)).body).expect("list");
    let items = v["items"].as_array().cloned().unwrap_or_default();
    items.len() == jobs && items.iter().all(|j| j["status"]["succeeded"].as_i64() == Some(completions))
}
