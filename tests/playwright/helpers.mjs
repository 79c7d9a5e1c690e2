// Shared steps for the playground tests: open a page, pick an endpoint, send, read the answer.
import path from "node:path";
import { SHOTS, URL_ } from "./browser.mjs";

/** A new page (its own storage) that records uncaught errors in `page.errors`. */
export async function open(browser, { width = 1280, height = 800, colorScheme = "light", url = URL_ } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.locator("#send").waitFor();
  return page;
}

/** Clicks an endpoint in the picker by its catalogue id. */
export async function pick(page, id) {
  await page.getByRole("tab", { name: "Endpoints" }).click();
  await page.locator(`[data-endpoint="${id}"]`).click();
}

/** Sends the form and waits for the response view to show a new status line. */
export async function send(page) {
  const before = await page.locator("#tab-history").innerText();
  await page.locator("#send").click();
  await page.waitForFunction((b) => document.querySelector("#tab-history")?.textContent !== b, before);
}

/** Sends and returns the status line shown (e.g. "201 Created · AlreadyExists"). */
export async function sendAndStatus(page) {
  await send(page);
  await page.locator("#tab-response").click();
  return (await page.locator("#status").innerText()).trim();
}

/** The response body shown, parsed as JSON. */
export async function body(page) {
  return JSON.parse(await page.locator("#response-body").innerText());
}

/** Opens one of the editor's parts (Query, Headers, Body). */
export async function part(page, name) {
  await page.locator(`#part-${name}`).click();
}

/** Replaces the body editor's text. */
export async function setBody(page, text) {
  await part(page, "body");
  await page.locator("#body").fill(text);
}

/** A screenshot in tests/screenshots/. */
export async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}
