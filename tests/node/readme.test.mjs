// The examples of the npm README work as written: the node:test one runs, the vitest one type-checks.
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
const README = fs.readFileSync(path.join(NPM_DIR, "README.md"), "utf8");

/** The fenced code block of this language that follows a heading. */
function block(heading, lang) {
  const at = README.indexOf(heading);
  assert.ok(at >= 0, `README has no "${heading}"`);
  const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(README.slice(at));
  assert.ok(m, `no ${lang} block after "${heading}"`);
  return m[1];
}

function project(prefix) {
  const t = tempDir(prefix);
  fs.mkdirSync(path.join(t.dir, "node_modules"));
  fs.symlinkSync(NPM_DIR, path.join(t.dir, "node_modules", "jobsim"), "dir");
  fs.writeFileSync(path.join(t.dir, "package.json"), JSON.stringify({ name: "readme", private: true, type: "module" }));
  return t;
}

test("the node:test example passes", () => {
  const { dir, rm } = project("jobsim-readme-node-");
  try {
    fs.writeFileSync(path.join(dir, "example.test.mjs"), block("### In a test: node:test", "js"));
    try {
      execFileSync(process.execPath, ["--test", "--test-reporter=dot", "example.test.mjs"], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      assert.fail(`the README's node:test example failed:\n${e.stdout}${e.stderr}`);
    }
  } finally {
    rm();
  }
});

test("the vitest example type-checks and runs", { timeout: 120_000 }, async () => {
  const { dir, rm } = project("jobsim-readme-vitest-");
  try {
    const source = block("### In a test: vitest", "ts");
    fs.writeFileSync(path.join(dir, "example.test.ts"), source);
    // Just enough of vitest (types and a stand-in runner) for this example.
    fs.mkdirSync(path.join(dir, "node_modules", "vitest"));
    fs.writeFileSync(path.join(dir, "node_modules", "vitest", "package.json"), JSON.stringify({ name: "vitest", type: "module", main: "index.js", types: "index.d.ts" }));
    fs.writeFileSync(
      path.join(dir, "node_modules", "vitest", "index.d.ts"),
      "export declare function it(name: string, fn: () => void | Promise<void>): void;\n" +
        "export declare function beforeEach(fn: () => void): void;\n" +
        "export declare function expect<T>(value: T): { toBe(expected: T): void };\n",
    );
    fs.writeFileSync(
      path.join(dir, "node_modules", "vitest", "index.js"),
      "export const tests = []; let before = () => {};\n" +
        "export function beforeEach(fn) { before = fn; }\n" +
        "export function it(name, fn) { tests.push(async () => { before(); await fn(); }); }\n" +
        "export function expect(v) { return { toBe(e) { if (v !== e) throw new Error(`expected ${e}, got ${v}`); } }; }\n",
    );
    // One tsc run checks the example and writes it as JavaScript (the libraries are checked in types.test.mjs).
    const tsconfig = {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022"],
        types: ["node"],
        typeRoots: [path.join(TESTS, "node_modules", "@types")],
        skipLibCheck: true,
        outDir: "out",
      },
      files: ["example.test.ts"],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    try {
      execFileSync(process.execPath, [path.join(TESTS, "node_modules", "typescript", "bin", "tsc"), "-p", dir], { cwd: dir, encoding: "utf8" });
    } catch (e) {
      assert.fail(`tsc on the README's vitest example:\n${e.stdout}${e.stderr}`);
    }
    const { tests } = await import(path.join(dir, "node_modules", "vitest", "index.js"));
    await import(path.join(dir, "out", "example.test.js"));
    assert.equal(tests.length, 1);
    for (const t of tests) await t();
  } finally {
    rm();
  }
});
