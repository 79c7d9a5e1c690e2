// `jobsim serve`: the in-process API behind a Node http/https server, for kubectl and other clients.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import crypto from "node:crypto";
import { JobApi } from "../index.mjs";
import { MAX_BODY, isWatchRequest, oversized, splitWarnings } from "../api.mjs";
import { selfSignedCertificate } from "./tls.mjs";
import { writeKubeconfig } from "./kubeconfig.mjs";
import { findPlayground, isApiPath, serveFile } from "./static.mjs";
import { SERVE_DEFAULTS } from "./args.mjs";

const TICK_MS = 100;
const UNAUTHORIZED =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n';

/**
 * Starts a server. Every option is optional; the defaults are those of `jobsim serve`.
 * @param {Partial<import("./args.mjs").ServeOptions> & { logger?: (line: string) => void }} [options]
 */
export async function startServer(options = {}) {
  const o = { ...SERVE_DEFAULTS, ...options };
  const log = o.logger ?? (o.log ? (line) => process.stderr.write(line + "\n") : undefined);
  const wallClock = !o.virtualClock;
  const api = new JobApi({
    tokens: o.tokens,
    autoCreateNamespaces: o.autoCreateNamespaces,
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(wallClock ? { startTime: Date.now() } : {}),
  });

  let playgroundDir;
  if (o.playground) {
    playgroundDir = typeof o.playground === "string" ? o.playground : findPlayground();
    if (!playgroundDir) throw new Error("--playground: the built playground is not in this package (playground/)");
  }

  let tls;
  if (o.cert !== undefined || o.key !== undefined) {
    tls = { cert: fs.readFileSync(o.cert, "utf8"), key: fs.readFileSync(o.key, "utf8") };
  } else if (o.tls) {
    tls = selfSignedCertificate({ hosts: ["localhost", "127.0.0.1", "::1", o.host] });
  }

  const streams = new Streams();
  const handler = (req, res) => handle(req, res);
  const server = tls ? https.createServer({ ...tls, noDelay: true }, handler) : http.createServer({ noDelay: true }, handler);

  function handle(req, res) {
    const started = performance.now();
    const target = req.url.startsWith("/") ? req.url : safePath(req.url);
    const pathname = target.split("?")[0];
    const done = (status) => {
      if (!log) return;
      const ms = (performance.now() - started).toFixed(1);
      log(`${req.method} ${target} ${status} ${ms}ms${describe(req)}`);
    };
    if (playgroundDir && !isApiPath(pathname)) return done(serveFile(playgroundDir, req, res, pathname));
    if (pathname === "/jobsim/advance") return done(advanceEndpoint(req, res, target));

    readBody(req, (body, tooLarge) => {
      try {
        answer(body, tooLarge);
      } catch (e) {
        // A bug, not an API error: say so as a Status and keep serving.
        const message = `jobsim: ${e?.message ?? e}`;
        const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "InternalError", code: 500 };
        if (!res.headersSent) done(send(res, 500, { "content-type": "application/json" }, JSON.stringify(status) + "\n"));
        else res.destroy();
      }
    });

    function answer(body, tooLarge) {
      const request = { method: req.method, path: target, headers: requestHeaders(req) };
      if (tooLarge) request.body = oversized();
      else if (body.length > 0) request.body = new TextDecoder().decode(body);
      if (isWatchRequest(req.method, target)) {
        const w = api.watch(request);
        if (w._body !== undefined) return done(send(res, w.status, w.headers, w._body, tooLarge));
        res.writeHead(w.status, responseHeaders(w.headers));
        res.flushHeaders();
        streams.add(w, res, () => done(w.status));
        streams.pumpSoon();
        return;
      }
      const reply = api.request(request);
      streams.pumpSoon();
      const text = reply.status === 415 ? explainProtobuf(request, reply.body) : reply.body;
      done(send(res, reply.status, reply.headers, req.method === "HEAD" ? "" : text, tooLarge));
    }
  }

  // POST /jobsim/advance?ms=N: moves the clock forward (the only way it moves with --virtual-clock).
  function advanceEndpoint(req, res, target) {
    req.resume();
    if (o.tokens.length > 0 && !authorized(req.headers.authorization, o.tokens)) {
      return send(res, 401, { "content-type": "application/json" }, UNAUTHORIZED);
    }
    if (req.method !== "POST") return send(res, 405, { "content-type": "text/plain" }, "use POST\n");
    const ms = new URLSearchParams(target.split("?")[1] ?? "").get("ms");
    if (ms === null || !/^\d+$/.test(ms)) {
      return send(res, 400, { "content-type": "text/plain" }, "ms must be a whole number of milliseconds\n");
    }
    api.advance(Number(ms));
    streams.pumpSoon();
    const now = new Date(api.now()).toISOString().replace(/\.\d+Z$/, "Z");
    return send(res, 200, { "content-type": "application/json" }, JSON.stringify({ now }) + "\n");
  }

  // The wall clock: the core's clock follows real time (times --speed).
  let timer;
  if (wallClock) {
    const t0 = performance.now();
    let advanced = 0;
    timer = setInterval(() => {
      const due = Math.floor((performance.now() - t0) * o.speed);
      if (due > advanced) {
        api.advance(due - advanced);
        advanced = due;
        streams.pump();
      }
    }, TICK_MS);
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = server.address().port;
  const scheme = tls ? "https" : "http";
  const url = `${scheme}://${hostForUrl(o.host)}:${port}`;
  const clientHost = o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host;
  let kubeconfigPath;
  if (o.kubeconfig) {
    kubeconfigPath = writeKubeconfig(o.kubeconfig, {
      server: `${scheme}://${hostForUrl(clientHost)}:${port}`,
      caPem: tls?.cert,
      // Without tokens any bearer token is accepted; one is written anyway, or kubectl prompts for a password.
      token: o.tokens[0] ?? "jobsim-anonymous",
    });
  }

  let closing;
  return {
    /** The base URL, e.g. `http://127.0.0.1:8080`. */
    url,
    port,
    /** The absolute path of the kubeconfig written, if any. */
    kubeconfig: kubeconfigPath,
    /** The PEM certificate served (with --tls or --cert). */
    certificate: tls?.cert,
    api,
    server,
    /** Stops the clock, ends every watch stream and closes every connection. */
    close() {
      closing ??= new Promise((resolve) => {
        clearInterval(timer);
        streams.endAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The open watch streams: each gets what its watch queued, promptly, and ends with it. */
class Streams {
  #open = new Set();
  #scheduled = false;

  add(watch, res, onEnd) {
    const entry = { watch, res, onEnd };
    this.#open.add(entry);
    res.on("close", () => this.#end(entry));
  }

  /** Pumps once the current call has returned. */
  pumpSoon() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.pump();
    });
  }

  /** Writes every queued event; ends the streams whose watch ended. */
  pump() {
    for (const entry of this.#open) {
      const lines = entry.watch.drainText();
      if (lines.length > 0) entry.res.write(lines.join("\n") + "\n");
      if (entry.watch.done) this.#end(entry);
    }
  }

  endAll() {
    for (const entry of this.#open) this.#end(entry);
  }

  #end(entry) {
    if (!this.#open.delete(entry)) return;
    entry.watch.close();
    if (!entry.res.writableEnded) entry.res.end();
    entry.onEnd();
  }
}

/**
 * Reads a request body of at most MAX_BODY bytes. Past that it stops collecting (the rest is
 * discarded) and reports `tooLarge`, so the core answers 413 (GEN-14).
 */
function readBody(req, cb) {
  const declared = Number(req.headers["content-length"]);
  if (declared > MAX_BODY) {
    req.resume();
    return cb(new Uint8Array(0), true);
  }
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > MAX_BODY) {
      tooLarge = true;
      chunks.length = 0;
      cb(new Uint8Array(0), true);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (!tooLarge) cb(Buffer.concat(chunks), false);
  });
  req.on("error", () => {});
}

const PROTOBUF_HINT =
  "; jobsim reads JSON and YAML bodies, not the protobuf that 'kubectl create job' sends: use" +
  " 'kubectl create job NAME --image=IMAGE --dry-run=client -o yaml | kubectl create -f -' or 'kubectl apply -f FILE'";

/** A 415 for a protobuf body says what to do instead (kubectl prints only the message). */
function explainProtobuf(request, body) {
  if (!/^application\/vnd\.kubernetes\.protobuf/i.test(request.headers["content-type"] ?? "")) return body;
  try {
    const status = JSON.parse(body);
    if (status.kind !== "Status" || typeof status.message !== "string") return body;
    status.message += PROTOBUF_HINT;
    return body.endsWith("\n") ? JSON.stringify(status) + "\n" : JSON.stringify(status, null, 2);
  } catch {
    return body;
  }
}

/** Sends a whole response; after an oversized body the connection is closed. */
function send(res, status, headers, body, closeConnection = false) {
  const h = { ...responseHeaders(headers), "content-length": Buffer.byteLength(body) };
  if (closeConnection) h.connection = "close";
  res.writeHead(status, h);
  res.end(body);
  return status;
}

/** The core's headers for Node: one `Warning` header line per warning, as kube-apiserver sends them (GEN-10). */
function responseHeaders(headers) {
  const out = { ...headers };
  if (out.warning !== undefined) out.warning = splitWarnings(out.warning);
  return out;
}

/** The request headers as the core takes them: lower-case names, repeated values joined. */
function requestHeaders(req) {
  const out = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function authorized(header, tokens) {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7).trim() : "");
  return tokens.some((t) => {
    const want = Buffer.from(t);
    return want.length === given.length && crypto.timingSafeEqual(want, given);
  });
}

// What --log shows of a request besides method, path and status: never tokens or bodies.
function describe(req) {
  const parts = [];
  for (const name of ["accept", "content-type", "user-agent"]) {
    if (req.headers[name]) parts.push(`${name}=${JSON.stringify(req.headers[name])}`);
  }
  if (req.headers.authorization) parts.push(`auth=${req.headers.authorization.split(" ")[0]}`);
  return parts.length ? " " + parts.join(" ") : "";
}

function safePath(raw) {
  try {
    const u = new URL(raw);
    return u.pathname + u.search;
  } catch {
    return "/";
  }
}

function hostForUrl(host) {
  return host.includes(":") ? `[${host}]` : host;
}
