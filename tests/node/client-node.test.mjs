// @kubernetes/client-node against `jobsim serve` over HTTPS with a token and the kubeconfig it writes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ApiException, BatchV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from "@kubernetes/client-node";
import { job } from "./helpers.mjs";
import { startServe, tempDir } from "./serve-helpers.mjs";

const NS = "default";
let server;
let tmp;
let kc;
let batch;

before(async () => {
  tmp = tempDir("jobsim-client-node-");
  const kubeconfig = path.join(tmp.dir, "kubeconfig");
  server = await startServe(["--tls", "--token", "secret-token", "--kubeconfig", kubeconfig, "--virtual-clock"]);
  kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  batch = kc.makeApiClient(BatchV1Api);
});

after(async () => {
  await server?.stop();
  tmp?.rm();
});

/** The ApiException a call rejects with. */
async function failure(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ApiException, `expected an ApiException, got ${e}`);
    return { code: e.code, status: typeof e.body === "string" ? JSON.parse(e.body) : e.body };
  }
  assert.fail("expected the call to fail");
}

function labelled(name, labels) {
  const j = job(name);
  j.metadata.labels = labels;
  return j;
}

test("the kubeconfig written by serve points client-node at the server (TLS, token)", () => {
  assert.equal(kc.getCurrentContext(), "jobsim");
  assert.equal(kc.getCurrentCluster().server, server.url);
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(kc.getContextObject("jobsim").namespace, "default");
});

test("create, read, and 409 AlreadyExists (CRE-14)", async () => {
  const created = await batch.createNamespacedJob({ namespace: NS, body: labelled("cn-a", { app: "web" }) });
  assert.equal(created.metadata.name, "cn-a");
  assert.ok(created.metadata.uid);
  assert.equal(created.spec.completions, 1);
  const read = await batch.readNamespacedJob({ name: "cn-a", namespace: NS });
  assert.equal(read.metadata.resourceVersion, created.metadata.resourceVersion);
  const again = await failure(batch.createNamespacedJob({ namespace: NS, body: job("cn-a") }));
  assert.equal(again.code, 409);
  assert.equal(again.status.reason, "AlreadyExists");
  const missing = await failure(batch.readNamespacedJob({ name: "cn-none", namespace: NS }));
  assert.equal(missing.code, 404);
  assert.equal(missing.status.message, 'jobs.batch "cn-none" not found');
});

test("list with a label selector, and across all namespaces", async () => {
  await batch.createNamespacedJob({ namespace: NS, body: labelled("cn-b", { app: "db" }) });
  const web = await batch.listNamespacedJob({ namespace: NS, labelSelector: "app=web" });
  assert.deepEqual(
    web.items.map((j) => j.metadata.name),
    ["cn-a"],
  );
  const all = await batch.listJobForAllNamespaces({ labelSelector: "app in (web,db)" });
  assert.deepEqual(all.items.map((j) => j.metadata.name).sort(), ["cn-a", "cn-b"]);
  assert.ok(all.metadata.resourceVersion);
});

test("patch (merge, JSON, strategic) and replace with 409 on a stale resourceVersion", async () => {
  const merged = await batch.patchNamespacedJob(
    { name: "cn-a", namespace: NS, body: { metadata: { labels: { tier: "front" } } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
  assert.equal(merged.metadata.labels.tier, "front");
  const jsonPatched = await batch.patchNamespacedJob(
    { name: "cn-a", namespace: NS, body: [{ op: "replace", path: "/spec/backoffLimit", value: 2 }] },
    setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
  );
  assert.equal(jsonPatched.spec.backoffLimit, 2);
  const strategic = await batch.patchNamespacedJob(
    { name: "cn-a", namespace: NS, body: { metadata: { finalizers: ["example.com/keep"] }, spec: { activeDeadlineSeconds: 600 } } },
    setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
  );
  assert.equal(strategic.spec.activeDeadlineSeconds, 600);
  assert.deepEqual(strategic.metadata.finalizers, ["example.com/keep"]);
  const cleared = await batch.patchNamespacedJob(
    { name: "cn-a", namespace: NS, body: { metadata: { "$deleteFromPrimitiveList/finalizers": ["example.com/keep"] } } },
    setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
  );
  assert.equal(cleared.metadata.finalizers?.length ?? 0, 0);

  const current = await batch.readNamespacedJob({ name: "cn-a", namespace: NS });
  current.spec.backoffLimit = 4;
  const replaced = await batch.replaceNamespacedJob({ name: "cn-a", namespace: NS, body: current });
  assert.equal(replaced.spec.backoffLimit, 4);
  assert.notEqual(replaced.metadata.resourceVersion, current.metadata.resourceVersion);
  const stale = await failure(batch.replaceNamespacedJob({ name: "cn-a", namespace: NS, body: current }));
  assert.equal(stale.code, 409);
  assert.equal(stale.status.reason, "Conflict");
});

test("server-side apply through client-node (apply patch)", async () => {
  const applied = await batch.patchNamespacedJob(
    {
      name: "cn-apply",
      namespace: NS,
      body: labelled("cn-apply", { app: "applied" }),
      fieldManager: "client-node-test",
      force: true,
    },
    setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply),
  );
  assert.equal(applied.metadata.labels.app, "applied");
  assert.ok(applied.metadata.managedFields.some((m) => m.manager === "client-node-test" && m.operation === "Apply"));
});

test("status subresource: read, replace and patch", async () => {
  const read = await batch.readNamespacedJobStatus({ name: "cn-b", namespace: NS });
  assert.equal(read.metadata.name, "cn-b");
  const now = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
  read.status = { ...(read.status ?? {}), startTime: now, active: 1 };
  const replaced = await batch.replaceNamespacedJobStatus({ name: "cn-b", namespace: NS, body: read });
  assert.equal(replaced.status.active, 1);
  assert.equal(new Date(replaced.status.startTime).getTime(), now.getTime());
  const patched = await batch.patchNamespacedJobStatus(
    { name: "cn-b", namespace: NS, body: { status: { ready: 1 } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
  assert.equal(patched.status.ready, 1);
  assert.equal(patched.status.active, 1);
});

test("a Watch sees ADDED, MODIFIED and DELETED in order", async () => {
  const list = await batch.listNamespacedJob({ namespace: NS });
  const seen = [];
  const watch = new Watch(kc);
  let controller;
  const ended = new Promise((resolve, reject) => {
    watch
      .watch(
        `/apis/batch/v1/namespaces/${NS}/jobs`,
        { resourceVersion: list.metadata.resourceVersion, fieldSelector: "metadata.name=cn-w" },
        (type, obj) => {
          seen.push(`${type} ${obj.metadata.name}`);
          if (type === "DELETED") resolve();
        },
        (err) => (err && err.name !== "AbortError" ? reject(err) : resolve()),
      )
      .then((c) => (controller = c), reject);
  });
  // Let the watch connect before writing.
  await waitFor(() => controller !== undefined);
  await batch.createNamespacedJob({ namespace: NS, body: job("cn-w") });
  await batch.patchNamespacedJob(
    { name: "cn-w", namespace: NS, body: { metadata: { labels: { step: "2" } } } },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
  await batch.deleteNamespacedJob({ name: "cn-w", namespace: NS, propagationPolicy: "Background" });
  await withTimeout(ended, 10_000, () => `watch saw only ${JSON.stringify(seen)}`);
  controller.abort();
  assert.deepEqual(seen.slice(0, 2), ["ADDED cn-w", "MODIFIED cn-w"]);
  assert.equal(seen.at(-1), "DELETED cn-w");
  assert.ok(seen.slice(2, -1).every((s) => s === "MODIFIED cn-w"), JSON.stringify(seen));
});

test("delete one (DEL-*), then delete the collection by label (DCO-*)", async () => {
  const gone = await batch.deleteNamespacedJob({ name: "cn-apply", namespace: NS, propagationPolicy: "Background" });
  assert.equal(gone.kind, "Status");
  assert.equal(gone.status, "Success");
  const again = await failure(batch.deleteNamespacedJob({ name: "cn-apply", namespace: NS }));
  assert.equal(again.code, 404);
  await batch.deleteCollectionNamespacedJob({ namespace: NS, labelSelector: "app in (web,db)", propagationPolicy: "Background" });
  const left = await batch.listNamespacedJob({ namespace: NS, labelSelector: "app in (web,db)" });
  assert.deepEqual(left.items, []);
});

test("a wrong token is 401 Unauthorized (AUTH-01)", async () => {
  const bad = new KubeConfig();
  bad.loadFromOptions({
    clusters: kc.clusters,
    contexts: kc.contexts,
    users: [{ name: "jobsim", token: "wrong" }],
    currentContext: "jobsim",
  });
  // client-node keeps no body for a 401; the body itself is checked in serve.test.mjs.
  const res = await failure(bad.makeApiClient(BatchV1Api).listNamespacedJob({ namespace: NS }));
  assert.equal(res.code, 401);
});

async function waitFor(cond, ms = 5000) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms))),
  ]).finally(() => clearTimeout(timer));
}
