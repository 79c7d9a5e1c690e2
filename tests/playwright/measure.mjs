// Not a test: measures what the playground costs to load.
//   PLAYGROUND_URL=http://127.0.0.1:8080/ node playwright/measure.mjs [runs]
// Prints the bytes of every resource (raw and gzip -9, as a compressing server would send them)
// and, over several cold loads, the time until the app is interactive (the Send button is in the
// page, so the wasm module is compiled and the in-tab server built) and how long the first request takes.
import zlib from "node:zlib";
import { launch, URL_ } from "./browser.mjs";

const runs = Number(process.argv[2] ?? 5);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sizes = new Map();
const tti = [], first = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector("#send")) { window.__interactive = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  if (i === 0) {
    page.on("response", async (res) => {
      try {
        const body = await res.body();
        sizes.set(new URL(res.url()).pathname, [body.length, zlib.gzipSync(body, { level: 9 }).length]);
      } catch { /* redirects have no body */ }
    });
  }
  await page.goto(URL_);
  await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 30000 });
  tti.push(await page.evaluate(() => window.__interactive));
  // A person clicks a second or so after the page appears; time the first answer from the click.
  await page.waitForTimeout(1000);
  first.push(await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.querySelector("#status")) { obs.disconnect(); resolve(performance.now() - t0); }
    }).observe(document.body, { childList: true, subtree: true });
    document.querySelector("#send").click();
  })));
  await context.close();
}
await browser.close();

let raw = 0, gz = 0;
console.log("resource                       raw bytes   gzip bytes");
for (const [path, [r, g]] of sizes) {
  raw += r; gz += g;
  console.log(`${path.padEnd(28)} ${String(r).padStart(11)} ${String(g).padStart(12)}`);
}
console.log(`${"total".padEnd(28)} ${String(raw).padStart(11)} ${String(gz).padStart(12)}`);
console.log(`time to interactive (median of ${runs} cold loads): ${median(tti).toFixed(0)} ms  [${tti.map((t) => t.toFixed(0)).join(", ")}]`);
console.log(`first request (create a Job) answered, clicked 1 s after load (median): ${median(first).toFixed(0)} ms`);
