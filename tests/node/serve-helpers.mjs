// Starting `jobsim serve` from the built package as a child process, and stopping it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NPM_DIR } from "./helpers.mjs";

export const BIN = path.join(NPM_DIR, "bin", "jobsim.mjs");

/** A fresh temporary folder, removed by `rm()`. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, rm: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Spawns `node bin/jobsim.mjs serve --port 0 ...args` and resolves once it prints its URL.
 * @returns {Promise<{ url: string, proc: import("node:child_process").ChildProcess, stdout: () => string, stderr: () => string, stop: () => Promise<number | null> }>}
 */
export function startServe(args = [], { timeoutMs = 20_000 } = {}) {
  const proc = spawn(process.execPath, [BIN, "serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout.setEncoding("utf8").on("data", (d) => (out += d));
  proc.stderr.setEncoding("utf8").on("data", (d) => (err += d));
  const exited = new Promise((resolve) => proc.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    return proc.exitCode;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`jobsim serve did not start in ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    const look = () => {
      const m = /jobsim listening on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout.off("data", look);
      resolve({ url: m[1], proc, stdout: () => out, stderr: () => err, stop });
    };
    proc.stdout.on("data", look);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`jobsim serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

/** A `data` handler for a text stream that calls `onLine` with each complete line (no newline). */
export function splitLines(onLine) {
  let buf = "";
  return (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      onLine(line);
    }
  };
}
