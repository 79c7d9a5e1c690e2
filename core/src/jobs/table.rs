//! The server-side Table form of Jobs (TBL-02..05): `printJob`'s column definitions and cells, and the
//! `meta.k8s.io` Table envelope that list, get and watch responses wrap them in.

use crate::selectors::labels;
use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::batch::v1::{Job, JobCondition};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::{json, Value};

/// OpenAPI description of `ObjectMeta.name`.
const NAME_DESCRIPTION: &str = "Name must be unique within a namespace. Is required when creating resources, although \
    some resources may allow a client to request the generation of an appropriate name automatically. Name is \
    primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: \
    https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
/// OpenAPI description of `JobStatus.succeeded`.
const COMPLETIONS_DESCRIPTION: &str = "The number of pods which reached phase Succeeded. The value increases \
    monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.";
/// OpenAPI description of `ObjectMeta.creationTimestamp`.
const AGE_DESCRIPTION: &str = "CreationTimestamp is a timestamp representing the server time when this object was \
    created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set \
    this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for \
    lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
/// OpenAPI description of `JobSpec.selector`.
const SELECTOR_DESCRIPTION: &str = "A label query over pods that should match the pod count. Normally, the system \
    sets this field for you. More info: \
    https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

/// Go's zero `time.Time` (0001-01-01T00:00:00Z), which printers show as `<unknown>`.
const GO_ZERO_TIME_SECONDS: i64 = -62_135_596_800;

/// The 8 Job columns in order (name, type, format, description, priority); the server always sends all of
/// them and kubectl hides priority 1 unless `-o wide`.
pub fn column_definitions() -> Value {
    let columns = [
        ("Name", "name", NAME_DESCRIPTION, 0),
        ("Status", "", "Status of the job.", 0),
        ("Completions", "", COMPLETIONS_DESCRIPTION, 0),
        ("Duration", "", "Time required to complete the job.", 0),
        ("Age", "", AGE_DESCRIPTION, 0),
        ("Containers", "", "Names of each container in the template.", 1),
        ("Images", "", "Images referenced by each container in the template.", 1),
        ("Selector", "", SELECTOR_DESCRIPTION, 1),
    ];
    let definitions = columns.iter().map(|(name, format, description, priority)| {
        json!({"name": name, "type": "string", "format": format, "description": description, "priority": priority})
    });
    Value::Array(definitions.collect())
}

/// The 8 cells of a Job's row (TBL-03), with durations measured up to `now`.
pub fn cells(job: &Job, now: Timestamp) -> Vec<Value> {
    let (containers, images) = container_cells(job);
    let selector = job.spec.as_ref().and_then(|s| s.selector.as_ref()).map_or("<none>".to_string(), labels::format);
    [
        job.metadata.name.clone().unwrap_or_default(),
        status_cell(job).to_string(),
        completions_cell(job),
        duration_cell(job, now),
        age_cell(job.metadata.creation_timestamp.as_ref(), now),
        containers,
        images,
        selector,
    ]
    .into_iter()
    .map(Value::String)
    .collect()
}

/// A `Table` (`meta.k8s.io/<version>`, `version` being `v1` or `v1beta1`) around rows of `(cells, object)`;
/// `list_meta` is the list's metadata (or `{"resourceVersion":…}` of a single object). Watch events after the
/// first carry `"columnDefinitions": null` (`with_columns` false).
pub fn table(rows: Vec<(Vec<Value>, Value)>, list_meta: Value, api_version: &str, with_columns: bool) -> Value {
    let api_version =
        if api_version.contains('/') { api_version.to_string() } else { format!("meta.k8s.io/{api_version}") };
    let rows: Vec<Value> = rows.into_iter().map(|(cells, object)| json!({"cells": cells, "object": object})).collect();
    let columns = if with_columns { column_definitions() } else { Value::Null };
    json!({"kind": "Table", "apiVersion": api_version, "metadata": list_meta, "columnDefinitions": columns, "rows": rows})
}

/// `duration.HumanDuration`: about two significant units (`119s`, `9m59s`, `179m`, `7h59m`, `47h`, `7d23h`,
/// `729d`, `7y364d`, `8y`); -1 s of clock skew still shows `0s`, anything earlier `<invalid>`. Durations beyond
/// Go's ±292 years saturate as `time.Duration` does.
pub fn human_duration(d: SignedDuration) -> String {
    const SECOND: i64 = 1_000_000_000;
    let nanos = i64::try_from(d.as_nanos()).unwrap_or(if d.is_negative() { i64::MIN } else { i64::MAX });
    let seconds = nanos / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        return with_remainder(minutes, "m", seconds % 60, "s");
    }
    if minutes < 3 * 60 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        return with_remainder(hours, "h", minutes % 60, "m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    let days = hours / 24;
    if hours < 24 * 8 {
        return with_remainder(days, "d", hours % 24, "h");
    }
    if hours < 24 * 365 * 2 {
        return format!("{days}d");
    }
    if hours < 24 * 365 * 8 {
        return with_remainder(days / 365, "y", days % 365, "d");
    }
    format!("{}y", days / 365)
}

/// `<n><unit>` followed by `<rest><rest_unit>` unless the remainder is zero.
fn with_remainder(n: i64, unit: &str, rest: i64, rest_unit: &str) -> String {
    if rest == 0 {
        return format!("{n}{unit}");
    }
    format!("{n}{unit}{rest}{rest_unit}")
}

/// `hasJobCondition`: only the first condition of a type counts.
fn has_condition(conditions: &[JobCondition], condition_type: &str) -> bool {
    conditions.iter().find(|c| c.type_ == condition_type).is_some_and(|c| c.status == "True")
}

/// Complete, Failed, Terminating, Suspended, FailureTarget, else Running — the first that applies.
fn status_cell(job: &Job) -> &'static str {
    let conditions = job.status.as_ref().and_then(|s| s.conditions.as_deref()).unwrap_or_default();
    if has_condition(conditions, "Complete") {
        "Complete"
    } else if has_condition(conditions, "Failed") {
        "Failed"
    } else if job.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has_condition(conditions, "Suspended") {
        "Suspended"
    } else if has_condition(conditions, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

/// `<succeeded>/<completions>`, or without completions `<succeeded>/1 of <parallelism>` (parallelism > 1)
/// or `<succeeded>/1`.
fn completions_cell(job: &Job) -> String {
    let succeeded = job.status.as_ref().and_then(|s| s.succeeded).unwrap_or(0);
    let spec = job.spec.as_ref();
    if let Some(completions) = spec.and_then(|s| s.completions) {
        return format!("{succeeded}/{completions}");
    }
    match spec.and_then(|s| s.parallelism).unwrap_or(0) {
        parallelism if parallelism > 1 => format!("{succeeded}/1 of {parallelism}"),
        _ => format!("{succeeded}/1"),
    }
}

/// Empty before the Job starts, then running time, frozen at `completionTime - startTime` once complete.
fn duration_cell(job: &Job, now: Timestamp) -> String {
    let status = job.status.as_ref();
    let Some(Time(start)) = status.and_then(|s| s.start_time.as_ref()) else {
        return String::new();
    };
    let end = status.and_then(|s| s.completion_time.as_ref()).map_or(now, |Time(t)| *t);
    human_duration(end.duration_since(*start))
}

/// `translateTimestampSince`: `<unknown>` for an unset (or Go-zero) timestamp.
fn age_cell(created: Option<&Time>, now: Timestamp) -> String {
    match created {
        Some(Time(t)) if t.as_second() != GO_ZERO_TIME_SECONDS || t.subsec_nanosecond() != 0 => {
            human_duration(now.duration_since(*t))
        }
        _ => "<unknown>".to_string(),
    }
}

/// `layoutContainerCells`: container names and images, comma-joined (init containers excluded).
fn container_cells(job: &Job) -> (String, String) {
    let containers = job.spec.as_ref().and_then(|s| s.template.spec.as_ref()).map(|s| s.containers.as_slice());
    let containers = containers.unwrap_or_default();
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers.iter().map(|c| c.image.as_deref().unwrap_or_default()).collect();
    (names.join(","), images.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::batch::v1::{JobSpec, JobStatus};
    use k8s_openapi::api::core::v1::{Container, PodSpec, PodTemplateSpec};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
    use std::collections::BTreeMap;

    const T0: i64 = 1_700_000_000;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    fn human(seconds: i64) -> String {
        human_duration(SignedDuration::from_secs(seconds))
    }

    fn condition(type_: &str, status: &str) -> JobCondition {
        JobCondition { type_: type_.into(), status: status.into(), ..Default::default() }
    }

    fn job(completions: Option<i32>, parallelism: Option<i32>, status: JobStatus) -> Job {
        let container =
            |name: &str, image: &str| Container { name: name.into(), image: Some(image.into()), ..Default::default() };
        let template = PodTemplateSpec {
            spec: Some(PodSpec {
                containers: vec![container("pi", "perl:5.34.0"), container("side", "busybox")],
                init_containers: Some(vec![container("init", "alpine")]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let selector = LabelSelector {
            match_labels: Some(BTreeMap::from([("batch.kubernetes.io/controller-uid".into(), "u1".into())])),
            ..Default::default()
        };
        Job {
            metadata: ObjectMeta {
                name: Some("pi".into()),
                creation_timestamp: Some(Time(at(T0))),
                ..Default::default()
            },
            spec: Some(JobSpec { completions, parallelism, selector: Some(selector), template, ..Default::default() }),
            status: Some(status),
        }
    }

    fn status_of(conditions: Vec<JobCondition>) -> String {
        let job = job(Some(1), Some(1), JobStatus { conditions: Some(conditions), ..Default::default() });
        status_cell(&job).to_string()
    }

    #[test]
    fn tbl_02_column_definitions() {
        let columns = column_definitions();
        let names: Vec<&str> = columns.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"]);
        let name = &columns[0];
        let keys: Vec<&String> = name.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "type", "format", "description", "priority"]);
        assert_eq!(name["format"], "name");
        assert!(name["description"].as_str().unwrap().starts_with("Name must be unique within a namespace."));
        assert_eq!(
            columns[1],
            json!({"name":"Status","type":"string","format":"","description":"Status of the job.","priority":0})
        );
        assert!(columns[2]["description"].as_str().unwrap().ends_with("scale down of elastic indexed jobs."));
        assert!(columns[4]["description"].as_str().unwrap().contains("UTC.\n\nPopulated by the system."));
        assert_eq!(columns[5]["priority"], 1);
        assert_eq!(columns[6]["description"], "Images referenced by each container in the template.");
        assert!(columns[7]["description"].as_str().unwrap().ends_with("labels/#label-selectors"));
        assert_eq!(columns[7]["priority"], 1);
    }

    #[test]
    fn tbl_03_cells_of_a_running_job() {
        let status = JobStatus { start_time: Some(Time(at(T0 + 5))), ..Default::default() };
        let cells = cells(&job(Some(3), Some(2), status), at(T0 + 125));
        assert_eq!(
            cells,
            [
                "pi",
                "Running",
                "0/3",
                "2m",
                "2m5s",
                "pi,side",
                "perl:5.34.0,busybox",
                "batch.kubernetes.io/controller-uid=u1"
            ]
        );
    }

    #[test]
    fn tbl_03_completions_text() {
        let succeeded = |n| JobStatus { succeeded: Some(n), ..Default::default() };
        assert_eq!(completions_cell(&job(Some(5), Some(2), succeeded(3))), "3/5");
        assert_eq!(completions_cell(&job(None, Some(4), succeeded(2))), "2/1 of 4");
        assert_eq!(completions_cell(&job(None, Some(1), succeeded(1))), "1/1");
        assert_eq!(completions_cell(&job(None, None, JobStatus::default())), "0/1");
        let mut no_status = job(Some(1), None, JobStatus::default());
        no_status.status = None;
        assert_eq!(completions_cell(&no_status), "0/1");
    }

    #[test]
    fn tbl_03_status_precedence() {
        assert_eq!(status_of(vec![]), "Running");
        assert_eq!(status_of(vec![condition("Failed", "True"), condition("Complete", "True")]), "Complete");
        assert_eq!(status_of(vec![condition("Suspended", "True"), condition("Failed", "True")]), "Failed");
        assert_eq!(status_of(vec![condition("FailureTarget", "True"), condition("Suspended", "True")]), "Suspended");
        assert_eq!(status_of(vec![condition("FailureTarget", "True")]), "FailureTarget");
        assert_eq!(status_of(vec![condition("Suspended", "False")]), "Running");
        assert_eq!(status_of(vec![condition("Complete", "False"), condition("Complete", "True")]), "Running");
        assert_eq!(status_of(vec![condition("Complete", "True"), condition("Complete", "False")]), "Complete");
        let mut deleting = job(
            Some(1),
            Some(1),
            JobStatus { conditions: Some(vec![condition("Suspended", "True")]), ..Default::default() },
        );
        deleting.metadata.deletion_timestamp = Some(Time(at(T0)));
        assert_eq!(status_cell(&deleting), "Terminating");
        deleting.status = Some(JobStatus { conditions: Some(vec![condition("Failed", "True")]), ..Default::default() });
        assert_eq!(status_cell(&deleting), "Failed");
    }

    #[test]
    fn tbl_03_duration_running_vs_complete() {
        let now = at(T0 + 10_000);
        assert_eq!(duration_cell(&job(Some(1), Some(1), JobStatus::default()), now), "");
        let running = JobStatus { start_time: Some(Time(at(T0))), ..Default::default() };
        assert_eq!(duration_cell(&job(Some(1), Some(1), running), now), "166m");
        let complete = JobStatus {
            start_time: Some(Time(at(T0))),
            completion_time: Some(Time(at(T0 + 42))),
            ..Default::default()
        };
        assert_eq!(duration_cell(&job(Some(1), Some(1), complete), now), "42s");
    }

    #[test]
    fn tbl_03_age_and_empty_cells() {
        let now = at(T0 + 3 * 86_400 + 3_600);
        assert_eq!(age_cell(Some(&Time(at(T0))), now), "3d1h");
        assert_eq!(age_cell(None, now), "<unknown>");
        assert_eq!(age_cell(Some(&Time(at(GO_ZERO_TIME_SECONDS))), now), "<unknown>");
        let mut bare = Job::default();
        bare.metadata.name = Some("bare".into());
        assert_eq!(cells(&bare, now), ["bare", "Running", "0/1", "", "<unknown>", "", "", "<none>"]);
    }

    #[test]
    fn tbl_03_human_duration() {
        let cases = [
            (0, "0s"),
            (119, "119s"),
            (120, "2m"),
            (121, "2m1s"),
            (9 * 60 + 59, "9m59s"),
            (10 * 60, "10m"),
            (2 * 3600 + 59 * 60, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 60, "3h1m"),
            (7 * 3600 + 59 * 60, "7h59m"),
            (8 * 3600, "8h"),
            (47 * 3600, "47h"),
            (48 * 3600, "2d"),
            (2 * 86_400 + 3600, "2d1h"),
            (7 * 86_400 + 23 * 3600, "7d23h"),
            (8 * 86_400, "8d"),
            (729 * 86_400, "729d"),
            (730 * 86_400, "2y"),
            (730 * 86_400 + 86_400, "2y1d"),
            ((7 * 365 + 364) * 86_400, "7y364d"),
            (8 * 365 * 86_400, "8y"),
            (-1, "0s"),
            (-2, "<invalid>"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(human(seconds), expected, "{seconds}s");
        }
        assert_eq!(human_duration(SignedDuration::new(-1, -999_999_999)), "0s");
        assert_eq!(human_duration(SignedDuration::new(119, 999_999_999)), "119s");
        assert_eq!(human_duration(SignedDuration::MAX), "292y");
        assert_eq!(human_duration(SignedDuration::MIN), "<invalid>");
    }

    #[test]
    fn tbl_04_05_table_envelope() {
        let row = (vec![json!("pi")], json!({"kind": "PartialObjectMetadata"}));
        let table = table(vec![row], json!({"resourceVersion": "7"}), "v1", true);
        let keys: Vec<&String> = table.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["kind", "apiVersion", "metadata", "columnDefinitions", "rows"]);
        assert_eq!(table["apiVersion"], "meta.k8s.io/v1");
        assert_eq!(table["metadata"], json!({"resourceVersion": "7"}));
        assert_eq!(table["columnDefinitions"], column_definitions());
        assert_eq!(table["rows"], json!([{"cells": ["pi"], "object": {"kind": "PartialObjectMetadata"}}]));
        let later = super::table(vec![], json!({}), "v1beta1", false);
        assert_eq!(later["apiVersion"], "meta.k8s.io/v1beta1");
        assert_eq!(later["columnDefinitions"], Value::Null);
        assert_eq!(later["rows"], json!([]));
    }

    #[test]
    fn ctl_27_row_follows_the_status_sequence() {
        let start = Some(Time(at(T0)));
        let running = JobStatus { active: Some(1), start_time: start.clone(), ..Default::default() };
        let row = cells(&job(Some(1), Some(1), running), at(T0 + 30));
        assert_eq!((row[1].as_str(), row[2].as_str(), row[3].as_str()), (Some("Running"), Some("0/1"), Some("30s")));
        let complete = JobStatus {
            conditions: Some(vec![condition("SuccessCriteriaMet", "True"), condition("Complete", "True")]),
            completion_time: Some(Time(at(T0 + 45))),
            start_time: start.clone(),
            succeeded: Some(1),
            ..Default::default()
        };
        let row = cells(&job(Some(1), Some(1), complete), at(T0 + 4000));
        assert_eq!((row[1].as_str(), row[2].as_str(), row[3].as_str()), (Some("Complete"), Some("1/1"), Some("45s")));
        let failed = JobStatus {
            conditions: Some(vec![condition("FailureTarget", "True"), condition("Failed", "True")]),
            failed: Some(2),
            start_time: start,
            ..Default::default()
        };
        let row = cells(&job(Some(1), Some(1), failed), at(T0 + 61));
        assert_eq!((row[1].as_str(), row[2].as_str(), row[3].as_str()), (Some("Failed"), Some("0/1"), Some("61s")));
    }
}
