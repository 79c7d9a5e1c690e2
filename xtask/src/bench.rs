//! `cargo xtask bench [--quick] [--no-build]`: every benchmark in one run, one table.
//!
//! 1. `jobsim-bench` (bench/, built with `--features bench` and the `bench` profile): kube-rs
//!    through jobsim, kube-fake-client and an echo floor; the core natively; the controller.
//! 2. `tests/bench/wasm.mjs`: the same handle-per-verb workload through the npm package in Node.
//! 3. The `.wasm` sizes of www/dist (measured on a copy taken right after the build).
//!
//! Every figure arrives as a `ROW\tsection\tfigure\tvalue\ttarget\tverdict` line; the table is
//! printed at the end, as Markdown. Budgets are printed beside the figures, never enforced.

use crate::build::gzip_len;
use crate::util::{cargo, copy_dir, exec, root, target_dir};
use std::path::Path;
use std::process::{Command, Stdio};

pub fn run(args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let build = !args.iter().any(|a| a == "--no-build");
    if let Some(a) = args.iter().find(|a| *a != "--quick" && *a != "--no-build") {
        return Err(format!("unknown flag {a}"));
    }
    if build {
        crate::setup::run()?;
        crate::build::run(true)?;
    }
    // Measure a private copy of www/dist, so a concurrent `cargo xtask build` cannot change the
    // package halfway through.
    let dist = target_dir().join("bench-dist");
    let _ = std::fs::remove_dir_all(&dist);
    for part in ["npm", "playground"] {
        copy_dir(&root().join("www/dist").join(part), &dist.join(part))?;
    }
    exec(cargo().args(["build", "--profile", "bench", "-p", "jobsim-bench", "--features", "bench"]))?;
    // The `bench` profile writes to target/release.
    let exe = target_dir().join("release").join("jobsim-bench");
    let native_json = target_dir().join("bench-native.json");

    let mut rows = Vec::new();
    let mut native = Command::new(&exe);
    if quick {
        native.arg("--quick");
    }
    native.arg("--native-out").arg(&native_json);
    rows.extend(collect(&mut native)?);

    let mut node = Command::new("node");
    node.arg(root().join("tests/bench/wasm.mjs")).arg(dist.join("npm")).arg(&native_json);
    if quick {
        node.arg("--quick");
    }
    // A missing or half-written package loses its rows, not the table.
    match collect(&mut node) {
        Ok(r) => rows.extend(r),
        Err(e) => eprintln!("bench: no wasm figures: {e}"),
    }
    match sizes(&dist) {
        Ok(r) => rows.extend(r),
        Err(e) => eprintln!("bench: no wasm sizes: {e}"),
    }
    print_table(&rows, quick);
    Ok(())
}

type Row = [String; 5];

/// Runs a bench program (stderr shown as progress) and keeps its `ROW` lines.
fn collect(cmd: &mut Command) -> Result<Vec<Row>, String> {
    let shown = format!("{cmd:?}");
    eprintln!("bench: {shown}");
    let out = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{shown} failed with {}", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("ROW\t"))
        .map(|l| {
            let mut f = l.split('\t').map(str::to_string);
            [(); 5].map(|_| f.next().unwrap_or_default())
        })
        .collect())
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1000.0)
}

fn sizes(dist: &Path) -> Result<Vec<Row>, String> {
    let section = "wasm sizes".to_string();
    let mut rows = Vec::new();
    let npm = dist.join("npm/node/jobsim_js_bg.wasm");
    let bytes = std::fs::read(&npm).map_err(|e| format!("{}: {e}", npm.display()))?;
    let gz = gzip_len(&bytes);
    rows.push([
        section.clone(),
        "npm jobsim_js_bg.wasm, raw / gzip".into(),
        format!("{} / {}", kb(bytes.len()), kb(gz)),
        "≤ 300 KB gzip".into(),
        verdict(gz <= 300_000),
    ]);
    let playground = dist.join("playground");
    // What a browser fetches to open the playground: index.html and the files it names (the
    // stylesheet, the JS glue, the wasm). The example manifests beside them are embedded in the
    // wasm too and served only for download, so they count in "every file" but not here.
    let index = std::fs::read_to_string(playground.join("index.html")).map_err(|e| format!("index.html: {e}"))?;
    let mut opened: Vec<std::path::PathBuf> = std::iter::once(playground.join("index.html"))
        .chain(
            index
                .match_indices("\"./")
                .filter_map(|(at, _)| index[at + 3..].split('"').next())
                .map(|f| playground.join(f)),
        )
        .collect();
    opened.sort();
    opened.dedup();
    let (mut raw, mut gzip, mut wasm_raw, mut wasm_gz, mut open_raw, mut open_gz) = (0, 0, 0, 0, 0, 0);
    for f in files(&playground)? {
        let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let g = gzip_len(&bytes);
        raw += bytes.len();
        gzip += g;
        if f.extension().is_some_and(|e| e == "wasm") {
            wasm_raw += bytes.len();
            wasm_gz += g;
        }
        if opened.contains(&f) {
            open_raw += bytes.len();
            open_gz += g;
        }
    }
    rows.push([
        section.clone(),
        "playground .wasm, raw / gzip".into(),
        format!("{} / {}", kb(wasm_raw), kb(wasm_gz)),
        String::new(),
        String::new(),
    ]);
    rows.push([
        section.clone(),
        format!("playground transfer on opening ({} files), raw / gzip", opened.len()),
        format!("{} / {}", kb(open_raw), kb(open_gz)),
        "≤ 1 MB gzip".into(),
        verdict(open_gz <= 1_000_000),
    ]);
    rows.push([
        section,
        "playground every file (with the example manifests), raw / gzip".into(),
        format!("{} / {}", kb(raw), kb(gzip)),
        String::new(),
        String::new(),
    ]);
    Ok(rows)
}

fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let p = entry.map_err(|e| e.to_string())?.path();
        if p.is_dir() {
            out.extend(files(&p)?);
        } else {
            out.push(p);
        }
    }
    Ok(out)
}

fn verdict(met: bool) -> String {
    if met { "met" } else { "NOT met" }.into()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

fn print_table(rows: &[Row], quick: bool) {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!();
    println!(
        "jobsim benchmarks — `cargo xtask bench{}` — {cores} CPU(s), {} — medians",
        if quick { " --quick" } else { "" },
        cpu_model()
    );
    println!();
    println!("| section | figure | value | budget | |");
    println!("|---|---|---|---|---|");
    let mut last = "";
    for [section, figure, value, target, verdict] in rows {
        let shown = if section == last { "" } else { section.as_str() };
        last = section;
        println!("| {shown} | {figure} | {value} | {target} | {verdict} |");
    }
    let met = rows.iter().filter(|r| r[4] == "met").count();
    let budgets = rows.iter().filter(|r| !r[4].is_empty()).count();
    println!();
    println!("{met} of {budgets} budget lines met (budgets are reported, not enforced)");
}
