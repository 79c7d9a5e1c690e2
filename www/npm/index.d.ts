// Types of the `jobsim` package: the JobApi class, its requests and responses, and the Kubernetes
// objects it answers with (batch/v1 Job, core/v1 Namespace, meta/v1 Status, Table, lists, events).

// ---------------------------------------------------------------------------------------------
// The API

/** Options of `new JobApi(options)`. */
export interface JobApiOptions {
  /** Bearer tokens accepted; empty (the default) lets anonymous requests in. */
  tokens?: string[];
  /** Create a namespace on first use instead of answering 404. */
  autoCreateNamespaces?: boolean;
  /** Seed of every random choice (uids, generated names, simulated outcomes); runs replay exactly. */
  seed?: number;
  /** Start of the virtual clock, in milliseconds since the Unix epoch (default 2026-01-01T00:00:00Z). */
  startTime?: number;
}

/** An HTTP method the API serves (any other answers 405). */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** An HTTP request to the API. */
export interface ApiRequest {
  /** Default `GET`. */
  method?: HttpMethod | (string & {});
  /** The path with its query string, e.g. `/apis/batch/v1/namespaces/default/jobs?labelSelector=app%3Dx`. */
  path: string;
  /**
   * Request headers, e.g. `content-type` (JSON by default; `application/yaml`; for PATCH
   * `application/merge-patch+json`, `application/json-patch+json`, `application/strategic-merge-patch+json`,
   * `application/apply-patch+yaml`), `accept` (`application/json;as=Table;g=meta.k8s.io;v=v1` for tables),
   * `authorization` (`Bearer <token>`), `user-agent` (names the default field manager).
   */
  headers?: Record<string, string>;
  /** JSON or YAML text. */
  body?: string;
}

/** An HTTP response. Header names are lower-case; repeated headers are joined with ", ". */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON (or YAML when asked for) text: the object, a list, a Table or a Status. */
  body: string;
}

/** The type of a watch event. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/**
 * One event of a watch stream: the object for ADDED/MODIFIED/DELETED (a Table or a
 * PartialObjectMetadata when asked for through `accept`), an object carrying only
 * `metadata.resourceVersion` (and the `k8s.io/initial-events-end` annotation) for BOOKMARK, a
 * Status for ERROR (e.g. 410 Expired).
 */
export type WatchEvent<T = Job> =
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: T }
  | { type: "BOOKMARK"; object: Bookmark }
  | { type: "ERROR"; object: Status };

/** The object of a BOOKMARK event. */
export interface Bookmark {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
}

/** An open watch. Events arrive after the call that caused them has returned. */
export interface Watch<T = Job> extends AsyncIterable<WatchEvent<T>> {
  /** 200, or the refusal's code. */
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The Status when the watch was refused (then `status` is its code). */
  readonly error?: Status;
  /** True once the watch ended (closed, timed out, refused) and every event was drained. */
  readonly done: boolean;
  /** The events queued so far, removed from the queue. */
  drain(): WatchEvent<T>[];
  /** The events queued so far as JSON text (one event per string, no newline), removed from the queue. */
  drainText(): string[];
  /** Ends the watch; events already queued stay drainable. Breaking out of `for await` closes it too. */
  close(): void;
}

/** The Kubernetes batch/v1 Job API, in process: every call is answered synchronously by the core. */
export declare class JobApi {
  constructor(options?: JobApiOptions);
  /** Sends one request. API errors are responses with a Status body; only malformed calls throw. */
  request(req: ApiRequest): ApiResponse;
  /**
   * Opens a watch (`?watch=true` on a collection, or a `/watch/` path). The type parameter only
   * names what the events carry (a Job unless the request asks for a Table, metadata or Namespaces).
   */
  watch<T = Job>(req: ApiRequest): Watch<T>;
  /**
   * WHATWG `fetch` against this API, in process, for code that takes a fetch function. A string
   * may be a bare path (resolved against `http://localhost`); only the path and query are used.
   * A watch answers at once with a streaming body of newline-delimited events that ends with the
   * watch; cancelling the body (or aborting the request's signal) closes the watch.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** The whole state (objects, resourceVersion counter, clock) as a JSON string. */
  snapshot(): string;
  /** A JobApi restored from `snapshot()`'s text; throws on a corrupted or truncated snapshot. */
  static restore(snapshot: string, options?: JobApiOptions): JobApi;
  /** Advances the virtual clock by `ms` milliseconds: watch timeouts and the Job controller move with it. */
  advance(ms: number): void;
  /** The virtual clock, in milliseconds since the Unix epoch. */
  now(): number;
}

export default JobApi;

// ---------------------------------------------------------------------------------------------
// meta/v1

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata?: ObjectMeta;
}

/** Standard object metadata. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  selfLink?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /** RFC 3339, seconds precision, UTC (`2026-01-01T00:00:00Z`). */
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Which manager owns which fields (server-side apply). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: "Apply" | "Update";
  apiVersion?: string;
  time?: string;
  fieldsType?: "FieldsV1";
  /** The owned fields as a nested set (`{"f:spec":{"f:parallelism":{}}}`). */
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Metadata of a list. */
export interface ListMeta {
  selfLink?: string;
  resourceVersion?: string;
  /** Pass as `continue` to get the next page. */
  continue?: string;
  remainingItemCount?: number;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/** The body of every error response (and of some successful deletes). */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: ListMeta;
  status?: "Success" | "Failure";
  message?: string;
  /** e.g. NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Unauthorized, Expired, Gone. */
  reason?: StatusReason;
  details?: StatusDetails;
  /** The HTTP status code. */
  code?: number;
}

export type StatusReason =
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Invalid"
  | "ServerTimeout"
  | "Timeout"
  | "TooManyRequests"
  | "BadRequest"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "InternalError"
  | "Expired"
  | "ServiceUnavailable"
  | ""
  | (string & {});

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusCause {
  /** e.g. FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate. */
  reason?: string;
  message?: string;
  /** e.g. `spec.template.spec.restartPolicy`. */
  field?: string;
}

/** Server-side table output (`accept: application/json;as=Table;g=meta.k8s.io;v=v1`). */
export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date" | (string & {});
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  /** One cell per column: strings, numbers, booleans (or null). */
  cells: (string | number | boolean | null)[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  /** The object as asked for by `includeObject` (None → absent, Metadata → PartialObjectMetadata, Object). */
  object?: PartialObjectMetadata | Job | Namespace;
}

/** An object reduced to its metadata (`as=PartialObjectMetadata`). */
export interface PartialObjectMetadata {
  kind: "PartialObjectMetadata";
  apiVersion: "meta.k8s.io/v1";
  metadata: ObjectMeta;
}

export interface PartialObjectMetadataList {
  kind: "PartialObjectMetadataList";
  apiVersion: "meta.k8s.io/v1";
  metadata: ListMeta;
  items: PartialObjectMetadata[];
}

/** The body of a DELETE (optional). */
export interface DeleteOptions {
  kind?: "DeleteOptions";
  apiVersion?: "v1" | "meta.k8s.io/v1";
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  dryRun?: "All"[];
}

// ---------------------------------------------------------------------------------------------
// batch/v1

/** A batch/v1 Job. */
export interface Job {
  kind?: "Job";
  apiVersion?: "batch/v1";
  metadata?: ObjectMeta;
  spec?: JobSpec;
  status?: JobStatus;
}

export interface JobList {
  kind: "JobList";
  apiVersion: "batch/v1";
  metadata: ListMeta;
  items: Job[];
}

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  podFailurePolicy?: PodFailurePolicy;
  successPolicy?: SuccessPolicy;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  selector?: LabelSelector;
  manualSelector?: boolean;
  template: PodTemplateSpec;
  ttlSecondsAfterFinished?: number;
  completionMode?: "NonIndexed" | "Indexed";
  suspend?: boolean;
  podReplacementPolicy?: "TerminatingOrFailed" | "Failed";
  managedBy?: string;
}

export interface PodFailurePolicy {
  rules: PodFailurePolicyRule[];
}

export interface PodFailurePolicyRule {
  action: "FailJob" | "FailIndex" | "Ignore" | "Count";
  onExitCodes?: { containerName?: string; operator: "In" | "NotIn"; values: number[] };
  onPodConditions?: { type: string; status?: "True" | "False" | "Unknown" }[];
}

export interface SuccessPolicy {
  rules: { succeededIndexes?: string; succeededCount?: number }[];
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  ready?: number;
}

export interface JobCondition {
  type: "Complete" | "Failed" | "Suspended" | "FailureTarget" | "SuccessCriteriaMet" | (string & {});
  status: "True" | "False" | "Unknown";
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  reason?: string;
  message?: string;
}

// ---------------------------------------------------------------------------------------------
// core/v1 (what a Job embeds, and Namespace)

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/** The pod spec of a Job's template; the commonly used fields are typed, the rest pass through. */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: "Never" | "OnFailure" | "Always";
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  hostname?: string;
  subdomain?: string;
  schedulerName?: string;
  priorityClassName?: string;
  securityContext?: Record<string, unknown>;
  affinity?: Record<string, unknown>;
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
  volumes?: ({ name: string } & Record<string, unknown>)[];
  imagePullSecrets?: { name: string }[];
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  envFrom?: Record<string, unknown>[];
  ports?: { name?: string; containerPort: number; protocol?: "TCP" | "UDP" | "SCTP"; hostPort?: number }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  imagePullPolicy?: "Always" | "Never" | "IfNotPresent";
  terminationMessagePath?: string;
  terminationMessagePolicy?: "File" | "FallbackToLogsOnError";
  securityContext?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A core/v1 Namespace. */
export interface Namespace {
  kind?: "Namespace";
  apiVersion?: "v1";
  metadata?: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: "Active" | "Terminating" };
}

export interface NamespaceList {
  kind: "NamespaceList";
  apiVersion: "v1";
  metadata: ListMeta;
  items: Namespace[];
}

// ---------------------------------------------------------------------------------------------
// discovery

/** `GET /apis/batch/v1`, `GET /api/v1`. */
export interface APIResourceList {
  kind: "APIResourceList";
  apiVersion?: "v1";
  groupVersion: string;
  resources: {
    name: string;
    singularName: string;
    namespaced: boolean;
    kind: string;
    verbs: string[];
    shortNames?: string[];
    categories?: string[];
    storageVersionHash?: string;
  }[];
}

/** `GET /version`. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}
