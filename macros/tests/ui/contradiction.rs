tcr_macros::api!(mod ping from "specs/contradiction");

fn main() {}
