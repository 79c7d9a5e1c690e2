// api.fetch(): WHATWG fetch semantics in process, streaming watch bodies, cancel/abort closing the watch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { JOBS, job, loadJobApi } from "./helpers.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

test("fetch() takes a path, a URL or a Request and answers a Response", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi({ seed: 1 });
  const created = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("f1")) });
  assert.ok(created instanceof Response);
  assert.equal(created.status, 201);
  assert.equal(created.headers.get("content-type"), "application/json");
  const body = await created.json();
  assert.equal(body.metadata.name, "f1");

  const byUrl = await api.fetch(new URL(`https://cluster.example:6443${JOBS}/f1`));
  assert.equal(byUrl.status, 200);
  assert.deepEqual(await byUrl.json(), body);

  const byRequest = await api.fetch(new Request(`http://localhost${JOBS}?labelSelector=job-name%3Df1`));
  const list = await byRequest.json();
  assert.equal(list.kind, "JobList");
  assert.deepEqual(
    list.items.map((j) => j.metadata.name),
    ["f1"],
  );
});

test("fetch() answers API errors as Status responses, like a server", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi({ tokens: ["t"] });
  const denied = await api.fetch(JOBS);
  assert.equal(denied.status, 401);
  assert.equal(await denied.text(), '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n');
  const auth = { authorization: "Bearer t" };
  const missing = await api.fetch(`${JOBS}/nope`, { headers: auth });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).reason, "NotFound");
  const patched = await api.fetch(`${JOBS}/nope`, {
    method: "PATCH",
    headers: { ...auth, "content-type": "application/merge-patch+json" },
    body: "{}",
  });
  assert.equal(patched.status, 404);
});

test("fetch() refuses bodies over 3 MiB with the apiserver's 413 (GEN-14)", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const res = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: new Uint8Array(3 * 1024 * 1024 + 1) });
  assert.equal(res.status, 413);
  const status = await res.json();
  assert.equal(status.reason, "RequestEntityTooLarge");
  assert.equal(status.message, "Request entity too large: limit is 3145728");
});

test("fetch() sends each warning as its own Warning header (GEN-10)", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const j = job("Warn.Me");
  j.metadata.name = "warn.me";
  const res = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(j) });
  assert.equal(res.status, 201);
  const warning = res.headers.get("warning");
  assert.ok(warning?.startsWith('299 - "metadata.name: this is used in Pod names'), warning);
});

test("a watch streams newline-delimited events as they happen", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  api.request({ method: "POST", path: JOBS, body: JSON.stringify(job("w1")) });
  const res = await api.fetch(`${JOBS}?watch=1&resourceVersion=0`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/json");
  const lines = readLines(res.body);
  const first = JSON.parse(await lines.next());
  assert.equal(first.type, "ADDED");
  assert.equal(first.object.metadata.name, "w1");

  // A write after the watch opened reaches the open stream.
  await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("w2")) });
  const second = JSON.parse(await lines.next());
  assert.deepEqual([second.type, second.object.metadata.name], ["ADDED", "w2"]);
  await lines.cancel();
});

test("cancelling the body closes the watch", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const res = await api.fetch(`/apis/batch/v1/watch/namespaces/default/jobs`);
  assert.equal(api._watches.size, 1);
  const reader = res.body.getReader();
  const pending = reader.read(); // waiting for an event
  await reader.cancel();
  assert.deepEqual(await pending, { done: true, value: undefined });
  assert.equal(api._watches.size, 0, "the watch is closed in the core");
});

test("aborting the request's signal closes the watch and errors the body", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const controller = new AbortController();
  const res = await api.fetch(`${JOBS}?watch=true`, { signal: controller.signal });
  const reader = res.body.getReader();
  const pending = reader.read();
  controller.abort();
  await assert.rejects(pending, { name: "AbortError" });
  assert.equal(api._watches.size, 0);
  await assert.rejects(api.fetch(JOBS, { signal: controller.signal }), { name: "AbortError" });
});

test("a watch body ends when the watch times out on the virtual clock (WAT-*)", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const res = await api.fetch(`${JOBS}?watch=1&timeoutSeconds=5`);
  const text = res.text();
  api.advance(5_000);
  assert.equal(await text, "");
  assert.equal(api._watches.size, 0);
});

test("a refused watch is an ordinary error response", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const res = await api.fetch(`${JOBS}?watch=1&sendInitialEvents=true`);
  assert.equal(res.status, 422);
  assert.equal((await res.json()).reason, "Invalid");
  const item = await api.fetch(`${JOBS}/x?watch=1`);
  assert.equal(item.status, 404, "watch=1 on an item path is a plain GET");
});

test("table output and bookmarks come through fetch unchanged", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("t1")) });
  const table = await api.fetch(JOBS, { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } });
  const t = await table.json();
  assert.equal(t.kind, "Table");
  assert.equal(t.rows[0].cells[0], "t1");
  const watch = await api.fetch(`${JOBS}?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`);
  const lines = readLines(watch.body);
  const added = JSON.parse(await lines.next());
  const bookmark = JSON.parse(await lines.next());
  assert.equal(added.type, "ADDED");
  assert.equal(bookmark.type, "BOOKMARK");
  assert.equal(bookmark.object.metadata.annotations["k8s.io/initial-events-end"], "true");
  await lines.cancel();
});

test("fetch bound to the instance plugs into code that takes a fetch function", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  // A small client of the kind that takes `fetch` as a dependency.
  const client = (fetchFn, base) => ({
    create: (body) => fetchFn(`${base}${JOBS}`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) }),
    names: async () => (await (await fetchFn(`${base}${JOBS}`)).json()).items.map((j) => j.metadata.name),
  });
  const c = client(api.fetch.bind(api), "https://kubernetes.default.svc");
  assert.equal((await c.create(job("dep"))).status, 201);
  assert.deepEqual(await c.names(), ["dep"]);
});

test("fetch callers may call back into the API from inside a watch body loop", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi({ seed: 7 });
  const LAST = 20;
  const res = await api.fetch(`${JOBS}?watch=1`);
  assert.equal(res.status, 200);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const seen = [];
  const loop = (async () => {
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "ended";
      buf += value;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const ev = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        seen.push(ev);
        const m = /^chain-(\d+)$/.exec(ev.object.metadata.name);
        if (ev.type !== "ADDED" || !m) continue;
        const k = Number(m[1]);
        // Re-entrant calls, awaited inside the loop that reads the watch.
        const got = await api.fetch(`${JOBS}/chain-${k}`);
        assert.equal(got.status, 200);
        assert.equal((await got.json()).metadata.resourceVersion, ev.object.metadata.resourceVersion);
        if (k === LAST) return "last";
        const next = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job(`chain-${k + 1}`)) });
        assert.equal(next.status, 201);
      }
    }
  })();
  const created = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("chain-0")) });
  assert.equal(created.status, 201);
  let timer;
  const outcome = await Promise.race([
    loop,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the loop stalled after ${seen.map((e) => `${e.type} ${e.object.metadata.name}`).join(", ")}`)), 5000);
    }),
  ]).finally(() => clearTimeout(timer));
  assert.equal(outcome, "last");
  assert.deepEqual(
    seen.map((e) => `${e.type} ${e.object.metadata.name}`),
    Array.from({ length: LAST + 1 }, (_, k) => `ADDED chain-${k}`),
  );
  const rvs = seen.map((e) => Number(e.object.metadata.resourceVersion));
  for (let i = 1; i < rvs.length; i++) assert.ok(rvs[i] > rvs[i - 1], `resourceVersions ${rvs.join(",")}`);

  await reader.cancel();
  assert.equal(api._watches.size, 0, "cancelling closed the watch");
  // Nothing is stuck: the instance still serves, and a new watch sees a new write.
  const after = await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("after-chain")) });
  assert.equal(after.status, 201);
  const list = await (await api.fetch(JOBS)).json();
  assert.equal(list.items.length, LAST + 2);
  const again = await api.fetch(`${JOBS}?watch=1&resourceVersion=${(await after.json()).metadata.resourceVersion}`);
  const lines = readLines(again.body);
  await api.fetch(JOBS, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(job("after-watch")) });
  const ev = JSON.parse(await lines.next());
  assert.deepEqual([ev.type, ev.object.metadata.name], ["ADDED", "after-watch"]);
  await lines.cancel();
});

/** Reads a byte stream line by line. */
function readLines(stream) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  return {
    async next() {
      for (;;) {
        const i = buf.indexOf("\n");
        if (i >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          return line;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buf += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}
