// The package's TypeScript declarations: an example program type-checks with `tsc --noEmit` against
// the built package (resolved through its package.json "exports"), and the public signatures use no `any`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NPM_DIR } from "./helpers.mjs";
import { tempDir } from "./serve-helpers.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const TESTS = path.resolve(here, "..");
const TSC = path.join(TESTS, "node_modules", "typescript", "bin", "tsc");

test("tsc --noEmit accepts the example program and rejects the mistakes it marks", { timeout: 120_000 }, () => {
  const { dir, rm } = tempDir("jobsim-types-");
  try {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(NPM_DIR, path.join(dir, "node_modules", "jobsim"), "dir");
    fs.copyFileSync(path.join(here, "types", "example.ts"), path.join(dir, "example.ts"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022"],
        types: ["node"],
        typeRoots: [path.join(TESTS, "node_modules", "@types")],
        skipLibCheck: false,
        noUnusedLocals: false,
      },
      files: ["example.ts"],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    let out = "";
    try {
      out = execFileSync(process.execPath, [TSC, "-p", dir], { cwd: dir, encoding: "utf8" });
    } catch (e) {
      assert.fail(`tsc reported errors:\n${e.stdout}${e.stderr}`);
    }
    assert.equal(out.trim(), "");
  } finally {
    rm();
  }
});

test("the declarations use no `any`", () => {
  for (const file of ["index.d.ts", "serve.d.ts"]) {
    const text = fs.readFileSync(path.join(NPM_DIR, file), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
    assert.doesNotMatch(text, /\bany\b/, file);
  }
});

test("require('jobsim') works from CommonJS (Node ≥ 20.19 loads the ES module)", () => {
  const { dir, rm } = tempDir("jobsim-cjs-");
  try {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(NPM_DIR, path.join(dir, "node_modules", "jobsim"), "dir");
    const script = `
      const { JobApi } = require("jobsim");
      const api = new JobApi();
      console.log(api.request({ path: "/apis/batch/v1/namespaces/default/jobs" }).status);
    `;
    fs.writeFileSync(path.join(dir, "main.cjs"), script);
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major === 20 && minor < 19) return; // require(esm) arrived in 20.19
    const out = execFileSync(process.execPath, ["main.cjs"], { cwd: dir, encoding: "utf8" });
    assert.equal(out.trim(), "200");
  } finally {
    rm();
  }
});
