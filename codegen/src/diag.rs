//! Spec errors: where they are (file, line, column) and what rule they break.

use std::fmt;

/// One problem in a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given to the loader (`api-spec/actions/CreateServiceAccount.yaml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, and the rule it breaks.
    pub message: String,
    /// The source line the problem is on, for display.
    pub source_line: Option<String>,
    /// How many characters to underline from `column`.
    pub width: usize,
}

impl Diagnostic {
    /// A problem that concerns a whole file rather than a place in it.
    pub fn file_level(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: 1,
            column: 1,
            message: message.into(),
            source_line: None,
            width: 0,
        }
    }

    /// The problem as `file:line:column: message`, on one line.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }

    /// The problem with the source line and a marker under the place, as a compiler prints it.
    pub fn render(&self) -> String {
        let mut out = format!(
            "error: {}\n  --> {}:{}:{}\n",
            self.message, self.file, self.line, self.column
        );
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let marker = format!(
                "{}{}",
                " ".repeat(self.column.saturating_sub(1)),
                "^".repeat(self.width.max(1))
            );
            out.push_str(&format!("{pad} |\n{number} | {source}\n{pad} | {marker}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

/// Every problem found in a spec folder. Loading reports all of them, not only the first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Records every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Whether no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems, ordered by file, line and column.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Orders the problems by place and drops exact repeats.
    pub(crate) fn sorted(mut self) -> Diagnostics {
        self.list.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.list.dedup();
        self
    }

    /// The problems as a compile error of a macro call: a count, then each problem with its
    /// place and source line (the compiler adds the leading `error:`).
    pub fn render_for_macro(&self, folder: &str) -> String {
        let count = self.list.len();
        let mut out = format!(
            "{count} problem{} in the spec folder `{folder}`:\n",
            if count == 1 { "" } else { "s" }
        );
        for diagnostic in &self.list {
            out.push('\n');
            out.push_str(diagnostic.render().trim_start_matches("error: "));
        }
        out
    }

    /// Every problem rendered with its source line, then a count.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for diagnostic in &self.list {
            out.push_str(&diagnostic.render());
            out.push('\n');
        }
        let files = {
            let mut files: Vec<&str> = self.list.iter().map(|d| d.file.as_str()).collect();
            files.sort_unstable();
            files.dedup();
            files.len()
        };
        out.push_str(&format!(
            "{} error{} in {} file{}\n",
            self.list.len(),
            if self.list.len() == 1 { "" } else { "s" },
            files,
            if files == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}
