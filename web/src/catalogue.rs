//! Every endpoint and query parameter the playground knows, declared once. The picker, the request
//! form, the validation hints, the history's command lines and the lessons are all driven by this
//! table: a new endpoint or parameter is a new entry here, not new UI code.

use serde::{Deserialize, Serialize};

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// All methods, in the order a method picker shows them.
    pub const ALL: [Method; 5] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses a wire method (case-insensitive).
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether requests with this method usually carry a body.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch | Method::Delete)
    }
}

/// How the picker groups endpoints (the grouping of the Kubernetes API reference).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    Discovery,
    JobsRead,
    JobsWatch,
    JobsWrite,
    JobsStatus,
    Namespaces,
    Pods,
}

impl Group {
    /// The groups in display order.
    pub const ALL: [Group; 7] = [
        Group::JobsRead,
        Group::JobsWatch,
        Group::JobsWrite,
        Group::JobsStatus,
        Group::Discovery,
        Group::Namespaces,
        Group::Pods,
    ];

    /// The heading of the group.
    pub fn title(self) -> &'static str {
        match self {
            Group::Discovery => "Discovery",
            Group::JobsRead => "Jobs — read",
            Group::JobsWatch => "Jobs — watch",
            Group::JobsWrite => "Jobs — write",
            Group::JobsStatus => "Jobs — status subresource",
            Group::Namespaces => "Namespaces (core/v1)",
            Group::Pods => "Pods and events (core/v1)",
        }
    }
}

/// What a request body holds, which picks the examples the editor offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// No body.
    None,
    /// A whole Job (create, replace, replace status).
    Job,
    /// A partial Job in one of the four patch formats.
    Patch,
    /// Optional `DeleteOptions`.
    DeleteOptions,
    /// A Namespace.
    Namespace,
}

/// The shape of a query parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `true`/`false` (any value but `0`/`false` is true on the server).
    Bool,
    /// A whole number.
    Int,
    /// One of a few values (the form suggests them but lets anything through).
    Enum(&'static [&'static str]),
    /// A label selector (`app=web,tier in (a,b),!legacy`).
    LabelSelector,
    /// A field selector (`metadata.name=hello`).
    FieldSelector,
    /// A resourceVersion: digits.
    ResourceVersion,
    /// Free text.
    Text,
}

/// A query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
    /// One line: what it does.
    pub help: &'static str,
    /// Shown under "more options" rather than in the main form.
    pub advanced: bool,
}

/// Every query parameter of the endpoints below.
pub const PARAMS: &[Param] = &[
    Param { name: "pretty", kind: ParamKind::Bool, help: "Indent the JSON response.", advanced: true },
    Param {
        name: "dryRun",
        kind: ParamKind::Enum(&["All"]),
        help: "All: run every check and return the result, but store nothing.",
        advanced: false,
    },
    Param {
        name: "fieldValidation",
        kind: ParamKind::Enum(&["Strict", "Warn", "Ignore"]),
        help: "What to do with unknown or duplicated fields: fail (Strict), warn (Warn, the default) or drop them (Ignore).",
        advanced: false,
    },
    Param {
        name: "fieldManager",
        kind: ParamKind::Text,
        help: "Who is making this change; recorded in metadata.managedFields. Required for server-side apply.",
        advanced: false,
    },
    Param {
        name: "force",
        kind: ParamKind::Bool,
        help: "Server-side apply only: take ownership of fields other managers own instead of failing with a conflict.",
        advanced: false,
    },
    Param {
        name: "labelSelector",
        kind: ParamKind::LabelSelector,
        help: "Only objects whose labels match, e.g. app=web,tier in (a,b),!legacy.",
        advanced: false,
    },
    Param {
        name: "fieldSelector",
        kind: ParamKind::FieldSelector,
        help: "Only objects whose fields match, e.g. metadata.name=hello or status.successful=1.",
        advanced: false,
    },
    Param { name: "limit", kind: ParamKind::Int, help: "At most this many items per page.", advanced: false },
    Param {
        name: "continue",
        kind: ParamKind::Text,
        help: "The token from a previous page's metadata.continue, to fetch the next page.",
        advanced: false,
    },
    Param {
        name: "resourceVersion",
        kind: ParamKind::ResourceVersion,
        help: "Unset: the latest state. 0: any recent state. N: at least as new as N (a watch starts after N).",
        advanced: false,
    },
    Param {
        name: "resourceVersionMatch",
        kind: ParamKind::Enum(&["NotOlderThan", "Exact"]),
        help: "How resourceVersion is compared; needs resourceVersion (or sendInitialEvents on a watch).",
        advanced: true,
    },
    Param {
        name: "watch",
        kind: ParamKind::Bool,
        help: "Keep the response open and stream every change as an event.",
        advanced: false,
    },
    Param {
        name: "allowWatchBookmarks",
        kind: ParamKind::Bool,
        help: "Watch only: let the server send BOOKMARK events that just carry the latest resourceVersion.",
        advanced: true,
    },
    Param {
        name: "sendInitialEvents",
        kind: ParamKind::Bool,
        help: "Watch only: start with an ADDED event per existing object (needs resourceVersionMatch=NotOlderThan).",
        advanced: true,
    },
    Param {
        name: "timeoutSeconds",
        kind: ParamKind::Int,
        help: "Watch only: end the stream after this many seconds.",
        advanced: true,
    },
    Param {
        name: "gracePeriodSeconds",
        kind: ParamKind::Int,
        help: "Seconds before deletion; Jobs are removed at once, so this changes nothing for them.",
        advanced: true,
    },
    Param {
        name: "propagationPolicy",
        kind: ParamKind::Enum(&["Background", "Foreground", "Orphan"]),
        help: "What happens to the Job's pods: deleted after (Background) or before (Foreground) the Job, or kept (Orphan, the default for Jobs).",
        advanced: false,
    },
    Param {
        name: "orphanDependents",
        kind: ParamKind::Bool,
        help: "Deprecated form of propagationPolicy: true = Orphan, false = Background. Don't set both.",
        advanced: true,
    },
    Param {
        name: "ignoreStoreReadErrorWithClusterBreakingPotential",
        kind: ParamKind::Bool,
        help: "Alpha, off by default: delete an object the server cannot decode from storage.",
        advanced: true,
    },
];

/// Looks a parameter up by name.
pub fn param(name: &str) -> Option<&'static Param> {
    PARAMS.iter().find(|p| p.name == name)
}

const READ: &[&str] = &["pretty"];
const LIST: &[&str] = &[
    "labelSelector",
    "fieldSelector",
    "limit",
    "continue",
    "resourceVersion",
    "resourceVersionMatch",
    "watch",
    "allowWatchBookmarks",
    "sendInitialEvents",
    "timeoutSeconds",
    "pretty",
];
const WRITE: &[&str] = &["dryRun", "fieldValidation", "fieldManager", "pretty"];
const PATCH: &[&str] = &["dryRun", "fieldValidation", "fieldManager", "force", "pretty"];
const DELETE: &[&str] = &[
    "propagationPolicy",
    "dryRun",
    "gracePeriodSeconds",
    "orphanDependents",
    "ignoreStoreReadErrorWithClusterBreakingPotential",
    "pretty",
];
const DELETE_COLLECTION: &[&str] = &[
    "labelSelector",
    "fieldSelector",
    "propagationPolicy",
    "dryRun",
    "limit",
    "continue",
    "resourceVersion",
    "resourceVersionMatch",
    "gracePeriodSeconds",
    "orphanDependents",
    "sendInitialEvents",
    "timeoutSeconds",
    "ignoreStoreReadErrorWithClusterBreakingPotential",
    "pretty",
];

/// The fields a Job field selector may name.
pub const JOB_FIELDS: &[&str] = &["metadata.name", "metadata.namespace", "status.successful"];
const NAMESPACE_FIELDS: &[&str] = &["metadata.name", "status.phase"];
const POD_FIELDS: &[&str] =
    &["metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "status.phase", "status.podIP"];
const EVENT_FIELDS: &[&str] = &[
    "involvedObject.kind",
    "involvedObject.name",
    "involvedObject.namespace",
    "involvedObject.uid",
    "reason",
    "type",
    "metadata.name",
    "metadata.namespace",
];

/// The possible answers of an endpoint: code and what it means there.
pub type Responses = &'static [(u16, &'static str)];

const R_READ: Responses = &[
    (200, "OK: the object."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: no such object (or namespace)."),
];
const R_DISCOVERY: Responses =
    &[(200, "OK: the document."), (401, "Unauthorized: a bearer token is required or wrong.")];
const R_LIST: Responses = &[
    (200, "OK: a list, or with watch a stream of events."),
    (400, "Bad Request: a selector, limit or continue token could not be read."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (410, "Gone: the continue token or resourceVersion is too old."),
    (422, "Invalid: the list options contradict each other."),
];
const R_WATCH: Responses = &[
    (200, "OK: a stream of ADDED / MODIFIED / DELETED / BOOKMARK / ERROR events."),
    (400, "Bad Request: a selector could not be read."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (422, "Invalid: the watch options contradict each other."),
];
const R_CREATE: Responses = &[
    (201, "Created: the stored object, with defaults and server-set fields."),
    (200, "OK: returned by some servers when the create finished synchronously."),
    (202, "Accepted: the create will finish later."),
    (400, "Bad Request: the body could not be decoded (or fieldValidation=Strict found unknown fields)."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: the namespace does not exist."),
    (409, "Conflict (AlreadyExists): an object with this name exists."),
    (415, "Unsupported Media Type: the Content-Type is not JSON or YAML."),
    (422, "Invalid: validation failed; details.causes lists each field."),
];
const R_REPLACE: Responses = &[
    (200, "OK: the stored object."),
    (201, "Created: only for kinds that create on update (Jobs do not)."),
    (400, "Bad Request: undecodable body, or name/namespace differ from the URL."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: no such object."),
    (409, "Conflict: metadata.resourceVersion is stale — someone changed the object since you read it."),
    (422, "Invalid: validation failed, e.g. an immutable field changed."),
];
const R_PATCH: Responses = &[
    (200, "OK: the patched object."),
    (201, "Created: a server-side apply created the object."),
    (400, "Bad Request: the patch could not be decoded."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: no such object (apply creates instead)."),
    (409, "Conflict: apply touched fields another manager owns, or a stale resourceVersion."),
    (415, "Unsupported Media Type: Content-Type is not one of the four patch types."),
    (422, "Invalid: the patched object fails validation, or a JSON patch operation failed."),
];
const R_DELETE: Responses = &[
    (200, "OK: a Success Status (deleted now) or the object marked for deletion (finalizers pending)."),
    (202, "Accepted: deletion continues in the background (orphanDependents=false with finalizers)."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: no such object."),
    (409, "Conflict: a precondition (uid or resourceVersion) did not match."),
    (422, "Invalid: the delete options contradict each other."),
];
const R_DELETE_COLLECTION: Responses = &[
    (200, "OK: a list of the matched objects as they were before deletion."),
    (400, "Bad Request: a selector could not be read."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (422, "Invalid: the list or delete options contradict each other."),
];
const R_STATUS_WRITE: Responses = &[
    (200, "OK: the whole object; only status (and metadata) changed."),
    (400, "Bad Request: undecodable body, or name/namespace differ from the URL."),
    (401, "Unauthorized: a bearer token is required or wrong."),
    (404, "Not Found: no such object."),
    (409, "Conflict: metadata.resourceVersion is stale."),
    (422, "Invalid: the status breaks a rule, e.g. a counter went down."),
];

/// One endpoint: method + path template and everything the UI shows about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Endpoint {
    /// Stable id, used in links, history and lessons.
    pub id: &'static str,
    pub group: Group,
    pub method: Method,
    /// Path template; `{namespace}` and `{name}` are filled from the form.
    pub path: &'static str,
    /// A short title.
    pub title: &'static str,
    /// One line: what the endpoint does.
    pub summary: &'static str,
    /// The query parameters this verb accepts.
    pub params: &'static [&'static str],
    /// Query parameters set when the endpoint is picked (e.g. `watch=true`).
    pub preset: &'static [(&'static str, &'static str)],
    pub body: BodyKind,
    pub responses: Responses,
    /// The fields its field selector accepts (lists only).
    pub fields: &'static [&'static str],
    /// Marked deprecated in the API.
    pub deprecated: bool,
    /// Declared here but not served by the in-tab server yet.
    pub coming: bool,
}

impl Endpoint {
    /// Whether the path has a `{namespace}` segment.
    pub fn has_namespace(&self) -> bool {
        self.path.contains("{namespace}")
    }
    /// Whether the path has a `{name}` segment.
    pub fn has_name(&self) -> bool {
        self.path.contains("{name}")
    }
    /// Whether this endpoint accepts a query parameter.
    pub fn accepts(&self, name: &str) -> bool {
        self.params.contains(&name)
    }
    /// Whether a request with these query values is a watch (a `/watch/` path, or `watch` set on a list).
    pub fn is_watch(&self, query: &[(String, String)]) -> bool {
        if self.path.contains("/watch/") {
            return true;
        }
        self.method == Method::Get
            && self.accepts("watch")
            && query.iter().any(|(k, v)| k == "watch" && !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false")))
    }
}

#[allow(clippy::too_many_arguments)] // One positional call per table row keeps the table readable.
const fn ep(
    id: &'static str,
    group: Group,
    method: Method,
    path: &'static str,
    title: &'static str,
    summary: &'static str,
    params: &'static [&'static str],
    body: BodyKind,
    responses: Responses,
) -> Endpoint {
    Endpoint {
        id,
        group,
        method,
        path,
        title,
        summary,
        params,
        preset: &[],
        body,
        responses,
        fields: &[],
        deprecated: false,
        coming: false,
    }
}

const JOBS: &str = "/apis/batch/v1/namespaces/{namespace}/jobs";
const JOB: &str = "/apis/batch/v1/namespaces/{namespace}/jobs/{name}";
const JOB_STATUS: &str = "/apis/batch/v1/namespaces/{namespace}/jobs/{name}/status";

/// Every endpoint, in display order within its group.
pub const ENDPOINTS: &[Endpoint] = &[
    // Jobs — read
    ep(
        "jobs-read",
        Group::JobsRead,
        Method::Get,
        JOB,
        "Read a Job",
        "Returns one Job: its spec as stored (with defaults) and its current status.",
        READ,
        BodyKind::None,
        R_READ,
    ),
    Endpoint {
        fields: JOB_FIELDS,
        ..ep(
            "jobs-list",
            Group::JobsRead,
            Method::Get,
            JOBS,
            "List Jobs in a namespace",
            "Returns the Jobs of one namespace as a JobList, optionally filtered and paged.",
            LIST,
            BodyKind::None,
            R_LIST,
        )
    },
    Endpoint {
        fields: JOB_FIELDS,
        ..ep(
            "jobs-list-all",
            Group::JobsRead,
            Method::Get,
            "/apis/batch/v1/jobs",
            "List Jobs in all namespaces",
            "Returns the Jobs of every namespace in one JobList, ordered by namespace then name.",
            LIST,
            BodyKind::None,
            R_LIST,
        )
    },
    // Jobs — watch
    Endpoint {
        fields: JOB_FIELDS,
        preset: &[("watch", "true")],
        ..ep(
            "jobs-watch",
            Group::JobsWatch,
            Method::Get,
            JOBS,
            "Watch Jobs in a namespace",
            "The list path with watch=true: streams one event per change to the namespace's Jobs.",
            LIST,
            BodyKind::None,
            R_WATCH,
        )
    },
    Endpoint {
        fields: JOB_FIELDS,
        preset: &[("watch", "true")],
        ..ep(
            "jobs-watch-all",
            Group::JobsWatch,
            Method::Get,
            "/apis/batch/v1/jobs",
            "Watch Jobs in all namespaces",
            "The all-namespaces list path with watch=true: streams every change to every Job.",
            LIST,
            BodyKind::None,
            R_WATCH,
        )
    },
    Endpoint {
        fields: JOB_FIELDS,
        deprecated: true,
        ..ep(
            "jobs-watch-one-deprecated",
            Group::JobsWatch,
            Method::Get,
            "/apis/batch/v1/watch/namespaces/{namespace}/jobs/{name}",
            "Watch one Job (/watch/ path)",
            "Streams the changes to a single Job. Use the list path with watch=true and fieldSelector=metadata.name=… instead.",
            LIST,
            BodyKind::None,
            R_WATCH,
        )
    },
    Endpoint {
        fields: JOB_FIELDS,
        deprecated: true,
        ..ep(
            "jobs-watch-list-deprecated",
            Group::JobsWatch,
            Method::Get,
            "/apis/batch/v1/watch/namespaces/{namespace}/jobs",
            "Watch Jobs in a namespace (/watch/ path)",
            "Older form of the namespace watch; always streams. Use the list path with watch=true instead.",
            LIST,
            BodyKind::None,
            R_WATCH,
        )
    },
    Endpoint {
        fields: JOB_FIELDS,
        deprecated: true,
        ..ep(
            "jobs-watch-all-deprecated",
            Group::JobsWatch,
            Method::Get,
            "/apis/batch/v1/watch/jobs",
            "Watch Jobs in all namespaces (/watch/ path)",
            "Older form of the all-namespaces watch. Use /apis/batch/v1/jobs?watch=true instead.",
            LIST,
            BodyKind::None,
            R_WATCH,
        )
    },
    // Jobs — write
    ep(
        "jobs-create",
        Group::JobsWrite,
        Method::Post,
        JOBS,
        "Create a Job",
        "Stores a new Job; the server fills in defaults, a uid, labels and a pod selector, and the controller starts pods.",
        WRITE,
        BodyKind::Job,
        R_CREATE,
    ),
    ep(
        "jobs-replace",
        Group::JobsWrite,
        Method::Put,
        JOB,
        "Replace a Job",
        "Writes a whole Job over the stored one; a resourceVersion in the body makes it conditional (optimistic concurrency).",
        WRITE,
        BodyKind::Job,
        R_REPLACE,
    ),
    ep(
        "jobs-patch",
        Group::JobsWrite,
        Method::Patch,
        JOB,
        "Patch a Job",
        "Changes part of a Job; Content-Type picks JSON patch, merge patch, strategic merge patch or server-side apply.",
        PATCH,
        BodyKind::Patch,
        R_PATCH,
    ),
    ep(
        "jobs-delete",
        Group::JobsWrite,
        Method::Delete,
        JOB,
        "Delete a Job",
        "Deletes a Job; propagationPolicy decides whether its pods go too. Without one, Jobs keep their pods and you get a warning.",
        DELETE,
        BodyKind::DeleteOptions,
        R_DELETE,
    ),
    Endpoint {
        fields: JOB_FIELDS,
        ..ep(
            "jobs-delete-collection",
            Group::JobsWrite,
            Method::Delete,
            JOBS,
            "Delete a collection of Jobs",
            "Deletes every Job of a namespace that matches the selectors and returns them as they were.",
            DELETE_COLLECTION,
            BodyKind::DeleteOptions,
            R_DELETE_COLLECTION,
        )
    },
    // Jobs — status
    ep(
        "jobs-status-read",
        Group::JobsStatus,
        Method::Get,
        JOB_STATUS,
        "Read a Job's status",
        "Returns the whole Job, exactly as the main path does; the subresource matters for writes.",
        READ,
        BodyKind::None,
        R_READ,
    ),
    ep(
        "jobs-status-replace",
        Group::JobsStatus,
        Method::Put,
        JOB_STATUS,
        "Replace a Job's status",
        "Writes status (and metadata) only; any spec change in the body is ignored. This is how the controller reports progress.",
        WRITE,
        BodyKind::Job,
        R_STATUS_WRITE,
    ),
    ep(
        "jobs-status-patch",
        Group::JobsStatus,
        Method::Patch,
        JOB_STATUS,
        "Patch a Job's status",
        "Changes part of the status; spec in the patch is ignored.",
        PATCH,
        BodyKind::Patch,
        R_STATUS_WRITE,
    ),
    // Discovery
    ep(
        "version",
        Group::Discovery,
        Method::Get,
        "/version",
        "Server version",
        "Which Kubernetes version the server reports (kubectl version asks this).",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "api",
        Group::Discovery,
        Method::Get,
        "/api",
        "Core API versions",
        "The versions of the core group (only v1).",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "api-v1",
        Group::Discovery,
        Method::Get,
        "/api/v1",
        "Resources of core v1",
        "The core resources this server has (namespaces, pods, events) with their verbs.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "apis",
        Group::Discovery,
        Method::Get,
        "/apis",
        "API groups",
        "Every named API group and its versions; clients start here to find batch/v1.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "apis-batch",
        Group::Discovery,
        Method::Get,
        "/apis/batch",
        "The batch group",
        "The versions of the batch group and which one is preferred.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "apis-batch-v1",
        Group::Discovery,
        Method::Get,
        "/apis/batch/v1",
        "Resources of batch/v1",
        "The resources of batch/v1 (jobs, jobs/status) with the verbs each supports.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "openapi",
        Group::Discovery,
        Method::Get,
        "/openapi/v3",
        "OpenAPI index",
        "Where each group-version's OpenAPI v3 document lives, with a hash for caching.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    ep(
        "openapi-batch-v1",
        Group::Discovery,
        Method::Get,
        "/openapi/v3/apis/batch/v1",
        "OpenAPI of batch/v1",
        "The schema of every batch/v1 type and operation; kubectl explain reads it.",
        &[],
        BodyKind::None,
        R_DISCOVERY,
    ),
    // Namespaces
    Endpoint {
        fields: NAMESPACE_FIELDS,
        ..ep(
            "ns-list",
            Group::Namespaces,
            Method::Get,
            "/api/v1/namespaces",
            "List namespaces",
            "Every namespace; default, kube-system, kube-public and kube-node-lease always exist.",
            LIST,
            BodyKind::None,
            R_LIST,
        )
    },
    ep(
        "ns-create",
        Group::Namespaces,
        Method::Post,
        "/api/v1/namespaces",
        "Create a namespace",
        "Adds a namespace, so Jobs can be created in it.",
        WRITE,
        BodyKind::Namespace,
        R_CREATE,
    ),
    ep(
        "ns-read",
        Group::Namespaces,
        Method::Get,
        "/api/v1/namespaces/{name}",
        "Read a namespace",
        "Returns one namespace and its phase (Active or Terminating).",
        READ,
        BodyKind::None,
        R_READ,
    ),
    ep(
        "ns-delete",
        Group::Namespaces,
        Method::Delete,
        "/api/v1/namespaces/{name}",
        "Delete a namespace",
        "Deletes a namespace and everything in it, Jobs included.",
        DELETE,
        BodyKind::DeleteOptions,
        R_DELETE,
    ),
    // Pods and events
    Endpoint {
        fields: POD_FIELDS,
        ..ep(
            "pods-list",
            Group::Pods,
            Method::Get,
            "/api/v1/namespaces/{namespace}/pods",
            "List pods",
            "The pods of a namespace; labelSelector=job-name=<job> picks one Job's pods.",
            LIST,
            BodyKind::None,
            R_LIST,
        )
    },
    Endpoint {
        ..ep(
            "pods-read",
            Group::Pods,
            Method::Get,
            "/api/v1/namespaces/{namespace}/pods/{name}",
            "Read a pod",
            "One pod: its phase, conditions and container states.",
            READ,
            BodyKind::None,
            R_READ,
        )
    },
    Endpoint {
        fields: EVENT_FIELDS,
        ..ep(
            "events-list",
            Group::Pods,
            Method::Get,
            "/api/v1/namespaces/{namespace}/events",
            "List events",
            "What the controllers reported, e.g. SuccessfulCreate or BackoffLimitExceeded; filter with fieldSelector=involvedObject.name=<job>.",
            LIST,
            BodyKind::None,
            R_LIST,
        )
    },
];

/// Looks an endpoint up by id.
pub fn endpoint(id: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.id == id)
}

/// The endpoint shown when nothing else is chosen.
pub fn default_endpoint() -> &'static Endpoint {
    endpoint("jobs-create").unwrap_or(&ENDPOINTS[0])
}

/// Finds the endpoint a method and path belong to (used when a request is typed by hand or loaded from a link).
pub fn match_path(method: Method, path: &str) -> Option<(&'static Endpoint, Vec<(&'static str, String)>)> {
    let path = path.split('?').next().unwrap_or("");
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut fallback = None;
    for e in ENDPOINTS.iter().filter(|e| e.method == method) {
        let tpl: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
        if tpl.len() != segs.len() {
            continue;
        }
        let mut vars = Vec::new();
        let ok = tpl.iter().zip(&segs).all(|(t, s)| match *t {
            "{namespace}" => {
                vars.push(("namespace", decode_segment(s)));
                true
            }
            "{name}" => {
                vars.push(("name", decode_segment(s)));
                true
            }
            lit => lit == *s,
        });
        if ok {
            if e.preset.is_empty() {
                return Some((e, vars));
            }
            fallback.get_or_insert((e, vars));
        }
    }
    fallback
}

/// Percent-decodes one path segment.
fn decode_segment(s: &str) -> String {
    form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_param_is_declared_and_ids_are_unique() {
        for e in ENDPOINTS {
            for p in e.params {
                assert!(param(p).is_some(), "{} uses undeclared {p}", e.id);
            }
            assert_eq!(ENDPOINTS.iter().filter(|o| o.id == e.id).count(), 1, "{}", e.id);
        }
    }

    #[test]
    fn the_fourteen_job_endpoints_are_there() {
        let mut pairs: Vec<(Method, &str)> =
            ENDPOINTS.iter().filter(|e| e.path.starts_with("/apis/batch/v1/")).map(|e| (e.method, e.path)).collect();
        pairs.sort_by_key(|(m, p)| (m.as_str(), *p));
        pairs.dedup();
        assert_eq!(pairs.len(), 14);
        assert_eq!(ENDPOINTS.iter().filter(|e| e.deprecated).count(), 3);
    }

    #[test]
    fn paths_match_back_to_their_endpoint() {
        let (e, vars) = match_path(Method::Get, "/apis/batch/v1/namespaces/a/jobs/b/status").unwrap();
        assert_eq!(e.id, "jobs-status-read");
        assert_eq!(vars, vec![("namespace", "a".to_string()), ("name", "b".to_string())]);
        assert_eq!(match_path(Method::Get, "/apis/batch/v1/namespaces/a/jobs?watch=true").unwrap().0.id, "jobs-list");
        assert_eq!(
            match_path(Method::Delete, "/apis/batch/v1/namespaces/a/jobs").unwrap().0.id,
            "jobs-delete-collection"
        );
        assert!(match_path(Method::Post, "/nope").is_none());
        assert_eq!(default_endpoint().id, "jobs-create");
    }
}
