//! `ApiServer::handle` and its neighbours (watch, poll, close, advance, snapshot/restore) under
//! arbitrary input. One input is one fresh server and up to `fuzzing::MAX_OPS` calls; the driver
//! (shared with core/tests/fuzz_smoke.rs) checks every answer and the store's invariants and
//! panics on any violation, which libFuzzer reports as a crash.
//!
//! Run: `cargo +nightly fuzz run handle -s none -a -- -max_total_time=600`
//! (seed it with the committed corpus: add `../core/tests/corpus` after the target name).
#![no_main]

use k8s_openapi as _;
use libfuzzer_sys::fuzz_target;

#[path = "../../core/tests/fuzzing/mod.rs"]
mod fuzzing;

fuzz_target!(|data: &[u8]| fuzzing::Driver::run_input(data));
