// kubectl 1.35 against `jobsim serve --tls --token … --kubeconfig …`: the commands people type, and
// the exact lines a real cluster prints.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { JOBS } from "./helpers.mjs";
import { kubectlPath } from "./kubectl.mjs";
import { startServe, tempDir } from "./serve-helpers.mjs";

const TOKEN = "kubectl-test-token";

let kubectl;
let server;
let tmp;
let env;

/** Writes a manifest into the temp folder and returns its path. */
function manifest(name, text) {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function jobYaml(name, { labels = { app: "demo" }, backoffLimit = 2, restartPolicy = "Never" } = {}) {
  const l = Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join("\n");
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  labels:
${l}
spec:
  backoffLimit: ${backoffLimit}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "echo hello"]
`;
}

/** Runs kubectl; resolves { code, stdout, stderr } whatever the exit code. */
function k(...args) {
  return new Promise((resolve) => {
    execFile(kubectl, args, { env, timeout: 30_000, encoding: "utf8" }, (err, stdout, stderr) => {
      resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs kubectl and expects success. */
async function ok(...args) {
  const r = await k(...args);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")} failed:\n${r.stderr}${r.stdout}\n--- server log:\n${server.stderr().slice(-3000)}`);
  return r.stdout;
}

/** A Job created straight over HTTP (so a test does not depend on another kubectl command). */
async function seed(name, labels = { app: "seeded" }) {
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(fs.readFileSync(env.KUBECONFIG, "utf8"))[1], "base64");
  const https = await import("node:https");
  const body = JSON.stringify({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, labels },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox:1.36" }] } } },
  });
  const status = await new Promise((resolve, reject) => {
    const req = https.request(new URL(JOBS, server.url), {
      method: "POST",
      ca,
      agent: false,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end(body);
  });
  assert.equal(status, 201);
}

/** POSTs to the server's clock endpoint: moves the virtual clock by `ms`. */
async function advance(ms) {
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(fs.readFileSync(env.KUBECONFIG, "utf8"))[1], "base64");
  const https = await import("node:https");
  const status = await new Promise((resolve, reject) => {
    const req = https.request(new URL(`/jobsim/advance?ms=${ms}`, server.url), {
      method: "POST",
      ca,
      agent: false,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end();
  });
  assert.equal(status, 200);
}

before(async () => {
  kubectl = kubectlPath();
  tmp = tempDir("jobsim-kubectl-");
  const kubeconfig = path.join(tmp.dir, "kubeconfig");
  server = await startServe(["--tls", "--token", TOKEN, "--kubeconfig", kubeconfig, "--virtual-clock", "--log"]);
  // A home of its own: kubectl caches discovery under ~/.kube/cache.
  env = { PATH: process.env.PATH, HOME: tmp.dir, KUBECONFIG: kubeconfig };
});

after(async () => {
  await server?.stop();
  tmp?.rm();
});

describe("kubectl against jobsim serve", { timeout: 180_000 }, () => {
  test("version: discovery and /version through the written kubeconfig (TLS, token)", async () => {
    const out = await ok("version");
    assert.match(out, /^Client Version: v1\.35\./m);
    assert.match(out, /^Server Version: v1\.35\./m);
  });

  test("create -f, and AlreadyExists worded as a real cluster words it", async () => {
    const file = manifest("pi.yaml", jobYaml("pi"));
    assert.equal((await ok("create", "-f", file)).trim(), "job.batch/pi created");
    const again = await k("create", "-f", file);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), `Error from server (AlreadyExists): error when creating "${file}": jobs.batch "pi" already exists`);
  });

  test("get: table, -o yaml, -A, -l; NotFound", async () => {
    await seed("listed", { app: "listed" });
    const table = await ok("get", "jobs");
    assert.match(table, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/m);
    assert.match(table, /^listed\s+\S+\s+0\/1\s/m);
    const yaml = await ok("get", "job", "listed", "-o", "yaml");
    assert.match(yaml, /^apiVersion: batch\/v1$/m);
    assert.match(yaml, /^kind: Job$/m);
    assert.match(yaml, /^  name: listed$/m);
    assert.match(yaml, /^        batch\.kubernetes\.io\/job-name: listed$/m);
    const all = await ok("get", "jobs", "-A");
    assert.match(all, /^NAMESPACE\s+NAME\s+STATUS/m);
    assert.match(all, /^default\s+listed\s/m);
    const selected = await ok("get", "jobs", "-l", "app=listed", "-o", "name");
    assert.equal(selected.trim(), "job.batch/listed");
    const missing = await k("get", "job", "x");
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): jobs.batch "x" not found');
  });

  test("get -w prints the list, then each change as it happens", async () => {
    await seed("watched-1", { app: "watched" });
    const child = spawn(kubectl, ["get", "jobs", "-l", "app=watched", "-w"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      const until = async (re) => {
        const deadline = Date.now() + 20_000;
        while (!re.test(out)) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`kubectl get -w printed:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(/^watched-1\s/m);
      await seed("watched-2", { app: "watched" });
      await until(/^watched-2\s/m);
      assert.match(out, /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\n/);
    } finally {
      clearTimeout(killer);
      child.kill("SIGTERM");
    }
  });

  test("apply: client-side (create, configure) and --server-side", async () => {
    const file = manifest("applied.yaml", jobYaml("applied", { backoffLimit: 1 }));
    assert.equal((await ok("apply", "-f", file)).trim(), "job.batch/applied created");
    fs.writeFileSync(file, jobYaml("applied", { backoffLimit: 3 }));
    assert.equal((await ok("apply", "-f", file)).trim(), "job.batch/applied configured");
    assert.equal((await ok("get", "job", "applied", "-o", "jsonpath={.spec.backoffLimit}")).trim(), "3");
    const annotations = await ok("get", "job", "applied", "-o", "jsonpath={.metadata.annotations}");
    assert.match(annotations, /kubectl\.kubernetes\.io\/last-applied-configuration/);

    const ssa = manifest("ssa.yaml", jobYaml("ssa", { backoffLimit: 4 }));
    assert.equal((await ok("apply", "--server-side", "-f", ssa)).trim(), "job.batch/ssa serverside-applied");
    fs.writeFileSync(ssa, jobYaml("ssa", { backoffLimit: 5 }));
    assert.equal((await ok("apply", "--server-side", "-f", ssa)).trim(), "job.batch/ssa serverside-applied");
    const managers = await ok("get", "job", "ssa", "-o", "jsonpath={.metadata.managedFields[*].manager}", "--show-managed-fields");
    assert.match(managers, /\bkubectl\b/);
    // Another manager taking a field the first one owns is a conflict unless forced.
    const conflict = await k("patch", "job", "ssa", "--type", "merge", "-p", '{"spec":{"backoffLimit":6}}');
    assert.equal(conflict.code, 0, conflict.stderr);
    const reapply = await k("apply", "--server-side", "-f", ssa);
    assert.equal(reapply.code, 1);
    assert.match(reapply.stderr, /conflict/i);
    assert.equal((await ok("apply", "--server-side", "--force-conflicts", "-f", ssa)).trim(), "job.batch/ssa serverside-applied");
  });

  test("patch --type merge, json and strategic", async () => {
    await seed("patched");
    assert.equal((await ok("patch", "job", "patched", "--type", "merge", "-p", '{"spec":{"backoffLimit":5}}')).trim(), "job.batch/patched patched");
    await ok("patch", "job", "patched", "--type", "json", "-p", '[{"op":"replace","path":"/spec/backoffLimit","value":6}]');
    await ok("patch", "job", "patched", "-p", '{"metadata":{"labels":{"tier":"batch"}}}'); // strategic is the default
    const got = await ok("get", "job", "patched", "-o", "jsonpath={.spec.backoffLimit} {.metadata.labels.tier}");
    assert.equal(got.trim(), "6 batch");
    const noChange = await ok("patch", "job", "patched", "--type", "merge", "-p", '{"spec":{"backoffLimit":6}}');
    assert.equal(noChange.trim(), "job.batch/patched patched (no change)");
  });

  test("replace -f, and Conflict on a stale resourceVersion", async () => {
    await seed("replaced");
    const current = await ok("get", "job", "replaced", "-o", "yaml");
    const file = manifest("replaced.yaml", current.replace(/backoffLimit: \d+/, "backoffLimit: 1"));
    assert.equal((await ok("replace", "-f", file)).trim(), "job.batch/replaced replaced");
    const stale = await k("replace", "-f", file);
    assert.equal(stale.code, 1);
    assert.equal(
      stale.stderr.trim(),
      `Error from server (Conflict): error when replacing "${file}": Operation cannot be fulfilled on jobs.batch "replaced": the object has been modified; please apply your changes to the latest version and try again`,
    );
  });

  test("label and annotate", async () => {
    await seed("tagged");
    assert.equal((await ok("label", "job", "tagged", "tier=batch")).trim(), "job.batch/tagged labeled");
    assert.equal((await ok("annotate", "job", "tagged", "note=hello")).trim(), "job.batch/tagged annotated");
    const exists = await k("label", "job", "tagged", "tier=other");
    assert.equal(exists.code, 1);
    assert.match(exists.stderr, /'tier' already has a value \(batch\), and --overwrite is false/);
    const got = await ok("get", "job", "tagged", "-o", "jsonpath={.metadata.labels.tier} {.metadata.annotations.note}");
    assert.equal(got.trim(), "batch hello");
  });

  test("invalid Jobs: the apiserver's message", async () => {
    const file = manifest("bad.yaml", jobYaml("bad", { restartPolicy: "Always" }));
    const r = await k("create", "-f", file);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'The Job "bad" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  test("create job NAME --image (a protobuf body) gets a 415 that says what to do", async () => {
    const r = await k("create", "job", "proto", "--image=busybox");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: failed to create job: the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/);
    assert.match(r.stderr, /kubectl create job NAME --image=IMAGE --dry-run=client -o yaml \| kubectl create -f -/);
  });

  test("delete one, NotFound after, delete --all", async () => {
    await seed("doomed");
    assert.equal((await ok("delete", "job", "doomed")).trim(), 'job.batch "doomed" deleted from default namespace');
    const again = await k("delete", "job", "doomed");
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'Error from server (NotFound): jobs.batch "doomed" not found');
    await ok("delete", "jobs", "--all");
    const left = await k("get", "jobs");
    assert.equal(left.stdout.trim(), "");
    assert.equal(left.stderr.trim(), "No resources found in default namespace.");
  });

  test("explain job.spec reads the OpenAPI v3 document", async () => {
    const out = await ok("explain", "job.spec");
    assert.match(out, /^GROUP:\s+batch$/m);
    assert.match(out, /^KIND:\s+Job$/m);
    assert.match(out, /^FIELD: spec <JobSpec>$/m);
    assert.match(out, /^\s+template\s+<PodTemplateSpec> -required-$/m);
    assert.match(out, /^\s+backoffLimit\s+<integer>$/m);
  });

  test("a wrong token: kubectl's Unauthorized line", async () => {
    const r = await k("--token", "wrong", "get", "jobs");
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), "error: You must be logged in to the server (Unauthorized)");
  });

  test("the server log never holds the token", () => {
    assert.doesNotMatch(server.stderr(), new RegExp(TOKEN));
  });
  test("wait --for=condition=complete returns once the Job runs; get pods and describe look like a cluster's", async () => {
    await seed("ran", { app: "ran" });
    const waiting = k("wait", "--for=condition=complete", "job/ran", "--timeout=60s");
    await new Promise((r) => setTimeout(r, 1500));
    await advance(20_000);
    const waited = await waiting;
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout.trim(), "job.batch/ran condition met");
    const pods = await ok("get", "pods", "-l", "job-name=ran");
    assert.match(pods, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/m);
    assert.match(pods, /^ran-\w{5}\s+0\/1\s+Completed\s+0\s+/m);
    const described = await ok("describe", "job", "ran");
    assert.match(described, /Pods Statuses:\s+0 Active .* 1 Succeeded \/ 0 Failed/);
    assert.match(described, /Normal\s+SuccessfulCreate\s+.*job-controller\s+Created pod: ran-\w{5}/);
    assert.match(described, /Normal\s+Completed\s+.*job-controller\s+Job completed/);
  });
});

test("without --token or --tls the kubeconfig still works (plain HTTP, no password prompt)", { timeout: 60_000 }, async () => {
  const own = tempDir("jobsim-kubectl-plain-");
  const kubeconfig = path.join(own.dir, "kubeconfig");
  const plain = await startServe(["--kubeconfig", kubeconfig, "--virtual-clock"]);
  try {
    assert.match(plain.url, /^http:\/\//);
    const r = await new Promise((resolve) => {
      execFile(kubectl, ["get", "jobs"], { env: { ...env, HOME: own.dir, KUBECONFIG: kubeconfig }, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
      );
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), "No resources found in default namespace.");
  } finally {
    await plain.stop();
    own.rm();
  }
});
