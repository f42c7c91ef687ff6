//! A small INI reader for the profile file.
//!
//! The syntax: `[section]` headers, `key = value` lines, comment lines starting with `#` or `;`,
//! blank lines. Whitespace around lines, section names, keys and values is syntax and removed;
//! nothing else is: a `#` or `;` after a value is part of the value, and quotes are not removed.
//! Keys are matched without regard to ASCII case, section names exactly. A section or a key that
//! appears twice is an error, as is a `key = value` line before the first section.

use super::ProfileSyntax;

/// A `key = value` line.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: &'a str,
    pub(crate) line: usize,
}

/// A section and its entries.
#[derive(Debug)]
pub(crate) struct Section<'a> {
    pub(crate) name: &'a str,
    pub(crate) line: usize,
    pub(crate) entries: Vec<Entry<'a>>,
}

impl<'a> Section<'a> {
    /// The entry with this key (ASCII case ignored).
    pub(crate) fn get(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries
            .iter()
            .find(|e| e.key.eq_ignore_ascii_case(key))
    }
}

/// A syntax error: the 1-based line and the problem.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) problem: ProfileSyntax,
}

/// Reads the file's bytes as UTF-8 text, a leading byte-order mark removed.
pub(crate) fn text(bytes: &[u8]) -> Result<&str, SyntaxError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => Err(SyntaxError {
            line: 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            problem: ProfileSyntax::NotUtf8,
        }),
    }
}

/// Parses the whole file.
pub(crate) fn parse(text: &str) -> Result<Vec<Section<'_>>, SyntaxError> {
    let mut sections: Vec<Section<'_>> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        let error = |problem| Err(SyntaxError { line, problem });
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix('[') {
            let Some(name) = header.strip_suffix(']') else {
                return error(ProfileSyntax::MalformedSectionHeader);
            };
            let name = name.trim();
            if name.is_empty() {
                return error(ProfileSyntax::EmptySectionName);
            }
            if name.contains(['[', ']']) {
                return error(ProfileSyntax::MalformedSectionHeader);
            }
            if let Some(first) = sections.iter().find(|s| s.name == name) {
                return error(ProfileSyntax::DuplicateSection {
                    section: name.to_owned(),
                    first_line: first.line,
                });
            }
            sections.push(Section {
                name,
                line,
                entries: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return error(ProfileSyntax::MalformedLine);
        };
        let key = key.trim();
        if key.is_empty() {
            return error(ProfileSyntax::EmptyKey);
        }
        let Some(section) = sections.last_mut() else {
            return error(ProfileSyntax::KeyOutsideSection);
        };
        if let Some(first) = section.get(key) {
            return error(ProfileSyntax::DuplicateKey {
                key: key.to_owned(),
                first_line: first.line,
            });
        }
        section.entries.push(Entry {
            key,
            value: value.trim(),
            line,
        });
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_comments() {
        let text = "# comment\n\n[default]\nsecret_id = AKID\r\n  secret_key=KEY ; not a comment\n\
                    ; comment\n[other]\nSECRET_ID =  X  \n";
        let sections = parse(text).unwrap();
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "default");
        assert_eq!(sections[0].line, 3);
        assert_eq!(sections[0].get("secret_id").unwrap().value, "AKID");
        assert_eq!(
            sections[0].get("secret_key").unwrap().value,
            "KEY ; not a comment"
        );
        assert_eq!(sections[0].get("secret_key").unwrap().line, 5);
        assert_eq!(sections[1].get("secret_id").unwrap().value, "X");
    }

    #[test]
    fn errors_name_the_line() {
        let err = |text| parse(text).unwrap_err();
        assert_eq!(err("[default]\nsecret_id: x\n").line, 2);
        assert_eq!(
            err("[default]\nsecret_id: x\n").problem,
            ProfileSyntax::MalformedLine
        );
        assert_eq!(err("a = b\n").problem, ProfileSyntax::KeyOutsideSection);
        assert_eq!(
            err("[default\n").problem,
            ProfileSyntax::MalformedSectionHeader
        );
        assert_eq!(err("[ ]\n").problem, ProfileSyntax::EmptySectionName);
        assert_eq!(err("[a]\n = b\n").problem, ProfileSyntax::EmptyKey);
        assert_eq!(
            err("[a]\nk = 1\n\nK = 2\n"),
            SyntaxError {
                line: 4,
                problem: ProfileSyntax::DuplicateKey {
                    key: "K".to_owned(),
                    first_line: 2
                }
            }
        );
        assert_eq!(
            err("[a]\n[b]\n[a]\n").problem,
            ProfileSyntax::DuplicateSection {
                section: "a".to_owned(),
                first_line: 1
            }
        );
    }

    #[test]
    fn text_checks_utf8_and_strips_bom() {
        assert_eq!(text("\u{feff}[a]".as_bytes()).unwrap(), "[a]");
        let e = text(b"[a]\nk = \xff\n").unwrap_err();
        assert_eq!((e.line, e.problem), (2, ProfileSyntax::NotUtf8));
    }
}
