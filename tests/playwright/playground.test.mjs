// The served playground in Chromium: the in-tab server answers real requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";
import { open, pick, sendAndStatus, body, shot } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("create a Job from the first screen, see 201, read it back, see 409 on a second create", async () => {
  const page = await open(browser);
  // The first screen is ready to create the hello Job.
  assert.match(await sendAndStatus(page), /^201 Created/);
  const created = await body(page);
  assert.equal(created.metadata.name, "hello");
  assert.equal(created.spec.template.spec.containers[0].imagePullPolicy, "IfNotPresent");
  assert.equal(created.metadata.managedFields[0].manager, "jobsim-playground");
  await shot(page, "01-create");

  await pick(page, "jobs-read");
  assert.match(await sendAndStatus(page), /^200 OK/);
  assert.equal((await body(page)).metadata.uid, created.metadata.uid);

  await pick(page, "jobs-create");
  assert.match(await sendAndStatus(page), /^409 Conflict · AlreadyExists/);
  assert.match(await page.locator("#response-body").innerText(), /jobs.batch \\"hello\\" already exists/);
  await shot(page, "02-conflict");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the page works on a narrow window", async () => {
  const page = await open(browser, { width: 390, height: 844 });
  assert.match(await sendAndStatus(page), /^201/);
  // Every part stays within the window: nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the window`);
  await shot(page, "03-narrow", true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("dark scheme: readable colours, same answers", async () => {
  const page = await open(browser, { colorScheme: "dark" });
  assert.match(await sendAndStatus(page), /^201/);
  const [bg, fg] = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return [s.backgroundColor, s.color];
  });
  assert.notEqual(bg, fg);
  assert.match(bg, /rgb\((1[0-9]|2[0-9]), /, `dark background expected, got ${bg}`);
  await shot(page, "04-dark");
  await page.close();
});

test("keyboard: Ctrl+Enter sends, arrow keys move between result tabs, every control has a label", async () => {
  const page = await open(browser);
  // The first Tab reaches a skip link that leads past the endpoint list.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to the request");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "url");
  await page.locator("#body").focus();
  await page.keyboard.press("Control+Enter");
  await page.locator("#status").waitFor();
  assert.match(await page.locator("#status").innerText(), /^201/);
  await page.locator("#tab-response").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "tab-watches");
  assert.equal(await page.locator("#tab-watches").getAttribute("aria-selected"), "true");
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
    .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")
      || (el.tagName === "BUTTON" && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.close();
});
