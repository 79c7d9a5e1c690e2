//! `jobsim-bench`: the native benchmarks behind `cargo xtask bench`.
//!
//! Every figure is printed as one tab-separated line `ROW<TAB>section<TAB>figure<TAB>value<TAB>target<TAB>verdict`
//! on stdout (xtask gathers them into one table); progress goes to stderr. Medians throughout.
//!
//! usage: jobsim-bench [--quick] [--native-out FILE] [client|core|controller|resident|verbs|lists|floors]...

mod client;
mod native;
mod util;

use std::path::PathBuf;

fn main() {
    let mut quick = false;
    let mut native_out: Option<PathBuf> = None;
    let mut parts: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => quick = true,
            "--native-out" => native_out = args.next().map(PathBuf::from),
            other => parts.push(other.to_string()),
        }
    }
    if parts.is_empty() {
        parts = ["client", "core", "resident", "controller"].map(String::from).to_vec();
    }
    for part in &parts {
        match part.as_str() {
            "client" => client::run(quick),
            "core" => native::run(quick, native_out.as_deref()),
            "resident" => native::resident(quick),
            "controller" => native::controller(quick),
            "resident-child" => native::resident_child(quick),
            // One handle-per-verb round, for profilers and instruction counters.
            "verbs" => native::verbs_once(),
            "lists" => native::lists(quick),
            "floors" => native::floors(quick),
            other => {
                eprintln!("jobsim-bench: unknown part {other}");
                std::process::exit(2);
            }
        }
    }
}
