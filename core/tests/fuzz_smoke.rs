//! A bounded fuzz run inside the test suite: the committed seed corpus (tests/corpus/), then a
//! fixed number of inputs from a fixed-seed generator. Each input runs through the driver the
//! cargo-fuzz target uses (tests/fuzzing/), which checks every answer and the store's
//! invariants after each call. A failing input is written out as bytes and as a script.

mod fuzzing;

use fuzzing::{script, Driver};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

/// How many generated inputs the bounded run replays (each runs up to `fuzzing::MAX_OPS` calls).
const GENERATED_INPUTS: u64 = 400;
/// The generator's seed: the same inputs on every run.
const SEED: u64 = 0x6a6f_6273_696d_0010;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus")
}

/// Runs one input; on a panic, saves the input and the script of what ran, then fails.
fn run(label: &str, data: &[u8]) -> usize {
    let mut slot: Option<Driver> = None;
    let outcome = catch_unwind(AssertUnwindSafe(|| Driver::run_input_into(data, &mut slot)));
    match outcome {
        Ok(()) => slot.map_or(0, |d| d.steps),
        Err(e) => {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let dir = std::env::temp_dir().join("jobsim-fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let stem = label.replace(['/', ' '], "_");
            let _ = std::fs::write(dir.join(format!("{stem}.bin")), data);
            if let Some(d) = &slot {
                let _ = std::fs::write(dir.join(format!("{stem}.script")), script(&d.log));
            }
            panic!("input {label} failed: {why}\n(input and script saved under {})", dir.display());
        }
    }
}

/// SplitMix64: a tiny fixed-seed generator, so the inputs are the same everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[test]
fn seed_corpus_keeps_every_invariant() {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(corpus_dir()).expect("tests/corpus exists").map(|e| e.expect("entry").path()).collect();
    files.sort();
    assert!(files.len() >= 10, "the seed corpus has its inputs");
    let mut steps = 0;
    for f in &files {
        let data = std::fs::read(f).expect("readable");
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ran = run(&format!("corpus/{name}"), &data);
        assert!(ran > 0, "{name} runs at least one call");
        steps += ran;
    }
    assert!(steps >= files.len());
}

#[test]
fn generated_inputs_keep_every_invariant() {
    let mut rng = SplitMix(SEED);
    let mut steps = 0;
    for i in 0..GENERATED_INPUTS {
        let len = 32 + (rng.next() % 1500) as usize;
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Never the script form: generated inputs drive the structured generator.
        let data = if data[0] == b'#' { [&[0u8][..], &data[1..]].concat() } else { data };
        steps += run(&format!("generated-{i}"), &data);
    }
    assert!(steps as u64 >= GENERATED_INPUTS, "every input ran calls ({steps})");
}
