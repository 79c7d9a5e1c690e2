//! `cargo xtask build`: the npm package and the playground in www/dist/, wasm-opt'ed in release.

use crate::util::{cargo, copy_dir, exec, root, target_dir};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// How wasm-opt optimizes: for size, without merging functions that have one caller into it.
/// V8 compiles a wasm function whole on its first call, so a request pays for every branch of
/// the functions it enters; kept apart, a first request compiles only what it runs, and the
/// module compresses better, for a few percent of steady-state speed (figures in BENCHMARKS.md).
const WASM_OPT_PASSES: &[&str] = &["-Oz", "--one-caller-inline-max-function-size=0"];

/// Builds everything into www/dist and returns that folder.
pub fn run(release: bool) -> Result<PathBuf, String> {
    let dist = root().join("www/dist");
    // The npm package is built for speed where the playground is built for size: Node runs test
    // suites through the package, and opt-level "s" makes its requests about 1.5× faster than
    // "z" for ~14% more gzip; the playground is downloaded by every visitor (figures in
    // BENCHMARKS.md).
    let (npm_profile, web_profile) = if release { ("wasm-npm", "release") } else { ("dev", "dev") };
    for (package, profile) in [("jobsim-js", npm_profile), ("jobsim-web", web_profile)] {
        exec(cargo().args(["build", "--target", "wasm32-unknown-unknown", "-p", package, "--profile", profile]))?;
    }
    let out = |profile: &str| {
        target_dir().join("wasm32-unknown-unknown").join(if profile == "dev" { "debug" } else { profile })
    };

    let npm = dist.join("npm");
    let _ = std::fs::remove_dir_all(&npm);
    copy_dir(&root().join("www/npm"), &npm)?;
    bindgen(&out(npm_profile).join("jobsim_js.wasm"), &npm.join("node"), "nodejs", "jobsim_js", release)?;
    std::fs::write(npm.join("node/package.json"), "{\"type\":\"commonjs\"}\n").map_err(|e| e.to_string())?;
    bindgen(&out(npm_profile).join("jobsim_js.wasm"), &npm.join("web"), "web", "jobsim_js", release)?;

    let playground = dist.join("playground");
    let _ = std::fs::remove_dir_all(&playground);
    copy_dir(&root().join("www/playground"), &playground)?;
    bindgen(&out(web_profile).join("jobsim-web.wasm"), &playground, "web", "jobsim_web", release)?;
    // `jobsim serve --playground` serves the playground from inside the npm package.
    copy_dir(&playground, &npm.join("playground"))?;

    println!("wasm sizes (raw / gzip):");
    for f in [npm.join("node/jobsim_js_bg.wasm"), playground.join("jobsim_web_bg.wasm")] {
        let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        println!(
            "  {:<40} {:>9} B / {:>9} B",
            f.strip_prefix(&dist).unwrap_or(&f).display(),
            bytes.len(),
            gzip_len(&bytes)
        );
    }
    Ok(dist)
}

/// Runs wasm-bindgen for one target, then wasm-opt on its `_bg.wasm` in release.
fn bindgen(wasm: &Path, out_dir: &Path, target: &str, name: &str, release: bool) -> Result<(), String> {
    exec(
        Command::new("wasm-bindgen")
            .arg(wasm)
            .args(["--target", target, "--out-name", name, "--no-typescript", "--out-dir"])
            .arg(out_dir),
    )?;
    if release {
        let bg = out_dir.join(format!("{name}_bg.wasm"));
        let wasm_opt = root().join("tests/node_modules/.bin/wasm-opt");
        exec(Command::new(&wasm_opt).args(WASM_OPT_PASSES).args(WASM_OPT_FEATURES).arg(&bg).arg("-o").arg(&bg))?;
    }
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}
