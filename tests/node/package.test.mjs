// The npm package as a user gets it: packed, installed into an empty project, imported by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR, JOBS, job, loadJobApi } from "./helpers.mjs";

test("npm pack + install + import { JobApi } from 'jobsim' creates and reads a Job", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jobsim-install-"));
  try {
    const tgz = execFileSync("npm", ["pack", NPM_DIR, "--pack-destination", dir, "--silent"], { encoding: "utf8" }).trim().split("\n").pop();
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", `./${tgz}`], { cwd: dir, stdio: "inherit" });
    const script = `
      import { JobApi } from "jobsim";
      const api = new JobApi({ seed: 1 });
      const body = JSON.stringify(${JSON.stringify(job("pi"))});
      const c = api.request({ method: "POST", path: "${JOBS}", headers: { "content-type": "application/json" }, body });
      const g = api.request({ method: "GET", path: "${JOBS}/pi" });
      console.log(JSON.stringify({ c: c.status, g: g.status, same: c.body === g.body, name: JSON.parse(g.body).metadata.name }));
    `;
    fs.writeFileSync(path.join(dir, "main.mjs"), script);
    const out = JSON.parse(execFileSync("node", ["main.mjs"], { cwd: dir, encoding: "utf8" }));
    assert.deepEqual(out, { c: 201, g: 200, same: true, name: "pi" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("request() answers API errors as Status responses (CRE-14, GET-02)", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  const body = JSON.stringify(job("a"));
  assert.equal(api.request({ method: "POST", path: JOBS, body }).status, 201);
  const again = api.request({ method: "POST", path: JOBS, body });
  assert.equal(again.status, 409);
  assert.equal(again.headers["content-type"], "application/json");
  const status = JSON.parse(again.body);
  assert.equal(status.reason, "AlreadyExists");
  assert.equal(status.message, 'jobs.batch "a" already exists');
  const missing = api.request({ method: "GET", path: `${JOBS}/nope` });
  assert.equal(missing.status, 404);
  assert.equal(JSON.parse(missing.body).message, 'jobs.batch "nope" not found');
});

test("malformed calls into the bindings throw; the instance keeps working", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi();
  assert.throws(() => api.request(null), TypeError);
  assert.throws(() => api.request({ path: 5 }), TypeError);
  assert.throws(() => api.request({ method: 1, path: JOBS }), TypeError);
  assert.throws(() => api.request({ path: JOBS, body: { a: 1 } }), TypeError);
  assert.throws(() => api.request({ path: JOBS, headers: "accept" }), TypeError);
  assert.throws(() => api.request({ path: JOBS, headers: { accept: 1 } }), TypeError);
  assert.throws(() => api.request({ path: JOBS, headers: { "x\0y": "z" } }), TypeError);
  assert.throws(() => api.watch({ path: JOBS, headers: { accept: "a\0b" } }), TypeError);
  assert.throws(() => new JobApi({ seed: "x" }));
  assert.equal(api.request({ method: "GET", path: `${JOBS}/x` }).status, 404);
  // Everything optional but the path: GET, no headers, no body.
  const list = api.request({ path: JOBS, headers: null, body: null });
  assert.equal(list.status, 200);
  assert.equal(list.headers["content-type"], "application/json");
  assert.equal(JSON.parse(list.body).kind, "JobList");
});

test("the virtual clock starts where it is told and advances on request", async () => {
  const JobApi = await loadJobApi();
  const api = new JobApi({ startTime: Date.UTC(2030, 0, 1) });
  assert.equal(api.now(), Date.UTC(2030, 0, 1));
  api.advance(90_000);
  const c = api.request({ method: "POST", path: JOBS, body: JSON.stringify(job("t")) });
  assert.equal(JSON.parse(c.body).metadata.creationTimestamp, "2030-01-01T00:01:30Z");
});

test("snapshot() and JobApi.restore() round-trip the whole state; bad snapshots throw", async () => {
  const JobApi = await loadJobApi();
  const a = new JobApi({ seed: 3 });
  a.request({ method: "POST", path: JOBS, body: JSON.stringify(job("kept")) });
  const snap = a.snapshot();
  const b = JobApi.restore(snap);
  assert.equal(b.snapshot(), snap);
  assert.equal(b.request({ method: "GET", path: `${JOBS}/kept` }).body, a.request({ method: "GET", path: `${JOBS}/kept` }).body);
  assert.throws(() => JobApi.restore(snap.slice(0, 20)), /invalid snapshot/);
});
