// Types of `jobsim/serve`: the server behind `jobsim serve`, started from code (Node only).
import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { JobApi } from "./index.js";

/** Options of `startServer`; each has the default of the matching `jobsim serve` flag. */
export interface ServeOptions {
  /** Address to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 8080; 0 picks a free one, see `RunningServer.port`). */
  port?: number;
  /** Bearer tokens accepted; none lets anonymous requests in. */
  tokens?: string[];
  /** HTTPS with a self-signed certificate made at start (SAN: localhost, 127.0.0.1, ::1 and `host`). */
  tls?: boolean;
  /** HTTPS with this PEM certificate file (with `key`). */
  cert?: string;
  /** The PEM private key file of `cert`. */
  key?: string;
  /** Write a kubeconfig for this server to this file. */
  kubeconfig?: string;
  /** Create a namespace on first use instead of answering 404. */
  autoCreateNamespaces?: boolean;
  /** Seed of uids, generated names and simulated outcomes. */
  seed?: number;
  /** How fast the clock runs against the wall clock (default 1). */
  speed?: number;
  /** The clock moves only with `POST /jobsim/advance?ms=N` (or `api.advance`). */
  virtualClock?: boolean;
  /** Serve the playground at `/` (true: the one in this package; a string: that folder). */
  playground?: boolean | string;
  /** Log each request to stderr (method, path, status, media types; never tokens or bodies). */
  log?: boolean;
  /** Where log lines go instead of stderr (implies logging). */
  logger?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:8080` (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The absolute path of the kubeconfig written, if asked for. */
  readonly kubeconfig?: string;
  /** The PEM certificate served over HTTPS (trust it to connect). */
  readonly certificate?: string;
  /** The API the server answers from: requests, `advance()` and `snapshot()` work on it directly. */
  readonly api: JobApi;
  readonly server: HttpServer | HttpsServer;
  /** Stops the clock, ends every watch stream and closes every connection. */
  close(): Promise<void>;
}

/** Starts the HTTP(S) server; resolves once it listens. */
export declare function startServer(options?: ServeOptions): Promise<RunningServer>;
