//! Reduces a Markdown document to its text with pulldown-cmark: paragraphs and headings with the line
//! each starts on; emphasis and code marks, link targets, images and raw HTML are dropped, and a
//! paragraph made only of links (a bare `<https://…>` line) is not text at all.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// A paragraph or heading of a document, with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// First line of the block in the file.
    pub line: u64,
    /// Its text, lines joined (with a space between Latin lines, without between Chinese ones).
    pub text: String,
    /// True for a heading: context for the paragraphs below it, never a statement.
    pub heading: bool,
}

/// The blocks of Markdown `text`, whose first line is line `first_line` of the file.
pub(crate) fn blocks(text: &str, first_line: u64) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) as u64 - 1;
    let mut out = Vec::new();
    let mut current: Option<Current> = None;
    let mut image_depth = 0usize;
    let mut link_depth = 0usize;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph)
            | Event::Start(Tag::Item)
            | Event::Start(Tag::TableCell) => {
                flush(&mut current, &mut out);
                current = Some(Current::new(line_of(range.start), false));
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut out);
                current = Some(Current::new(line_of(range.start), true));
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => flush(&mut current, &mut out),
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Link { link_type, .. }) => {
                link_depth += 1;
                // An autolink's text is its address: drop it like the address of any other link.
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    image_depth += 1;
                }
                if let Some(c) = current.as_mut() {
                    c.links += 1;
                    c.link_type.push(link_type);
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                if let Some(c) = current.as_mut() {
                    if matches!(
                        c.link_type.pop(),
                        Some(LinkType::Autolink | LinkType::Email)
                    ) {
                        image_depth = image_depth.saturating_sub(1);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if image_depth == 0 => {
                let c = current.get_or_insert_with(|| Current::new(line_of(range.start), false));
                c.push(&t, link_depth > 0);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = current.as_mut() {
                    c.pending_break = true;
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

struct Current {
    line: u64,
    heading: bool,
    text: String,
    /// Characters of text outside any link.
    plain: usize,
    links: usize,
    link_type: Vec<LinkType>,
    pending_break: bool,
}

impl Current {
    fn new(line: u64, heading: bool) -> Current {
        Current {
            line,
            heading,
            text: String::new(),
            plain: 0,
            links: 0,
            link_type: Vec::new(),
            pending_break: false,
        }
    }

    fn push(&mut self, t: &str, in_link: bool) {
        if self.pending_break {
            self.pending_break = false;
            join_line(&mut self.text, t);
        }
        self.text.push_str(t);
        if !in_link {
            self.plain += t.chars().filter(|c| c.is_alphanumeric()).count();
        }
    }
}

/// Adds the separator between two joined lines: none between Chinese text, a space otherwise.
pub(crate) fn join_line(text: &mut String, next: &str) {
    let next = next.trim_start();
    if text.is_empty() || text.ends_with(' ') {
        return;
    }
    if !(text.ends_with(crate::text::is_cjk) && next.starts_with(crate::text::is_cjk)) {
        text.push(' ');
    }
}

fn flush(current: &mut Option<Current>, out: &mut Vec<Block>) {
    let Some(c) = current.take() else { return };
    let text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Only links (or nothing) left: an address line, a list of links; not prose.
    if text.is_empty() || (c.links > 0 && c.plain == 0) {
        return;
    }
    out.push(Block {
        line: c.line,
        text,
        heading: c.heading,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_links_and_images_go_headings_stay_as_headings() {
        let md = "# China’s Push\n\n**OE Watch Commentary:** China has been *feeling* the heat.\nAccording to [the Post](https://scmp.com), it lags.\n\n![chart](c.png)\n\n<https://www.scmp.com/news/china>\n\n- first item\n- second [link](x) item\n";
        let got = blocks(md, 5);
        let texts: Vec<(&str, bool, u64)> = got
            .iter()
            .map(|b| (b.text.as_str(), b.heading, b.line))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("China’s Push", true, 5),
                ("OE Watch Commentary: China has been feeling the heat. According to the Post, it lags.", false, 7),
                ("first item", false, 14),
                ("second link item", false, 15),
            ]
        );
    }

    #[test]
    fn chinese_lines_join_without_a_space() {
        let got = blocks("网络安全和信息化\n是一体之两翼。\n", 1);
        assert_eq!(got[0].text, "网络安全和信息化是一体之两翼。");
    }
}
