//! Timing, medians and the row format.

use std::time::Instant;

pub const JOBS: &str = "/apis/batch/v1/namespaces/default/jobs";
pub const SELECTOR: &str = "shard=s3";
pub const SELECTOR_QUERY: &str = "labelSelector=shard%3Ds3";

/// The manifest of Job `i`: labelled so that `shard=s3` selects one Job in ten.
pub fn job_json(i: usize) -> String {
    format!(
        r#"{{"apiVersion":"batch/v1","kind":"Job","metadata":{{"name":"job-{i}","namespace":"default","labels":{{"app":"bench","shard":"s{}"}}}},"spec":{{"template":{{"spec":{{"restartPolicy":"Never","containers":[{{"name":"main","image":"busybox:1.36","command":["sh","-c","echo hi"]}}]}}}}}}}}"#,
        i % 10
    )
}

pub const MERGE_PATCH: &str = r#"{"metadata":{"labels":{"patched":"yes"}}}"#;

pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// Seconds taken by `f`.
pub fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64(), out)
}

/// Median µs per call of `f` over `reps` batches of `batch` calls.
pub fn us_per_call(reps: usize, batch: usize, mut f: impl FnMut()) -> f64 {
    let mut v = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        v.push(t.elapsed().as_secs_f64() * 1e6 / batch as f64);
    }
    median(v)
}

pub fn fmt(v: f64) -> String {
    if !v.is_finite() {
        "n/a".into()
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// One figure of the table. `met` is None when the figure has no budget.
pub fn row(section: &str, figure: &str, value: &str, target: &str, met: Option<bool>) {
    let verdict = match met {
        Some(true) => "met",
        Some(false) => "NOT met",
        None => "",
    };
    println!("ROW\t{section}\t{figure}\t{value}\t{target}\t{verdict}");
}

/// Resident set size of this process in bytes, from /proc/self/statm.
pub fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    pages * 4096
}
