//! The password rule of ModifyServiceAccountPassword, as stated in `api-spec/`: 8 to 20
//! characters (Unicode scalar values), at least one ASCII uppercase letter, one ASCII lowercase
//! letter and one ASCII digit. Non-ASCII characters count toward the length and satisfy no
//! class. `validate()` must accept exactly those strings.

use proptest::prelude::*;
use tcr_api::actions::ModifyServiceAccountPasswordRequest;
use tcr_api::validation::Validate;

fn oracle(password: &str) -> bool {
    let length = password.chars().count();
    (8..=20).contains(&length)
        && password.chars().any(|c| c.is_ascii_uppercase())
        && password.chars().any(|c| c.is_ascii_lowercase())
        && password.chars().any(|c| c.is_ascii_digit())
}

fn accepted(password: &str) -> bool {
    ModifyServiceAccountPasswordRequest::builder()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .random(false)
        .password(password)
        .build()
        .expect("all required fields are set")
        .validate()
        .is_ok()
}

/// Strings near the rule's edges: lengths 0 to 24, drawn from classes that may or may not
/// satisfy each requirement, non-ASCII look-alikes included.
fn candidates() -> impl Strategy<Value = String> {
    let class = prop_oneof![
        Just('A'..='Z'),
        Just('a'..='z'),
        Just('0'..='9'),
        Just('!'..='/'),
        Just('À'..='Þ'), // non-ASCII uppercase
        Just('ß'..='ÿ'), // non-ASCII lowercase
        Just('٠'..='٩'), // Arabic-Indic digits
        Just('一'..='丁'),
    ];
    proptest::collection::vec(
        class.prop_flat_map(|range| proptest::char::range(*range.start(), *range.end())),
        0..25,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn validate_accepts_exactly_the_passwords_of_the_rule(password in candidates()) {
        prop_assert_eq!(accepted(&password), oracle(&password), "password {:?}", password);
    }

    #[test]
    fn arbitrary_strings_follow_the_rule_too(password in "\\PC{0,30}") {
        prop_assert_eq!(accepted(&password), oracle(&password), "password {:?}", password);
    }
}

#[test]
fn edges_of_the_rule() {
    assert!(accepted("Abcdefg1"), "8 characters with every class");
    assert!(!accepted("Abcdef1"), "7 characters");
    assert!(accepted("Abcdefghijklmnopqrs1"), "20 characters");
    assert!(!accepted("Abcdefghijklmnopqrst1"), "21 characters");
    assert!(!accepted("abcdefg1"), "no uppercase");
    assert!(!accepted("ABCDEFG1"), "no lowercase");
    assert!(!accepted("Abcdefgh"), "no digit");
    assert!(!accepted("Ébcdefg1"), "É is not an ASCII uppercase letter");
    assert!(accepted("Aé34567b"), "é counts toward the length");
    assert!(
        !accepted("Abcdefg٣"),
        "an Arabic-Indic digit is not an ASCII digit"
    );
}
