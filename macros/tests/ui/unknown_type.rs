tcr_macros::api!(mod ping from "../../../../macros/tests/ui/specs/unknown_type");

fn main() {}
