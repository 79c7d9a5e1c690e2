// The wasm build in Node: the handle-per-verb workload of the native bench through the npm
// package's `api.request`, its ratio to native, and `new JobApi()` + first request.
// usage: node tests/bench/wasm.mjs NPM_DIR [NATIVE_JSON] [--quick]
// Prints `ROW<TAB>section<TAB>figure<TAB>value<TAB>target<TAB>verdict` lines (gathered by `cargo xtask bench`).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const cold = args.includes("--cold");
const [npmDir, nativeJson] = args.filter((a) => !a.startsWith("--"));
const entry = pathToFileURL(path.join(path.resolve(npmDir), "index.mjs")).href;

const JOBS = "/apis/batch/v1/namespaces/default/jobs";
const SELECTOR_QUERY = "labelSelector=shard%3Ds3";
const MERGE_PATCH = '{"metadata":{"labels":{"patched":"yes"}}}';
const JSON_HEADERS = { "content-type": "application/json" };
const jobJson = (i) =>
  `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"job-${i}","namespace":"default","labels":{"app":"bench","shard":"s${i % 10}"}},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"main","image":"busybox:1.36","command":["sh","-c","echo hi"]}]}}}}`;
const VERBS = ["create", "get", "list all", "list selector", "merge-patch", "replace", "delete"];

const row = (section, figure, value, target = "", verdict = "") =>
  console.log(["ROW", section, figure, value, target, verdict].join("\t"));
const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (v) => (!Number.isFinite(v) ? "n/a" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

if (cold) {
  // A fresh process: loading the package, then `new JobApi()` and its first request.
  const t0 = performance.now();
  const { JobApi } = await import(entry);
  const t1 = performance.now();
  const api = new JobApi();
  const res = api.request({ method: "POST", path: JOBS, headers: JSON_HEADERS, body: jobJson(0) });
  const t2 = performance.now();
  if (res.status !== 201) throw new Error(`create answered ${res.status}`);
  console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1 }));
  process.exit(0);
}

const { JobApi } = await import(entry);

function round(n) {
  const api = new JobApi();
  const out = new Array(7).fill(0);
  const per = (ms, ops) => (ms * 1e3) / ops;
  const expect = (res, status) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.body}`);
  };
  const item = (i) => `${JOBS}/job-${i}`;

  let reqs = Array.from({ length: n }, (_, i) => ({ method: "POST", path: JOBS, headers: JSON_HEADERS, body: jobJson(i) }));
  let t = performance.now();
  for (const r of reqs) expect(api.request(r), 201);
  out[0] = per(performance.now() - t, n);

  reqs = Array.from({ length: n }, (_, i) => ({ method: "GET", path: item(i) }));
  t = performance.now();
  for (const r of reqs) api.request(r);
  out[1] = per(performance.now() - t, n);

  t = performance.now();
  api.request({ method: "GET", path: JOBS });
  out[2] = per(performance.now() - t, 1);
  t = performance.now();
  api.request({ method: "GET", path: `${JOBS}?${SELECTOR_QUERY}` });
  out[3] = per(performance.now() - t, 1);

  reqs = Array.from({ length: n }, (_, i) => ({
    method: "PATCH",
    path: item(i),
    headers: { "content-type": "application/merge-patch+json" },
    body: MERGE_PATCH,
  }));
  t = performance.now();
  for (const r of reqs) expect(api.request(r), 200);
  out[4] = per(performance.now() - t, n);

  reqs = Array.from({ length: n }, (_, i) => {
    const j = JSON.parse(api.request({ method: "GET", path: item(i) }).body);
    j.spec.parallelism = 2;
    return { method: "PUT", path: item(i), headers: JSON_HEADERS, body: JSON.stringify(j) };
  });
  t = performance.now();
  for (const r of reqs) expect(api.request(r), 200);
  out[5] = per(performance.now() - t, n);

  reqs = Array.from({ length: n }, (_, i) => ({ method: "DELETE", path: item(i) }));
  t = performance.now();
  for (const r of reqs) api.request(r);
  out[6] = per(performance.now() - t, n);
  // Each round starts from a fresh heap, as the native rounds do: the server's wasm memory is
  // released now rather than whenever the garbage collector finalizes it.
  api._core.free();
  return out;
}

const n = 2000;
const rounds = quick ? 3 : 7;
round(200); // warm-up
const results = Array.from({ length: rounds }, () => round(n));
const native = nativeJson ? JSON.parse(readFileSync(nativeJson, "utf8")) : {};
const ratios = [];
VERBS.forEach((verb, k) => {
  const m = median(results.map((r) => r[k]));
  const unit = verb.startsWith("list") ? "µs/list of 2000" : "µs/op";
  const nat = native[verb];
  if (nat) {
    const r = m / nat;
    ratios.push(r);
    row("wasm in Node (npm package)", verb, `${fmt(m)} ${unit}; ${fmt(r)}× native`, "≤ 1.6× native", r <= 1.6 ? "met" : "NOT met");
  } else {
    row("wasm in Node (npm package)", verb, `${fmt(m)} ${unit}`);
  }
});
if (ratios.length) {
  const g = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
  row("wasm in Node (npm package)", "geometric mean over the verbs", `${fmt(g)}× native`, "≤ 1.6× native", g <= 1.6 ? "met" : "NOT met");
}

const colds = [];
for (let i = 0; i < (quick ? 3 : 7); i++) {
  const p = spawnSync(process.execPath, [process.argv[1], npmDir, "--cold"], { encoding: "utf8" });
  if (p.status !== 0) throw new Error(p.stderr);
  colds.push(JSON.parse(p.stdout.trim()));
}
const first = median(colds.map((c) => c.first));
row("wasm in Node (npm package)", "import of the package (wasm compile + instantiate)", `${fmt(median(colds.map((c) => c.load)))} ms`);
row("wasm in Node (npm package)", "new JobApi() + first request (a create)", `${fmt(first)} ms`, "≤ 20 ms", first <= 20 ? "met" : "NOT met");
