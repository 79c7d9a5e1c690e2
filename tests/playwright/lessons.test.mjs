// Guided lessons: each step fills in a request and checks the answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";
import { open, send, shot } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function startLesson(page, title) {
  await page.getByRole("tab", { name: "Lessons" }).click();
  await page.getByRole("button", { name: `Start lesson: ${title}` }).click();
  await page.locator("#lesson-step-title").waitFor();
}

async function sendStep(page) {
  await send(page);
  await page.locator(".check").waitFor();
  return page.locator(".check").innerText();
}

test("lesson: your first Job, every step checked", async () => {
  const page = await open(browser);
  await startLesson(page, "Your first Job");
  assert.match(await page.locator(".lesson-list, .steps").first().innerText(), /Create a Job/);
  assert.match(await sendStep(page), /Done/);
  await shot(page, "30-lesson-step");
  for (const expected of [/Read it back/, /Create it again/, /List Jobs the way kubectl does/]) {
    await page.getByRole("button", { name: "Next step →" }).click();
    assert.match(await page.locator("#lesson-step-title").innerText(), expected);
    assert.match(await sendStep(page), /Done/);
  }
  await page.locator("table.k8s-table").waitFor();
  await page.getByRole("button", { name: "Finish" }).click();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("lesson: optimistic concurrency ends in a 409 Conflict", async () => {
  const page = await open(browser);
  await startLesson(page, "Optimistic concurrency");
  for (let step = 0; step < 4; step++) {
    if (step > 0) await page.getByRole("button", { name: "Next step →" }).click();
    const check = await sendStep(page);
    assert.match(check, /Done/, `step ${step + 1}: ${check}`);
  }
  assert.match(await page.locator("#status").innerText(), /^409 Conflict/);
  await shot(page, "31-lesson-conflict");
  await page.close();
});

test("lesson: server-side apply conflicts, then force", async () => {
  const page = await open(browser);
  await startLesson(page, "Server-side apply and conflicts");
  for (let step = 0; step < 4; step++) {
    if (step > 0) await page.getByRole("button", { name: "Next step →" }).click();
    const check = await sendStep(page);
    assert.match(check, /Done/, `step ${step + 1}: ${check}`);
  }
  await page.close();
});

test("lesson: dry run and field validation", async () => {
  const page = await open(browser);
  await startLesson(page, "Dry run and field validation");
  for (let step = 0; step < 5; step++) {
    if (step > 0) await page.getByRole("button", { name: "Next step →" }).click();
    const check = await sendStep(page);
    assert.match(check, /Done/, `step ${step + 1}: ${check}`);
    if (step === 3) assert.match(await page.locator(".warnings").innerText(), /unknown field "spec.paralelism"/);
  }
  await page.close();
});
