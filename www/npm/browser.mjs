// Browser and bundler entry: fetches and instantiates the wasm once, at import.
import init, { JobApiCore } from "./web/jobsim_js.js";
import { defineJobApi } from "./api.mjs";

await init({ module_or_path: new URL("./web/jobsim_js_bg.wasm", import.meta.url) });

export const JobApi = defineJobApi(JobApiCore);
export default JobApi;
