// The JobApi class over the wasm core; shared by the Node and browser entries.

/** @param {new (options?: object) => any} Core */
export function defineJobApi(Core) {
  return class JobApi {
    #core;

    /** @param {import("./index.d.ts").JobApiOptions} [options] */
    constructor(options = {}) {
      this.#core = new Core(options);
    }

    /** Sends one request and returns `{ status, headers, body }`. */
    request(req) {
      if (typeof req !== "object" || req === null || typeof req.path !== "string") {
        throw new TypeError("request() takes { method, path, headers?, body? }");
      }
      return this.#core.request(req);
    }

    /** Advances the virtual clock by `ms` milliseconds. */
    advance(ms) {
      this.#core.advance(Number(ms));
    }

    /** The virtual clock, in milliseconds since the Unix epoch. */
    now() {
      return this.#core.now();
    }
  };
}
