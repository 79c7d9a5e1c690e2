//! The request form: what the user filled in, the request it becomes, and what is wrong with it
//! before it is sent.

use crate::catalogue::{self, BodyKind, Endpoint, Method, ParamKind};
use crate::examples::{self, APPLY_PATCH, JSON, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, YAML};
use jobsim::validation::names;
use jobsim::Request;
use serde::{Deserialize, Serialize};

/// The User-Agent of requests sent from the in-tab target (managedFields show it as the manager).
pub const USER_AGENT: &str = "jobsim-playground/0.1";

/// The Accept header choices offered by the form (`""` sends none).
pub const ACCEPTS: &[(&str, &str)] = &[
    ("", "(none: JSON)"),
    ("application/json", "application/json"),
    ("application/yaml", "application/yaml"),
    ("application/json;as=Table;v=v1;g=meta.k8s.io", "Table (what kubectl get asks for)"),
    (
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
        "Table, falling back to JSON (kubectl's full header)",
    ),
    ("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io", "PartialObjectMetadata (metadata only)"),
    ("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io", "PartialObjectMetadataList"),
];

/// The Content-Type choices offered by the form.
pub const CONTENT_TYPES: &[&str] = &[JSON, YAML, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];

/// Everything the user filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    /// The catalogue endpoint id.
    pub endpoint: String,
    pub namespace: String,
    pub name: String,
    /// Query parameters with a value, in catalogue order.
    pub query: Vec<(String, String)>,
    pub accept: String,
    pub content_type: String,
    /// A bearer token, sent as `Authorization: Bearer …` when not empty.
    pub token: String,
    pub body: String,
    /// A path typed by hand that matches no endpoint (sent verbatim with `custom_method`).
    pub custom: Option<String>,
    pub custom_method: Option<Method>,
}

impl Default for RequestForm {
    fn default() -> Self {
        let e = catalogue::default_endpoint();
        RequestForm {
            endpoint: e.id.into(),
            namespace: "default".into(),
            name: "hello".into(),
            query: Vec::new(),
            accept: String::new(),
            content_type: YAML.into(),
            token: String::new(),
            body: examples::default_for(e.body).map(|x| x.text.to_string()).unwrap_or_default(),
            custom: None,
            custom_method: None,
        }
    }
}

const LABEL_RULE: &str =
    "use lower-case letters, digits and '-', start and end with a letter or digit, at most 63 characters";
const SUBDOMAIN_RULE: &str =
    "use lower-case letters, digits, '-' and '.', start and end with a letter or digit, at most 253 characters";

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The server will reject the request.
    Error,
    /// Worth knowing; the request is fine.
    Note,
}

/// A problem found before sending, attached to one control.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `namespace`, `name`, a query parameter name, `accept`, `content-type` or `body`.
    pub field: String,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    fn error(field: &str, message: impl Into<String>) -> Self {
        Problem { field: field.into(), severity: Severity::Error, message: message.into() }
    }
    fn note(field: &str, message: impl Into<String>) -> Self {
        Problem { field: field.into(), severity: Severity::Note, message: message.into() }
    }
}

/// Where a body failed to parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl RequestForm {
    /// The endpoint of the form (the default one if the id is unknown).
    pub fn endpoint(&self) -> &'static Endpoint {
        catalogue::endpoint(&self.endpoint).unwrap_or_else(catalogue::default_endpoint)
    }

    /// The method that will be sent.
    pub fn method(&self) -> Method {
        match (&self.custom, self.custom_method) {
            (Some(_), Some(m)) => m,
            _ => self.endpoint().method,
        }
    }

    /// Switches to another endpoint, keeping namespace, name and token, and the body when it still fits.
    pub fn switch_to(&self, e: &Endpoint) -> RequestForm {
        let old = self.endpoint();
        let mut next = RequestForm {
            endpoint: e.id.into(),
            query: e.preset.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            custom: None,
            custom_method: None,
            accept: if e.method == Method::Get { self.accept.clone() } else { String::new() },
            ..self.clone()
        };
        if old.body != e.body || self.custom.is_some() {
            let ex = examples::default_for(e.body);
            next.body = ex.map(|x| x.text.to_string()).unwrap_or_default();
            next.content_type = ex.map_or(JSON, |x| x.content_type).to_string();
        }
        if e.path.starts_with("/api/v1/namespaces/{name}") && self.endpoint().has_namespace() {
            next.name = self.namespace.clone();
        }
        next
    }

    /// The value of a query parameter, `""` when unset.
    pub fn param(&self, name: &str) -> &str {
        self.query.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Sets (or with an empty value, removes) a query parameter.
    pub fn set_param(&mut self, name: &str, value: &str) {
        self.query.retain(|(k, _)| k != name);
        if !value.is_empty() {
            self.query.push((name.into(), value.into()));
            let params = self.endpoint().params;
            let order = |k: &str| params.iter().position(|p| *p == k).unwrap_or(usize::MAX);
            let mut q = std::mem::take(&mut self.query);
            q.sort_by_key(|(k, _)| order(k));
            self.query = q;
        }
    }

    /// The path with `{namespace}` and `{name}` filled in (percent-encoded).
    pub fn path(&self) -> String {
        if let Some(custom) = &self.custom {
            return custom.split('?').next().unwrap_or("").to_string();
        }
        let e = self.endpoint();
        e.path.replace("{namespace}", &encode_segment(&self.namespace)).replace("{name}", &encode_segment(&self.name))
    }

    /// The query string (without `?`) of the parameters the endpoint accepts.
    pub fn query_string(&self) -> String {
        if let Some(custom) = &self.custom {
            return custom.split_once('?').map_or("", |(_, q)| q).to_string();
        }
        let e = self.endpoint();
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.query.iter().filter(|(k, _)| e.accepts(k)) {
            out.append_pair(k, v);
        }
        out.finish()
    }

    /// Path plus query string.
    pub fn path_and_query(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            self.path()
        } else {
            format!("{}?{q}", self.path())
        }
    }

    /// Whether the request carries a body.
    pub fn sends_body(&self) -> bool {
        self.method().has_body() && !self.body.trim().is_empty()
    }

    /// Whether sending this opens a watch.
    pub fn is_watch(&self) -> bool {
        if self.custom.is_some() {
            let q = jobsim::http::request::Query::parse(&self.query_string());
            return self.method() == Method::Get
                && (self.path().contains("/watch/") || q.flag("watch").unwrap_or(false));
        }
        self.endpoint().is_watch(&self.query)
    }

    /// The headers that will be sent (`in_tab` adds the playground's User-Agent).
    pub fn headers(&self, in_tab: bool) -> Vec<(String, String)> {
        let mut h = Vec::new();
        if !self.accept.trim().is_empty() {
            h.push(("Accept".to_string(), self.accept.trim().to_string()));
        }
        if self.sends_body() && !self.content_type.trim().is_empty() {
            h.push(("Content-Type".to_string(), self.content_type.trim().to_string()));
        }
        if !self.token.trim().is_empty() {
            h.push(("Authorization".to_string(), format!("Bearer {}", self.token.trim())));
        }
        if in_tab {
            h.push(("User-Agent".to_string(), USER_AGENT.to_string()));
        }
        h
    }

    /// The request to send.
    pub fn to_request(&self, in_tab: bool) -> Request {
        let mut req = Request::new(self.method().as_str(), self.path_and_query());
        req.headers = self.headers(in_tab);
        if self.sends_body() {
            req.body = self.body.clone().into_bytes();
        }
        req
    }

    /// Whether the body is YAML (by its Content-Type).
    pub fn body_is_yaml(&self) -> bool {
        self.content_type.contains("yaml")
    }

    /// Parses the body in its format; `Ok(None)` when empty.
    pub fn parse_body(&self) -> Result<Option<serde_json::Value>, BodyError> {
        parse_body(&self.body, self.body_is_yaml())
    }

    /// Every problem that can be seen before sending.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if let Some(custom) = &self.custom {
            if catalogue::match_path(self.method(), custom).is_none() {
                out.push(Problem::note(
                    "path",
                    "This method and path match no endpoint in the catalogue: expect 404 Not Found (unknown path) or 405 Method Not Allowed.",
                ));
            }
            return out;
        }
        let e = self.endpoint();
        self.check_path(e, &mut out);
        self.check_params(e, &mut out);
        self.check_headers(e, &mut out);
        self.check_body(e, &mut out);
        out
    }

    fn check_path(&self, e: &Endpoint, out: &mut Vec<Problem>) {
        if e.has_namespace() {
            if self.namespace.is_empty() {
                out.push(Problem::error("namespace", "A namespace is required for this path."));
            } else if !names::dns1123_label_errors(&self.namespace).is_empty() {
                out.push(Problem::error(
                    "namespace",
                    format!(
                        "\"{}\" cannot be a namespace: {LABEL_RULE}. Such a namespace cannot exist, so expect 404.",
                        self.namespace
                    ),
                ));
            }
        }
        if e.has_name() {
            let ns_path = e.path.starts_with("/api/v1/namespaces/{name}");
            if self.name.is_empty() {
                out.push(Problem::error("name", "A name is required for this path."));
            } else {
                let (bad, rule) = if ns_path {
                    (!names::dns1123_label_errors(&self.name).is_empty(), LABEL_RULE)
                } else {
                    (!names::dns1123_subdomain_errors(&self.name).is_empty(), SUBDOMAIN_RULE)
                };
                if bad {
                    out.push(Problem::error(
                        "name",
                        format!(
                            "\"{}\" cannot be an object name: {rule}. No object can have it, so reads answer 404 and writes 422.",
                            self.name
                        ),
                    ));
                }
            }
        }
    }

    fn check_params(&self, e: &Endpoint, out: &mut Vec<Problem>) {
        let watch = self.is_watch();
        for (k, v) in &self.query {
            let Some(p) = catalogue::param(k).filter(|_| e.accepts(k)) else { continue };
            match p.kind {
                ParamKind::Int => match v.trim().parse::<i64>() {
                    Err(_) => out.push(Problem::error(
                        k,
                        format!("{k} must be a whole number (e.g. 5); \"{v}\" is not, so expect 400 Bad Request."),
                    )),
                    Ok(n) if n <= 0 && k == "limit" => {
                        out.push(Problem::note(k, "limit 0 or less means no paging: every item comes back."))
                    }
                    Ok(_) => {}
                },
                ParamKind::Bool => {
                    if !matches!(v.as_str(), "true" | "false" | "1" | "0") {
                        out.push(Problem::note(
                            k,
                            format!("Any value other than 0 or false counts as true, so \"{v}\" means true."),
                        ));
                    }
                }
                ParamKind::Enum(values) => {
                    if !values.contains(&v.as_str()) {
                        out.push(Problem::error(
                            k,
                            format!("{k} accepts {}; expect 422 Invalid for \"{v}\".", quote_list(values)),
                        ));
                    }
                }
                ParamKind::ResourceVersion => {
                    if !v.chars().all(|c| c.is_ascii_digit()) {
                        out.push(Problem::error(
                            k,
                            "A resourceVersion is a number taken from metadata.resourceVersion; expect 400 Bad Request.",
                        ));
                    }
                }
                ParamKind::LabelSelector => {
                    if let Err(m) = check_label_selector(v) {
                        out.push(Problem::error(k, format!("{m}; expect 400 Bad Request.")));
                    }
                }
                ParamKind::FieldSelector => {
                    if let Err(m) = check_field_selector(v, e.fields) {
                        out.push(Problem::error(k, format!("{m}; expect 400 Bad Request.")));
                    }
                }
                ParamKind::Text => {
                    if k == "fieldManager" && v.len() > 128 {
                        out.push(Problem::error(k, "fieldManager may be at most 128 bytes; expect 422 Invalid."));
                    }
                }
            }
        }
        let has = |k: &str| e.accepts(k) && !self.param(k).is_empty();
        let rv = self.param("resourceVersion");
        if e.accepts("watch") || e.path.contains("/watch/") || e.accepts("continue") {
            if has("resourceVersionMatch") && !has("resourceVersion") && !(watch && has("sendInitialEvents")) {
                out.push(Problem::error(
                    "resourceVersionMatch",
                    "resourceVersionMatch needs a resourceVersion; expect 422 Invalid.",
                ));
            }
            if has("sendInitialEvents") && !watch {
                out.push(Problem::error(
                    "sendInitialEvents",
                    "sendInitialEvents only applies to watches; on a plain list expect 422 Invalid.",
                ));
            } else if has("sendInitialEvents") && self.param("resourceVersionMatch") != "NotOlderThan" {
                out.push(Problem::error(
                    "sendInitialEvents",
                    "sendInitialEvents needs resourceVersionMatch=NotOlderThan; expect 422 Invalid.",
                ));
            }
            if watch && has("resourceVersionMatch") && !has("sendInitialEvents") {
                out.push(Problem::error(
                    "resourceVersionMatch",
                    "On a watch, resourceVersionMatch is only allowed together with sendInitialEvents; expect 422 Invalid.",
                ));
            }
            if has("continue") && !rv.is_empty() && rv != "0" {
                out.push(Problem::error(
                    "continue",
                    "A continue token already pins the resourceVersion; sending both gives 400 Bad Request.",
                ));
            }
            if !watch && e.method == Method::Get {
                for k in ["allowWatchBookmarks", "timeoutSeconds"] {
                    if has(k) {
                        out.push(Problem::note(k, format!("{k} only affects watches; a plain list ignores it.")));
                    }
                }
            }
        }
        if has("force") && !self.content_type.starts_with(APPLY_PATCH) {
            out.push(Problem::error(
                "force",
                "force only applies to server-side apply (Content-Type application/apply-patch+yaml); expect 422 Invalid.",
            ));
        }
        if has("orphanDependents") && has("propagationPolicy") {
            out.push(Problem::error(
                "orphanDependents",
                "Set either orphanDependents or propagationPolicy, not both; expect 422 Invalid.",
            ));
        }
        if e.method == Method::Delete && self.sends_body() {
            let ignored: Vec<&str> = ["dryRun", "propagationPolicy", "gracePeriodSeconds", "orphanDependents"]
                .into_iter()
                .filter(|k| has(k))
                .collect();
            if !ignored.is_empty() {
                out.push(Problem::note(
                    ignored[0],
                    format!(
                        "With a DeleteOptions body the server reads only the body: {} in the query will be ignored.",
                        ignored.join(", ")
                    ),
                ));
            }
        }
        if e.id == "jobs-delete" && !self.sends_body() && !has("propagationPolicy") && !has("orphanDependents") {
            out.push(Problem::note(
                "propagationPolicy",
                "Without a propagation policy a Job is deleted with Orphan: its pods stay and you get a Warning.",
            ));
        }
    }

    fn check_headers(&self, e: &Endpoint, out: &mut Vec<Problem>) {
        let ct = self.content_type.split(';').next().unwrap_or("").trim();
        let patch_types = [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
        if self.sends_body() {
            match e.method {
                Method::Patch if !patch_types.contains(&ct) => out.push(Problem::error(
                    "content-type",
                    "A PATCH needs one of the four patch types as Content-Type; expect 415 Unsupported Media Type.",
                )),
                Method::Post | Method::Put | Method::Delete if !matches!(ct, "" | JSON | YAML) => {
                    out.push(Problem::error(
                        "content-type",
                        "Send application/json or application/yaml here; expect 415 Unsupported Media Type.",
                    ))
                }
                _ => {}
            }
        }
        if ct == APPLY_PATCH && e.method == Method::Patch && self.param("fieldManager").is_empty() {
            out.push(Problem::error(
                "fieldManager",
                "Server-side apply needs a fieldManager (who owns the fields); expect 422 Invalid.",
            ));
        }
        if self.is_watch() && self.accept.contains("yaml") {
            out.push(Problem::error("accept", "Watches stream JSON only; expect 406 Not Acceptable."));
        }
        if self.accept.contains("as=PartialObjectMetadata;") && (e.id.contains("list") || self.is_watch()) {
            out.push(Problem::note("accept", "Lists need as=PartialObjectMetadataList; otherwise expect 406."));
        }
    }

    fn check_body(&self, e: &Endpoint, out: &mut Vec<Problem>) {
        if !e.method.has_body() {
            return;
        }
        if self.body.trim().is_empty() {
            if e.body != BodyKind::DeleteOptions {
                out.push(Problem::error("body", "This request needs a body."));
            }
            return;
        }
        let value = match self.parse_body() {
            Ok(Some(v)) => v,
            Ok(None) => return,
            Err(err) => {
                let fmt = if self.body_is_yaml() { "YAML" } else { "JSON" };
                out.push(Problem::error(
                    "body",
                    format!(
                        "Line {}, column {}: not valid {fmt} ({}). Expect 400 Bad Request.",
                        err.line, err.column, err.message
                    ),
                ));
                return;
            }
        };
        let ct = self.content_type.split(';').next().unwrap_or("").trim();
        if ct == JSON_PATCH && !value.is_array() {
            out.push(Problem::error("body", "A JSON patch is a list of operations: [{\"op\": …, \"path\": …}]."));
        }
        if matches!(e.body, BodyKind::Job | BodyKind::Namespace) || ct == APPLY_PATCH {
            let meta = value.get("metadata");
            let body_name = meta.and_then(|m| m.get("name")).and_then(|n| n.as_str()).unwrap_or("");
            let body_ns = meta.and_then(|m| m.get("namespace")).and_then(|n| n.as_str()).unwrap_or("");
            if e.has_name() && body_name != self.name && !e.path.starts_with("/api/v1/namespaces/{name}") {
                out.push(Problem::error(
                    "body",
                    format!(
                        "metadata.name in the body (\"{body_name}\") differs from the name in the path (\"{}\"); expect 400 Bad Request.",
                        self.name
                    ),
                ));
            }
            if e.has_namespace() && !body_ns.is_empty() && body_ns != self.namespace {
                out.push(Problem::error(
                    "body",
                    format!(
                        "metadata.namespace in the body (\"{body_ns}\") differs from the path's (\"{}\"); expect 400 Bad Request.",
                        self.namespace
                    ),
                ));
            }
            if !body_name.is_empty() {
                let namespace_kind = value.get("kind").and_then(|k| k.as_str()) == Some("Namespace");
                let (bad, rule) = if namespace_kind {
                    (!names::dns1123_label_errors(body_name).is_empty(), LABEL_RULE)
                } else {
                    (!names::dns1123_subdomain_errors(body_name).is_empty(), SUBDOMAIN_RULE)
                };
                if bad {
                    out.push(Problem::error(
                        "body",
                        format!("metadata.name \"{body_name}\" is not a valid name: {rule}. Expect 422 Invalid."),
                    ));
                } else if !namespace_kind && body_name.len() > 63 {
                    out.push(Problem::error(
                        "body",
                        "A Job's name becomes the value of its pods' job-name label, so it may have at most 63 characters; expect 422 Invalid.",
                    ));
                }
            }
            let generate = meta.and_then(|m| m.get("generateName")).and_then(|n| n.as_str()).unwrap_or("");
            if e.method == Method::Post && body_name.is_empty() && generate.is_empty() {
                out.push(Problem::error("body", "metadata.name (or generateName) is missing; expect 422 Invalid."));
            }
        }
    }
}

/// Parses a body as JSON or YAML, with the position of the first error.
pub fn parse_body(text: &str, yaml: bool) -> Result<Option<serde_json::Value>, BodyError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    if yaml {
        serde_yaml_ng::from_str::<serde_json::Value>(text).map(Some).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            BodyError { line, column, message: strip_position(&e.to_string()) }
        })
    } else {
        serde_json::from_str::<serde_json::Value>(text).map(Some).map_err(|e| BodyError {
            line: e.line().max(1),
            column: e.column().max(1),
            message: strip_position(&e.to_string()),
        })
    }
}

/// Drops the " at line X column Y" tail a parser adds (the position is shown separately).
fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Percent-encodes one path segment.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn quote_list(values: &[&str]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}

/// Splits on commas that are not inside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A light check of label selector syntax (the server has the final word).
pub fn check_label_selector(sel: &str) -> Result<(), String> {
    if sel.trim().is_empty() {
        return Ok(());
    }
    for req in split_top(sel) {
        let r = req.trim();
        if r.is_empty() {
            return Err("An empty requirement (two commas in a row, or a trailing comma)".into());
        }
        let key_ok = |k: &str| -> Result<(), String> {
            match names::qualified_name_errors(k.trim()).into_iter().next() {
                Some(e) => Err(format!("\"{}\" is not a valid label key: {e}", k.trim())),
                None => Ok(()),
            }
        };
        let value_ok = |v: &str| -> Result<(), String> {
            match names::label_value_errors(v.trim()).into_iter().next() {
                Some(e) => Err(format!("\"{}\" is not a valid label value: {e}", v.trim())),
                None => Ok(()),
            }
        };
        if let Some(k) = r.strip_prefix('!') {
            key_ok(k)?;
            continue;
        }
        let words: Vec<&str> = r.splitn(2, char::is_whitespace).collect();
        if words.len() == 2 {
            let rest = words[1].trim_start();
            let set = rest.strip_prefix("notin").or_else(|| rest.strip_prefix("in"));
            if let Some(set) = set {
                key_ok(words[0])?;
                let inner = set
                    .trim()
                    .strip_prefix('(')
                    .and_then(|s| s.strip_suffix(')'))
                    .ok_or_else(|| format!("In \"{r}\", the values of in/notin go in parentheses: key in (a,b)"))?;
                for v in inner.split(',') {
                    value_ok(v)?;
                }
                continue;
            }
        }
        let ops = ["==", "!=", "=", ">", "<"];
        match ops.iter().filter_map(|op| r.find(op).map(|i| (i, *op))).min() {
            Some((i, op)) => {
                let (k, v) = (&r[..i], &r[i + op.len()..]);
                key_ok(k)?;
                if op == ">" || op == "<" {
                    if v.trim().parse::<i64>().is_err() {
                        return Err(format!("In \"{r}\", {op} compares with a whole number"));
                    }
                } else {
                    if v.contains('=') {
                        return Err(format!("\"{r}\" has more than one operator; separate requirements with commas"));
                    }
                    value_ok(v)?;
                }
            }
            None if r.contains(char::is_whitespace) => {
                return Err(format!("Cannot read \"{r}\": after a key comes =, ==, !=, in, notin, > or <"));
            }
            None => key_ok(r)?,
        }
    }
    Ok(())
}

/// A light check of a field selector against the fields an endpoint supports.
pub fn check_field_selector(sel: &str, fields: &[&str]) -> Result<(), String> {
    if sel.trim().is_empty() {
        return Ok(());
    }
    for term in sel.split(',') {
        let t = term.trim();
        let Some(i) = t.find(['=', '!']) else {
            return Err(format!("\"{t}\" has no operator: write field=value, field==value or field!=value"));
        };
        let field = t[..i].trim();
        if !fields.is_empty() && !fields.contains(&field) {
            return Err(format!("\"{field}\" cannot be selected on here (only {})", fields.join(", ")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(endpoint: &str) -> RequestForm {
        RequestForm::default().switch_to(catalogue::endpoint(endpoint).unwrap())
    }

    #[test]
    fn builds_path_query_and_headers() {
        let mut f = form("jobs-list");
        f.set_param("limit", "5");
        f.set_param("labelSelector", "app=web");
        f.set_param("dryRun", "All");
        assert_eq!(f.path_and_query(), "/apis/batch/v1/namespaces/default/jobs?labelSelector=app%3Dweb&limit=5");
        let req = f.to_request(true);
        assert_eq!(req.method, "GET");
        assert_eq!(req.header("user-agent"), Some(USER_AGENT));
        assert!(req.body.is_empty());
    }

    #[test]
    fn explains_bad_input() {
        let mut f = form("jobs-list");
        f.namespace = "Bad_NS".into();
        f.set_param("limit", "ten");
        f.set_param("labelSelector", "a b");
        let fields: Vec<String> = f.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["namespace", "labelSelector", "limit"]);
        let mut f = form("jobs-create");
        f.body = "{\n  \"a\": 1,\n}".into();
        f.content_type = JSON.into();
        let p = f.problems();
        assert!(p[0].message.starts_with("Line 3, column 1"), "{p:?}");
    }

    #[test]
    fn selectors() {
        assert!(check_label_selector("app=web, tier in (a,b),!legacy,x notin (c),n>3,k").is_ok());
        assert!(check_label_selector("a=b=c").is_err());
        assert!(check_label_selector("a in b").is_err());
        assert!(check_field_selector("metadata.name=x,status.successful!=1", JOB_FIELDS_FOR_TEST).is_ok());
        assert!(check_field_selector("spec.parallelism=1", JOB_FIELDS_FOR_TEST).is_err());
    }

    const JOB_FIELDS_FOR_TEST: &[&str] = catalogue::JOB_FIELDS;

    #[test]
    fn watch_detection_and_switching() {
        let f = form("jobs-watch");
        assert!(f.is_watch());
        assert_eq!(f.path_and_query(), "/apis/batch/v1/namespaces/default/jobs?watch=true");
        let g = f.switch_to(catalogue::endpoint("jobs-patch").unwrap());
        assert_eq!(g.content_type, MERGE_PATCH);
        assert!(!g.is_watch());
    }
}
