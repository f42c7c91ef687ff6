//! `cargo xtask build-cost`: what depending on `tcr-api` costs a user. Builds a tiny binary
//! that calls one TCR action, from scratch (a fresh target folder, debug profile, default
//! features), and reports the wall time and the number of crates compiled; then the `tcr-api`
//! crate's own compile time, against its budget. It also fails when the generator's or the
//! emulator's dependencies appear in that build.
//!
//! `cargo xtask build-cost --compare` also builds, in the same run, the same tiny binary for
//! `aws-sdk-ecr` (the registry a user might pick instead) and reports the ratio: `tcr-api`'s
//! clean build must stay within half of it.
//!
//! The clean build's budget is that ratio, measured in one run, rather than a number of
//! seconds: the same build on this project's machine took 115 s one day and 99.5 s another.
//! (With 5 actions the budget was 30 s; the whole API, TLS and tokio do not fit in that on 2
//! cores, and the figure is printed against it for reference.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The clean debug build's budget when the crate had 5 actions, printed for reference.
const FIVE_ACTION_BUDGET_SECONDS: f64 = 30.0;

/// The budget for compiling the `tcr-api` crate itself, its dependencies already built.
const CRATE_BUDGET_SECONDS: f64 = 10.0;

/// The largest share of the `aws-sdk-ecr` tiny binary's clean build that `tcr-api`'s may take.
const RATIO_BUDGET: f64 = 0.5;

/// The `aws-sdk-ecr` version compared against (62 operations).
const AWS_SDK_ECR: &str = "=1.138.0";

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

const TCR_MAIN: &str = r#"fn main() {
    let client = tcr_api::Client::builder().build().expect("client");
    // The call is built and its future made, so the whole call path is compiled; not sent.
    let call = client.describe_service_accounts().registry_id("tcr-00000000").send();
    drop(call);
}
"#;

const ECR_MAIN: &str = r#"fn main() {
    let config = aws_sdk_ecr::Config::builder()
        .behavior_version(aws_sdk_ecr::config::BehaviorVersion::latest())
        .region(aws_sdk_ecr::config::Region::new("us-east-1"))
        .build();
    let client = aws_sdk_ecr::Client::from_conf(config);
    // The call is built and its future made, so the whole call path is compiled; not sent.
    let call = client.describe_repositories().send();
    drop(call);
}
"#;

/// One clean build of a tiny binary.
struct Build {
    seconds: f64,
    crates: Vec<String>,
    target: PathBuf,
    project: PathBuf,
}

/// Runs the measurement; `args` may hold `--compare`.
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let compare = match args {
        [] => false,
        ["--compare"] => true,
        other => {
            return Err(format!(
                "build-cost takes `--compare` or nothing, not {other:?}"
            ));
        }
    };
    let dir = root.join("target/build-cost");
    let tcr_dependency = format!(
        "tcr-api = {{ path = {:?} }}",
        root.join("tcr-api").display().to_string()
    );
    println!(
        "building a tiny binary that calls one TCR action, from scratch (debug, default features)..."
    );
    // The same versions as the workspace, so the figure is about this code, not about what
    // crates.io published today.
    let tcr = build_tiny(
        &dir,
        "tcr",
        &tcr_dependency,
        TCR_MAIN,
        Some(&root.join("Cargo.lock")),
    )?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "clean debug build: {:.1} s, {} crates compiled, {cores} cores \
         (the budget is the ratio to aws-sdk-ecr, `--compare`; {FIVE_ACTION_BUDGET_SECONDS:.0} s \
         with 5 actions)",
        tcr.seconds,
        tcr.crates.len()
    );
    let forbidden: Vec<&String> = tcr
        .crates
        .iter()
        .filter(|name| FORBIDDEN.contains(&name.as_str()))
        .collect();
    if !forbidden.is_empty() {
        return Err(format!(
            "a plain tcr-api user builds crates it should not: {forbidden:?}"
        ));
    }
    let own = crate_compile_seconds(&tcr, "tcr-api")?;
    println!("the tcr-api crate itself: {own:.1} s (budget {CRATE_BUDGET_SECONDS:.0} s)");
    let mut problems = Vec::new();
    if own > CRATE_BUDGET_SECONDS {
        problems.push(format!(
            "the tcr-api crate takes {own:.1} s to compile, over {CRATE_BUDGET_SECONDS:.0} s"
        ));
    }
    if compare {
        println!("building the same tiny binary for aws-sdk-ecr {AWS_SDK_ECR}, from scratch...");
        let ecr = build_tiny(
            &dir,
            "ecr",
            &format!("aws-sdk-ecr = \"{AWS_SDK_ECR}\""),
            ECR_MAIN,
            None,
        )?;
        let ratio = tcr.seconds / ecr.seconds;
        println!(
            "aws-sdk-ecr: {:.1} s, {} crates; tcr-api / aws-sdk-ecr = {ratio:.2} (budget {RATIO_BUDGET})",
            ecr.seconds,
            ecr.crates.len()
        );
        if ratio > RATIO_BUDGET {
            problems.push(format!(
                "tcr-api's clean build is {ratio:.2} of aws-sdk-ecr's, over {RATIO_BUDGET}"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    println!("within budget; none of the generator's, macros' or emulator's dependencies is built");
    Ok(())
}

/// Builds `target/build-cost/<name>` (a binary depending on `dependency`, running `main`) in a
/// fresh target folder; `lock` pins the dependency versions when given.
fn build_tiny(
    dir: &Path,
    name: &str,
    dependency: &str,
    main: &str,
    lock: Option<&Path>,
) -> Result<Build, String> {
    let project = dir.join(name);
    let target = dir.join(format!("{name}-target"));
    let _ = fs::remove_dir_all(&target);
    fs::create_dir_all(project.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", project.display()))?;
    let manifest = format!(
        "[package]\nname = \"tiny-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependency}\n\n[workspace]\n"
    );
    let write = |path: PathBuf, text: &str| {
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(project.join("Cargo.toml"), &manifest)?;
    write(project.join("src/main.rs"), main)?;
    if let Some(lock) = lock {
        fs::copy(lock, project.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    }
    // Resolving and downloading is not building: fetch first, outside the clock.
    cargo(&project, &target, &["fetch"])?;
    let started = Instant::now();
    let log = cargo(&project, &target, &["build"])?;
    let seconds = started.elapsed().as_secs_f64();
    let crates = log
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Compiling "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    Ok(Build {
        seconds,
        crates,
        target,
        project,
    })
}

/// How long `krate` takes to compile once everything it depends on is built.
fn crate_compile_seconds(build: &Build, krate: &str) -> Result<f64, String> {
    cargo(&build.project, &build.target, &["clean", "-p", krate])?;
    let started = Instant::now();
    cargo(&build.project, &build.target, &["build"])?;
    Ok(started.elapsed().as_secs_f64())
}

/// Runs `cargo <args>` in `project` with `target` as the target folder; its stderr, or why it
/// failed.
fn cargo(project: &Path, target: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(log)
    } else {
        Err(format!(
            "`cargo {}` failed in {}:\n{log}",
            args.join(" "),
            project.display()
        ))
    }
}
