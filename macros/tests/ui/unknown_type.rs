tcr_macros::api!(mod ping from "specs/unknown_type");

fn main() {}
