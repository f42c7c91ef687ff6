tcr_macros::api!(mod ping from "../../../../macros/tests/ui/specs/misspelled_key");

fn main() {}
