// Shared by the Node tests: where the built npm package is, and a Job body.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const NPM_DIR = process.env.JOBSIM_NPM ?? path.resolve(here, "../../www/dist/npm");
export const JOBS = "/apis/batch/v1/namespaces/default/jobs";

export function job(name) {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "main", image: "busybox:1.36" }] } } },
  };
}

export async function loadJobApi() {
  const mod = await import(path.join(NPM_DIR, "index.mjs"));
  return mod.JobApi;
}
