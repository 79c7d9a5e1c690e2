// Static files of the playground, served by `jobsim serve --playground` at / on the API's origin.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Paths that belong to the API (and reach the core) even with the playground on. */
const API_PREFIXES = ["/api", "/apis", "/version", "/openapi", "/healthz", "/livez", "/readyz"];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".txt": "text/plain; charset=utf-8",
};

/** Whether a request path is the API's rather than a playground file. */
export function isApiPath(p) {
  return API_PREFIXES.some((prefix) => p === prefix || p.startsWith(prefix + "/")) || p.startsWith("/jobsim/");
}

/** The built playground: `playground/` in this package, or `../playground` next to it (www/dist). */
export function findPlayground() {
  for (const dir of [path.join(here, "..", "playground"), path.join(here, "..", "..", "playground")]) {
    if (fs.existsSync(path.join(dir, "index.html"))) return dir;
  }
  return undefined;
}

/**
 * Answers a GET or HEAD of a file under `root` (index.html for `/` and folders).
 * @param {string} root
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {string} pathname the decoded-later request path, without the query
 * @returns {number} the status sent
 */
export function serveFile(root, req, res, pathname) {
  if (req.method !== "GET" && req.method !== "HEAD") return plain(res, 405, "method not allowed\n");
  let rel;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return plain(res, 400, "bad path\n");
  }
  const file = path.resolve(root, "." + path.posix.normalize("/" + rel));
  if (file !== root && !file.startsWith(root + path.sep)) return plain(res, 404, "not found\n");
  let target = file;
  try {
    if (fs.statSync(target).isDirectory()) target = path.join(target, "index.html");
    const body = fs.readFileSync(target);
    res.writeHead(200, {
      "content-type": TYPES[path.extname(target).toLowerCase()] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-cache",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return 200;
  } catch {
    return plain(res, 404, "not found\n");
  }
}

function plain(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
  return status;
}
