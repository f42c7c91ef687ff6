tcr_macros::api!(mod ping from "../../../../macros/tests/ui/specs/contradiction");

fn main() {}
