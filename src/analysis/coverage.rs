//! Which documents no audience rule reached: every statement of the document took the rule set's
//! default audience, which usually means the rules know nothing of its speaker or venue (an American
//! analyst's article is not "internal" just because nothing said "external").

use crate::model::{Basis, Classification, Statement};
use std::collections::BTreeMap;

/// Per document file, how many statements were classified and how many fell to the default audience.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefaultAudience {
    files: BTreeMap<String, (u64, u64)>,
}

/// A document all of whose statements took the default audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultOnly {
    /// The document file.
    pub file: String,
    /// How many statements it gave.
    pub statements: u64,
}

impl DefaultAudience {
    /// Counts one classified statement (statements not read from a document are not counted).
    pub fn add(&mut self, s: &Statement, c: &Classification) {
        self.add_basis(s, c.audience_basis);
    }

    /// Counts one statement whose audience was decided on `basis`.
    pub fn add_basis(&mut self, s: &Statement, basis: Basis) {
        let Some(p) = s.provenance.as_deref().filter(|p| !p.file.is_empty()) else {
            return;
        };
        self.add_document(&p.file, basis);
    }

    /// Counts one statement of the document file `file` whose audience was decided on `basis`.
    pub fn add_document(&mut self, file: &str, basis: Basis) {
        let e = match self.files.get_mut(file) {
            Some(e) => e,
            None => self.files.entry(file.to_string()).or_default(),
        };
        e.0 += 1;
        e.1 += u64::from(basis == Basis::Default);
    }

    /// Adds the counts of another tally (from another thread).
    pub fn merge(&mut self, other: DefaultAudience) {
        for (file, (n, d)) in other.files {
            let e = self.files.entry(file).or_default();
            e.0 += n;
            e.1 += d;
        }
    }

    /// The documents whose every statement took the default audience, by file name.
    pub fn default_only(&self) -> Vec<DefaultOnly> {
        self.files
            .iter()
            .filter(|(_, (n, d))| *n > 0 && n == d)
            .map(|(file, (n, _))| DefaultOnly {
                file: file.clone(),
                statements: *n,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;
    use crate::input::document::{split_bytes, Unit};
    use crate::rules::RuleSet;

    fn tally(name: &str) -> DefaultAudience {
        let path = format!("fixtures/documents/{name}");
        let bytes = std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        // One rule that knows the ministry's spokespersons and nothing else.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("audience.toml"),
            "[[rule]]\nid = \"aud.ext.spokesperson\"\nlabel = \"external\"\nsummary = \"A spokesperson.\"\nfields = [\"role\"]\nphrases = [\"Foreign Ministry Spokesperson\"]\n",
        )
        .unwrap();
        let rules = RuleSet::load(Some(dir.path())).unwrap();
        let mut classifier = Classifier::new(&rules);
        let mut t = DefaultAudience::default();
        for s in split_bytes(&bytes, &path, Unit::Paragraph).unwrap() {
            let c = classifier.classify(&s);
            t.add(&s, &c);
        }
        t
    }

    #[test]
    fn an_analysts_article_is_named_a_ministry_transcript_is_not() {
        let article = tally("oe-watch-2020-pla-key-technologies.md");
        let only = article.default_only();
        assert_eq!(only.len(), 1, "{article:?}");
        assert!(
            only[0]
                .file
                .ends_with("oe-watch-2020-pla-key-technologies.md")
                && only[0].statements > 3
        );
        let mut both = tally("mfa-2023-04-28-en.txt");
        assert!(both.default_only().is_empty());
        both.merge(article);
        assert_eq!(both.default_only().len(), 1);
    }
}
