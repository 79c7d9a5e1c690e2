// The JobApi class over the wasm core; shared by the Node and browser entries.

/** Request bodies larger than this are refused with 413 (GEN-14). */
export const MAX_BODY = 3 * 1024 * 1024;

/** @param {new (options?: object) => any} Core */
export function defineJobApi(Core) {
  class Watch {
    #api;
    #id;
    /** Event lines (JSON text without the newline), oldest first. */
    #lines = [];
    /** How many of `#lines` the iterator has handed out. */
    #head = 0;
    #done = false;

    constructor(api, head) {
      this.#api = api;
      this.#id = head.id;
      this.status = head.status;
      this.headers = head.headers;
      this.error = head.id === null ? parse(head.body) : undefined;
      /** @internal The refusal's body text, as the core wrote it. */
      this._body = head.id === null ? head.body : undefined;
      this.#done = head.id === null;
    }

    /** Moves what the server queued into this watch's own queue. */
    #pull() {
      if (this.#id === null) return;
      const text = this.#api._core.poll(this.#id);
      // `1` or `0` (ended or not), then event lines, each ended by a newline.
      for (let i = 1; i < text.length; ) {
        const j = text.indexOf("\n", i);
        this.#lines.push(text.slice(i, j));
        i = j + 1;
      }
      if (text[0] === "1") this.#finish();
    }

    #finish() {
      if (this.#id !== null) {
        this.#api._core.closeWatch(this.#id);
        this.#api._watches.delete(this);
        this.#id = null;
      }
      this.#done = true;
    }

    /** Whether the watch has ended (closed, timed out, or refused) and every event was drained. */
    get done() {
      return this.#done && this.#head === this.#lines.length;
    }

    /** The events queued so far, removed from the queue. */
    drain() {
      return this.drainText().map((line) => JSON.parse(line));
    }

    /** The events queued so far as JSON text (one event per string, no newline), removed from the queue. */
    drainText() {
      this.#pull();
      const out = this.#lines.slice(this.#head);
      this.#lines = [];
      this.#head = 0;
      return out;
    }

    /** Ends the watch; events already queued stay drainable. */
    close() {
      this.#pull();
      this.#finish();
      // A loop waiting for events (here or in a fetch body) must see the end.
      this.#api._notify();
    }

    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          // One event at a time: breaking out leaves the rest drainable, and the loop body's
          // own writes are seen before waiting.
          this.#pull();
          if (this.#head < this.#lines.length) {
            yield JSON.parse(this.#take());
            continue;
          }
          if (this.#done) return;
          await this.#api._changed();
        }
      } finally {
        this.close();
      }
    }

    /** The oldest queued line; the queue is compacted once it is consumed. */
    #take() {
      const line = this.#lines[this.#head++];
      if (this.#head === this.#lines.length) {
        this.#lines = [];
        this.#head = 0;
      }
      return line;
    }
  }

  return class JobApi {
    /** @internal */ _core;
    /** @internal */ _watches = new Set();
    #waiters = [];
    #scheduled = false;

    /** @param {import("./index.d.ts").JobApiOptions} [options] */
    constructor(options = {}, core = undefined) {
      this._core = core ?? new Core(options);
    }

    /** A JobApi restored from `snapshot()`; throws on a corrupted snapshot. */
    static restore(snapshot, options = {}) {
      return new this(options, Core.restore(String(snapshot), options));
    }

    /** The whole state (objects, resourceVersion counter, clock) as a JSON string. */
    snapshot() {
      return this._core.snapshot();
    }

    /** Sends one request and returns `{ status, headers, body }`. */
    request(req) {
      const res = unpack(this._core.request(...args(req)));
      this._notify();
      return res;
    }

    /** Opens a watch: `{ status, headers, error?, drain(), close(), [Symbol.asyncIterator] }`. */
    watch(req) {
      const w = new Watch(this, unpack(this._core.openWatch(...args(req)), true));
      if (w._body === undefined) this._watches.add(w);
      return w;
    }

    /**
     * WHATWG fetch against this API, in process: `input` is a Request, a URL or a string (a path
     * such as "/apis/batch/v1/jobs" is resolved against http://localhost). A watch answers at once
     * with a streaming body of newline-delimited events; cancelling the body or aborting the
     * request closes the watch.
     */
    async fetch(input, init = undefined) {
      const request = toRequest(input, init);
      const signal = request.signal;
      signal?.throwIfAborted?.();
      const url = new URL(request.url);
      const req = {
        method: request.method.toUpperCase(),
        path: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
      };
      if (request.body !== null) req.body = bodyText(new Uint8Array(await request.arrayBuffer()));
      signal?.throwIfAborted?.();
      if (!isWatchRequest(req.method, req.path)) {
        const res = this.request(req);
        return toResponse(res.status, res.headers, req.method === "HEAD" ? null : res.body);
      }
      const w = this.watch(req);
      if (w._body !== undefined) return toResponse(w.status, w.headers, w._body);
      return toResponse(w.status, w.headers, this.#stream(w, signal));
    }

    /** A body stream of a watch's events that ends with the watch. */
    #stream(w, signal) {
      const encoder = new TextEncoder();
      let stop;
      const onAbort = () => {
        w.close();
        stop?.(signal.reason);
      };
      signal?.addEventListener?.("abort", onAbort, { once: true });
      const cleanup = () => signal?.removeEventListener?.("abort", onAbort);
      return new ReadableStream({
        start: (controller) => {
          stop = (reason) => {
            cleanup();
            try {
              controller.error(reason);
            } catch {
              // already closed
            }
          };
        },
        pull: async (controller) => {
          for (;;) {
            if (signal?.aborted) return;
            const lines = w.drainText();
            if (lines.length > 0) {
              controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
              return;
            }
            if (w.done) {
              cleanup();
              controller.close();
              return;
            }
            await this._changed();
          }
        },
        cancel: () => {
          cleanup();
          w.close();
        },
      });
    }

    /** Advances the virtual clock by `ms` milliseconds. */
    advance(ms) {
      this._core.advance(Number(ms));
      this._notify();
    }

    /** The virtual clock, in milliseconds since the Unix epoch. */
    now() {
      return this._core.now();
    }

    /** @internal Resolves after the next call that may have queued events has returned. */
    _changed() {
      return new Promise((resolve) => this.#waiters.push(resolve));
    }

    // Wakes iterating watches once the current call has returned: never during it.
    /** @internal */
    _notify() {
      if (this.#scheduled || this.#waiters.length === 0) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        for (const resolve of this.#waiters.splice(0)) resolve();
      });
    }
  };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A request as the core's arguments: method, path, headers as `name\0value` pairs joined with
 * `\0`, body. Plain strings cross into wasm with one copy each; an object would cost a call per
 * field. NUL is not allowed in header names or values (as in the fetch standard).
 */
function args(req) {
  if (typeof req !== "object" || req === null || typeof req.path !== "string") {
    throw new TypeError("expected { method, path, headers?, body? }");
  }
  const { method = "GET", path, headers, body } = req;
  if (typeof method !== "string") throw new TypeError("request method must be a string");
  if (body !== undefined && body !== null && typeof body !== "string") {
    throw new TypeError("request body must be a string");
  }
  let h = "";
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== "object") throw new TypeError("request headers must be an object of strings");
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== "string") throw new TypeError(`request header ${name} must be a string`);
      if (name.includes("\0") || value.includes("\0")) throw new TypeError(`request header ${name} holds NUL`);
      h += h === "" ? `${name}\0${value}` : `\0${name}\0${value}`;
    }
  }
  return [method, path, h, body ?? undefined];
}

/**
 * `{ status, headers, body }` (and `id` with `withId`) from the core's answer: the body, then the
 * head (`withId`: the watch id line; the status line; `name:value` header lines), then the head's
 * length as 8 digits.
 */
function unpack(text, withId = false) {
  const end = text.length - 8;
  let i = end - Number(text.slice(end));
  const res = { status: 0, headers: {}, body: text.slice(0, i) };
  let j;
  if (withId) {
    j = text.indexOf("\n", i);
    res.id = j === i ? null : Number(text.slice(i, j));
    i = j + 1;
  }
  j = text.indexOf("\n", i);
  res.status = Number(text.slice(i, j));
  for (i = j + 1; i < end; i = j + 1) {
    j = text.indexOf("\n", i);
    const c = text.indexOf(":", i);
    res.headers[text.slice(i, c)] = text.slice(c + 1, j);
  }
  return res;
}

function toRequest(input, init) {
  if (typeof input === "string") input = new URL(input, "http://localhost");
  return new Request(input, init);
}

/**
 * The body as the core takes it: UTF-8 text. A body over the limit is passed on as a placeholder of
 * the same excess size, so the core answers its own 413 (after nothing else, as kube-apiserver).
 */
export function bodyText(bytes) {
  if (bytes.byteLength > MAX_BODY) return oversized();
  return new TextDecoder().decode(bytes);
}

/** A body the core refuses as too large (GEN-14). */
export function oversized() {
  return " ".repeat(MAX_BODY + 1);
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function toResponse(status, headers, body) {
  return new Response(NULL_BODY.has(status) ? null : body, { status, headers: toHeaders(headers) });
}

// The core joins repeated headers with ", "; Warning values are split back into one header each.
function toHeaders(headers) {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (name === "warning") for (const w of splitWarnings(value)) out.append(name, w);
    else out.append(name, value);
  }
  return out;
}

/** Splits a joined `Warning` header value at the commas between quoted warning texts. */
export function splitWarnings(value) {
  const out = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((w) => w !== "");
}

/**
 * Whether a request is a watch, as kube-apiserver routes it: a GET of a `/watch/` path, or of a
 * collection with a true `watch` parameter (GEN-12).
 */
export function isWatchRequest(method, path) {
  if (method !== "GET") return false;
  const [p, q = ""] = splitPath(path);
  const segs = p.split("/").filter((s) => s !== "");
  const watchPath = (segs[0] === "apis" && segs[3] === "watch") || (segs[0] === "api" && segs[2] === "watch");
  if (watchPath) return true;
  const flag = new URLSearchParams(q).get("watch");
  if (flag === null || flag === "0" || flag.toLowerCase() === "false") return false;
  const collection =
    segs[0] === "apis"
      ? segs.length === 4 || (segs.length === 6 && segs[3] === "namespaces")
      : segs[0] === "api" && (segs.length === 3 || (segs.length === 5 && segs[2] === "namespaces"));
  return collection;
}

function splitPath(path) {
  const i = path.indexOf("?");
  return i < 0 ? [path, ""] : [path.slice(0, i), path.slice(i + 1)];
}
