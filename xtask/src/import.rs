//! `cargo xtask import`: Tencent's published definition into spec files.
//!
//! - `--fetch` obtains the pinned `tccli` package (checked against its SHA-256) into
//!   `target/import-cache/` once, and imports TCR from it;
//! - `--api PATH [--examples PATH]` imports a given definition;
//! - `--out DIR` (default `api-spec`) is the spec folder written or updated;
//! - `--check` changes nothing and fails if the import would change something (CI);
//! - `--all-services [DIR]` imports and generates every service version of the package (or of
//!   `DIR`, a `tccli/services` folder) into `--out`, as a robustness run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tcr_codegen::import::{self, Definition, Import};

/// The pinned package, and the SHA-256 of its wheel on PyPI.
const PACKAGE: &str = "tccli==3.1.189.1";
const WHEEL: &str = "tccli-3.1.189.1-py2.py3-none-any.whl";
const WHEEL_SHA256: &str = "98ec6fdc56000f0947ae34d601bfb86e49824afe21f6deb03d1b259221bf871c";
/// TCR's definition inside the package.
const TCR: &str = "tcr/v20190924";

/// What to do, from the command line.
struct Options {
    fetch: bool,
    api: Option<PathBuf>,
    examples: Option<PathBuf>,
    out: Option<PathBuf>,
    check: bool,
    all_services: Option<Option<PathBuf>>,
}

/// Runs `cargo xtask import` with `args` (after `import`).
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = parse(args)?;
    if let Some(dir) = &options.all_services {
        let services = match (dir, options.fetch) {
            (Some(dir), _) => dir.clone(),
            (None, _) => fetch(root)?,
        };
        let out = options
            .out
            .clone()
            .ok_or("--all-services needs --out DIR (an empty or new folder)")?;
        return all_services(&services, &out);
    }
    let api = match (&options.api, options.fetch) {
        (Some(api), false) => api.clone(),
        (None, true) => fetch(root)?.join(TCR).join("api.json"),
        _ => return Err("give either --fetch or --api PATH".into()),
    };
    let examples = options
        .examples
        .clone()
        .or_else(|| Some(api.with_file_name("examples.json")).filter(|p| p.exists()));
    let out = options.out.clone().unwrap_or_else(|| root.join("api-spec"));
    let display = shown(root, &out);
    let result = import_one(&api, examples.as_deref(), &out, &display)?;
    report(&result, &display);
    if options.check {
        if result.updates.is_empty() {
            println!("{display} is up to date with {}", api.display());
            return Ok(());
        }
        return Err(format!(
            "{display} is not up to date with {}: run `cargo xtask import` and commit the result",
            api.display()
        ));
    }
    import::apply(&out, &result).map_err(|e| e.to_string())?;
    println!(
        "{}: {} files written, {} removed",
        display,
        result.updates.iter().filter(|u| u.text.is_some()).count(),
        result.updates.iter().filter(|u| u.text.is_none()).count()
    );
    match &result.problems {
        Some(problems) => Err(format!(
            "the imported spec does not load yet; fix these by hand:\n{}",
            problems.render()
        )),
        None => Ok(()),
    }
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        fetch: false,
        api: None,
        examples: None,
        out: None,
        check: false,
        all_services: None,
    };
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or(format!("{name} needs a value"))
        };
        match *arg {
            "--fetch" => options.fetch = true,
            "--check" => options.check = true,
            "--api" => options.api = Some(value("--api")?),
            "--examples" => options.examples = Some(value("--examples")?),
            "--out" => options.out = Some(value("--out")?),
            "--all-services" => {
                let dir = args
                    .next_if(|next| !next.starts_with("--"))
                    .map(PathBuf::from);
                options.all_services = Some(dir);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
        .trim_end_matches('/')
        .to_owned()
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn import_one(
    api: &Path,
    examples: Option<&Path>,
    out: &Path,
    display: &str,
) -> Result<Import, String> {
    let api_text = read(api)?;
    let api_name = api.display().to_string();
    let examples_text = examples.map(read).transpose()?;
    let examples_name = examples.map(|p| p.display().to_string());
    let definition = Definition {
        api: &api_text,
        api_name: &api_name,
        examples: examples_text.as_deref().zip(examples_name.as_deref()),
    };
    let existing = import::read_existing(out, display).map_err(|e| e.to_string())?;
    import::import(&definition, existing, display).map_err(|e| e.to_string())
}

/// Prints what an import changes and decides.
fn report(result: &Import, display: &str) {
    if result.changes.is_empty() {
        println!("{display}: no fact changed");
    }
    for change in &result.changes {
        println!("  {change}");
    }
    if !result.notes.is_empty() {
        println!("to review ({}):", result.notes.len());
        for note in &result.notes {
            println!("  {note}");
        }
    }
}

/// The `tccli/services` folder of the pinned package, downloaded and unpacked once.
fn fetch(root: &Path) -> Result<PathBuf, String> {
    let cache = root.join("target/import-cache");
    let unpacked = cache.join("tccli-3.1.189.1");
    let services = unpacked.join("tccli/services");
    if services.join(TCR).join("api.json").exists() {
        return Ok(services);
    }
    fs::create_dir_all(&cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let requirements = cache.join("requirements.txt");
    fs::write(
        &requirements,
        format!("{PACKAGE} --hash=sha256:{WHEEL_SHA256}\n"),
    )
    .map_err(|e| format!("cannot write {}: {e}", requirements.display()))?;
    println!("downloading {PACKAGE} into {}", cache.display());
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--require-hashes",
            "-r",
        ])
        .arg(&requirements)
        .arg("-d")
        .arg(&cache)
        .status()
        .map_err(|e| format!("cannot run `python3 -m pip` (needed for --fetch): {e}"))?;
    if !status.success() {
        return Err(format!("`pip download {PACKAGE}` failed ({status})"));
    }
    let partial = cache.join("tccli-3.1.189.1.partial");
    let _ = fs::remove_dir_all(&partial);
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(cache.join(WHEEL))
        .arg(&partial)
        .status()
        .map_err(|e| format!("cannot run `python3 -m zipfile`: {e}"))?;
    if !status.success() {
        return Err(format!("unpacking {WHEEL} failed ({status})"));
    }
    let _ = fs::remove_dir_all(&unpacked);
    fs::rename(&partial, &unpacked)
        .map_err(|e| format!("cannot move the unpacked package into place: {e}"))?;
    Ok(services)
}

/// The outcome of one service version in the robustness run.
enum Outcome {
    /// Imported, loaded, generated; a second import changed nothing.
    Ok {
        actions: usize,
        files: usize,
        /// Time to import and write; to load and generate; to import again.
        phases: [Duration; 3],
    },
    /// Failed, with the kind of failure and the message.
    Failed { kind: String, message: String },
}

/// Imports and generates every `<service>/<version>/` under `services` into `out`.
fn all_services(services: &Path, out: &Path) -> Result<(), String> {
    if out.exists()
        && fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty; give a new or empty folder",
            out.display()
        ));
    }
    let mut versions = Vec::new();
    let entries =
        fs::read_dir(services).map_err(|e| format!("cannot read {}: {e}", services.display()))?;
    for service in entries.flatten().filter(|e| e.path().is_dir()) {
        for version in fs::read_dir(service.path()).into_iter().flatten().flatten() {
            if version.path().join("api.json").exists() {
                versions.push(version.path());
            }
        }
    }
    versions.sort();
    println!(
        "importing and generating {} service versions from {}",
        versions.len(),
        services.display()
    );
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<usize, (String, Outcome, Duration)>> = Mutex::new(BTreeMap::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = versions.get(i) else { break };
                    let name = shown(services, dir);
                    let target = out.join(&name);
                    let begun = Instant::now();
                    let outcome = std::panic::catch_unwind(|| one_service(dir, &target, &name))
                        .unwrap_or_else(|panic| Outcome::Failed {
                            kind: "panic".into(),
                            message: panic
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                                .unwrap_or_default(),
                        });
                    if let Ok(mut results) = results.lock() {
                        results.insert(i, (name, outcome, begun.elapsed()));
                    }
                }
            });
        }
    });
    std::panic::set_hook(previous_hook);
    let elapsed = started.elapsed();
    let results = results.into_inner().map_err(|_| "a worker failed")?;
    let mut ok = 0;
    let mut actions = 0;
    let mut files = 0;
    let mut phases = [Duration::ZERO; 3];
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    for (name, outcome, time) in results.values() {
        slowest.push((*time, name.clone()));
        match outcome {
            Outcome::Ok {
                actions: a,
                files: f,
                phases: p,
            } => {
                ok += 1;
                actions += a;
                files += f;
                for (total, phase) in phases.iter_mut().zip(p) {
                    *total += *phase;
                }
            }
            Outcome::Failed { kind, message } => {
                println!("FAILED {name}: {message}");
                kinds.entry(kind.clone()).or_default().push(name.clone());
            }
        }
    }
    slowest.sort_by(|a, b| b.cmp(a));
    println!();
    println!(
        "{ok} of {} service versions imported, loaded and generated ({actions} actions, {files} generated files) in {:.1} s on {threads} threads; a second import changed nothing in each",
        results.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  time in all threads: import and write {:.1} s, load and generate {:.1} s, import again {:.1} s",
        phases[0].as_secs_f64(),
        phases[1].as_secs_f64(),
        phases[2].as_secs_f64()
    );
    for (time, name) in slowest.iter().take(3) {
        println!("  slowest: {name} {:.2} s", time.as_secs_f64());
    }
    for (kind, names) in &kinds {
        println!("  {} failed: {kind}: {}", names.len(), names.join(", "));
    }
    if kinds.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} service versions failed",
            kinds.values().map(Vec::len).sum::<usize>()
        ))
    }
}

/// Imports one service version into `target`, loads and generates it, and imports it again.
fn one_service(dir: &Path, target: &Path, name: &str) -> Outcome {
    let failed = |kind: &str, message: String| Outcome::Failed {
        kind: kind.to_owned(),
        message,
    };
    let examples = Some(dir.join("examples.json")).filter(|p| p.exists());
    let started = Instant::now();
    let result = match import_one(&dir.join("api.json"), examples.as_deref(), target, name) {
        Ok(result) => result,
        Err(message) => return failed("definition not imported", message),
    };
    if let Err(e) = import::apply(target, &result) {
        return failed("not written", e.to_string());
    }
    if let Some(problems) = &result.problems {
        // The first problem that is not about an example: examples only follow from it.
        let (headline, message) = problems
            .iter()
            .find(|d| !d.message.starts_with("example `"))
            .or_else(|| problems.iter().next())
            .map(|d| (d.headline(), d.message.clone()))
            .unwrap_or_default();
        return failed(
            &format!("spec does not load: {}", kind_of(&message)),
            format!("{} problems; first: {headline}", problems.len()),
        );
    }
    let imported = started.elapsed();
    let api = match tcr_codegen::load_dir(target, name) {
        Ok(api) => api,
        Err(problems) => {
            return failed(
                "written spec does not load",
                problems
                    .render()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    };
    let files = match tcr_codegen::generate(&api, name) {
        Ok(files) => files.len(),
        Err(message) => return failed("generation failed", message),
    };
    let generated = started.elapsed() - imported;
    match import_one(&dir.join("api.json"), examples.as_deref(), target, name) {
        Ok(again) if again.updates.is_empty() => Outcome::Ok {
            actions: api.actions.len(),
            files,
            phases: [
                imported,
                generated,
                started.elapsed() - imported - generated,
            ],
        },
        Ok(again) => failed(
            "re-import not a no-op",
            format!(
                "a second import would change {}",
                again
                    .updates
                    .iter()
                    .map(|u| u.relative.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Err(message) => failed("re-import failed", message),
    }
}

/// A problem's message with the names taken out, to count problems by kind.
fn kind_of(message: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in message.chars() {
        if c == '`' {
            inside = !inside;
            if inside {
                out.push('…');
            }
        } else if !inside {
            out.push(c);
        }
    }
    out.chars().take(90).collect()
}
