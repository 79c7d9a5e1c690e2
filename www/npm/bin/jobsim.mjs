#!/usr/bin/env node
// The `jobsim` command: `jobsim serve [flags]` serves the Job API over HTTP(S) for kubectl and friends.
import { readFileSync } from "node:fs";
import { USAGE, UsageError, parseServeArgs } from "../lib/args.mjs";

const [command, ...rest] = process.argv.slice(2);

if (command === "--version" || command === "-v") {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  console.log(pkg.version);
} else if (command === undefined || command === "help" || command === "-h" || command === "--help") {
  console.log(USAGE);
} else if (command === "serve") {
  await serve(rest);
} else {
  fail(`unknown command ${JSON.stringify(command)}`);
}

async function serve(argv) {
  let options;
  try {
    options = parseServeArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) fail(e.message);
    throw e;
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const { startServer } = await import("../lib/serve.mjs");
  let running;
  try {
    running = await startServer(options);
  } catch (e) {
    const where = `${options.host}:${options.port}`;
    const reason = e.code === "EADDRINUSE" ? "address already in use" : e.code === "EACCES" ? "permission denied" : e.message;
    console.error(e.syscall === "listen" ? `jobsim: cannot listen on ${where}: ${reason}` : `jobsim: ${reason}`);
    process.exit(1);
  }
  // One write, so a reader of the first line has the others too.
  const lines = [`jobsim listening on ${running.url}`];
  if (running.kubeconfig) lines.push(`kubeconfig written to ${running.kubeconfig} (KUBECONFIG=${running.kubeconfig} kubectl get jobs)`);
  if (options.playground) lines.push(`playground on ${running.url}/`);
  console.log(lines.join("\n"));
  const stop = () => {
    running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function fail(message) {
  console.error(`jobsim: ${message}\n\n${USAGE}`);
  process.exit(2);
}
