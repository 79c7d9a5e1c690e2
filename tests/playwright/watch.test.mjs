// Live watches, the clock and the jobs board.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";
import { open, pick, send, sendAndStatus, shot } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a watch streams ADDED then MODIFIED events as the clock runs the Job", async () => {
  const page = await open(browser);
  await pick(page, "jobs-watch");
  await send(page);
  const panel = page.locator("section.watch").first();
  await panel.waitFor();
  await page.locator("section.watch .pill.live").waitFor();

  // A second watch, on every namespace through the deprecated /watch/ path.
  await pick(page, "jobs-watch-all-deprecated");
  await send(page);
  assert.equal(await page.locator("section.watch").count(), 2);

  await pick(page, "jobs-create");
  assert.match(await sendAndStatus(page), /^201/);
  // The watch tab counts events that arrived while it was hidden.
  assert.match(await page.locator("#tab-watches").innerText(), /new/);
  await page.locator("#tab-watches").click();
  const first = page.locator("section.watch").nth(1);
  await first.locator(".ev-type.added").first().waitFor();
  assert.match(await first.locator(".event").last().innerText(), /ADDED\s+rv \d+\s+default\/hello/);

  const clockBefore = await page.locator("#clock-time time").getAttribute("datetime");
  await page.getByRole("button", { name: "Advance 10 seconds" }).click();
  const clockAfter = await page.locator("#clock-time time").getAttribute("datetime");
  assert.equal((Date.parse(clockAfter) - Date.parse(clockBefore)) / 1000, 10);
  await first.locator(".ev-type.modified").first().waitFor();
  // Events carry increasing resourceVersions.
  const rvs = (await first.locator(".ev-rv").allInnerTexts()).map((t) => Number(t.replace("rv ", ""))).reverse();
  assert.deepEqual([...rvs].sort((a, b) => a - b), rvs);
  // The object of an event opens on demand.
  await first.locator(".event summary").first().click();
  assert.match(await first.locator(".event pre").first().innerText(), /"kind": "Job"/);
  await shot(page, "20-watches");

  // Stop ends the stream; Remove drops the panel.
  await first.getByRole("button", { name: "Stop" }).click();
  assert.match(await first.locator(".pill").innerText(), /ended/);
  await first.getByRole("button", { name: /Remove/ }).click();
  assert.equal(await page.locator("section.watch").count(), 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the jobs board follows the clock: status, counters, conditions, pods and events", async () => {
  const page = await open(browser);
  await pick(page, "jobs-create");
  await page.selectOption("#example", "parallel");
  assert.match(await sendAndStatus(page), /^201/);
  await page.locator("#tab-jobs").click();
  const card = page.locator('article.job[data-job="parallel"]');
  await card.waitFor();
  assert.match(await card.locator(".chip").first().innerText(), /Running/);

  // Play the clock fast until the Job completes.
  await page.selectOption("#speed", "60");
  await page.locator("#play").click();
  await page.waitForFunction(() => document.querySelector('article.job[data-job="parallel"] .chip')?.textContent === "Complete",
    null, { timeout: 15000 });
  await page.locator("#play").click();
  assert.match(await card.locator(".completions").innerText(), /^6\/6$/);
  assert.match(await card.locator(".timeline").innerText(), /SuccessCriteriaMet[\s\S]*Complete/);
  await card.getByRole("button", { name: "Pods & events" }).click();
  await card.locator(".pods-events h4").first().waitFor();
  assert.match(await card.locator(".pods-events").innerText(), /Pods \(\d+\)|Pods: the server answered/);
  await shot(page, "21-jobs-board");

  // The board's buttons put a request in the editor.
  await card.getByRole("button", { name: "Delete…" }).click();
  assert.match(await page.locator("#url").inputValue(), /jobs\/parallel\?propagationPolicy=Background$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
