//! The help pages (利用ガイド, よくある質問, 推奨環境, 問い合わせ先, 利用規約): Markdown the operator
//! may replace without a code change (`help.dir`, one file per language and page, read by the
//! handler), with the built-in texts in `locales/help/{lang}/{page}.md` as the default. The Markdown is the
//! operator's, but it is still rendered safely: raw HTML is shown as text, images as their
//! description, and only local, http(s), mailto and tel links are kept.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

/// The pages, in the order the help index lists them.
pub const PAGES: &[&str] = &["guide", "faq", "environment", "contact", "terms"];

/// The built-in text of `page` in `lang` (Japanese for any language without its own).
pub fn builtin(lang: &str, page: &str) -> Option<&'static str> {
    let en = lang == "en";
    Some(match (page, en) {
        ("guide", false) => include_str!("../../locales/help/ja/guide.md"),
        ("guide", true) => include_str!("../../locales/help/en/guide.md"),
        ("faq", false) => include_str!("../../locales/help/ja/faq.md"),
        ("faq", true) => include_str!("../../locales/help/en/faq.md"),
        ("environment", false) => include_str!("../../locales/help/ja/environment.md"),
        ("environment", true) => include_str!("../../locales/help/en/environment.md"),
        ("contact", false) => include_str!("../../locales/help/ja/contact.md"),
        ("contact", true) => include_str!("../../locales/help/en/contact.md"),
        ("terms", false) => include_str!("../../locales/help/ja/terms.md"),
        ("terms", true) => include_str!("../../locales/help/en/terms.md"),
        _ => return None,
    })
}

/// A rendered page: its title (the first `# ` heading, taken out of the body) and its HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    pub title: String,
    pub html: String,
}

fn allowed_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#')
        || ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .any(|p| lower.starts_with(p))
}

pub fn render(markdown: &str) -> HelpPage {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut title = String::new();
    let mut in_title = false;
    let mut title_done = false;
    // Links dropped for their scheme: their text stays, their end tag goes too.
    let mut dropped_links = 0usize;
    let mut in_image = 0usize;
    let events = Parser::new_ext(markdown, options).flat_map(|event| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) if !title_done => {
            in_title = true;
            Vec::new()
        }
        Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_title => {
            in_title = false;
            title_done = true;
            Vec::new()
        }
        Event::Text(t) | Event::Code(t) if in_title => {
            title.push_str(&t);
            Vec::new()
        }
        _ if in_title => Vec::new(),
        Event::Html(raw) | Event::InlineHtml(raw) => vec![Event::Text(raw)],
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            Vec::new()
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            Vec::new()
        }
        // An e-mail autolink (<info@city.lg.jp>) comes without its mailto: (added on output).
        Event::Start(Tag::Link {
            link_type,
            ref dest_url,
            ..
        }) if link_type != LinkType::Email && !allowed_link(dest_url) => {
            dropped_links += 1;
            Vec::new()
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            Vec::new()
        }
        Event::Start(Tag::Table(align)) => vec![
            // A wide table scrolls inside its box on a phone, reachable by keyboard.
            Event::Html(r#"<div class="table-scroll" tabindex="0">"#.into()),
            Event::Start(Tag::Table(align)),
        ],
        Event::End(TagEnd::Table) => vec![Event::End(TagEnd::Table), Event::Html("</div>".into())],
        other => vec![other],
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    HelpPage {
        title: title.trim().to_string(),
        html: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_heading_is_the_title_and_raw_html_stays_text() {
        let page = render(
            "# 利用ガイド\n\n本文 <script>alert(1)</script>\n\n## 節\n\n- [市](https://example.lg.jp/)\n- [危険](javascript:alert(1))\n\n![写真](x.png)\n",
        );
        assert_eq!(page.title, "利用ガイド");
        assert!(!page.html.contains("<h1"));
        assert!(page.html.contains("<h2>節</h2>"));
        assert!(page.html.contains("&lt;script&gt;"));
        assert!(!page.html.contains("<script"));
        assert!(page.html.contains("href=\"https://example.lg.jp/\""));
        assert!(!page.html.contains("javascript:"));
        assert!(page.html.contains("危険"));
        assert!(!page.html.contains("<img"));
        assert!(page.html.contains("写真"));
        let mail = render("連絡先 <info@city.example.lg.jp>");
        assert!(
            mail.html
                .contains("href=\"mailto:info@city.example.lg.jp\"")
        );
    }

    #[test]
    fn every_built_in_page_has_a_title_in_both_languages() {
        for page in PAGES {
            for lang in ["ja", "en"] {
                let text = builtin(lang, page).unwrap();
                assert!(!render(text).title.is_empty(), "{lang}/{page}");
            }
        }
        assert_eq!(builtin("ja", "../etc/passwd"), None);
    }
}
