tcr_macros::api!(mod ping from "../../../../macros/tests/ui/specs/no_such_folder");

fn main() {}
