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

/** The Kubernetes batch/v1 Job API, in process. */
export declare class JobApi {
  constructor(options?: JobApiOptions);
  /** Sends one request. API errors are responses with a Status body; only malformed calls throw. */
  request(req: ApiRequest): ApiResponse;
  /** Advances the virtual clock. */
  advance(ms: number): void;
  /** The virtual clock, in milliseconds since the Unix epoch. */
  now(): number;
}

export default JobApi;
