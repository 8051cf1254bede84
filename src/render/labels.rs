//! The words of the report and contrast views that Markdown and HTML share, so the formats cannot drift
//! apart: the subtitle, the label before each quote, the column headings and the endnotes heading.

use crate::model::Audience;

/// The line under the report's title.
pub const SUBTITLE: &str = "Statements addressed to foreign audiences set against statements addressed to \
domestic ones, theme by theme. Pairs are ranked by how directly the two oppose each other; sources are in \
the endnotes.";

/// The heading of the endnotes.
pub const ENDNOTES: &str = "ENDNOTES";

/// The heading of a side's column in side-by-side tables.
pub fn column(side: Audience) -> &'static str {
    match side {
        Audience::External => "External messaging",
        Audience::Internal => "For internal audiences",
    }
}

/// The label before a quote (without its colon): a section's first quote of a side gets the long form,
/// the quotes after it the short one, as in the reference report.
pub fn quote(side: Audience, first_of_side: bool) -> &'static str {
    match (side, first_of_side) {
        (_, true) => column(side),
        (Audience::External, false) => "External",
        (Audience::Internal, false) => "Internal",
    }
}

/// Gives each quote of a section its label, in order.
#[derive(Debug, Default)]
pub struct QuoteLabels {
    seen_external: bool,
    seen_internal: bool,
}

impl QuoteLabels {
    /// The label of the next quote on `side`.
    pub fn next(&mut self, side: Audience) -> &'static str {
        let seen = match side {
            Audience::External => &mut self.seen_external,
            Audience::Internal => &mut self.seen_internal,
        };
        let label = quote(side, !*seen);
        *seen = true;
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_quote_of_a_side_gets_the_long_label() {
        let mut labels = QuoteLabels::default();
        let got: Vec<&str> = [
            Audience::External,
            Audience::External,
            Audience::Internal,
            Audience::Internal,
        ]
        .into_iter()
        .map(|a| labels.next(a))
        .collect();
        assert_eq!(
            got,
            [
                "External messaging",
                "External",
                "For internal audiences",
                "Internal"
            ]
        );
    }
}
