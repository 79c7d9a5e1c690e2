// `jobsim serve` under load: many concurrent clients writing while many watches stay open. Every
// watcher must see each of its events exactly once, in resourceVersion order, and the server must
// survive the run (still answering, no panic, clean exit on SIGTERM).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { JOBS, job } from "./helpers.mjs";
import { splitLines, startServe } from "./serve-helpers.mjs";

const CLIENTS = 50;
const JOBS_PER_CLIENT = 4;
const ALL_WATCHERS = 5; // watchers of every Job in the namespace, no label selector
const EVENTS_PER_CLIENT = JOBS_PER_CLIENT * 3; // ADDED, MODIFIED, DELETED per Job
const TOTAL_EVENTS = CLIENTS * EVENTS_PER_CLIENT;
const WAIT_MS = 15_000;

const TOKEN = "t";
const AUTH = { authorization: `Bearer ${TOKEN}` };

describe("jobsim serve under 50 concurrent clients with open watches", () => {
  let s;
  // Enough sockets for every open watch plus one request in flight per client, with room to spare.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + ALL_WATCHERS + CLIENTS + 20 });
  const watches = [];
  before(async () => {
    s = await startServe(["--virtual-clock", "--token", TOKEN]);
  });
  after(async () => {
    for (const w of watches) w.close();
    agent.destroy();
    await s?.stop();
  });

  /** One request over the shared keep-alive agent; resolves with status and parsed body. */
  function call(p, { method = "GET", headers = {}, body } = {}) {
    // Node's client sends a DELETE body without Content-Length (nor chunked) unless told its length.
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = http.request(new URL(p, s.url), { method, headers: { ...AUTH, ...length, ...headers }, agent }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, text, json });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Opens a watch over the agent; resolves once its headers arrived (the watch is open in the core). */
  function openWatch(p) {
    return new Promise((resolve, reject) => {
      const events = [];
      const bad = [];
      let ended = false;
      const req = http.request(new URL(p, s.url), { headers: AUTH, agent }, (res) => {
        res.setEncoding("utf8");
        res.on(
          "data",
          splitLines((line) => {
            try {
              events.push(JSON.parse(line));
            } catch {
              bad.push(line);
            }
          }),
        );
        res.on("end", () => (ended = true));
        res.on("error", () => {});
        const w = {
          path: p,
          status: res.statusCode,
          events,
          bad,
          get ended() {
            return ended;
          },
          close: () => req.destroy(),
        };
        watches.push(w);
        resolve(w);
      });
      req.on("error", (e) => (ended ? undefined : reject(e)));
      req.end();
    });
  }

  async function eventually(cond, what, ms = WAIT_MS) {
    const until = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const rv = (ev) => Number(ev.object.metadata.resourceVersion);
  const describeEvent = (ev) => `${ev.type} ${ev.object?.metadata?.name}@${ev.object?.metadata?.resourceVersion}`;

  /** Asserts resourceVersions strictly increase along `events`. */
  function assertStrictlyIncreasing(events, who) {
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        rv(events[i]) > rv(events[i - 1]),
        `${who}: event ${i} (${describeEvent(events[i])}) is not after event ${i - 1} (${describeEvent(events[i - 1])})`,
      );
    }
  }

  /** Create, merge-patch and delete JOBS_PER_CLIENT Jobs labelled client=c<i>, one request at a time. */
  async function runClient(i) {
    const client = `c${i}`;
    const names = Array.from({ length: JOBS_PER_CLIENT }, (_, k) => `load-${client}-${k}`);
    const steps = []; // { op, name, status, rv } in the order the client sent them
    for (const name of names) {
      const body = job(name);
      body.metadata.labels = { client };
      const r = await call(JOBS, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      steps.push({ op: "ADDED", name, status: r.status, rv: r.json?.metadata?.resourceVersion, text: r.text });
    }
    for (const name of names) {
      const r = await call(`${JOBS}/${name}`, {
        method: "PATCH",
        headers: { "content-type": "application/merge-patch+json" },
        body: JSON.stringify({ metadata: { annotations: { "jobsim.test/touched-by": client } } }),
      });
      steps.push({ op: "MODIFIED", name, status: r.status, rv: r.json?.metadata?.resourceVersion, text: r.text });
    }
    for (const name of names) {
      // Background: the Job goes at once (the default for batch/v1 is to orphan, through a finalizer).
      const r = await call(`${JOBS}/${name}`, {
        method: "DELETE",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ propagationPolicy: "Background" }),
      });
      steps.push({ op: "DELETED", name, status: r.status, rv: undefined, text: r.text });
    }
    return { client, names, steps };
  }

  test("every write succeeds and every watcher sees each of its events once, in resourceVersion order", { timeout: 60_000 }, async () => {
    // A missing token is still refused while the server is busy with nothing else.
    assert.equal((await call(JOBS, { headers: { authorization: "Bearer wrong" } })).status, 401);

    const perClient = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => openWatch(`${JOBS}?watch=1&labelSelector=client%3Dc${i}`)),
    );
    const allJobs = await Promise.all(Array.from({ length: ALL_WATCHERS }, () => openWatch(`${JOBS}?watch=1`)));
    for (const w of [...perClient, ...allJobs]) assert.equal(w.status, 200, w.path);

    const runs = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => runClient(i)));

    // Every request got the status of its kind.
    const expected = { ADDED: 201, MODIFIED: 200, DELETED: 200 };
    for (const { client, steps } of runs) {
      assert.equal(steps.length, EVENTS_PER_CLIENT, client);
      for (const st of steps) assert.equal(st.status, expected[st.op], `${client}: ${st.op} ${st.name}: ${st.text}`);
    }

    await eventually(
      () => perClient.every((w) => w.events.length >= EVENTS_PER_CLIENT) && allJobs.every((w) => w.events.length >= TOTAL_EVENTS),
      `every event to arrive (per client: ${perClient.map((w) => w.events.length).join(",")}; all: ${allJobs.map((w) => w.events.length).join(",")})`,
    );
    // Anything duplicated or extra would trail the last expected event: give it a moment to show.
    await new Promise((r) => setTimeout(r, 300));

    // Per-client watchers: exactly their 12 events, in the order the client wrote them.
    for (let i = 0; i < CLIENTS; i++) {
      const w = perClient[i];
      const { client, steps } = runs[i];
      assert.deepEqual(w.bad, [], `${client}: unparsable lines`);
      assert.ok(!w.ended, `${client}: the watch ended early`);
      assert.deepEqual(
        w.events.map((e) => `${e.type} ${e.object.metadata.name}`),
        steps.map((st) => `${st.op} ${st.name}`),
        `${client}: events differ from the writes`,
      );
      assert.ok(w.events.every((e) => e.object.metadata.labels?.client === client), `${client}: saw another client's Job`);
      assertStrictlyIncreasing(w.events, client);
      // The ADDED and MODIFIED events carry the resourceVersion the write answered with.
      w.events.forEach((e, k) => {
        if (steps[k].rv !== undefined) assert.equal(e.object.metadata.resourceVersion, steps[k].rv, `${client}: ${describeEvent(e)}`);
      });
      const modified = w.events.filter((e) => e.type === "MODIFIED");
      assert.ok(modified.every((e) => e.object.metadata.annotations?.["jobsim.test/touched-by"] === client));
    }

    // All-jobs watchers: all 600 events exactly once, strictly increasing resourceVersions, and all
    // of them the same stream.
    const wanted = new Set(runs.flatMap(({ steps }) => steps.map((st) => `${st.op} ${st.name}`)));
    assert.equal(wanted.size, TOTAL_EVENTS);
    for (const [k, w] of allJobs.entries()) {
      const who = `all-jobs watcher ${k}`;
      assert.deepEqual(w.bad, [], `${who}: unparsable lines`);
      assert.ok(!w.ended, `${who}: the watch ended early`);
      assert.equal(w.events.length, TOTAL_EVENTS, `${who}: ${w.events.length} events`);
      const keys = w.events.map((e) => `${e.type} ${e.object.metadata.name}`);
      assert.equal(new Set(keys).size, keys.length, `${who}: duplicate events`);
      assert.deepEqual(new Set(keys), wanted, `${who}: events differ from the writes`);
      assertStrictlyIncreasing(w.events, who);
      assert.deepEqual(w.events, allJobs[0].events, `${who} and all-jobs watcher 0 differ`);
    }
    // Each client's events, taken from the all-jobs stream, are the ones its own watcher saw.
    for (let i = 0; i < CLIENTS; i++) {
      const mine = allJobs[0].events.filter((e) => e.object.metadata.labels?.client === `c${i}`);
      assert.deepEqual(mine, perClient[i].events, `c${i}: the all-jobs stream and the labelled stream differ`);
    }

    for (const w of watches) w.close();

    // Still alive: a LIST answers, empty, at a resourceVersion no older than the last event.
    const list = await call(JOBS);
    assert.equal(list.status, 200);
    assert.equal(list.json.kind, "JobList");
    assert.deepEqual(list.json.items, []);
    assert.ok(Number(list.json.metadata.resourceVersion) >= rv(allJobs[0].events.at(-1)));

    const stderr = s.stderr();
    assert.doesNotMatch(stderr, /panic|RuntimeError|unreachable/i, stderr);

    agent.destroy();
    const code = await s.stop();
    assert.equal(code, 0, `exit code on SIGTERM; stderr:\n${s.stderr()}`);
  });
});
