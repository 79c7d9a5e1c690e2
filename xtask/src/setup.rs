//! `cargo xtask setup`: installs what is missing, idempotently, and says what it does.

use crate::util::{cargo, exec, on_path, output, root};
use std::path::Path;
use std::process::Command;

pub fn run() -> Result<(), String> {
    wasm_target()?;
    wasm_bindgen()?;
    chromium()?;
    npm_deps()
}

fn wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    println!("setup: rustup target add wasm32-unknown-unknown");
    exec(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The wasm-bindgen version pinned in Cargo.lock.
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    println!("setup: cargo install wasm-bindgen-cli --version ={want} (a few minutes, once)");
    let locked = exec(cargo().args(["install", "wasm-bindgen-cli", "--version", &format!("={want}"), "--locked"]));
    if locked.is_err() {
        println!("setup: retrying without --locked");
        exec(cargo().args(["install", "wasm-bindgen-cli", "--version", &format!("={want}")]))?;
    }
    Ok(())
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

fn chromium() -> Result<(), String> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    if !is_root() || !on_path("apt-get") {
        return Err("Chromium is needed for the browser tests: install the Debian packages `chromium` and `chromium-driver` (as root: apt-get install chromium chromium-driver)".into());
    }
    println!("setup: apt-get install chromium chromium-driver");
    exec(Command::new("apt-get").arg("update").arg("-q"))?;
    exec(
        Command::new("apt-get")
            .args(["install", "-y", "-q", "chromium", "chromium-driver"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn npm_deps() -> Result<(), String> {
    let tests = root().join("tests");
    let stamp = tests.join("node_modules/.package-lock.json");
    let lock = tests.join("package-lock.json");
    let fresh = match (
        std::fs::metadata(&stamp).and_then(|m| m.modified()),
        std::fs::metadata(&lock).and_then(|m| m.modified()),
    ) {
        (Ok(s), Ok(l)) => s >= l,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!("setup: npm ci (tests/: playwright-core, binaryen for wasm-opt)");
    exec(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&tests))
}
