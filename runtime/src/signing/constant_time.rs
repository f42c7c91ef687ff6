//! Comparing secrets and signatures without leaking where they differ.

use std::hint::black_box;

/// Byte-wise equality whose running time depends on the lengths only, not on the contents.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| black_box(acc | (x ^ y)));
    black_box(diff) == 0
}
