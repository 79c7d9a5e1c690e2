//! Ready-made request bodies. The manifests live as files in `www/playground/examples/` (also served,
//! so they can be downloaded) and are embedded from there: one source.

use crate::catalogue::BodyKind;

/// The four patch media types.
pub const JSON_PATCH: &str = "application/json-patch+json";
pub const MERGE_PATCH: &str = "application/merge-patch+json";
pub const STRATEGIC_PATCH: &str = "application/strategic-merge-patch+json";
pub const APPLY_PATCH: &str = "application/apply-patch+yaml";
/// Plain body media types.
pub const JSON: &str = "application/json";
pub const YAML: &str = "application/yaml";

/// One example body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// What to look for when sending it.
    pub note: &'static str,
    /// The file name under `examples/`.
    pub file: &'static str,
    pub text: &'static str,
    /// The Content-Type it is sent with.
    pub content_type: &'static str,
    pub kind: BodyKind,
}

macro_rules! example {
    ($id:literal, $title:literal, $note:literal, $file:literal, $ct:expr, $kind:expr) => {
        Example {
            id: $id,
            title: $title,
            note: $note,
            file: $file,
            text: include_str!(concat!("../../www/playground/examples/", $file)),
            content_type: $ct,
            kind: $kind,
        }
    };
}

/// Every example, grouped by the body kind it fits.
pub const EXAMPLES: &[Example] = &[
    example!("hello", "hello Job", "One pod that prints a line and succeeds.", "job-hello.yaml", YAML, BodyKind::Job),
    example!(
        "parallel",
        "parallel Job",
        "completions 6, parallelism 2: watch active stay at 2 while succeeded climbs.",
        "job-parallel.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "indexed",
        "Indexed Job",
        "completionMode Indexed: status.completedIndexes lists the finished indexes.",
        "job-indexed.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "failing",
        "failing Job with back-off",
        "Pods fail; status.failed grows with growing pauses until backoffLimit is exceeded.",
        "job-failing.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "pod-failure-policy",
        "podFailurePolicy",
        "Exit code 42 fails the Job at once (reason PodFailurePolicy) instead of retrying.",
        "job-pod-failure-policy.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "success-policy",
        "successPolicy",
        "The Job succeeds when index 0 succeeds (reason SuccessPolicy); other pods are stopped.",
        "job-success-policy.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "suspended",
        "suspended Job",
        "No pods until spec.suspend becomes false.",
        "job-suspended.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "ttl",
        "ttlSecondsAfterFinished",
        "Deleted by the TTL controller 30 s after it finishes.",
        "job-ttl.yaml",
        YAML,
        BodyKind::Job
    ),
    example!(
        "delete-background",
        "DeleteOptions: Background",
        "What kubectl sends: the Job goes now, its pods right after.",
        "delete-background.json",
        JSON,
        BodyKind::DeleteOptions
    ),
    example!(
        "delete-orphan-dry-run",
        "DeleteOptions: Orphan, dry run",
        "Shows what an orphaning delete would return without doing it.",
        "delete-orphan-dry-run.json",
        JSON,
        BodyKind::DeleteOptions
    ),
    example!(
        "delete-precondition",
        "DeleteOptions: precondition",
        "Deletes only if the resourceVersion still matches; otherwise 409.",
        "delete-precondition.json",
        JSON,
        BodyKind::DeleteOptions
    ),
    example!(
        "patch-json",
        "JSON patch (RFC 6902)",
        "A list of operations applied in order; a failing test op rejects the whole patch.",
        "patch-json.json",
        JSON_PATCH,
        BodyKind::Patch
    ),
    example!(
        "patch-merge",
        "merge patch (RFC 7386)",
        "Objects merge, null deletes a key, lists are replaced whole.",
        "patch-merge.json",
        MERGE_PATCH,
        BodyKind::Patch
    ),
    example!(
        "patch-strategic",
        "strategic merge patch",
        "Like a merge patch, but keyed lists (containers by name, conditions by type, finalizers) merge instead of being replaced.",
        "patch-strategic.json",
        STRATEGIC_PATCH,
        BodyKind::Patch
    ),
    example!(
        "patch-apply",
        "server-side apply",
        "Your manager's full intent; needs fieldManager. Fields other managers own conflict unless force=true.",
        "patch-apply.yaml",
        APPLY_PATCH,
        BodyKind::Patch
    ),
    example!(
        "patch-status",
        "status condition (merge or strategic)",
        "Send to the /status path: the condition is written, a spec in the patch would be ignored.",
        "patch-status-merge.json",
        MERGE_PATCH,
        BodyKind::Patch
    ),
    example!(
        "namespace",
        "Namespace",
        "A namespace to create Jobs in.",
        "namespace.yaml",
        YAML,
        BodyKind::Namespace
    ),
];

/// Looks an example up by id.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The examples that fit a body kind.
pub fn for_kind(kind: BodyKind) -> impl Iterator<Item = &'static Example> {
    EXAMPLES.iter().filter(move |e| e.kind == kind)
}

/// The example pre-filled when an endpoint with this body kind is picked.
pub fn default_for(kind: BodyKind) -> Option<&'static Example> {
    match kind {
        BodyKind::None | BodyKind::DeleteOptions => None,
        BodyKind::Job => example("hello"),
        BodyKind::Patch => example("patch-merge"),
        BodyKind::Namespace => example("namespace"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api;
    use crate::context::ServerHandle;
    use jobsim::Request;

    /// Each Job example, run for two minutes on the in-tab server, ends the way its note says.
    #[test]
    fn job_examples_end_as_their_notes_say() {
        let cases = [
            ("hello", "Complete", "CompletionsReached"),
            ("parallel", "Complete", "CompletionsReached"),
            ("indexed", "Complete", "CompletionsReached"),
            ("failing", "Failed", "BackoffLimitExceeded"),
            ("pod-failure-policy", "Failed", "PodFailurePolicy"),
            ("success-policy", "Complete", "SuccessPolicy"),
            ("suspended", "Suspended", "JobSuspended"),
            ("ttl", "deleted", ""),
        ];
        for (id, condition, reason) in cases {
            let h = ServerHandle::new(None);
            let x = example(id).unwrap();
            let req = Request::post("/apis/batch/v1/namespaces/default/jobs", x.text)
                .with_header("Content-Type", x.content_type);
            let created = api::handle(&h, req).json();
            let path =
                format!("/apis/batch/v1/namespaces/default/jobs/{}", created["metadata"]["name"].as_str().unwrap());
            api::advance(&h, 120);
            let job = api::peek(&h, &path);
            if condition == "deleted" {
                assert_eq!(job.status, 404, "{id}");
                continue;
            }
            let conds = job.json()["status"]["conditions"].as_array().cloned().unwrap_or_default();
            assert!(
                conds.iter().any(|c| c["type"] == condition && c["status"] == "True" && c["reason"] == reason),
                "{id}: {conds:?}"
            );
        }
    }

    #[test]
    fn every_example_parses_in_its_format() {
        for e in EXAMPLES {
            let v: serde_json::Value = if e.content_type.contains("yaml") {
                serde_yaml_ng::from_str(e.text).unwrap_or_else(|err| panic!("{}: {err}", e.file))
            } else {
                serde_json::from_str(e.text).unwrap_or_else(|err| panic!("{}: {err}", e.file))
            };
            assert!(!v.is_null(), "{}", e.file);
        }
    }
}
