//! The loader never panics: mangled spec files give diagnostics, whatever the bytes.

use std::path::Path;

use proptest::prelude::*;
use tcr_codegen::SourceFile;

fn tcr_files() -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    tcr_codegen::load::read_dir(&dir, "api-spec").unwrap()
}

fn char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mangled_spec_files_never_panic(
        file in 0usize..6,
        cut in any::<usize>(),
        insert_at in any::<usize>(),
        inserted in "(\\PC|[\\-:{}\\[\\]&*!|>'\" \n\t#]){0,24}",
    ) {
        let mut files = tcr_files();
        let index = file % files.len();
        let text = files[index].text.clone();
        let cut = char_boundary(&text, cut % (text.len() + 1));
        let mut mangled = text[..cut].to_owned();
        let at = char_boundary(&mangled, insert_at % (mangled.len() + 1));
        mangled.insert_str(at, &inserted);
        files[index].text = mangled;
        let _ = tcr_codegen::load_files(files);
    }

    #[test]
    fn arbitrary_text_as_an_action_file_never_panics(text in "\\PC{0,200}") {
        let mut files = tcr_files();
        files.push(SourceFile::new("api-spec", "actions/Fuzz.yaml", text));
        prop_assert!(tcr_codegen::load_files(files).is_err());
    }
}
