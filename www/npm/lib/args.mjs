// Command-line parsing of `jobsim serve`.

export const USAGE = `usage: jobsim serve [options]

Serves the Kubernetes batch/v1 Job API over HTTP(S) for kubectl and other clients.

options:
  --host H                   address to bind (default 127.0.0.1)
  --port N                   port (default 8080; 0 picks a free one)
  --token T                  accept this bearer token (repeatable); without any, anonymous requests are allowed
  --tls                      serve HTTPS with a self-signed certificate made at start
  --cert F --key F           serve HTTPS with this PEM certificate (chain) and key
  --kubeconfig FILE          write a kubeconfig for this server (context "jobsim", namespace "default")
  --auto-create-namespaces   create a namespace on first use instead of answering 404
  --seed N                   seed of uids, generated names and simulated outcomes (default 0)
  --speed N                  how fast the clock runs against the wall clock (default 1)
  --virtual-clock            the clock moves only with POST /jobsim/advance?ms=N
  --playground               serve the playground at / on the same origin
  --log                      log each request (method, path, status, media types; never tokens or bodies)
  -h, --help                 this text`;

/** A command-line mistake: the message is printed with the usage. */
export class UsageError extends Error {}

/**
 * @typedef {object} ServeOptions
 * @property {string} host
 * @property {number} port
 * @property {string[]} tokens
 * @property {boolean} tls
 * @property {string} [cert]
 * @property {string} [key]
 * @property {string} [kubeconfig]
 * @property {boolean} autoCreateNamespaces
 * @property {number} [seed]
 * @property {number} speed
 * @property {boolean} virtualClock
 * @property {boolean} playground
 * @property {boolean} log
 */

const VALUE_FLAGS = new Set(["host", "port", "token", "cert", "key", "kubeconfig", "seed", "speed"]);
const BOOL_FLAGS = new Set(["tls", "auto-create-namespaces", "virtual-clock", "playground", "log"]);

/** What `jobsim serve` does without flags (and `startServer()` without options). */
export const SERVE_DEFAULTS = Object.freeze({
  host: "127.0.0.1",
  port: 8080,
  tokens: [],
  tls: false,
  autoCreateNamespaces: false,
  speed: 1,
  virtualClock: false,
  playground: false,
  log: false,
});

/**
 * Parses the flags after `serve`.
 * @param {string[]} argv
 * @returns {ServeOptions | "help"}
 */
export function parseServeArgs(argv) {
  /** @type {ServeOptions} */
  const o = { ...SERVE_DEFAULTS, tokens: [] };
  let speedGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const [, flag, inline] = m;
    if (BOOL_FLAGS.has(flag)) {
      if (inline !== undefined) throw new UsageError(`--${flag} takes no value`);
      if (flag === "tls") o.tls = true;
      if (flag === "auto-create-namespaces") o.autoCreateNamespaces = true;
      if (flag === "virtual-clock") o.virtualClock = true;
      if (flag === "playground") o.playground = true;
      if (flag === "log") o.log = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown flag --${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    switch (flag) {
      case "host":
        o.host = value;
        break;
      case "port":
        o.port = integer(flag, value, 0, 65535);
        break;
      case "token":
        if (value === "" || /\s/.test(value)) throw new UsageError("--token must be non-empty, without spaces");
        o.tokens.push(value);
        break;
      case "cert":
        o.cert = value;
        break;
      case "key":
        o.key = value;
        break;
      case "kubeconfig":
        o.kubeconfig = value;
        break;
      case "seed":
        o.seed = integer(flag, value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case "speed":
        o.speed = Number(value);
        speedGiven = true;
        if (!(o.speed > 0) || !Number.isFinite(o.speed)) throw new UsageError("--speed needs a positive number");
        break;
    }
  }
  if ((o.cert === undefined) !== (o.key === undefined)) throw new UsageError("--cert and --key go together");
  if (o.cert !== undefined) o.tls = true;
  if (speedGiven && o.virtualClock) throw new UsageError("--speed has no effect with --virtual-clock");
  return o;
}

function integer(flag, value, min, max) {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} needs a whole number, not ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${flag} must be between ${min} and ${max}`);
  return n;
}
