tcr_macros::api!(mod ping from "specs/no_such_folder");

fn main() {}
