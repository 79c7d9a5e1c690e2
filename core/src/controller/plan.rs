//! What a simulated pod does, read from its template the way people already write manifests:
//! `sleep N` runs N seconds, `exit N` ends with exit code N (`sh -c "sleep 5; exit 1"` fails after
//! 5 s), anything else succeeds after the default duration. The Job annotation
//! `jobsim.dev/pod-outcomes` scripts outcomes per attempt or index for tests.

use k8s_openapi::api::core::v1::PodSpec;
use serde::{Deserialize, Serialize};

/// The annotation that scripts pod outcomes: a comma-separated list, consumed one item per pod
/// created (in creation order), or `<index>=<outcome>` items for Indexed Jobs (each index
/// consumes its own items in order). An outcome is `succeed`, `fail` (exit 1), `exit:<code>`,
/// optionally followed by `@<seconds>` (how long the pod runs). Pods past the list follow their
/// template.
pub const OUTCOMES_ANNOTATION: &str = "jobsim.dev/pod-outcomes";

/// Seconds a container without a `sleep` runs.
pub const DEFAULT_RUN_SECONDS: i64 = 5;
/// Seconds from creation until a pod runs (scheduling and image pull, compressed).
pub const START_SECONDS: i64 = 1;

/// How one pod will go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub exit_code: i32,
    pub run_seconds: i64,
}

fn parse_outcome(text: &str) -> Option<Outcome> {
    let (what, secs) = match text.split_once('@') {
        Some((w, s)) => (w.trim(), Some(s.trim().parse::<i64>().ok()?.max(0))),
        None => (text.trim(), None),
    };
    let exit_code = match what {
        "succeed" | "success" | "ok" => 0,
        "fail" => 1,
        other => other.strip_prefix("exit:")?.trim().parse().ok()?,
    };
    Some(Outcome { exit_code, run_seconds: secs.unwrap_or(DEFAULT_RUN_SECONDS) })
}

/// The scripted outcome of attempt `attempt` (0-based) for `index` (Indexed Jobs), if any.
pub fn scripted(annotation: &str, index: Option<i32>, attempt: usize) -> Option<Outcome> {
    let items: Vec<&str> = annotation.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    let mine: Vec<&str> = match index {
        Some(i) if items.iter().any(|s| s.contains('=')) => items
            .iter()
            .filter_map(|s| s.split_once('='))
            .filter(|(k, _)| k.trim().parse::<i32>().ok() == Some(i))
            .map(|(_, v)| v)
            .collect(),
        _ => items.into_iter().filter(|s| !s.contains('=')).collect(),
    };
    mine.get(attempt).and_then(|s| parse_outcome(s))
}

/// The outcome a pod spec implies: the sum of its `sleep`s, the last `exit` code of any container.
pub fn from_spec(spec: &PodSpec) -> Outcome {
    let mut run = 0i64;
    let mut slept = false;
    let mut exit_code = 0;
    for c in &spec.containers {
        let words: Vec<String> = c.command.iter().flatten().chain(c.args.iter().flatten()).cloned().collect();
        let text = words.join(" ");
        let tokens: Vec<&str> = text
            .split(|ch: char| ch.is_whitespace() || ch == ';' || ch == '&' || ch == '|')
            .filter(|t| !t.is_empty())
            .collect();
        let mut secs = 0i64;
        for pair in tokens.windows(2) {
            match pair[0] {
                "sleep" => {
                    if let Ok(n) = pair[1].trim_end_matches('s').parse::<f64>() {
                        secs = secs.saturating_add(n.ceil() as i64);
                        slept = true;
                    }
                }
                "exit" => {
                    if let Ok(n) = pair[1].parse::<i32>() {
                        exit_code = n;
                    }
                }
                _ => {}
            }
        }
        run = run.max(secs);
    }
    Outcome { exit_code, run_seconds: if slept { run } else { DEFAULT_RUN_SECONDS } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Container;

    fn spec(cmd: &[&str]) -> PodSpec {
        PodSpec {
            containers: vec![Container {
                name: "c".into(),
                command: Some(cmd.iter().map(|s| s.to_string()).collect()),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn ctl_plan_from_commands() {
        assert_eq!(from_spec(&spec(&["sleep", "30"])), Outcome { exit_code: 0, run_seconds: 30 });
        assert_eq!(from_spec(&spec(&["sh", "-c", "sleep 5; exit 1"])), Outcome { exit_code: 1, run_seconds: 5 });
        assert_eq!(
            from_spec(&spec(&["perl", "-e", "print 1"])),
            Outcome { exit_code: 0, run_seconds: DEFAULT_RUN_SECONDS }
        );
        assert_eq!(from_spec(&spec(&["sh", "-c", "exit 3"])).exit_code, 3);
    }

    #[test]
    fn ctl_plan_scripted_outcomes() {
        assert_eq!(
            scripted("fail,succeed@2", None, 0),
            Some(Outcome { exit_code: 1, run_seconds: DEFAULT_RUN_SECONDS })
        );
        assert_eq!(scripted("fail,succeed@2", None, 1), Some(Outcome { exit_code: 0, run_seconds: 2 }));
        assert_eq!(scripted("fail,succeed@2", None, 2), None);
        assert_eq!(scripted("1=exit:42,1=succeed", Some(1), 0).unwrap().exit_code, 42);
        assert_eq!(scripted("1=exit:42", Some(0), 0), None);
    }
}
