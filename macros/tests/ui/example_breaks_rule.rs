tcr_macros::api!(mod ping from "../../../../macros/tests/ui/specs/example_breaks_rule");

fn main() {}
