tcr_macros::api!(mod ping from "specs/example_breaks_rule");

fn main() {}
