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

/// The most segments a served path has (`/apis/batch/v1/watch/namespaces/{ns}/jobs/{name}`).
const MAX_SEGMENTS: usize = 8;

/// Routes a request. `watch` is the value of the `watch` query flag.
pub fn route(method: &str, path: &str, watch: bool) -> Result<(Route, Verb), Status> {
    // The segments live on the stack: no path this server serves has more than MAX_SEGMENTS.
    let mut segs: [Cow<str>; MAX_SEGMENTS] = Default::default();
    let mut count = 0;
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let slot = segs.get_mut(count).ok_or_else(Status::path_not_found)?;
        *slot = decode_segment(seg);
        count += 1;
    }
    let all: [&str; MAX_SEGMENTS] = std::array::from_fn(|i| segs[i].as_ref());
    let s = &all[..count];
    let read_only = |r: Route| if method == "GET" { Ok((r, Verb::Get)) } else { Err(Status::method_not_allowed()) };
    // A resource path is its group-version, an optional `watch`, an optional
    // `namespaces/{ns}`, then `{plural}`, `{plural}/{name}` or `{plural}/{name}/status`.
    let (kind_of, rest): (KindOf, &[&str]) = match s {
        ["apis", "batch", "v1", rest @ ..] if !rest.is_empty() => (batch_kind, rest),
        ["api", "v1", rest @ ..] if !rest.is_empty() => (core_kind, rest),
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
        _ => return Err(Status::path_not_found()),
    };
    let (watch_path, rest) = match rest {
        ["watch", rest @ ..] => (true, rest),
        _ => (false, rest),
    };
    let (namespace, rest) = match rest {
        ["namespaces", ns, rest @ ..] if !rest.is_empty() => (Some(*ns), rest),
        _ => (None, rest),
    };
    let (plural, name, status) = match rest {
        [plural] => (plural, None, false),
        [plural, name] => (plural, Some(*name), false),
        [plural, name, "status"] if !watch_path => (plural, Some(*name), true),
        _ => return Err(Status::path_not_found()),
    };
    let kind = kind_of(plural).ok_or_else(Status::path_not_found)?;
    let scoped_right = match namespace {
        Some(_) => kind.namespaced(),
        // A namespaced kind is listed across namespaces, but its objects are named in one.
        None => !kind.namespaced() || name.is_none(),
    };
    if !scoped_right || (status && !matches!(kind, Kind::Jobs | Kind::Pods)) {
        return Err(Status::path_not_found());
    }
    let t =
        Target { kind, namespace: namespace.map(str::to_string), name: name.map(str::to_string), status, watch_path };
    let verb = verb_for(method, &t, watch)?;
    Ok((Route::Resource(t), verb))
}

/// The kinds one group-version serves, by plural.
type KindOf = fn(&str) -> Option<Kind>;

/// The batch/v1 kinds.
fn batch_kind(plural: &str) -> Option<Kind> {
    (plural == "jobs").then_some(Kind::Jobs)
}

/// The core/v1 kinds.
fn core_kind(plural: &str) -> Option<Kind> {
    match plural {
        "namespaces" => Some(Kind::Namespaces),
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
        // Longer than any served path: a 404, whatever it starts with.
        assert_eq!(route("GET", "/apis/batch/v1/watch/namespaces/a/jobs/b/c", false).unwrap_err().code, 404);
        assert_eq!(route("GET", "/apis/batch/v1/namespaces/a/jobs/b/status/x/y/z", false).unwrap_err().code, 404);
        assert_eq!(route("GET", "/apis/batch/v1/watch/namespaces/a/jobs/b", false).unwrap().1, Verb::Watch);
    }

    /// Every path family, and the near misses that are 404s.
    #[test]
    fn gen_15_paths_route_to_their_kind_scope_and_subresource() {
        let t = |path: &str| match route("GET", path, false) {
            Ok((Route::Resource(t), _)) => {
                Some((t.kind, t.namespace.unwrap_or_default(), t.name.unwrap_or_default(), t.status, t.watch_path))
            }
            Ok(_) => panic!("{path} is not a resource"),
            Err(s) => {
                assert_eq!(s.code, 404, "{path}");
                None
            }
        };
        let r =
            |kind, ns: &str, name: &str, status, watch| Some((kind, ns.to_string(), name.to_string(), status, watch));
        use Kind::*;
        assert_eq!(t("/apis/batch/v1/jobs"), r(Jobs, "", "", false, false));
        assert_eq!(t("/apis/batch/v1/namespaces/a/jobs"), r(Jobs, "a", "", false, false));
        assert_eq!(t("/apis/batch/v1/namespaces/a/jobs/b"), r(Jobs, "a", "b", false, false));
        assert_eq!(t("/apis/batch/v1/namespaces/a/jobs/b/status"), r(Jobs, "a", "b", true, false));
        assert_eq!(t("/apis/batch/v1/watch/jobs"), r(Jobs, "", "", false, true));
        assert_eq!(t("/apis/batch/v1/watch/namespaces/a/jobs/b"), r(Jobs, "a", "b", false, true));
        assert_eq!(t("/api/v1/namespaces"), r(Namespaces, "", "", false, false));
        assert_eq!(t("/api/v1/namespaces/a"), r(Namespaces, "", "a", false, false));
        assert_eq!(t("/api/v1/watch/namespaces"), r(Namespaces, "", "", false, true));
        assert_eq!(t("/api/v1/watch/namespaces/a"), r(Namespaces, "", "a", false, true));
        assert_eq!(t("/api/v1/pods"), r(Pods, "", "", false, false));
        assert_eq!(t("/api/v1/watch/events"), r(Events, "", "", false, true));
        assert_eq!(t("/api/v1/namespaces/a/pods/p/status"), r(Pods, "a", "p", true, false));
        assert_eq!(t("/api/v1/namespaces/a/events/e"), r(Events, "a", "e", false, false));
        assert_eq!(t("/api/v1/watch/namespaces/a/events"), r(Events, "a", "", false, true));
        assert_eq!(t("/apis/batch/v1/namespaces/a%2Fb/jobs/c%20d"), r(Jobs, "a/b", "c d", false, false));
        for miss in [
            "/apis/batch/v1/jobs/b",
            "/apis/batch/v1/namespaces/a",
            "/apis/batch/v1/namespaces/a/pods",
            "/apis/batch/v1/watch/namespaces/a/jobs/b/status",
            "/apis/batch/v1/namespaces/a/jobs/b/scale",
            "/api/v1/namespaces/a/namespaces",
            "/api/v1/namespaces/a/status",
            "/api/v1/namespaces/a/events/e/status",
            "/api/v1/pods/p",
            "/api/v1/jobs",
            "/api/v2/pods",
            "/apis/batch/v2/jobs",
        ] {
            assert_eq!(t(miss), None, "{miss}");
        }
    }

    #[test]
    fn wat_01_watch_forms() {
        assert_eq!(route("GET", "/apis/batch/v1/jobs", true).unwrap().1, Verb::Watch);
        assert_eq!(route("GET", "/apis/batch/v1/watch/namespaces/a/jobs/b", false).unwrap().1, Verb::Watch);
        assert_eq!(route("GET", "/apis/batch/v1/namespaces/a/jobs/b", true).unwrap().1, Verb::Get);
    }
}
