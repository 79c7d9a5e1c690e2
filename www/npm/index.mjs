// Node entry: the wasm is loaded synchronously by the CommonJS glue wasm-bindgen generates.
import { createRequire } from "node:module";
import { defineJobApi } from "./api.mjs";

const require = createRequire(import.meta.url);
const { JobApiCore } = require("./node/jobsim_js.js");

export const JobApi = defineJobApi(JobApiCore);
export default JobApi;
