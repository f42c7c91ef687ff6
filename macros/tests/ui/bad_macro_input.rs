tcr_macros::api!(mod ping "specs/valid");

fn main() {}
