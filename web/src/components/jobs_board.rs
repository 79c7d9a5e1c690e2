//! The jobs board: every Job with its status, completions, counters and conditions on a timeline,
//! and its pods and events once the server answers for them. Built from ordinary GET/LIST requests.

use crate::api::{self, Target};
use crate::app::use_ctx;
use crate::catalogue;
use crate::dom::{self, Ticker};
use crate::examples::MERGE_PATCH;
use crate::form::RequestForm;
use crate::state::Action;
use jiff::Timestamp;
use jobsim::Request;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`JobsBoard`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub target: Target,
    /// Changes whenever the in-tab server changed.
    pub server_rev: u64,
}

/// One answer the board asked for: status code and body.
#[derive(Clone, Debug, PartialEq)]
struct Answer {
    status: u16,
    body: Value,
}

/// What the board shows.
#[derive(Clone, Debug, PartialEq, Default)]
struct Board {
    jobs: Option<Answer>,
    pods: Option<Answer>,
    events: Option<Answer>,
    /// The server's time (in-tab) or the wall clock.
    now: Option<Timestamp>,
    error: Option<String>,
}

fn answer(r: &jobsim::Response) -> Answer {
    Answer { status: r.status, body: serde_json::from_slice(&r.body).unwrap_or(Value::Null) }
}

fn pods_path(ns: &str, name: &str) -> String {
    format!(
        "/api/v1/namespaces/{}/pods?labelSelector={}",
        crate::form::encode_segment(ns),
        crate::form::encode_segment(&format!("batch.kubernetes.io/job-name={name}"))
    )
}

fn events_path(ns: &str, name: &str) -> String {
    format!(
        "/api/v1/namespaces/{}/events?fieldSelector={}",
        crate::form::encode_segment(ns),
        crate::form::encode_segment(&format!("involvedObject.kind=Job,involvedObject.name={name}"))
    )
}

const JOBS_PATH: &str = "/apis/batch/v1/jobs";

/// `kubectl`'s short human durations (`45s`, `3m20s`, `2h`).
pub fn human(secs: i64) -> String {
    if secs < -1 {
        return "<invalid>".into();
    }
    let s = secs.max(0);
    match s {
        0..=119 => format!("{s}s"),
        120..=599 if s % 60 == 0 => format!("{}m", s / 60),
        120..=599 => format!("{}m{}s", s / 60, s % 60),
        600..=10_799 => format!("{}m", s / 60),
        10_800..=28_799 if (s / 60) % 60 == 0 => format!("{}h", s / 3600),
        10_800..=28_799 => format!("{}h{}m", s / 3600, (s / 60) % 60),
        28_800..=172_799 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

fn ts(v: &Value) -> Option<Timestamp> {
    v.as_str()?.parse().ok()
}

/// The newest timestamp in a list of Jobs.
fn newest(list: &Value) -> Option<Timestamp> {
    list["items"].as_array()?.iter().flat_map(timeline).map(|(t, _, _)| t).max()
}

/// The Status column of `kubectl get jobs`.
fn job_status(j: &Value) -> &'static str {
    let conds = j["status"]["conditions"].as_array().cloned().unwrap_or_default();
    let is = |t: &str| conds.iter().find(|c| c["type"] == t).is_some_and(|c| c["status"] == "True");
    if is("Complete") {
        "Complete"
    } else if is("Failed") {
        "Failed"
    } else if !j["metadata"]["deletionTimestamp"].is_null() {
        "Terminating"
    } else if is("Suspended") {
        "Suspended"
    } else if is("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

fn completions(j: &Value) -> String {
    let succeeded = j["status"]["succeeded"].as_i64().unwrap_or(0);
    match (j["spec"]["completions"].as_i64(), j["spec"]["parallelism"].as_i64().unwrap_or(1)) {
        (Some(c), _) => format!("{succeeded}/{c}"),
        (None, p) if p > 1 => format!("{succeeded}/1 of {p}"),
        _ => format!("{succeeded}/1"),
    }
}

/// The job's history as (time, label, detail), oldest first.
fn timeline(j: &Value) -> Vec<(Timestamp, String, String)> {
    let mut out = Vec::new();
    if let Some(t) = ts(&j["metadata"]["creationTimestamp"]) {
        out.push((t, "Created".to_string(), String::new()));
    }
    if let Some(t) = ts(&j["status"]["startTime"]) {
        out.push((t, "Started".to_string(), String::new()));
    }
    for c in j["status"]["conditions"].as_array().into_iter().flatten() {
        if let Some(t) = ts(&c["lastTransitionTime"]).or_else(|| ts(&c["lastProbeTime"])) {
            let status = c["status"].as_str().unwrap_or("");
            let label =
                format!("{}{}", c["type"].as_str().unwrap_or("?"), if status == "True" { "" } else { "=False" });
            let detail =
                [c["reason"].as_str(), c["message"].as_str()].into_iter().flatten().collect::<Vec<_>>().join(": ");
            out.push((t, label, detail));
        }
    }
    if let Some(t) = ts(&j["metadata"]["deletionTimestamp"]) {
        out.push((t, "Deleting".to_string(), String::new()));
    }
    out.sort_by_key(|(t, _, _)| *t);
    out
}

/// The board.
#[function_component(JobsBoard)]
pub fn jobs_board(p: &Props) -> Html {
    let ctx = use_ctx();
    let expanded = use_state(|| None::<(String, String)>);
    let remote = use_state(Board::default);
    // In-tab: read the server directly whenever it changed (not recorded in the history).
    let local = {
        let ctx = ctx.clone();
        let expanded = (*expanded).clone();
        use_memo((p.server_rev, p.target.clone(), expanded), move |(_, target, expanded)| {
            let Some(ctx) = ctx.filter(|_| *target == Target::InTab) else { return Board::default() };
            let h = &ctx.handle;
            let mut b = Board { jobs: Some(answer(&api::peek(h, JOBS_PATH))), ..Board::default() };
            if let Some((ns, name)) = expanded {
                b.pods = Some(answer(&api::peek(h, &pods_path(ns, name))));
                b.events = Some(answer(&api::peek(h, &events_path(ns, name))));
            }
            b.now = api::clock(h).map(|(t, _)| t);
            b
        })
    };
    // Remote: poll every two seconds while the board is shown.
    {
        let remote = remote.clone();
        let expanded = (*expanded).clone();
        use_effect_with((p.target.clone(), expanded), move |(target, expanded)| {
            let ticker = match target {
                Target::Remote(base) => {
                    let fetch_all = {
                        let (base, expanded, remote) = (base.clone(), expanded.clone(), remote.clone());
                        Rc::new(move || {
                            let (base, expanded, remote) = (base.clone(), expanded.clone(), remote.clone());
                            spawn(async move {
                                let get = |path: String| {
                                    let base = base.clone();
                                    async move {
                                        api::fetch(&base, Request::get(path).with_header("Accept", "application/json"))
                                            .await
                                    }
                                };
                                let mut b = Board::default();
                                match get(JOBS_PATH.to_string()).await {
                                    Ok(r) => b.jobs = Some(answer(&r)),
                                    Err(e) => b.error = Some(e),
                                }
                                if let Some((ns, name)) = &expanded {
                                    b.pods = get(pods_path(ns, name)).await.ok().map(|r| answer(&r));
                                    b.events = get(events_path(ns, name)).await.ok().map(|r| answer(&r));
                                }
                                // The server's clock may run ahead of this one (a sped-up simulator):
                                // never show a time before the newest one the server wrote.
                                let wall = Timestamp::from_millisecond(dom::wall_millis() as i64).ok();
                                b.now =
                                    b.jobs.as_ref().map(|a| newest(&a.body)).into_iter().chain([wall]).flatten().max();
                                remote.set(b);
                            });
                        })
                    };
                    fetch_all();
                    Some(Ticker::every(2000, move || fetch_all()))
                }
                Target::InTab => None,
            };
            move || {
                if let Some(t) = ticker {
                    t.stop();
                }
            }
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let board: &Board = if p.target == Target::InTab { &local } else { &remote };
    let now = board.now;

    let prefill = |form: RequestForm| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::SetForm(form.clone()));
            dom::focus("send");
        })
    };
    let base_form = RequestForm::default();
    let form_for = |id: &str, ns: &str, name: &str| -> RequestForm {
        let mut f = catalogue::endpoint(id).map(|e| base_form.switch_to(e)).unwrap_or_default();
        f.namespace = ns.into();
        f.name = name.into();
        f
    };

    let jobs = match &board.jobs {
        None => {
            return html! {
                <p class="hint">{ board.error.clone().unwrap_or_else(|| "Loading Jobs…".into()) }</p>
            }
        }
        Some(a) if a.status != 200 => {
            return html! {
                <p class="problem error">
                    { format!("Listing Jobs answered {}: {}", a.status, a.body["message"].as_str().unwrap_or("")) }
                </p>
            }
        }
        Some(a) => a.body["items"].as_array().cloned().unwrap_or_default(),
    };

    let cards = jobs.iter().map(|j| {
        let ns = j["metadata"]["namespace"].as_str().unwrap_or("").to_string();
        let name = j["metadata"]["name"].as_str().unwrap_or("").to_string();
        let st = &j["status"];
        let status = job_status(j);
        let created = ts(&j["metadata"]["creationTimestamp"]);
        let age = match (now, created) {
            (Some(n), Some(c)) => human(n.as_second() - c.as_second()),
            _ => "<unknown>".into(),
        };
        let duration = match (ts(&st["startTime"]), ts(&st["completionTime"]), now) {
            (Some(s), Some(c), _) => human(c.as_second() - s.as_second()),
            (Some(s), None, Some(n)) => human(n.as_second() - s.as_second()),
            _ => String::new(),
        };
        let n = |k: &str| st[k].as_i64().unwrap_or(0);
        let is_open = expanded.as_ref().is_some_and(|(a, b)| *a == ns && *b == name);
        let toggle = {
            let (expanded, key) = (expanded.clone(), (ns.clone(), name.clone()));
            Callback::from(move |_: MouseEvent| {
                expanded.set(if is_open { None } else { Some(key.clone()) });
            })
        };
        let mut watch = form_for("jobs-watch", &ns, &name);
        watch.set_param("fieldSelector", &format!("metadata.name={name}"));
        let suspended = j["spec"]["suspend"].as_bool().unwrap_or(false);
        let mut suspend = form_for("jobs-patch", &ns, &name);
        suspend.content_type = MERGE_PATCH.into();
        suspend.body = format!("{{\"spec\": {{\"suspend\": {}}}}}", !suspended);
        let mut delete = form_for("jobs-delete", &ns, &name);
        delete.set_param("propagationPolicy", "Background");
        let spec = &j["spec"];
        let spec_line = format!(
            "parallelism {} · completions {} · {} · backoffLimit {}{}",
            spec["parallelism"].as_i64().map_or("-".into(), |v| v.to_string()),
            spec["completions"].as_i64().map_or("unset".into(), |v| v.to_string()),
            spec["completionMode"].as_str().unwrap_or("NonIndexed"),
            spec["backoffLimit"].as_i64().map_or("-".into(), |v| v.to_string()),
            if suspended { " · suspended" } else { "" },
        );
        let events = timeline(j);
        let t0 = created.or_else(|| events.first().map(|e| e.0));
        html! {
            <article class="job" aria-label={format!("Job {ns}/{name}")} data-job={name.clone()}>
                <header class="job-head">
                    <h3><span class="muted">{ format!("{ns}/") }</span>{ &name }</h3>
                    <span class={classes!("chip", status.to_lowercase())}>{ status }</span>
                    <span class="completions" title="succeeded / completions">{ completions(j) }</span>
                    <span class="muted">{ format!("age {age}") }{ if duration.is_empty() { String::new() } else { format!(" · ran {duration}") } }</span>
                </header>
                <dl class="counters">
                    <div><dt>{ "active" }</dt><dd>{ n("active") }</dd></div>
                    <div><dt>{ "ready" }</dt><dd>{ n("ready") }</dd></div>
                    <div><dt>{ "succeeded" }</dt><dd>{ n("succeeded") }</dd></div>
                    <div><dt>{ "failed" }</dt><dd>{ n("failed") }</dd></div>
                    <div><dt>{ "terminating" }</dt><dd>{ n("terminating") }</dd></div>
                </dl>
                <p class="spec-line">{ spec_line }</p>
                if let Some(ci) = st["completedIndexes"].as_str().filter(|s| !s.is_empty()) {
                    <p class="spec-line">{ format!("completed indexes {ci}") }</p>
                }
                <ol class="timeline" aria-label="Conditions over time">
                    { for events.iter().map(|(t, label, detail)| {
                        let offset = t0.map(|z| format!("+{}", human(t.as_second() - z.as_second()))).unwrap_or_default();
                        html! {
                            <li class={classes!("tl", label.to_lowercase().replace('=', "-"))} title={format!("{t} {detail}")}>
                                <span class="tl-label">{ label }</span>
                                <span class="tl-time">{ offset }</span>
                                if let Some(reason) = detail.split(':').next().filter(|r| !r.is_empty()) {
                                    <span class="tl-detail">{ reason }</span>
                                }
                            </li>
                        }
                    }) }
                </ol>
                <div class="job-actions">
                    <button type="button" class="small" onclick={prefill(form_for("jobs-read", &ns, &name))}>{ "Read…" }</button>
                    <button type="button" class="small" onclick={prefill(watch)}>{ "Watch…" }</button>
                    if !matches!(status, "Complete" | "Failed") {
                        <button type="button" class="small" onclick={prefill(suspend)}>{ if suspended { "Resume…" } else { "Suspend…" } }</button>
                    }
                    <button type="button" class="small" onclick={prefill(delete)}>{ "Delete…" }</button>
                    <button type="button" class="small" aria-expanded={is_open.to_string()} onclick={toggle}>
                        { if is_open { "Hide pods & events" } else { "Pods & events" } }
                    </button>
                </div>
                if is_open {
                    { pods_and_events(board) }
                }
            </article>
        }
    });

    html! {
        <div class="board">
            <p class="help">
                { format!("{} Job{} in all namespaces", jobs.len(), if jobs.len() == 1 { "" } else { "s" }) }
                { if p.target == Target::InTab {
                    " — read from the in-tab server after every change. Move the clock to let the controller work."
                } else {
                    " — polled from the remote server every 2 s."
                } }
                { " The buttons put a request in the editor; press Send to run it." }
            </p>
            if jobs.is_empty() {
                <p class="hint">{ "No Jobs yet. Create one (Jobs — write → Create a Job) and it appears here." }</p>
            }
            { for cards }
        </div>
    }
}

fn pods_and_events(b: &Board) -> Html {
    let list = |title: &str, a: &Option<Answer>, row: fn(&Value) -> Html| -> Html {
        match a {
            None => html! { <p class="help">{ format!("{title}: loading…") }</p> },
            Some(a) if a.status != 200 => html! {
                <p class="help">
                    { format!("{title}: the server answered {} ", a.status) }
                    <code>{ a.body["reason"].as_str().unwrap_or("") }</code>
                    { if a.status == 404 { " — it does not serve this resource (yet)." } else { "" } }
                </p>
            },
            Some(a) => {
                let items = a.body["items"].as_array().cloned().unwrap_or_default();
                html! {
                    <div>
                        <h4>{ format!("{title} ({})", items.len()) }</h4>
                        <ul class="mini">{ for items.iter().map(row) }</ul>
                    </div>
                }
            }
        }
    };
    html! {
        <div class="pods-events">
            { list("Pods", &b.pods, |p| html! {
                <li>
                    <code>{ p["metadata"]["name"].as_str().unwrap_or("") }</code>{ " " }
                    <span class={classes!("chip", p["status"]["phase"].as_str().unwrap_or("").to_lowercase())}>
                        { p["status"]["phase"].as_str().unwrap_or("?") }
                    </span>
                    if p["metadata"]["deletionTimestamp"].is_string() { <span class="muted">{ " terminating" }</span> }
                </li>
            }) }
            { list("Events", &b.events, |e| html! {
                <li>
                    <span class={classes!("chip", e["type"].as_str().unwrap_or("").to_lowercase())}>{ e["type"].as_str().unwrap_or("") }</span>
                    { " " }<b>{ e["reason"].as_str().unwrap_or("") }</b>{ " " }{ e["message"].as_str().unwrap_or("") }
                </li>
            }) }
        </div>
    }
}

fn spawn(f: impl std::future::Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn human_durations_follow_kubectl() {
        assert_eq!(human(5), "5s");
        assert_eq!(human(125), "2m5s");
        assert_eq!(human(180), "3m");
        assert_eq!(human(3600), "60m");
        assert_eq!(human(4 * 3600 + 60), "4h1m");
        assert_eq!(human(-5), "<invalid>");
    }

    #[test]
    fn status_and_completions_columns() {
        let j = json!({"spec":{"completions":3,"parallelism":2},"status":{"succeeded":1,
            "conditions":[{"type":"Complete","status":"True","lastTransitionTime":"2026-01-01T00:00:10Z"}]},
            "metadata":{"creationTimestamp":"2026-01-01T00:00:00Z"}});
        assert_eq!(job_status(&j), "Complete");
        assert_eq!(completions(&j), "1/3");
        let t = timeline(&j);
        assert_eq!(t.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(), ["Created", "Complete"]);
        assert_eq!(completions(&json!({"spec":{"parallelism":3}})), "0/1 of 3");
    }
}
