// The JS watch API: drain(), async iteration, re-entrant calls from inside the loop (WAT-*).
import { test } from "node:test";
import assert from "node:assert/strict";
import { JOBS, job, loadJobApi } from "./helpers.mjs";

const post = (api, name) => api.request({ method: "POST", path: JOBS, body: JSON.stringify(job(name)) });

test("drain() returns queued events once, in order", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  post(api, "a");
  const w = api.watch({ path: `${JOBS}?watch=true` });
  assert.equal(w.status, 200);
  assert.equal(w.headers["content-type"], "application/json");
  post(api, "b");
  api.request({ method: "DELETE", path: `${JOBS}/b`, body: '{"propagationPolicy":"Background"}' });
  const evs = w.drain().map((e) => `${e.type} ${e.object.metadata.name}`);
  assert.deepEqual(evs, ["ADDED a", "ADDED b", "DELETED b"]);
  assert.deepEqual(w.drain(), []);
  w.close();
  assert.equal(w.done, true);
});

test("for await sees events, and calling the API from inside the loop is safe", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const w = api.watch({ path: `${JOBS}?watch=1&resourceVersion=1` });
  const seen = [];
  const consumer = (async () => {
    for await (const ev of w) {
      seen.push(`${ev.type} ${ev.object.metadata.name}`);
      if (ev.type === "ADDED" && ev.object.metadata.name === "first") {
        post(api, "second"); // re-entrant: a write from inside the loop
      }
      if (seen.length === 2) break;
    }
  })();
  post(api, "first");
  await consumer;
  assert.deepEqual(seen, ["ADDED first", "ADDED second"]);
  assert.equal(w.done, true, "breaking out of the loop closes the watch");
});

test("a refused watch carries the Status", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const w = api.watch({ path: `${JOBS}?watch=1&sendInitialEvents=true` });
  assert.equal(w.status, 422);
  assert.equal(w.error.reason, "Invalid");
  assert.deepEqual(w.drain(), []);
  assert.equal(w.done, true);
});

test("timeoutSeconds ends the watch on the virtual clock", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const w = api.watch({ path: `${JOBS}?watch=1&timeoutSeconds=10` });
  const done = (async () => {
    const evs = [];
    for await (const ev of w) evs.push(ev);
    return evs;
  })();
  api.advance(10_000);
  assert.deepEqual(await done, []);
});
