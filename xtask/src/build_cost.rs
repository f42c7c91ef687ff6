//! `cargo xtask build-cost`: what depending on `tcr-api` costs a user. Builds a tiny binary
//! that uses the client, from scratch (a fresh target folder, debug profile, default
//! features), and reports the wall time and the number of crates compiled, against the budget.
//! It also fails when the generator's or the emulator's dependencies appear in that build.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The budget for a clean debug build on the project's 2-core machine.
const BUDGET_SECONDS: f64 = 30.0;

/// Crates that belong to the generator, the macros or the emulator, never to a user's build.
const FORBIDDEN: &[&str] = &[
    "tcr-codegen",
    "tcr-macros",
    "tcr-emulator",
    "saphyr-parser",
    "prettyplease",
    "schemars",
    "heck",
    "clap",
    "serde_path_to_error",
    "openssl-sys",
    "aws-lc-sys",
];

pub fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("target/build-cost");
    let project = dir.join("tiny");
    let target = dir.join("target");
    let _ = fs::remove_dir_all(&target);
    fs::create_dir_all(project.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", project.display()))?;
    let manifest = format!(
        "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntcr-api = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("tcr-api").display().to_string()
    );
    fs::write(project.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    fs::write(
        project.join("src/main.rs"),
        "fn main() {\n    let client = tcr_api::Client::builder().build();\n    println!(\"{}\", client.is_ok());\n}\n",
    )
    .map_err(|e| e.to_string())?;
    // The same versions as the workspace, so the figure is about this code, not about what
    // crates.io published today.
    fs::copy(root.join("Cargo.lock"), project.join("Cargo.lock")).map_err(|e| e.to_string())?;

    println!(
        "building a tiny binary that depends on tcr-api, from scratch (debug, default features)..."
    );
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("build")
        .current_dir(&project)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("the tiny binary did not build:\n{log}"));
    }
    let compiled: Vec<&str> = log
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Compiling "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "clean debug build: {seconds:.1} s, {} crates compiled, {cores} cores (budget {BUDGET_SECONDS:.0} s)",
        compiled.len()
    );
    let forbidden: Vec<&&str> = compiled
        .iter()
        .filter(|name| FORBIDDEN.contains(name))
        .collect();
    if !forbidden.is_empty() {
        return Err(format!(
            "a plain tcr-api user builds crates it should not: {forbidden:?}"
        ));
    }
    if seconds > BUDGET_SECONDS {
        return Err(format!(
            "over budget: {seconds:.1} s > {BUDGET_SECONDS:.0} s"
        ));
    }
    println!("within budget; none of the generator's, macros' or emulator's dependencies is built");
    Ok(())
}
