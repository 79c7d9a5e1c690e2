// The JobApi class over the wasm core; shared by the Node and browser entries.

/** @param {new (options?: object) => any} Core */
export function defineJobApi(Core) {
  class Watch {
    #api;
    #id;
    #queue = [];
    #done = false;

    constructor(api, head) {
      this.#api = api;
      this.#id = head.id;
      this.status = head.status;
      this.headers = head.headers;
      this.error = head.id === null ? parse(head.body) : undefined;
      this.#done = head.id === null;
    }

    /** Moves what the server queued into this watch's own queue. */
    #pull() {
      if (this.#id === null) return;
      const { events, done } = this.#api._core.poll(this.#id);
      for (const line of events) this.#queue.push(JSON.parse(line));
      if (done) this.#finish();
    }

    #finish() {
      if (this.#id !== null) {
        this.#api._core.closeWatch(this.#id);
        this.#api._watches.delete(this);
        this.#id = null;
      }
      this.#done = true;
    }

    /** Whether the watch has ended (closed, timed out, or refused). */
    get done() {
      return this.#done && this.#queue.length === 0;
    }

    /** The events queued so far, removed from the queue. */
    drain() {
      this.#pull();
      return this.#queue.splice(0);
    }

    /** Ends the watch; events already queued stay drainable. */
    close() {
      this.#pull();
      this.#finish();
    }

    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const batch = this.drain();
          if (batch.length > 0) {
            // The loop body may have written: look again before waiting.
            for (const ev of batch) yield ev;
            continue;
          }
          if (this.#done) return;
          await this.#api._changed();
        }
      } finally {
        this.close();
      }
    }
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
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
      checkRequest(req);
      const res = this._core.request(req);
      this.#notify();
      return res;
    }

    /** Opens a watch: `{ status, headers, error?, drain(), close(), [Symbol.asyncIterator] }`. */
    watch(req) {
      checkRequest(req);
      const w = new Watch(this, this._core.openWatch(req));
      if (w.error === undefined) this._watches.add(w);
      return w;
    }

    /** Advances the virtual clock by `ms` milliseconds. */
    advance(ms) {
      this._core.advance(Number(ms));
      this.#notify();
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
    #notify() {
      if (this.#scheduled || this.#waiters.length === 0) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        for (const resolve of this.#waiters.splice(0)) resolve();
      });
    }
  };
}

function checkRequest(req) {
  if (typeof req !== "object" || req === null || typeof req.path !== "string") {
    throw new TypeError("expected { method, path, headers?, body? }");
  }
}
