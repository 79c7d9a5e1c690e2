//! `jobsim-bench`: the native benchmarks behind `cargo xtask bench`.
//!
//! Every figure is printed as one tab-separated line `ROW<TAB>section<TAB>figure<TAB>value<TAB>target<TAB>verdict`
//! on stdout (xtask gathers them into one table); progress goes to stderr. Medians throughout.
//!
//! usage: jobsim-bench [--quick] [--native-out FILE] [client|core|controller|resident|verbs|gets|client-jobsim|service-gets|lists|floors]...

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
            // One round of the kube-rs workload over jobsim alone, for profilers.
            "client-jobsim" => client::jobsim_once(),
            // GETs through the tower adapter and without it.
            "service-gets" => client::service_gets(),
            // GETs of one Job, for profilers.
            "gets" => native::gets_once(),
            other => {
                eprintln!("jobsim-bench: unknown part {other}");
                std::process::exit(2);
            }
        }
    }
}
