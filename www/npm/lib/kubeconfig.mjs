// The kubeconfig `jobsim serve --kubeconfig FILE` writes, so `KUBECONFIG=FILE kubectl …` works at once.
import fs from "node:fs";
import path from "node:path";

/**
 * The kubeconfig text: cluster, user and context all named "jobsim", namespace "default",
 * current-context set.
 * @param {{ server: string, caPem?: string, token?: string }} o
 */
export function kubeconfig({ server, caPem, token }) {
  const q = (s) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  const cluster = [`    server: ${q(server)}`];
  if (caPem) cluster.push(`    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`);
  const user = token === undefined ? "  user: {}" : `  user:\n    token: ${q(token)}`;
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: jobsim",
    "  cluster:",
    ...cluster,
    "users:",
    "- name: jobsim",
    user,
    "contexts:",
    "- name: jobsim",
    "  context:",
    "    cluster: jobsim",
    "    user: jobsim",
    "    namespace: default",
    "current-context: jobsim",
    "preferences: {}",
    "",
  ].join("\n");
}

/** Writes the kubeconfig (mode 0600: it may hold a token), replacing the file atomically. */
export function writeKubeconfig(file, options) {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, kubeconfig(options), { mode: 0o600 });
  fs.renameSync(tmp, target);
  return target;
}
