//! Code generation: load, check and emit the whole `api-spec/`, and synthetic specs of 10, 50
//! and 200 actions. Budget: ≤ 1 s for 200 actions.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tcr_codegen::SourceFile;

fn tcr_spec() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    tcr_codegen::load::read_dir(&dir, "api-spec").unwrap()
}

/// The TCR spec plus `n` copies of CreateServiceAccount under other names, so every action
/// carries real constraints and examples.
fn synthetic(n: usize) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = tcr_spec()
        .into_iter()
        .filter(|f| !f.relative.starts_with("actions/"))
        .collect();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/actions/CreateServiceAccount.yaml"),
    )
    .unwrap();
    for i in 0..n {
        let name = format!("CreateThing{i:03}");
        let text = template.replace("name: CreateServiceAccount", &format!("name: {name}"));
        files.push(SourceFile::new(
            "api-spec",
            &format!("actions/{name}.yaml"),
            text,
        ));
    }
    files
}

fn generate(files: Vec<SourceFile>) -> usize {
    let api = tcr_codegen::load_files(files).unwrap();
    tcr_codegen::generate(&api, "api-spec")
        .unwrap()
        .iter()
        .map(|(_, text)| text.len())
        .sum()
}

fn codegen(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    let spec = tcr_spec();
    group.bench_function("api-spec", |b| b.iter(|| generate(spec.clone())));
    for n in [10, 50, 200] {
        let files = synthetic(n);
        group.bench_with_input(
            BenchmarkId::new("synthetic_actions", n),
            &files,
            |b, files| b.iter(|| generate(files.clone())),
        );
    }
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
