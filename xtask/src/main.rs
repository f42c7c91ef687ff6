//! Maintainer tasks, run as `cargo xtask <task>`.
//!
//! - `codegen`: regenerates the code of every spec folder (`api-spec/` into
//!   `tcr-api/src/generated/`, `runtime/sts-spec/` into `runtime/src/sts/generated/`) and the
//!   spec format's JSON Schemas (`api-spec/schema/`).
//! - `codegen --check`: changes nothing; fails and names every stale file when the checked-in
//!   output differs from what the specs give (CI runs this).
//! - `build-cost`: the clean build time and crate count of a tiny binary using `tcr-api`.

mod build_cost;
mod codegen;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate tcr-api/src/generated/ (from api-spec/), runtime/src/sts/generated/
                   (from runtime/sts-spec/) and api-spec/schema/
  codegen --check  fail, naming the stale files, if the checked-in output is not up to date
  build-cost       time a clean debug build of a tiny binary that depends on tcr-api";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["build-cost"] => build_cost::run(&codegen::workspace_root()),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("unknown arguments: {}\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
