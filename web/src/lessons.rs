//! Guided lessons: each step pre-fills a request and says what to look for in the answer.

use crate::examples::{APPLY_PATCH, MERGE_PATCH, YAML};
use crate::state::Tab;
use serde_json::{json, Value};

/// Where a step's body comes from.
#[derive(Clone, Copy, Debug)]
pub enum BodySource {
    /// No body.
    Empty,
    /// An example by id.
    Example(&'static str),
    /// This text.
    Text(&'static str),
    /// The live object (read first), changed by this function.
    Live(fn(&mut Value)),
}

/// The request a step puts into the form.
#[derive(Clone, Copy, Debug)]
pub struct Prefill {
    pub endpoint: &'static str,
    pub name: Option<&'static str>,
    pub query: &'static [(&'static str, &'static str)],
    pub accept: Option<&'static str>,
    pub content_type: Option<&'static str>,
    pub body: BodySource,
    /// Keep the rest of the form (query, headers) when it is already on this endpoint.
    pub keep_form: bool,
}

const fn pre(endpoint: &'static str, name: Option<&'static str>, body: BodySource) -> Prefill {
    Prefill { endpoint, name, query: &[], accept: None, content_type: None, body, keep_form: false }
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub title: &'static str,
    /// What to do and why.
    pub text: &'static str,
    /// What to look at in the answer.
    pub observe: &'static str,
    pub prefill: Option<Prefill>,
    /// Offer a button that moves the clock by this many seconds.
    pub advance: Option<u64>,
    /// Open this tab when the step starts.
    pub tab: Option<Tab>,
    /// The step is done when a later answer has one of these codes.
    pub expect: &'static [u16],
}

const fn step(
    title: &'static str,
    text: &'static str,
    observe: &'static str,
    prefill: Option<Prefill>,
    expect: &'static [u16],
) -> Step {
    Step { title, text, observe, prefill, advance: None, tab: None, expect }
}

/// A lesson.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub steps: &'static [Step],
}

fn strip_status(v: &mut Value) {
    if let Value::Object(m) = v {
        m.shift_remove("status");
    }
    strip_managed(v);
}

/// managedFields may be sent back, but they only make the body longer to read.
fn strip_managed(v: &mut Value) {
    if let Some(m) = v["metadata"].as_object_mut() {
        m.shift_remove("managedFields");
    }
}

fn label(v: &mut Value, key: &str, value: &str) {
    if !v["metadata"]["labels"].is_object() {
        v["metadata"]["labels"] = json!({});
    }
    v["metadata"]["labels"][key] = Value::String(value.into());
}

fn reviewed(v: &mut Value) {
    strip_status(v);
    label(v, "reviewed", "yes");
}

fn unconditional(v: &mut Value) {
    strip_status(v);
    label(v, "reviewed", "again");
    if let Some(m) = v["metadata"].as_object_mut() {
        m.shift_remove("resourceVersion");
    }
}

fn status_on_main(v: &mut Value) {
    strip_managed(v);
    v["status"] = json!({ "active": 3 });
}

fn status_on_subresource(v: &mut Value) {
    strip_managed(v);
    v["spec"]["parallelism"] = json!(5);
    v["status"]["active"] = json!(1);
}

const APPLY_ALICE: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: applied
  labels:
    owner: alice
spec:
  parallelism: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
          command: [\"sh\", \"-c\", \"echo applied\"]
";

const APPLY_BOB: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: applied
spec:
  parallelism: 3
";

const DRY_JOB: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: dry
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: dry
          image: busybox:1.36
";

const TYPO_JOB: &str = "apiVersion: batch/v1
kind: Job
metadata:
  name: typo
spec:
  paralelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: typo
          image: busybox:1.36
";

const ENSURE_HELLO: Step = step(
    "Make sure the Job exists",
    "Create the hello Job (if it is already there you get 409, which is fine too).",
    "201 Created, or 409 AlreadyExists if an earlier lesson created it.",
    Some(pre("jobs-create", Some("hello"), BodySource::Example("hello"))),
    &[201, 409],
);

const TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io";

/// Every lesson.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "first-job",
        title: "Your first Job",
        intro: "Create a Job, read it back, and meet the server's answers for a duplicate name and for kubectl's table view.",
        steps: &[
            step(
                "Create a Job",
                "A Job runs pods until enough of them succeed. This POST sends a manifest to the Jobs collection of namespace default.",
                "201 Created. The body is the stored object: the server added `metadata.uid`, `resourceVersion` and `creationTimestamp`, the `job-name` and `controller-uid` labels, `spec.selector`, and defaults such as `backoffLimit: 6`, `completions: 1` and `imagePullPolicy: IfNotPresent`. `metadata.managedFields` names `jobsim-playground` as the manager.",
                Some(pre("jobs-create", Some("hello"), BodySource::Example("hello"))),
                &[201],
            ),
            step(
                "Read it back",
                "GET the Job by name.",
                "200 OK with the same object. Remember `metadata.resourceVersion`: every write changes it.",
                Some(pre("jobs-read", Some("hello"), BodySource::Empty)),
                &[200],
            ),
            step(
                "Create it again",
                "Send the same POST a second time.",
                "409 Conflict with reason `AlreadyExists`: a name is unique per namespace and kind.",
                Some(pre("jobs-create", Some("hello"), BodySource::Example("hello"))),
                &[409],
            ),
            step(
                "List Jobs the way kubectl does",
                "List the namespace's Jobs asking for a Table, as kubectl get jobs does.",
                "A Table shown as columns Name, Status, Completions, Duration, Age (Containers, Images and Selector only with -o wide). Switch Accept back to JSON to get a JobList instead.",
                Some(Prefill { accept: Some(TABLE), ..pre("jobs-list", None, BodySource::Empty) }),
                &[200],
            ),
        ],
    },
    Lesson {
        id: "watch",
        title: "Watch a Job run",
        intro: "Open a watch, start a Job and move the clock: every change arrives as an event.",
        steps: &[
            Step {
                tab: Some(Tab::Watches),
                ..step(
                    "Open a watch",
                    "GET the Jobs of namespace default with `watch=true`. The answer does not end: it streams.",
                    "A new panel in Watches. Existing Jobs arrive first as ADDED events; after that, each change arrives as it happens, with its resourceVersion.",
                    Some(pre("jobs-watch", None, BodySource::Empty)),
                    &[200],
                )
            },
            step(
                "Create a parallel Job",
                "Six completions, two pods at a time.",
                "An ADDED event for parallel in the watch panel.",
                Some(pre("jobs-create", Some("parallel"), BodySource::Example("parallel"))),
                &[201, 409],
            ),
            Step {
                advance: Some(10),
                tab: Some(Tab::Watches),
                ..step(
                    "Let time pass",
                    "The Job controller runs on the page's clock. Advance it (or press play in the clock bar).",
                    "MODIFIED events as the controller writes status through `/status`: `active` is 2 at once, and `succeeded` grows by 2 each time a pair of pods finishes. Every event has a higher resourceVersion.",
                    None,
                    &[],
                )
            },
            Step {
                advance: Some(60),
                tab: Some(Tab::Jobs),
                ..step(
                    "See it on the board",
                    "The Jobs board lists every Job with its counters and conditions.",
                    "parallel reaches 6/6 with the conditions `SuccessCriteriaMet` and then `Complete` on its timeline.",
                    None,
                    &[],
                )
            },
        ],
    },
    Lesson {
        id: "concurrency",
        title: "Optimistic concurrency",
        intro: "Two clients change the same object: resourceVersion makes the second one notice.",
        steps: &[
            ENSURE_HELLO,
            step(
                "Read the Job",
                "Every object carries `metadata.resourceVersion`, the version you read.",
                "200 OK. Note the `resourceVersion`.",
                Some(pre("jobs-read", Some("hello"), BodySource::Empty)),
                &[200],
            ),
            step(
                "Write it back with a change",
                "The editor holds the object you just read, with a label added. Its `resourceVersion` is the one you read.",
                "200 OK: the versions matched, so the write went through and the object got a new resourceVersion.",
                Some(pre("jobs-replace", Some("hello"), BodySource::Live(reviewed))),
                &[200],
            ),
            step(
                "Send the same body again",
                "Press Send again without changing anything: you are now the client that read an old version.",
                "409 Conflict: `the object has been modified; please apply your changes to the latest version and try again`. Clients handle this by reading again, re-applying their change and retrying.",
                None,
                &[409],
            ),
            step(
                "Write without a resourceVersion",
                "The editor holds the latest object, this time without `metadata.resourceVersion`.",
                "200 OK: for Jobs, a PUT without `resourceVersion` is unconditional — the last writer wins, whatever happened in between.",
                Some(pre("jobs-replace", Some("hello"), BodySource::Live(unconditional))),
                &[200],
            ),
        ],
    },
    Lesson {
        id: "status",
        title: "The status subresource",
        intro: "spec is what you want, status is what the controller reports. They are written through different paths.",
        steps: &[
            ENSURE_HELLO,
            step(
                "Write status through the main path",
                "The editor holds the Job with `status.active` set to 3, sent to `…/jobs/hello`.",
                "200 OK, but `status.active` is not 3: writes to the main path ignore status.",
                Some(pre("jobs-replace", Some("hello"), BodySource::Live(status_on_main))),
                &[200],
            ),
            step(
                "Write it through /status",
                "Now the body goes to `…/jobs/hello/status`, with `status.active: 1` and `spec.parallelism: 5`.",
                "200 OK: `status.active` is 1 but `spec.parallelism` did not change and `metadata.generation` stayed the same. `managedFields` gains an entry with `subresource: status`.",
                Some(pre("jobs-status-replace", Some("hello"), BodySource::Live(status_on_subresource))),
                &[200],
            ),
            step(
                "Break a status rule",
                "Counters can never be negative: try a merge patch on `/status`.",
                "422 Invalid, with the failing field in `details.causes`.",
                Some(Prefill {
                    content_type: Some(MERGE_PATCH),
                    ..pre("jobs-status-patch", Some("hello"), BodySource::Text("{\"status\": {\"failed\": -1}}"))
                }),
                &[422],
            ),
        ],
    },
    Lesson {
        id: "apply",
        title: "Server-side apply and conflicts",
        intro: "With apply, the server tracks which manager owns each field and refuses silent overwrites.",
        steps: &[
            step(
                "Alice applies a Job",
                "An apply patch is a manager's whole intent. `fieldManager` says who the manager is.",
                "201 Created (200 if it already existed). `managedFields` has an `Apply` entry for alice listing her fields.",
                Some(Prefill {
                    query: &[("fieldManager", "alice")],
                    content_type: Some(APPLY_PATCH),
                    ..pre("jobs-patch", Some("applied"), BodySource::Text(APPLY_ALICE))
                }),
                &[201, 200],
            ),
            step(
                "Bob applies a different parallelism",
                "Bob's intent is only `spec.parallelism: 3`.",
                "409 Conflict: alice owns `spec.parallelism`. The message names the field and the manager, in `details.causes` too.",
                Some(Prefill {
                    query: &[("fieldManager", "bob")],
                    content_type: Some(APPLY_PATCH),
                    ..pre("jobs-patch", Some("applied"), BodySource::Text(APPLY_BOB))
                }),
                &[409],
            ),
            step(
                "Bob forces it",
                "`force=true` takes the contested fields over instead of failing.",
                "200 OK, parallelism 3. In `managedFields`, bob now owns `spec.parallelism` and alice no longer does.",
                Some(Prefill {
                    query: &[("fieldManager", "bob"), ("force", "true")],
                    content_type: Some(APPLY_PATCH),
                    ..pre("jobs-patch", Some("applied"), BodySource::Text(APPLY_BOB))
                }),
                &[200],
            ),
            step(
                "Alice applies her manifest again",
                "Alice still says `parallelism: 1`.",
                "409 Conflict again, now with bob. Alice can drop the field from her manifest (she stops managing it) or force.",
                Some(Prefill {
                    query: &[("fieldManager", "alice")],
                    content_type: Some(APPLY_PATCH),
                    ..pre("jobs-patch", Some("applied"), BodySource::Text(APPLY_ALICE))
                }),
                &[409],
            ),
        ],
    },
    Lesson {
        id: "dry-run",
        title: "Dry run and field validation",
        intro: "Ask the server what it would do without doing it, and decide what happens to fields it does not know.",
        steps: &[
            step(
                "Create with dryRun=All",
                "Every check runs — decoding, defaults, validation — but nothing is stored.",
                "201 Created with a complete object (uid, defaults, managedFields) but no `resourceVersion`.",
                Some(Prefill {
                    query: &[("dryRun", "All")],
                    content_type: Some(YAML),
                    ..pre("jobs-create", Some("dry"), BodySource::Text(DRY_JOB))
                }),
                &[201],
            ),
            step(
                "Check that nothing was stored",
                "Read the Job the dry run \"created\".",
                "404 Not Found.",
                Some(pre("jobs-read", Some("dry"), BodySource::Empty)),
                &[404],
            ),
            step(
                "A typo, strictly",
                "`spec.paralelism` is misspelt. `fieldValidation=Strict` is what kubectl sends.",
                "400 Bad Request: `strict decoding error: unknown field \"spec.paralelism\"`. Nothing was created.",
                Some(Prefill {
                    query: &[("fieldValidation", "Strict"), ("dryRun", "All")],
                    content_type: Some(YAML),
                    ..pre("jobs-create", Some("typo"), BodySource::Text(TYPO_JOB))
                }),
                &[400],
            ),
            step(
                "The same typo with Warn",
                "`Warn` is the server's default when `fieldValidation` is not sent.",
                "201 Created (dry run) with a highlighted Warning header: `unknown field \"spec.paralelism\"`. The field is dropped from the object.",
                Some(Prefill {
                    query: &[("fieldValidation", "Warn"), ("dryRun", "All")],
                    content_type: Some(YAML),
                    ..pre("jobs-create", Some("typo"), BodySource::Text(TYPO_JOB))
                }),
                &[201],
            ),
            step(
                "And with Ignore",
                "`Ignore` drops unknown fields silently.",
                "201 Created and no warning: the typo vanished without a trace — which is why kubectl asks for Strict.",
                Some(Prefill {
                    query: &[("fieldValidation", "Ignore"), ("dryRun", "All")],
                    content_type: Some(YAML),
                    ..pre("jobs-create", Some("typo"), BodySource::Text(TYPO_JOB))
                }),
                &[201],
            ),
        ],
    },
    Lesson {
        id: "backoff",
        title: "A failing Job and back-off",
        intro: "Pods fail, the controller retries with growing pauses, and gives up after backoffLimit.",
        steps: &[
            Step {
                tab: Some(Tab::Watches),
                ..step(
                    "Watch the Job",
                    "Watch only the Job named flaky, using a field selector (`metadata.name=flaky`).",
                    "A watch panel; nothing yet, flaky does not exist.",
                    Some(Prefill {
                        query: &[("watch", "true"), ("fieldSelector", "metadata.name=flaky")],
                        ..pre("jobs-watch", None, BodySource::Empty)
                    }),
                    &[200],
                )
            },
            step(
                "Create a Job whose pods fail",
                "`backoffLimit: 2` allows two retries.",
                "201 Created, and an ADDED event in the watch.",
                Some(pre("jobs-create", Some("flaky"), BodySource::Example("failing"))),
                &[201, 409],
            ),
            Step {
                advance: Some(30),
                tab: Some(Tab::Watches),
                ..step(
                    "Let half a minute pass",
                    "Advance the clock. Each pod runs about 5 s and exits 1.",
                    "MODIFIED events: the first pod fails (`status.failed: 1`), the controller waits 10 s before the next pod, which fails too (`failed: 2`). Now it waits 20 s: the pause doubles after each failure.",
                    None,
                    &[],
                )
            },
            Step {
                advance: Some(30),
                tab: Some(Tab::Jobs),
                ..step(
                    "Until it gives up",
                    "Advance again and look at the Jobs board.",
                    "The third failure exceeds `backoffLimit: 2`: condition `FailureTarget`, then `Failed`, both with reason `BackoffLimitExceeded`. A failed Job gets no `completionTime`.",
                    None,
                    &[],
                )
            },
            step(
                "Fail fast with podFailurePolicy",
                "This Job's rule says exit code 42 means \"don't retry\".",
                "201 Created; once its pod exits 42 the Job fails at once with reason `PodFailurePolicy` instead of retrying.",
                Some(pre("jobs-create", Some("with-policy"), BodySource::Example("pod-failure-policy"))),
                &[201, 409],
            ),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ServerHandle;
    use crate::form::RequestForm;
    use crate::{actions, api, catalogue, examples};

    /// Runs every lesson against a fresh in-tab server, as a learner pressing Send at each step would.
    #[test]
    fn every_lesson_gets_the_answers_it_promises() {
        for l in LESSONS {
            let h = ServerHandle::new(None);
            let mut form = RequestForm::default();
            for (i, s) in l.steps.iter().enumerate() {
                if let Some(p) = &s.prefill {
                    form = actions::prefilled(&form, p).unwrap();
                    if let BodySource::Live(change) = p.body {
                        let mut v = api::peek(&h, &form.path()).json();
                        change(&mut v);
                        form.body = serde_json::to_string_pretty(&v).unwrap();
                        form.content_type = examples::JSON.into();
                    }
                }
                if let Some(secs) = s.advance {
                    api::advance(&h, secs);
                    continue;
                }
                let code = if form.is_watch() {
                    match api::open_watch(&h, i as u64, form.to_request(true)) {
                        Ok(r) | Err(r) => r.status,
                    }
                } else {
                    api::handle(&h, form.to_request(true)).status
                };
                assert!(
                    s.expect.is_empty() || s.expect.contains(&code),
                    "lesson {} step {} ({}): got {code}, expected {:?}",
                    l.id,
                    i + 1,
                    s.title,
                    s.expect
                );
            }
        }
    }

    #[test]
    fn lessons_refer_to_real_endpoints_and_examples() {
        assert!(LESSONS.len() >= 6);
        for l in LESSONS {
            for s in l.steps {
                if let Some(p) = &s.prefill {
                    assert!(catalogue::endpoint(p.endpoint).is_some(), "{} {}", l.id, p.endpoint);
                    if let BodySource::Example(id) = p.body {
                        assert!(examples::example(id).is_some(), "{} {id}", l.id);
                    }
                    if let BodySource::Text(t) = p.body {
                        assert!(crate::form::parse_body(t, true).is_ok(), "{} {}", l.id, s.title);
                    }
                }
            }
        }
    }
}
