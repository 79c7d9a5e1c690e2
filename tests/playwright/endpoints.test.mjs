// Every endpoint group answers from the browser tab, and the form explains bad input before sending.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";
import { open, pick, part, sendAndStatus, body, setBody, shot } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("discovery endpoints answer 200 with their documents", async () => {
  const page = await open(browser);
  for (const [id, kind] of [["version", null], ["api", "APIVersions"], ["api-v1", "APIResourceList"], ["apis", "APIGroupList"],
    ["apis-batch", "APIGroup"], ["apis-batch-v1", "APIResourceList"], ["openapi", null], ["openapi-batch-v1", null]]) {
    await pick(page, id);
    assert.match(await sendAndStatus(page), /^200 OK/, id);
    if (kind) assert.equal((await body(page)).kind, kind, id);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("Jobs: create, read, list (JSON and Table), replace, patch, status, delete, delete collection", async () => {
  const page = await open(browser);
  assert.match(await sendAndStatus(page), /^201/);

  await pick(page, "jobs-list");
  assert.match(await sendAndStatus(page), /^200/);
  assert.equal((await body(page)).kind, "JobList");
  await pick(page, "jobs-list-all");
  await part(page, "headers");
  await page.selectOption("#accept-preset", "application/json;as=Table;v=v1;g=meta.k8s.io");
  assert.match(await sendAndStatus(page), /^200/);
  await page.locator("table.k8s-table").waitFor();
  assert.match(await page.locator("table.k8s-table").innerText(), /NAME\s+STATUS\s+COMPLETIONS/);
  assert.match(await page.locator("table.k8s-table tbody").innerText(), /hello/);
  await shot(page, "10-table");

  // Replace starts from the live object; change a label and write it back.
  await pick(page, "jobs-replace");
  await part(page, "body");
  await page.waitForFunction(() => document.querySelector("#body")?.value.includes('"uid"'));
  const live = JSON.parse(await page.locator("#body").inputValue());
  live.metadata.labels.team = "blue";
  await setBody(page, JSON.stringify(live, null, 2));
  assert.match(await sendAndStatus(page), /^200/);
  assert.equal((await body(page)).metadata.labels.team, "blue");
  // A write shows what changed against the previous version.
  assert.match(await page.locator(".diff").innerText(), /\+\s+"team": "blue"/);
  await shot(page, "11-replace-diff");

  // One patch per type (server-side apply needs a field manager).
  await pick(page, "jobs-patch");
  for (const example of ["patch-json", "patch-apply", "patch-strategic", "patch-merge"]) {
    await part(page, "query");
    await page.fill("#param-fieldManager", example === "patch-apply" ? "alice" : "");
    await part(page, "body");
    await page.selectOption("#example", example);
    const status = await sendAndStatus(page);
    assert.match(status, /^200/, `${example}: ${status}`);
    if (example === "patch-apply") {
      assert.ok((await body(page)).metadata.managedFields.some((m) => m.manager === "alice" && m.operation === "Apply"));
    }
  }
  assert.equal((await body(page)).spec.suspend, true);

  await pick(page, "jobs-status-read");
  assert.match(await sendAndStatus(page), /^200/);
  await pick(page, "jobs-status-patch");
  await part(page, "body");
  await page.selectOption("#example", "patch-status");
  assert.match(await sendAndStatus(page), /^(200|422)/);
  await pick(page, "jobs-status-replace");
  assert.match(await sendAndStatus(page), /^(200|409|422)/);

  await pick(page, "jobs-delete");
  await part(page, "body");
  await page.selectOption("#example", "delete-background");
  assert.match(await sendAndStatus(page), /^200/);
  await pick(page, "jobs-read");
  assert.match(await sendAndStatus(page), /^404 Not Found/);

  await pick(page, "jobs-create");
  assert.match(await sendAndStatus(page), /^201/);
  await pick(page, "jobs-delete-collection");
  await part(page, "query");
  await page.fill("#param-propagationPolicy", "Background");
  assert.match(await sendAndStatus(page), /^200/);
  assert.equal((await body(page)).kind, "JobList");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("namespaces, pods and events", async () => {
  const page = await open(browser);
  await pick(page, "ns-list");
  assert.match(await sendAndStatus(page), /^200/);
  await pick(page, "ns-create");
  assert.match(await sendAndStatus(page), /^201/);
  await pick(page, "ns-read");
  await page.fill("#name", "team-a");
  assert.match(await sendAndStatus(page), /^200/);
  await pick(page, "ns-delete");
  assert.match(await sendAndStatus(page), /^200/);
  for (const id of ["pods-list", "events-list"]) {
    await pick(page, id);
    await page.fill("#namespace", "default");
    assert.match(await sendAndStatus(page), /^(200|404)/, id);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("invalid input is explained before sending, and the server agrees", async () => {
  const page = await open(browser);
  await pick(page, "jobs-list");
  await part(page, "query");
  await page.fill("#param-limit", "ten");
  assert.match(await page.locator("#param-limit-problems").innerText(), /whole number/);
  await page.fill("#namespace", "Not_A_Name");
  assert.match(await page.locator("#namespace-problems").innerText(), /cannot be a namespace/);
  await page.fill("#namespace", "default");
  assert.match(await sendAndStatus(page), /^400 Bad Request/);

  await pick(page, "jobs-create");
  await part(page, "headers");
  await page.selectOption("#content-type", "application/json");
  await setBody(page, '{\n  "apiVersion": "batch/v1",\n  "kind": "Job",\n}');
  const problems = await page.locator("#body-problems").innerText();
  assert.match(problems, /Line 4, column 1/);
  assert.ok(await page.locator(".gutter .err").count() === 1);
  await shot(page, "12-body-error");
  assert.match(await sendAndStatus(page), /^400/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a path typed by hand: known ones map back to their endpoint, others are sent as typed", async () => {
  const page = await open(browser);
  await pick(page, "jobs-list");
  await page.fill("#url", "/apis/batch/v1/namespaces/kube-system/jobs?limit=2");
  await page.press("#url", "Enter");
  await page.locator("#status").waitFor();
  assert.equal(await page.locator("#namespace").inputValue(), "kube-system");
  assert.equal(await page.locator('[data-endpoint="jobs-list"]').getAttribute("aria-current"), "true");
  assert.match(await page.locator(".sent").innerText(), /kube-system\/jobs\?limit=2/);

  await page.fill("#url", "/apis/batch/v1/namespaces/default/foos");
  await page.press("#url", "Enter");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("404"));
  assert.match(await page.locator(".status-object").innerText(), /the server could not find the requested resource/);
  assert.match(await page.locator(".endpoint-head h2").innerText(), /Custom request/);
  // The method of a custom request can be changed: POST on a Job is not allowed.
  await page.selectOption("#method", "POST");
  await page.fill("#url", "/apis/batch/v1/namespaces/default/jobs/hello");
  await page.press("#url", "Enter");
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("405"));
  assert.deepEqual(page.errors, []);
  await page.close();
});
