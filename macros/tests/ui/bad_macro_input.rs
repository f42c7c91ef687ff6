tcr_macros::api!(mod ping "../../../../macros/tests/ui/specs/valid");

fn main() {}
