tcr_macros::api!(mod ping from "specs/misspelled_key");

fn main() {}
