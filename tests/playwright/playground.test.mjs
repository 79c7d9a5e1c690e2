// The served playground in Chromium: the in-tab server answers real requests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { launch, SHOTS, URL_ } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("create a Job from the first screen, see 201, read it back, see 409 on a second create", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(URL_);
  await page.getByRole("button", { name: "Send" }).click();
  await page.locator("#status").waitFor();
  assert.match(await page.locator("#status").innerText(), /^201 Created/);
  const body = JSON.parse(await page.locator("#response-body").innerText());
  assert.equal(body.metadata.name, "hello");
  assert.equal(body.spec.template.spec.containers[0].imagePullPolicy, "IfNotPresent");
  await page.screenshot({ path: path.join(SHOTS, "01-create.png") });

  await page.getByRole("button", { name: "GET Read it back" }).click();
  await page.getByRole("button", { name: "Send" }).click();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("200"));
  await page.getByRole("button", { name: "POST Create a Job" }).click();
  await page.getByRole("button", { name: "Send" }).click();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("409"));
  assert.match(await page.locator("#response-body").innerText(), /jobs.batch \\"hello\\" already exists/);
  await page.screenshot({ path: path.join(SHOTS, "02-conflict.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the page works on a narrow window", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(URL_);
  await page.getByRole("button", { name: "Send" }).click();
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("201"));
  await page.screenshot({ path: path.join(SHOTS, "03-narrow.png"), fullPage: true });
  await page.close();
});
