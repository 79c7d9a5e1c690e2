//! The endpoints this server serves: one variant per method+path family.

use crate::http::status::Status;
use std::borrow::Cow;

/// A stored resource kind reachable by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jobs,
    Namespaces,
    Pods,
    Events,
}

impl Kind {
    /// Whether objects of this kind live in namespaces.
    pub fn namespaced(self) -> bool {
        self != Kind::Namespaces
    }
}

/// A resource path: which kind, which namespace/name, which subresource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: Kind,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub status: bool,
    /// The deprecated `/watch/` form (always a watch, WAT-01).
    pub watch_path: bool,
}

/// What a path addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Resource(Target),
    Version,
    Api,
    ApiV1,
    Apis,
    ApisBatch,
    ApisBatchV1,
    Health,
    /// `/openapi/v3`: the index of OpenAPI documents.
    OpenApiV3,
    /// `/openapi/v3/<group-version path>`.
    OpenApiDocument(&'static str),
}

/// The API verb (AUTH-04 mapping).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    List,
    Watch,
    Create,
    Update,
    Patch,
    Delete,
    DeleteCollection,
}

/// A path segment percent-decoded (`+` stays `+`, invalid UTF-8 becomes U+FFFD); a segment
/// without escapes, which is nearly every one, is borrowed as it is.
fn decode_segment(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let decoded = form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    Cow::Owned(decoded)
}

/// Routes a request. `watch` is the value of the `watch` query flag.
pub fn route(method: &str, path: &str, watch: bool) -> Result<(Route, Verb), Status> {
    let segs: Vec<Cow<str>> = path.split('/').filter(|s| !s.is_empty()).map(decode_segment).collect();
    let s: Vec<&str> = segs.iter().map(|c| c.as_ref()).collect();
    let read_only = |r: Route| if method == "GET" { Ok((r, Verb::Get)) } else { Err(Status::method_not_allowed()) };
    let target = |kind, ns: Option<&str>, name: Option<&str>, status, watch_path| Target {
        kind,
        namespace: ns.map(str::to_string),
        name: name.map(str::to_string),
        status,
        watch_path,
    };
    let (t, _) = match s.as_slice() {
        ["version"] => return read_only(Route::Version),
        ["healthz"] | ["livez"] | ["readyz"] => return read_only(Route::Health),
        ["api"] => return read_only(Route::Api),
        ["api", "v1"] => return read_only(Route::ApiV1),
        ["apis"] => return read_only(Route::Apis),
        ["apis", "batch"] => return read_only(Route::ApisBatch),
        ["apis", "batch", "v1"] => return read_only(Route::ApisBatchV1),
        ["openapi", "v3"] => return read_only(Route::OpenApiV3),
        ["openapi", "v3", "apis", "batch", "v1"] => return read_only(Route::OpenApiDocument("apis/batch/v1")),
        ["openapi", "v3", "api", "v1"] => return read_only(Route::OpenApiDocument("api/v1")),
        ["apis", "batch", "v1", "jobs"] => (target(Kind::Jobs, None, None, false, false), ()),
        ["apis", "batch", "v1", "namespaces", ns, "jobs"] => (target(Kind::Jobs, Some(ns), None, false, false), ()),
        ["apis", "batch", "v1", "namespaces", ns, "jobs", name] => {
            (target(Kind::Jobs, Some(ns), Some(name), false, false), ())
        }
        ["apis", "batch", "v1", "namespaces", ns, "jobs", name, "status"] => {
            (target(Kind::Jobs, Some(ns), Some(name), true, false), ())
        }
        ["apis", "batch", "v1", "watch", "jobs"] => (target(Kind::Jobs, None, None, false, true), ()),
        ["apis", "batch", "v1", "watch", "namespaces", ns, "jobs"] => {
            (target(Kind::Jobs, Some(ns), None, false, true), ())
        }
        ["apis", "batch", "v1", "watch", "namespaces", ns, "jobs", name] => {
            (target(Kind::Jobs, Some(ns), Some(name), false, true), ())
        }
        ["api", "v1", "namespaces"] => (target(Kind::Namespaces, None, None, false, false), ()),
        ["api", "v1", "namespaces", name] => (target(Kind::Namespaces, None, Some(name), false, false), ()),
        ["api", "v1", "watch", "namespaces"] => (target(Kind::Namespaces, None, None, false, true), ()),
        ["api", "v1", "watch", "namespaces", name] if !name.is_empty() => {
            (target(Kind::Namespaces, None, Some(name), false, true), ())
        }
        ["api", "v1", plural] => match core_kind(plural) {
            Some(k) => (target(k, None, None, false, false), ()),
            None => return Err(Status::path_not_found()),
        },
        ["api", "v1", "watch", plural] => match core_kind(plural) {
            Some(k) => (target(k, None, None, false, true), ()),
            None => return Err(Status::path_not_found()),
        },
        ["api", "v1", "namespaces", ns, plural] => match core_kind(plural) {
            Some(k) => (target(k, Some(ns), None, false, false), ()),
            None => return Err(Status::path_not_found()),
        },
        ["api", "v1", "namespaces", ns, plural, name] => match core_kind(plural) {
            Some(k) => (target(k, Some(ns), Some(name), false, false), ()),
            None => return Err(Status::path_not_found()),
        },
        ["api", "v1", "namespaces", ns, "pods", name, "status"] => {
            (target(Kind::Pods, Some(ns), Some(name), true, false), ())
        }
        ["api", "v1", "watch", "namespaces", ns, plural] => match core_kind(plural) {
            Some(k) => (target(k, Some(ns), None, false, true), ()),
            None => return Err(Status::path_not_found()),
        },
        ["api", "v1", "watch", "namespaces", ns, plural, name] => match core_kind(plural) {
            Some(k) => (target(k, Some(ns), Some(name), false, true), ()),
            None => return Err(Status::path_not_found()),
        },
        _ => return Err(Status::path_not_found()),
    };
    let verb = verb_for(method, &t, watch)?;
    Ok((Route::Resource(t), verb))
}

/// The core/v1 kinds served under `/api/v1/namespaces/{ns}/…`.
fn core_kind(plural: &str) -> Option<Kind> {
    match plural {
        "pods" => Some(Kind::Pods),
        "events" => Some(Kind::Events),
        _ => None,
    }
}

fn verb_for(method: &str, t: &Target, watch: bool) -> Result<Verb, Status> {
    let collection = t.name.is_none();
    let all_namespaces = t.kind.namespaced() && t.namespace.is_none();
    let verb = match (method, collection) {
        _ if t.watch_path => (method == "GET").then_some(Verb::Watch),
        ("GET", true) => Some(if watch { Verb::Watch } else { Verb::List }),
        ("GET", false) => Some(Verb::Get),
        ("POST", true) if !all_namespaces => Some(Verb::Create),
        ("DELETE", true) if !all_namespaces && t.kind != Kind::Namespaces => Some(Verb::DeleteCollection),
        ("PUT", false) => Some(Verb::Update),
        ("PATCH", false) => Some(Verb::Patch),
        ("DELETE", false) if !t.status => Some(Verb::Delete),
        _ => None,
    };
    verb.ok_or_else(Status::method_not_allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_15_unknown_path_and_method() {
        assert_eq!(route("GET", "/apis/batch/v1/namespaces/ns/foos", false).unwrap_err().code, 404);
        assert_eq!(route("POST", "/apis/batch/v1/namespaces/ns/jobs/j", false).unwrap_err().code, 405);
        assert_eq!(route("POST", "/apis/batch/v1/jobs", false).unwrap_err().code, 405);
        assert_eq!(route("DELETE", "/apis/batch/v1/namespaces/ns/jobs/j/status", false).unwrap_err().code, 405);
        assert_eq!(route("DELETE", "/apis/batch/v1/jobs", false).unwrap_err().code, 405);
    }

    #[test]
    fn wat_01_watch_forms() {
        assert_eq!(route("GET", "/apis/batch/v1/jobs", true).unwrap().1, Verb::Watch);
        assert_eq!(route("GET", "/apis/batch/v1/watch/namespaces/a/jobs/b", false).unwrap().1, Verb::Watch);
        assert_eq!(route("GET", "/apis/batch/v1/namespaces/a/jobs/b", true).unwrap().1, Verb::Get);
    }
}
