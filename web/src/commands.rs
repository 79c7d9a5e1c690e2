//! The same request as a `curl` command line and, where one exists, as a `kubectl` command.

use crate::catalogue::Method;
use crate::examples::{APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH};
use crate::form::RequestForm;

/// Where curl is pointed when the request went to the in-tab server: `kubectl proxy`'s default address.
pub const PROXY: &str = "http://127.0.0.1:8001";

fn sh_quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A heredoc delimiter that does not occur in the body.
fn heredoc(body: &str) -> String {
    let mut tag = "EOF".to_string();
    while body.lines().any(|l| l.trim() == tag) {
        tag.push('_');
    }
    format!("<<'{tag}'\n{}\n{tag}", body.trim_end())
}

/// `curl` for a request built from `form`, sent to `base`.
pub fn curl(form: &RequestForm, base: &str) -> String {
    let method = form.method();
    let mut parts = vec!["curl -sS".to_string()];
    if form.is_watch() {
        parts.push("-N".into());
    }
    if method != Method::Get {
        parts.push(format!("-X {}", method.as_str()));
    }
    parts.push(sh_quote(&format!("{}{}", base.trim_end_matches('/'), form.path_and_query())));
    let mut lines = vec![parts.join(" ")];
    for (k, v) in form.headers(false) {
        if k == "Authorization" {
            lines.push("-H \"Authorization: Bearer $TOKEN\"".into());
        } else {
            lines.push(format!("-H {}", sh_quote(&format!("{k}: {v}"))));
        }
    }
    let mut out = lines.join(" \\\n  ");
    if form.sends_body() {
        out.push_str(" \\\n  --data-binary @- ");
        out.push_str(&heredoc(&form.body));
    }
    out
}

/// The body as compact JSON (for `kubectl patch -p`), whatever format it was typed in.
fn compact_json(form: &RequestForm) -> String {
    match form.parse_body() {
        Ok(Some(v)) => serde_json::to_string(&v).unwrap_or_default(),
        _ => form.body.trim().to_string(),
    }
}

/// `kubectl` for a request built from `form`, when one exists.
pub fn kubectl(form: &RequestForm) -> Option<String> {
    if form.custom.is_some() {
        return raw(form);
    }
    let e = form.endpoint();
    let ns = format!("-n {}", sh_quote(&form.namespace));
    let name = sh_quote(&form.name);
    let p = |k: &str| form.param(k).to_string();
    let table = form.accept.contains("as=Table");
    let output = if table {
        ""
    } else if form.accept.contains("yaml") {
        " -o yaml"
    } else {
        " -o json"
    };
    let mut flags: Vec<String> = Vec::new();
    let selectors = |flags: &mut Vec<String>| {
        if !p("labelSelector").is_empty() {
            flags.push(format!("-l {}", sh_quote(&p("labelSelector"))));
        }
        if !p("fieldSelector").is_empty() {
            flags.push(format!("--field-selector {}", sh_quote(&p("fieldSelector"))));
        }
    };
    let writes = |flags: &mut Vec<String>| {
        if p("dryRun") == "All" {
            flags.push("--dry-run=server".into());
        }
        if !p("fieldManager").is_empty() {
            flags.push(format!("--field-manager={}", sh_quote(&p("fieldManager"))));
        }
    };
    let validate = |flags: &mut Vec<String>| match p("fieldValidation").as_str() {
        "Ignore" => flags.push("--validate=ignore".into()),
        "Warn" | "" => flags.push("--validate=warn".into()),
        _ => {}
    };
    let token = if form.token.trim().is_empty() { "" } else { " --token=\"$TOKEN\"" };
    let watch = if form.is_watch() { " --watch --output-watch-events" } else { "" };
    let body = || heredoc(&form.body);
    let cmd = match e.id {
        "jobs-read" => format!("kubectl get job {name} {ns}{output}"),
        "jobs-status-read" => format!("kubectl get job {name} {ns} --subresource=status{output}"),
        "jobs-list" | "jobs-watch" | "jobs-watch-list-deprecated" => {
            selectors(&mut flags);
            if !p("limit").is_empty() {
                flags.push(format!("--chunk-size={}", sh_quote(&p("limit"))));
            }
            format!("kubectl get jobs {ns}{}{watch}{output}", join(&flags))
        }
        "jobs-list-all" | "jobs-watch-all" | "jobs-watch-all-deprecated" => {
            selectors(&mut flags);
            format!("kubectl get jobs -A{}{watch}{output}", join(&flags))
        }
        "jobs-watch-one-deprecated" => format!("kubectl get job {name} {ns} --watch --output-watch-events{output}"),
        "jobs-create" | "ns-create" => {
            writes(&mut flags);
            validate(&mut flags);
            let target_ns = if e.id == "jobs-create" { format!(" {ns}") } else { String::new() };
            format!("kubectl create{target_ns}{} -o json -f - {}", join(&flags), body())
        }
        "jobs-replace" | "jobs-status-replace" => {
            writes(&mut flags);
            validate(&mut flags);
            let sub = if e.id == "jobs-status-replace" { " --subresource=status" } else { "" };
            format!("kubectl replace {ns}{sub}{} -o json -f - {}", join(&flags), body())
        }
        "jobs-patch" | "jobs-status-patch" => {
            let sub = if e.id == "jobs-status-patch" { " --subresource=status" } else { "" };
            let ct = form.content_type.split(';').next().unwrap_or("").trim();
            writes(&mut flags);
            if ct == APPLY_PATCH {
                if form.param("force") == "true" || form.param("force") == "1" {
                    flags.push("--force-conflicts".into());
                }
                validate(&mut flags);
                format!("kubectl apply --server-side {ns}{sub}{} -o json -f - {}", join(&flags), body())
            } else {
                let kind = match ct {
                    JSON_PATCH => "json",
                    MERGE_PATCH => "merge",
                    STRATEGIC_PATCH => "strategic",
                    _ => return None,
                };
                format!(
                    "kubectl patch job {name} {ns}{sub} --type={kind}{} -o json -p {}",
                    join(&flags),
                    sh_quote(&compact_json(form))
                )
            }
        }
        "jobs-delete" | "jobs-delete-collection" | "ns-delete" => {
            let opts = form.parse_body().ok().flatten().unwrap_or(serde_json::Value::Null);
            let from_body = form.sends_body();
            let get = |k: &str| -> String {
                if from_body {
                    match &opts[k] {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Array(a) => a.first().and_then(|v| v.as_str()).unwrap_or("").to_string(),
                        serde_json::Value::Number(n) => n.to_string(),
                        _ => String::new(),
                    }
                } else {
                    p(k)
                }
            };
            let mut note = "";
            match get("propagationPolicy").as_str() {
                "" => {
                    if e.id != "ns-delete" {
                        flags.push("--cascade=orphan".into());
                        note = "\n# kubectl always sends a propagationPolicy; without one the server orphans the pods and warns.";
                    }
                }
                policy => flags.push(format!("--cascade={}", policy.to_ascii_lowercase())),
            }
            if get("dryRun") == "All" {
                flags.push("--dry-run=server".into());
            }
            if !get("gracePeriodSeconds").is_empty() {
                flags.push(format!("--grace-period={}", sh_quote(&get("gracePeriodSeconds"))));
            }
            if from_body && !opts["preconditions"].is_null() {
                note = "\n# kubectl delete has no flag for preconditions; use curl.";
            }
            match e.id {
                "ns-delete" => format!("kubectl delete namespace {name}{}{note}", join(&flags)),
                "jobs-delete" => format!("kubectl delete job {name} {ns}{}{note}", join(&flags)),
                _ => {
                    selectors(&mut flags);
                    if p("labelSelector").is_empty() && p("fieldSelector").is_empty() {
                        flags.push("--all".into());
                    }
                    format!(
                        "kubectl delete jobs {ns}{}{note}\n# kubectl lists the Jobs, then sends one DELETE per Job.",
                        join(&flags)
                    )
                }
            }
        }
        "version" => "kubectl version -o json".into(),
        "apis" => "kubectl api-versions".into(),
        "apis-batch-v1" => "kubectl api-resources --api-group=batch -o wide".into(),
        "openapi-batch-v1" => "kubectl explain jobs --recursive".into(),
        "api" | "api-v1" | "apis-batch" | "openapi" => {
            format!("kubectl get --raw {}", sh_quote(&form.path_and_query()))
        }
        "ns-list" => {
            selectors(&mut flags);
            format!("kubectl get namespaces{}{watch}{output}", join(&flags))
        }
        "ns-read" => format!("kubectl get namespace {name}{output}"),
        "pods-list" => {
            selectors(&mut flags);
            format!("kubectl get pods {ns}{}{watch}{output}", join(&flags))
        }
        "pods-read" => format!("kubectl get pod {name} {ns}{output}"),
        "events-list" => {
            selectors(&mut flags);
            format!("kubectl get events {ns}{}{watch}{output}", join(&flags))
        }
        _ => return raw(form),
    };
    Some(with_token(cmd, token))
}

/// Adds the token flag to the command line proper (before a heredoc or a trailing comment).
fn with_token(cmd: String, token: &str) -> String {
    if token.is_empty() {
        return cmd;
    }
    let at = cmd.find(" -f - <<").or_else(|| cmd.find('\n')).unwrap_or(cmd.len());
    format!("{}{token}{}", &cmd[..at], &cmd[at..])
}

fn join(flags: &[String]) -> String {
    flags.iter().map(|f| format!(" {f}")).collect()
}

/// `kubectl … --raw` for a request that no other command expresses.
fn raw(form: &RequestForm) -> Option<String> {
    let path = sh_quote(&form.path_and_query());
    Some(match form.method() {
        Method::Get => format!("kubectl get --raw {path}"),
        Method::Post => format!("kubectl create --raw {path} -f - {}", heredoc(&form.body)),
        Method::Put => format!("kubectl replace --raw {path} -f - {}", heredoc(&form.body)),
        Method::Delete => format!("kubectl delete --raw {path}"),
        Method::Patch => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    fn form(id: &str) -> RequestForm {
        RequestForm::default().switch_to(catalogue::endpoint(id).unwrap())
    }

    #[test]
    fn curl_lines() {
        let mut f = form("jobs-create");
        f.set_param("dryRun", "All");
        let c = curl(&f, PROXY);
        assert!(
            c.starts_with("curl -sS -X POST 'http://127.0.0.1:8001/apis/batch/v1/namespaces/default/jobs?dryRun=All'"),
            "{c}"
        );
        assert!(c.contains("-H 'Content-Type: application/yaml'"), "{c}");
        assert!(c.contains("--data-binary @- <<'EOF'\n# The smallest"), "{c}");
        let w = curl(&form("jobs-watch"), "");
        assert_eq!(w, "curl -sS -N '/apis/batch/v1/namespaces/default/jobs?watch=true'");
    }

    #[test]
    fn kubectl_lines() {
        let mut f = form("jobs-list");
        f.set_param("labelSelector", "app=web");
        f.accept = "application/json;as=Table;v=v1;g=meta.k8s.io".into();
        assert_eq!(kubectl(&f).unwrap(), "kubectl get jobs -n default -l app=web");
        let mut d = form("jobs-delete");
        d.set_param("propagationPolicy", "Background");
        assert_eq!(kubectl(&d).unwrap(), "kubectl delete job hello -n default --cascade=background");
        let mut p = form("jobs-patch");
        p.body = "{\"spec\": {\"suspend\": true}}".into();
        assert_eq!(
            kubectl(&p).unwrap(),
            "kubectl patch job hello -n default --type=merge -o json -p '{\"spec\":{\"suspend\":true}}'"
        );
        let c = kubectl(&form("jobs-create")).unwrap();
        assert!(c.starts_with("kubectl create -n default --validate=warn -o json -f - <<'EOF'"), "{c}");
        assert_eq!(kubectl(&form("apis-batch-v1")).unwrap(), "kubectl api-resources --api-group=batch -o wide");
    }
}
