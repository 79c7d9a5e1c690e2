//! `cargo xtask test`: every suite, then one line `N passed, M failed`.

use crate::util::{cargo, root};
use crate::{build, serve, setup};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// What one suite reported.
struct Outcome {
    name: &'static str,
    passed: u64,
    failed: u64,
    /// The suite could not run (or its runner failed without reporting failures).
    broken: Option<String>,
}

pub fn run() -> Result<(), String> {
    setup::run()?;
    let dist = build::run(true)?;
    let root = root();
    let mut results = Vec::new();

    results
        .push(suite("native (cargo test)", cargo().args(["test", "--workspace", "--no-fail-fast"]).current_dir(&root)));
    for (name, test) in [("wasm in Node", "node"), ("wasm in headless Chromium", "browser")] {
        let mut cmd = cargo();
        cmd.args(["test", "-p", "jobsim-js", "--target", "wasm32-unknown-unknown", "--test", test])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .current_dir(root.join("core/js"));
        results.push(suite(name, &mut cmd));
    }
    let npm = dist.join("npm");
    results.push(suite(
        "npm package in Node",
        Command::new("node")
            .args(["--test", "--test-reporter=spec", "node/"])
            .env("JOBSIM_NPM", &npm)
            .current_dir(root.join("tests")),
    ));

    let listener = serve::bind("127.0.0.1", 0)?;
    let url = format!("http://127.0.0.1:{}/", listener.local_addr().map_err(|e| e.to_string())?.port());
    let playground = dist.join("playground");
    std::thread::spawn(move || serve::serve_forever(listener, playground));
    results.push(suite(
        "playground in Chromium (Playwright)",
        Command::new("node")
            .args(["--test", "--test-reporter=spec", "playwright/"])
            .env("PLAYGROUND_URL", &url)
            .current_dir(root.join("tests")),
    ));

    println!("\nsuites:");
    let (mut passed, mut failed, mut broken) = (0, 0, false);
    for r in &results {
        passed += r.passed;
        failed += r.failed;
        let note = r.broken.as_deref().map(|b| format!("  (could not run: {b})")).unwrap_or_default();
        broken |= r.broken.is_some();
        println!("  {:<40} {:>5} passed {:>4} failed{note}", r.name, r.passed, r.failed);
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || broken {
        return Err("some tests failed or a suite could not run".into());
    }
    Ok(())
}

/// Runs one suite, echoing its output, and counts what its runner reported.
fn suite(name: &'static str, cmd: &mut Command) -> Outcome {
    println!("\n=== {name}");
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Outcome { name, passed: 0, failed: 0, broken: Some(e.to_string()) },
    };
    let stderr = child.stderr.take().map(|e| {
        std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(e).lines().map_while(Result::ok) {
                eprintln!("{line}");
                lines.push(line);
            }
            lines
        })
    });
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            lines.push(line);
        }
    }
    if let Some(h) = stderr {
        lines.extend(h.join().unwrap_or_default());
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    let (passed, failed) = count(&lines);
    let broken = if !ok && failed == 0 {
        Some("the runner failed without reporting a failed test".into())
    } else if ok && passed == 0 {
        Some("no test ran".into())
    } else {
        None
    };
    Outcome { name, passed, failed, broken }
}

/// Sums cargo's `test result: … N passed; M failed` lines and node's `ℹ pass N` / `# fail M` lines.
fn count(lines: &[String]) -> (u64, u64) {
    let (mut passed, mut failed) = (0, 0);
    for l in lines {
        let l = l.trim();
        if let Some(rest) = l.strip_prefix("test result: ") {
            let num = |label: &str| {
                rest.split(';').find_map(|p| {
                    p.trim().strip_suffix(label).and_then(|n| n.trim().split(' ').next_back()?.parse::<u64>().ok())
                })
            };
            passed += num(" passed").unwrap_or(0);
            failed += num(" failed").unwrap_or(0);
        }
        for prefix in ["ℹ ", "# "] {
            if let Some(rest) = l.strip_prefix(prefix) {
                if let Some(n) = rest.strip_prefix("pass ").and_then(|n| n.trim().parse::<u64>().ok()) {
                    passed += n;
                }
                if let Some(n) = rest.strip_prefix("fail ").and_then(|n| n.trim().parse::<u64>().ok()) {
                    failed += n;
                }
            }
        }
    }
    (passed, failed)
}
