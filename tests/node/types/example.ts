// Compiled with `tsc --noEmit` against the built package by types.test.mjs: what an editor sees.
import { JobApi, type ApiResponse, type Job, type JobList, type Status, type Table, type WatchEvent } from "jobsim";
import { startServer, type RunningServer } from "jobsim/serve";

const api: JobApi = new JobApi({ seed: 1, tokens: ["t"], autoCreateNamespaces: true, startTime: Date.UTC(2030, 0, 1) });

const job: Job = {
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", labels: { app: "demo" } },
  spec: {
    backoffLimit: 2,
    completionMode: "Indexed",
    completions: 3,
    template: { spec: { restartPolicy: "Never", containers: [{ name: "pi", image: "perl:5.34", command: ["perl"] }] } },
  },
};

const res: ApiResponse = api.request({
  method: "POST",
  path: "/apis/batch/v1/namespaces/default/jobs",
  headers: { "content-type": "application/json", authorization: "Bearer t" },
  body: JSON.stringify(job),
});
const status: number = res.status;
if (status >= 400) {
  const err = JSON.parse(res.body) as Status;
  const causes: string[] = (err.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`);
  console.log(err.reason, err.code, causes);
} else {
  const created = JSON.parse(res.body) as Job;
  const uid: string | undefined = created.metadata?.uid;
  const conditions = created.status?.conditions ?? [];
  const complete: boolean = conditions.some((c) => c.type === "Complete" && c.status === "True");
  console.log(uid, complete);
}

async function follow(): Promise<string[]> {
  const seen: string[] = [];
  const w = api.watch({ path: "/apis/batch/v1/namespaces/default/jobs?watch=1" });
  if (w.error) return [w.error.message ?? ""];
  for await (const ev of w) {
    if (ev.type === "BOOKMARK") {
      seen.push(ev.object.metadata.resourceVersion);
    } else if (ev.type === "ERROR") {
      seen.push(String(ev.object.code));
    } else {
      const j: Job = ev.object;
      seen.push(`${ev.type} ${j.metadata?.name}`);
    }
    if (seen.length > 2) break;
  }
  const queued: WatchEvent[] = w.drain();
  const text: string[] = w.drainText();
  w.close();
  return [...seen, String(queued.length + text.length), String(w.done)];
}

async function viaFetch(): Promise<number> {
  const list = await api.fetch("/apis/batch/v1/namespaces/default/jobs", { headers: { authorization: "Bearer t" } });
  const jobs = (await list.json()) as JobList;
  const table = (await (
    await api.fetch(new Request("http://localhost/apis/batch/v1/jobs", { headers: { accept: "application/json;as=Table;g=meta.k8s.io;v=v1" } }))
  ).json()) as Table;
  const cells = table.rows.map((r) => r.cells[0]);
  const stream = await api.fetch(new URL("http://localhost/apis/batch/v1/jobs?watch=1"));
  await stream.body?.cancel();
  return jobs.items.length + cells.length;
}

async function served(): Promise<string> {
  const server: RunningServer = await startServer({ port: 0, tls: true, tokens: ["t"], virtualClock: true });
  server.api.advance(1000);
  const url: string = server.url;
  await server.close();
  return url;
}

const restored: JobApi = JobApi.restore(api.snapshot(), { tokens: ["t"] });
restored.advance(60_000);
const now: number = restored.now();

// The types are strict: each line below must be an error.
// @ts-expect-error path is required
api.request({ method: "GET" });
// @ts-expect-error a Job's name is a string
const badJob: Job = { metadata: { name: 5 }, spec: { template: { spec: { containers: [] } } } };
// @ts-expect-error restartPolicy is an enumeration
const badSpec: Job = { spec: { template: { spec: { restartPolicy: "Sometimes", containers: [] } } } };
// @ts-expect-error fetch returns a Promise<Response>, not a body
const notText: string = api.fetch("/version");
// @ts-expect-error advance takes milliseconds as a number
api.advance("1s");
// @ts-expect-error unknown option
new JobApi({ seeds: 1 });

export { follow, viaFetch, served, now, badJob, badSpec, notText };
