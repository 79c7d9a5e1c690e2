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

/** Resolves with `p`, or rejects once `ms` passed (so a stuck loop fails the test instead of hanging it). */
function within(p, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test("for await with api.advance() and writes inside the loop sees every event once, in order", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi({ seed: 1 });
  const reference = api.watch({ path: `${JOBS}?watch=1` }); // drained only after the loop
  const w = api.watch({ path: `${JOBS}?watch=1` });
  post(api, "adv");
  const seen = [];
  const complete = (ev) => ev.object.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True");
  const consumer = (async () => {
    for await (const ev of w) {
      seen.push(ev);
      if (complete(ev) || seen.length >= 100) break;
      // Inside the loop: a write (so there is always a next event) and the clock, which runs the
      // Job controller and queues its status updates behind the event being handled.
      const r = api.request({
        method: "PATCH",
        path: `${JOBS}/adv`,
        headers: { "content-type": "application/merge-patch+json" },
        body: JSON.stringify({ metadata: { annotations: { step: String(seen.length) } } }),
      });
      assert.equal(r.status, 200);
      api.advance(1000);
    }
  })();
  await within(consumer, 5000, "the for await loop");
  assert.ok(complete(seen.at(-1)), `the Job completed within ${seen.length} events`);
  assert.equal(api._watches.has(w), false, "breaking out of the loop closes the watch");
  assert.equal(seen[0].type, "ADDED");
  assert.ok(seen.slice(1).every((e) => e.type === "MODIFIED"));
  const rvs = seen.map((e) => Number(e.object.metadata.resourceVersion));
  for (let i = 1; i < rvs.length; i++) assert.ok(rvs[i] > rvs[i - 1], `resourceVersions ${rvs.join(",")}`);
  // The controller's status updates are among them, not only the loop's own patches.
  assert.ok(seen.some((e) => e.object.status?.active === 1));
  assert.ok(seen.some((e) => e.object.metadata.annotations?.step !== undefined));
  // Exactly what a watch drained from outside the loop holds, up to the point the loop stopped.
  const all = reference.drain();
  assert.deepEqual(seen, all.slice(0, seen.length));
  assert.ok(all.slice(seen.length).every((e) => Number(e.object.metadata.resourceVersion) > rvs.at(-1)));
  reference.close();
});

test("close() from outside ends a for await loop that is waiting for events", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const w = api.watch({ path: `${JOBS}?watch=1` });
  const seen = [];
  const consumer = (async () => {
    for await (const ev of w) seen.push(ev.object.metadata.name);
    return "ended";
  })();
  post(api, "before-close");
  await new Promise((r) => setTimeout(r, 50)); // the loop has taken the event and waits for the next
  assert.deepEqual(seen, ["before-close"]);
  w.close();
  assert.equal(w.done, true);
  // No other call on the instance: closing alone must wake the loop.
  assert.equal(await within(consumer, 1000, "the loop after close()"), "ended");
});

test("breaking out of for await leaves the events not yet handed out drainable", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const w = api.watch({ path: `${JOBS}?watch=1` });
  for (const n of ["a", "b", "c"]) post(api, n);
  const seen = [];
  for await (const ev of w) {
    seen.push(ev.object.metadata.name);
    break;
  }
  assert.deepEqual(seen, ["a"]);
  // close() keeps queued events drainable, and breaking out closes the watch the same way.
  assert.deepEqual(
    w.drain().map((e) => e.object.metadata.name),
    ["b", "c"],
    "events queued before the break are lost",
  );
  assert.equal(w.done, true);
});
