//! `cargo xtask setup|build|playground|serve|test|bench` — the one place that knows the pipeline.

mod bench;
mod build;
mod serve;
mod setup;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup                 install what is missing (wasm target, wasm-bindgen-cli, chromium, npm deps)
  build [--debug]       build the npm package and the playground into www/dist/
  playground [--port N] build and serve the playground on http://127.0.0.1:8080
  serve [-- FLAGS]      build and run `jobsim serve FLAGS` (the npm package's server; --help lists FLAGS)
  test                  run every test suite and print `N passed, M failed`
  bench [--quick] [--no-build]
                        run every benchmark and print one table of figures and budgets";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("build") => setup::run().and_then(|_| build::run(!args.iter().any(|a| a == "--debug")).map(|_| ())),
        Some("playground") => playground(&args[1..]),
        Some("serve") => serve_api(&args[1..]),
        Some("test") => test::run(),
        Some("bench") => bench::run(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn playground(args: &[String]) -> Result<(), String> {
    let mut port = 8080u16;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    setup::run()?;
    let dist = build::run(true)?;
    let listener = serve::bind("127.0.0.1", port)?;
    println!("jobsim playground on http://127.0.0.1:{}/", listener.local_addr().map_err(|e| e.to_string())?.port());
    serve::serve_forever(listener, dist.join("playground"));
    Ok(())
}

/// `cargo xtask serve -- FLAGS`: builds, then runs the npm package's `jobsim serve FLAGS` in the foreground.
fn serve_api(args: &[String]) -> Result<(), String> {
    let flags = match args.first() {
        Some(a) if a == "--" => &args[1..],
        _ => args,
    };
    setup::run()?;
    let dist = build::run(true)?;
    let bin = dist.join("npm/bin/jobsim.mjs");
    let status = std::process::Command::new("node")
        .arg(&bin)
        .arg("serve")
        .args(flags)
        .status()
        .map_err(|e| format!("could not start node {}: {e}", bin.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("jobsim serve ended with {status}"))
    }
}
