//! Benchmarks live in `benches/`; run them with `cargo bench -p tcr-benches`. The budgets and
//! the figures of the last run are in the README.
