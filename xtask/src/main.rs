//! Maintainer tasks, run as `cargo xtask <task>`.
//!
//! - `codegen`: regenerates the code of every spec folder (`api-spec/` into
//!   `tcr-api/src/generated/`, `runtime/sts-spec/` into `runtime/src/sts/generated/`) and the
//!   spec format's JSON Schemas (`api-spec/schema/`).
//! - `codegen --check`: changes nothing; fails and names every stale file when the checked-in
//!   output differs from what the specs give (CI runs this).
//! - `build-cost [--compare]`: the clean build time and crate count of a tiny binary using
//!   `tcr-api`, the crate's own compile time, and with `--compare` the ratio to `aws-sdk-ecr`.
//! - `import`: Tencent's published definition (`tccli`'s `api.json` and `examples.json`) into
//!   spec files, keeping what people wrote by hand.

mod build_cost;
mod codegen;
mod emulator_answers;
mod example_report;
mod import;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

  codegen          regenerate tcr-api/src/generated/ (from api-spec/), runtime/src/sts/generated/
                   (from runtime/sts-spec/) and api-spec/schema/
  codegen --check  fail, naming the stale files, if the checked-in output is not up to date
  build-cost       time a clean debug build of a tiny binary that depends on tcr-api
  build-cost --compare
                   the same, and the same binary for aws-sdk-ecr, side by side
  import --fetch   import TCR from the pinned tccli==3.1.189.1 (downloaded once, hash-checked,
                   into target/import-cache/) into api-spec/, keeping what people wrote by hand
  import --api PATH [--examples PATH] [--out DIR]
                   import a given api.json (examples.json beside it by default) into DIR
  import ... --check
                   change nothing; fail if the import would change a spec file
  import --all-services [SERVICES_DIR] --out DIR
                   robustness run: import and generate every service version of the package
                   (or of a tccli/services folder) into the empty folder DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["build-cost", rest @ ..] => build_cost::run(&codegen::workspace_root(), rest),
        ["import", rest @ ..] => import::run(&codegen::workspace_root(), rest),
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
