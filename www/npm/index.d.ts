/** Options of `new JobApi(options)`. */
export interface JobApiOptions {
  /** Bearer tokens accepted; empty (the default) lets anonymous requests in. */
  tokens?: string[];
  /** Create a namespace on first use instead of answering 404. */
  autoCreateNamespaces?: boolean;
  /** Seed of every random choice (uids, generated names). */
  seed?: number;
  /** Start of the virtual clock, in milliseconds since the Unix epoch. */
  startTime?: number;
}

/** An HTTP request to the API. `path` includes the query string. */
export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | (string & {});
  path: string;
  headers?: Record<string, string>;
  /** JSON or YAML text. */
  body?: string;
}

/** An HTTP response. Header names are lower-case; repeated headers are joined with ", ". */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One event of a watch stream. */
export interface WatchEvent<T = KubeObject> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  /** The object (a Status for ERROR, a Table row for Table watches). */
  object: T;
}

/** A Kubernetes object as JSON: kind, apiVersion, metadata and the rest. */
export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A Kubernetes Status (every error body). */
export interface Status extends KubeObject {
  kind: "Status";
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

/** An open watch. Events arrive after the call that caused them has returned. */
export interface Watch extends AsyncIterable<WatchEvent> {
  status: number;
  headers: Record<string, string>;
  /** The Status when the watch was refused (then `status` is its code). */
  error?: Status;
  /** True once the watch ended and every event was drained. */
  readonly done: boolean;
  /** The events queued so far, removed from the queue. */
  drain(): WatchEvent[];
  /** Ends the watch. */
  close(): void;
}

/** The Kubernetes batch/v1 Job API, in process. */
export declare class JobApi {
  constructor(options?: JobApiOptions);
  /** Sends one request. API errors are responses with a Status body; only malformed calls throw. */
  request(req: ApiRequest): ApiResponse;
  /** Opens a watch (`?watch=true` or a `/watch/` path). */
  watch(req: ApiRequest): Watch;
  /** The whole state (objects, resourceVersion counter, clock) as a JSON string. */
  snapshot(): string;
  /** A JobApi restored from `snapshot()`'s text; throws on a corrupted or truncated snapshot. */
  static restore(snapshot: string, options?: JobApiOptions): JobApi;
  /** Advances the virtual clock. */
  advance(ms: number): void;
  /** The virtual clock, in milliseconds since the Unix epoch. */
  now(): number;
}

export default JobApi;
