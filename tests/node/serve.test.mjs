// `jobsim serve` as a process: startup line, HTTP semantics at the transport (413, 401, chunked watches,
// disconnects), the clock, TLS and the kubeconfig, the playground, shutdown, flags.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { JOBS, NPM_DIR, job } from "./helpers.mjs";
import { BIN, splitLines, startServe, tempDir } from "./serve-helpers.mjs";

const UNAUTHORIZED =
  '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n';
const TOO_LARGE = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Request entity too large: limit is 3145728",
  reason: "RequestEntityTooLarge",
  code: 413,
};

/** One HTTP(S) request; `body` may be a string, a Buffer or an array of chunks (sent chunked). */
function call(base, p, { method = "GET", headers = {}, body, ca } = {}) {
  const url = new URL(p, base);
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, ca, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (Array.isArray(body)) {
      for (const c of body) req.write(c);
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** Opens a streaming GET and hands back its lines as they arrive. */
function stream(base, p, { headers = {}, ca } = {}) {
  const url = new URL(p, base);
  const mod = url.protocol === "https:" ? https : http;
  const lines = [];
  const waiters = [];
  let ended = false;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { headers, ca, agent: false }, (res) => {
      const split = splitLines((line) => lines.push(line));
      res.setEncoding("utf8");
      res.on("data", (d) => {
        split(d);
        for (const w of waiters.splice(0)) w();
      });
      res.on("end", () => {
        ended = true;
        for (const w of waiters.splice(0)) w();
      });
      res.on("error", () => {});
      resolve({
        res,
        lines,
        get ended() {
          return ended;
        },
        /** Resolves once `n` lines arrived (or the stream ended). */
        async waitLines(n, ms = 5000) {
          const until = Date.now() + ms;
          while (lines.length < n && !ended) {
            if (Date.now() > until) throw new Error(`only ${lines.length} lines after ${ms} ms: ${lines.join("\n")}`);
            await new Promise((r) => {
              waiters.push(r);
              setTimeout(r, 50);
            });
          }
          return lines.slice(0, n);
        },
        async waitEnd(ms = 5000) {
          const until = Date.now() + ms;
          while (!ended) {
            if (Date.now() > until) throw new Error(`stream still open after ${ms} ms`);
            await new Promise((r) => {
              waiters.push(r);
              setTimeout(r, 50);
            });
          }
        },
        close: () => req.destroy(),
      });
    });
    req.on("error", (e) => (ended ? undefined : reject(e)));
    req.end();
  });
}

const post = (base, name, extra = {}) =>
  call(base, JOBS, { method: "POST", headers: { "content-type": "application/json", ...extra }, body: JSON.stringify(job(name)) });

async function eventually(cond, ms = 5000, what = "condition") {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("jobsim serve (HTTP, virtual clock, token, --log)", () => {
  let s;
  const auth = { authorization: "Bearer tok-123" };
  before(async () => {
    s = await startServe(["--virtual-clock", "--token", "tok-123", "--log"]);
  });
  after(() => s?.stop());

  test("prints the URL with the real port and binds 127.0.0.1", async () => {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(s.url).port, "0");
    const v = await call(s.url, "/version", { headers: auth });
    assert.equal(v.status, 200);
    assert.equal(JSON.parse(v.body).major, "1");
  });

  test("a wrong or missing token is the apiserver's 401 (AUTH-01)", async () => {
    for (const headers of [{}, { authorization: "Bearer nope" }]) {
      const r = await call(s.url, JOBS, { headers });
      assert.equal(r.status, 401);
      assert.equal(r.body, UNAUTHORIZED);
      assert.equal(r.headers["www-authenticate"], undefined);
    }
    assert.equal((await call(s.url, JOBS, { headers: auth })).status, 200);
  });

  test("bodies over 3 MiB are refused with 413 without reading them whole (GEN-14)", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 10, 0x20);
    const declared = await call(s.url, JOBS, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: big });
    assert.equal(declared.status, 413);
    assert.deepEqual(JSON.parse(declared.body), TOO_LARGE);
    // Chunked, no Content-Length: the limit is found while reading.
    const chunks = Array.from({ length: 5 }, () => Buffer.alloc(1024 * 1024, 0x20));
    const chunked = await call(s.url, JOBS, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: chunks });
    assert.equal(chunked.status, 413);
    assert.deepEqual(JSON.parse(chunked.body), TOO_LARGE);
    assert.equal(chunked.headers.connection, "close");
    // Exactly at the limit the core reads the body (and finds it is not JSON).
    const limit = await call(s.url, JOBS, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: Buffer.alloc(3 * 1024 * 1024, 0x20) });
    assert.equal(limit.status, 400);
  });

  test("a watch streams chunked, each event sent when it happens (WAT-*)", async () => {
    const w = await stream(s.url, `${JOBS}?watch=1`, { headers: auth });
    assert.equal(w.res.statusCode, 200);
    assert.equal(w.res.headers["transfer-encoding"], "chunked");
    assert.equal(w.res.headers["content-type"], "application/json");
    assert.equal((await post(s.url, "stream-a", auth)).status, 201);
    const [first] = await w.waitLines(1);
    assert.deepEqual(
      [JSON.parse(first).type, JSON.parse(first).object.metadata.name],
      ["ADDED", "stream-a"],
    );
    assert.equal((await post(s.url, "stream-b", auth)).status, 201);
    const lines = await w.waitLines(2);
    assert.equal(JSON.parse(lines[1]).object.metadata.name, "stream-b");
    w.close();
  });

  test("concurrent clients are served while watches stay open, events in resourceVersion order", async () => {
    const w = await stream(s.url, `${JOBS}?watch=1&labelSelector=batch%3Dmany`, { headers: auth });
    const names = Array.from({ length: 20 }, (_, i) => `many-${i}`);
    const results = await Promise.all(
      names.map((n) => {
        const j = job(n);
        j.metadata.labels = { batch: "many" };
        return call(s.url, JOBS, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(j) });
      }),
    );
    assert.ok(results.every((r) => r.status === 201));
    const lines = (await w.waitLines(20)).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((e) => e.object.metadata.name).sort(), [...names].sort());
    const rvs = lines.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual(rvs, [...rvs].sort((a, b) => a - b));
    w.close();
  });

  test("a client that disconnects closes its watch", async () => {
    const w = await stream(s.url, `${JOBS}?watch=1&labelSelector=gone%3Dyes`, { headers: auth });
    w.close();
    // The log line of a watch is written when its stream ends.
    await eventually(() => s.stderr().includes(`GET ${JOBS}?watch=1&labelSelector=gone%3Dyes 200`), 5000, "the watch to end");
  });

  test("--virtual-clock: POST /jobsim/advance moves time; watch timeouts follow it", async () => {
    const w = await stream(s.url, `${JOBS}?watch=1&timeoutSeconds=30`, { headers: auth });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(w.ended, false, "the clock stands still");
    const denied = await call(s.url, "/jobsim/advance?ms=30000", { method: "POST" });
    assert.equal(denied.status, 401);
    const moved = await call(s.url, "/jobsim/advance?ms=30000", { method: "POST", headers: auth });
    assert.equal(moved.status, 200);
    assert.equal(JSON.parse(moved.body).now, "2026-01-01T00:00:30Z");
    await w.waitEnd();
    assert.equal((await call(s.url, "/jobsim/advance?ms=soon", { method: "POST", headers: auth })).status, 400);
  });

  test("a protobuf body gets a 415 that says what to do instead (GEN-07)", async () => {
    const r = await call(s.url, `${JOBS}?fieldManager=kubectl-create`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/vnd.kubernetes.protobuf", accept: "application/vnd.kubernetes.protobuf,application/json" },
      body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f]),
    });
    assert.equal(r.status, 415);
    const status = JSON.parse(r.body);
    assert.equal(status.reason, "UnsupportedMediaType");
    assert.match(status.message, /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/);
    assert.match(status.message, /--dry-run=client -o yaml \| kubectl create -f -/);
  });

  test("--log shows method, path, status and media types, never tokens or bodies", () => {
    const log = s.stderr();
    assert.match(log, /^POST \/apis\/batch\/v1\/namespaces\/default\/jobs 201 [\d.]+ms .*content-type="application\/json"/m);
    assert.match(log, /auth=Bearer/);
    assert.doesNotMatch(log, /tok-123/);
    assert.doesNotMatch(log, /busybox/);
  });
});

describe("jobsim serve (wall clock)", () => {
  let s;
  before(async () => {
    s = await startServe(["--speed", "1000"]);
  });
  after(() => s?.stop());

  test("the clock follows real time times --speed, so watch timeouts expire on their own", async () => {
    const started = Date.now();
    const w = await stream(s.url, `${JOBS}?watch=1&timeoutSeconds=5`);
    await w.waitEnd(5000);
    assert.ok(Date.now() - started < 4000, "5 s at speed 1000 take milliseconds");
    const created = JSON.parse((await post(s.url, "clock")).body);
    const age = Date.now() - Date.parse(created.metadata.creationTimestamp);
    assert.ok(age < -1000, `the simulated clock runs ahead of the wall clock (${age} ms)`);
  });
});

describe("jobsim serve --tls --kubeconfig", () => {
  let s;
  let tmp;
  let kubeconfig;
  before(async () => {
    tmp = tempDir("jobsim-serve-tls-");
    kubeconfig = path.join(tmp.dir, "sub", "kubeconfig");
    s = await startServe(["--tls", "--token", "first", "--token", "second", "--kubeconfig", kubeconfig]);
  });
  after(async () => {
    await s?.stop();
    tmp?.rm();
  });

  test("prints an https URL and where the kubeconfig went", () => {
    assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(s.stdout(), new RegExp(`kubeconfig written to ${kubeconfig.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  test("the kubeconfig names the server, its certificate, the first token and context jobsim/default", () => {
    const text = fs.readFileSync(kubeconfig, "utf8");
    assert.equal(fs.statSync(kubeconfig).mode & 0o777, 0o600);
    assert.match(text, new RegExp(`^    server: "${s.url}"$`, "m"));
    assert.match(text, /^    token: "first"$/m);
    assert.match(text, /^current-context: jobsim$/m);
    assert.match(text, /^    namespace: default$/m);
    const caData = /certificate-authority-data: (\S+)/.exec(text)[1];
    const cert = new X509Certificate(Buffer.from(caData, "base64").toString("utf8"));
    assert.equal(cert.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(cert.checkHost("localhost"), "localhost");
    assert.ok(cert.verify(cert.publicKey), "self-signed");
    assert.ok(new Date(cert.validTo) > new Date(Date.now() + 300 * 86400_000));
  });

  test("HTTPS verifies against the kubeconfig's CA; every --token is accepted", async () => {
    const text = fs.readFileSync(kubeconfig, "utf8");
    const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)[1], "base64").toString("utf8");
    for (const token of ["first", "second"]) {
      const r = await call(s.url, JOBS, { ca, headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200);
    }
    await assert.rejects(call(s.url, JOBS), /self.signed|unable to verify|certificate/i);
  });
});

describe("jobsim serve --playground", () => {
  let s;
  before(async () => {
    s = await startServe(["--playground"]);
  });
  after(() => s?.stop());

  test("serves the playground at / and the API at its paths, on one origin", async () => {
    const index = await call(s.url, "/");
    assert.equal(index.status, 200);
    assert.match(index.headers["content-type"], /^text\/html/);
    assert.match(index.body, /<html/i);
    const apis = await call(s.url, "/apis");
    assert.equal(JSON.parse(apis.body).kind, "APIGroupList");
    assert.equal((await call(s.url, "/apis/batch/v1/nothing-here")).status, 404);
    assert.equal((await call(s.url, "/no-such-file.js")).status, 404);
    // Nothing outside the playground folder (the package's own files sit next to it).
    assert.equal((await call(s.url, "/..%2Fpackage.json")).status, 404);
    assert.equal((await call(s.url, "/..%2F..%2Fpackage.json")).status, 404);
  });
});

test("from code: startServer() from 'jobsim/serve' serves and closes", async () => {
  const { startServer } = await import(path.join(NPM_DIR, "lib", "serve.mjs"));
  const server = await startServer({ port: 0, virtualClock: true });
  try {
    assert.equal((await post(server.url, "in-process")).status, 201);
    const direct = server.api.request({ path: `${JOBS}/in-process` });
    assert.equal(direct.status, 200);
    const w = await stream(server.url, `${JOBS}?watch=1`);
    const closed = server.close();
    await w.waitEnd();
    await closed;
  } finally {
    await server.close();
  }
});

test("SIGTERM ends open watches and exits 0", async () => {
  const s = await startServe([]);
  const w = await stream(s.url, `${JOBS}?watch=1`);
  const code = await s.stop();
  assert.equal(code, 0);
  await w.waitEnd();
});

test("flag mistakes exit 2 with the usage; --help prints it", () => {
  const run = (...args) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: "pipe" }) };
    } catch (e) {
      return { code: e.status, out: e.stderr };
    }
  };
  assert.match(run("serve", "--help").out, /usage: jobsim serve/);
  for (const args of [["serve", "--port", "x"], ["serve", "--bogus"], ["serve", "--cert", "c.pem"], ["nope"], ["serve", "--virtual-clock", "--speed", "2"]]) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(" "));
    assert.match(r.out, /^jobsim: .*\n\nusage: jobsim serve/, args.join(" "));
  }
});
