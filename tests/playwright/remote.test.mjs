// The remote target: the same UI against a server at a base URL. A small Node server stands in for
// the API (and serves the playground itself, so the page and the API share an origin).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { launch, URL_ } from "./browser.mjs";
import { open, pick, send, sendAndStatus, shot } from "./helpers.mjs";

let browser, server, base;
const seen = [];

const job = (name, rv) => ({
  kind: "Job", apiVersion: "batch/v1",
  metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: String(rv) },
  spec: { parallelism: 1 }, status: { active: 1 },
});

function api(req, res) {
  seen.push(`${req.method} ${req.url}`);
  const url = new URL(req.url, "http://x");
  const json = (code, body, extra = {}) => {
    res.writeHead(code, { "content-type": "application/json", ...extra });
    res.end(JSON.stringify(body));
  };
  if (url.searchParams.get("watch")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.write(JSON.stringify({ type: "ADDED", object: job("remote-a", 7) }) + "\n");
    setTimeout(() => res.write(JSON.stringify({ type: "MODIFIED", object: job("remote-a", 8) }) + "\n"), 100);
    req.on("close", () => res.end());
    return;
  }
  if (url.pathname === "/apis/batch/v1/namespaces/default/jobs/remote-a") {
    return json(200, job("remote-a", 8), { warning: '299 - "from the remote server", 299 - "second, with a comma"' });
  }
  if (url.pathname.endsWith("/jobs")) {
    return json(200, { kind: "JobList", apiVersion: "batch/v1", metadata: { resourceVersion: "8" }, items: [job("remote-a", 8)] });
  }
  return json(404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "not here", reason: "NotFound", code: 404 });
}

before(async () => {
  browser = await launch();
  server = http.createServer(async (req, res) => {
    if (/^\/(api|apis|version)(\/|$|\?)/.test(req.url)) return api(req, res);
    // Everything else is the playground, fetched from where the tests point.
    const upstream = await fetch(new URL(req.url, URL_));
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}/`;
});
after(async () => { await browser?.close(); server?.close(); });

test("switching the target sends the same requests to a server at a URL", async () => {
  const page = await open(browser, { url: base });
  await page.locator("#target-remote").check();
  await pick(page, "jobs-read");
  await page.fill("#name", "remote-a");
  assert.match(await sendAndStatus(page), /^200 OK/);
  assert.ok(seen.includes("GET /apis/batch/v1/namespaces/default/jobs/remote-a"), seen.join("\n"));
  // Joined Warning headers come apart again.
  assert.deepEqual(await page.locator(".warnings li").allInnerTexts(),
    ["Warning: from the remote server", "Warning: second, with a comma"]);
  assert.match(await page.locator(".sent").innerText(), /this origin/);

  // A remote watch streams.
  await pick(page, "jobs-watch");
  await send(page);
  await page.locator("section.watch .ev-type.modified").waitFor();
  assert.equal(await page.locator("section.watch .event").count(), 2);
  await shot(page, "50-remote-watch");
  await page.locator("section.watch").getByRole("button", { name: "Stop" }).click();

  // The board polls the remote list; the clock is the remote server's.
  await page.locator("#tab-jobs").click();
  await page.locator('article.job[data-job="remote-a"]').waitFor();
  assert.match(await page.locator(".clock").innerText(), /remote server/);

  // Back to the in-tab server.
  await page.locator("#target-intab").check();
  await pick(page, "jobs-read");
  await page.fill("#name", "remote-a");
  assert.match(await sendAndStatus(page), /^404/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The real thing: `jobsim serve --playground` serves the page and the API on one origin.
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/dist/npm/bin/jobsim.mjs");
test("against jobsim serve --playground: the remote target talks to a real HTTP server", async () => {
    // `cargo xtask test` builds the package first; without it this test fails rather than skips.
    assert.ok(fs.existsSync(bin), `the npm package is built (${bin})`);
    const child = spawn(process.execPath, [bin, "serve", "--playground", "--port", "0", "--speed", "30"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const m = out.match(/playground on (http:\/\/\S+)/);
          if (m) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`jobsim serve exited with ${code}: ${out}`)));
      });
      const page = await open(browser, { url });
      await page.locator("#target-remote").check();
      await pick(page, "jobs-watch");
      await send(page);
      await page.locator("section.watch .pill.live").waitFor();
      await pick(page, "jobs-create");
      assert.match(await sendAndStatus(page), /^201 Created/);
      await page.locator("#tab-watches").click();
      await page.locator("section.watch .ev-type.added").waitFor();
      // The served clock runs 30× faster than the wall clock: the Job completes within seconds.
      await page.locator("#tab-jobs").click();
      await page.waitForFunction(() => document.querySelector('article.job[data-job="hello"] .chip')?.textContent === "Complete",
        null, { timeout: 20000 });
      await shot(page, "51-jobsim-serve");
      await pick(page, "jobs-read");
      assert.match(await sendAndStatus(page), /^200 OK/);
      assert.equal(JSON.parse(await page.locator("#response-body").innerText()).status.succeeded, 1);
      assert.deepEqual(page.errors, []);
      await page.close();
    } finally {
      child.kill();
    }
  });
