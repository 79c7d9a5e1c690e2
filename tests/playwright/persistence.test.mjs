// Keep and share: state across reloads, reset, export/import, and links that carry a request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { launch, URL_ } from "./browser.mjs";
import { open, pick, sendAndStatus, shot } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function saved(page) {
  // State is written to localStorage shortly after each change.
  await page.waitForFunction(() => (localStorage.getItem("jobsim-playground") ?? "").includes('"history"'));
  await page.waitForTimeout(600);
}

test("reload keeps the server's objects, the history and the form; reset clears them", async () => {
  const page = await open(browser);
  assert.match(await sendAndStatus(page), /^201/);
  await page.getByRole("button", { name: "Advance 1 minute" }).click();
  await pick(page, "jobs-read");
  await saved(page);
  await page.reload();
  await page.locator("#send").waitFor();
  assert.match(await page.locator("#tab-history").innerText(), /History \(1\)/);
  assert.equal(await page.locator("#name").inputValue(), "hello");
  assert.match(await sendAndStatus(page), /^200/);
  const job = JSON.parse(await page.locator("#response-body").innerText());
  assert.equal(job.status.succeeded, 1, "the Job ran before the reload and is still complete");

  // Export, reset, import (from the "Share & save" menu).
  await page.locator(".menu summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  const file = await download.path();
  const exported = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(exported.history.length, 2);
  assert.ok(exported.server.snapshot.length > 0);

  await page.locator("#reset").click();
  await page.locator("#reset").click();
  assert.match(await page.locator("#tab-history").innerText(), /History \(0\)/);
  await pick(page, "jobs-read");
  assert.match(await sendAndStatus(page), /^404/);

  await page.locator("#import-file").setInputFiles(file);
  await page.waitForFunction(() => /History \(2\)/.test(document.querySelector("#tab-history")?.textContent ?? ""));
  await pick(page, "jobs-read");
  assert.match(await sendAndStatus(page), /^200/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("Copy link puts a link to the current request on the clipboard", async () => {
  const page = await open(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await pick(page, "jobs-read");
  await page.fill("#name", "shared");
  await page.locator(".menu summary").click();
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#r=/);
  const other = await open(browser, { url: link });
  assert.equal(await other.locator("#name").inputValue(), "shared");
  assert.match(await other.locator("#url").inputValue(), /\/jobs\/shared$/);
  await other.close();
  await page.close();
});

test("a link carries a request into the form", async () => {
  const form = { endpoint: "jobs-list", namespace: "team-b", query: [["labelSelector", "app=web"]] };
  const link = `${URL_}#r=${Buffer.from(JSON.stringify(form)).toString("base64url")}`;
  const page = await open(browser, { url: link });
  assert.equal(await page.locator("#namespace").inputValue(), "team-b");
  assert.equal(await page.locator("#url").inputValue(), "/apis/batch/v1/namespaces/team-b/jobs?labelSelector=app%3Dweb");
  assert.equal(new URL(page.url()).hash, "", "the fragment is dropped once read");
  await shot(page, "40-from-link");
  await page.close();
});
