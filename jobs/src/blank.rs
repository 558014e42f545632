//! Blank application forms (様式第4〜9号) to print and fill in by hand — e.g. 様式第7号 for the
//! patient to sign at home. Pure: the form's words come in a [`BlankForm`] (made by the web
//! crate from the same labels, choices and pledges as the on-screen form), laid out on A4 pages
//! in the letters' face: a title, the office it goes to, then each part with a line to write
//! on per field, □ for each choice and pledge, and further pages when it runs long.

use printpdf::{Mm, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions};
use serde::{Deserialize, Serialize};

use crate::letters::{LetterError, PAGE_H, PAGE_W, Page, font, wrap};

/// One field of a blank form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum BlankField {
    /// A label with a line to write on.
    Line(String),
    /// A label with a box of this many lines (a purpose, a reason).
    Lines(String, u8),
    /// A label and its choices, each with a □.
    Choices(String, Vec<String>),
    /// A □ to tick with its text (a pledge, a consent).
    Tick(String),
    /// A sentence that explains (no answer).
    Note(String),
}

/// A part of a form; `repeat` copies of its fields (4 accounts, 5 team members).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BlankSection {
    pub heading: String,
    pub repeat: u8,
    pub fields: Vec<BlankField>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BlankForm {
    /// 様式第7号 個人情報取り扱い同意書
    pub title: String,
    /// Where it goes and how (提出先: the office, its address and phone).
    pub submit_to: String,
    /// The date line (「令和　　年　　月　　日」).
    pub date_line: String,
    pub sections: Vec<BlankSection>,
    /// The system's title, at the foot of each page.
    pub footer: String,
}

const LEFT: f32 = 18.0;
const WIDTH: f32 = 174.0;
const BOTTOM: f32 = 280.0;
const LABEL: f32 = 10.0;

/// Lays the pages out: a new page whenever the next item would pass the bottom margin.
struct Pages {
    font: PdfFontHandle,
    done: Vec<PdfPage>,
    page: Page,
    y: f32,
    footer: String,
}

impl Pages {
    fn new(font: PdfFontHandle, footer: String) -> Pages {
        let page = Page::new(font.clone());
        Pages {
            font,
            done: Vec::new(),
            page,
            y: 18.0,
            footer,
        }
    }
    /// The height (mm) of `text` wrapped at `width` mm in `size` pt, as `Page::paragraph` sets it.
    fn height(size: f32, width: f32, text: &str) -> f32 {
        let em = size * 0.3528;
        wrap(text, width / em).len() as f32 * em * 1.7
    }

    /// Room for `height` mm more on this page, or a new page.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.finish_page();
            self.page = Page::new(self.font.clone());
            self.y = 18.0;
        }
    }
    fn finish_page(&mut self) {
        let n = self.done.len() + 1;
        let footer = format!("{}　{}", self.footer, n);
        self.page.text(LEFT, 288.0, 8.0, &footer);
        let page = std::mem::replace(&mut self.page, Page::new(self.font.clone()));
        self.done
            .push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops));
    }
    fn field(&mut self, f: &BlankField) {
        match f {
            BlankField::Line(label) => {
                self.room(11.0);
                self.page.text(LEFT + 2.0, self.y + 1.0, LABEL, label);
                self.y += 9.0;
                self.page.rule(LEFT + 2.0, self.y, LEFT + WIDTH, self.y);
                self.y += 3.0;
            }
            BlankField::Lines(label, n) => {
                let n = f32::from((*n).max(1));
                self.room(8.0 + n * 8.0);
                self.page.text(LEFT + 2.0, self.y + 1.0, LABEL, label);
                self.y += 6.0;
                let top = self.y;
                self.y += n * 8.0;
                self.page.rect(LEFT + 2.0, top, LEFT + WIDTH, self.y);
                self.y += 3.0;
            }
            BlankField::Choices(label, choices) => {
                let text = choices
                    .iter()
                    .map(|c| format!("□ {c}"))
                    .collect::<Vec<_>>()
                    .join("　");
                self.room(8.0 + Self::height(LABEL, WIDTH - 6.0, &text));
                self.page.text(LEFT + 2.0, self.y + 1.0, LABEL, label);
                let y = self
                    .page
                    .paragraph(LEFT + 6.0, self.y + 6.5, LABEL, WIDTH - 6.0, &text);
                self.y = y + 1.0;
            }
            BlankField::Tick(text) => {
                let text = format!("□ {text}");
                self.room(2.0 + Self::height(LABEL, WIDTH - 2.0, &text));
                let y = self
                    .page
                    .paragraph(LEFT + 2.0, self.y + 1.0, LABEL, WIDTH - 2.0, &text);
                self.y = y + 0.5;
            }
            BlankField::Note(text) => {
                self.room(2.0 + Self::height(9.0, WIDTH - 2.0, text));
                let y = self
                    .page
                    .paragraph(LEFT + 2.0, self.y + 1.0, 9.0, WIDTH - 2.0, text);
                self.y = y + 0.5;
            }
        }
    }
}

/// The form as a PDF of one or more A4 pages.
pub fn render_blank(form: &BlankForm) -> Result<Vec<u8>, LetterError> {
    let parsed = font()?;
    let mut doc = PdfDocument::new(&form.title);
    let handle = PdfFontHandle::External(doc.add_font(parsed));
    let mut p = Pages::new(handle, form.footer.clone());
    p.page
        .text(LEFT + WIDTH - 60.0, p.y, LABEL, &form.date_line);
    p.y += 9.0;
    p.y = p.page.paragraph(LEFT, p.y, 15.0, WIDTH, &form.title) + 2.0;
    p.y = p.page.paragraph(LEFT, p.y, 9.0, WIDTH, &form.submit_to) + 4.0;
    for s in &form.sections {
        for i in 1..=s.repeat.max(1) {
            p.room(20.0);
            let heading = if s.repeat > 1 {
                format!("{} {i}", s.heading)
            } else {
                s.heading.clone()
            };
            p.page.text(LEFT, p.y + 1.0, 11.5, &heading);
            p.y += 7.0;
            p.page.rule(LEFT, p.y, LEFT + WIDTH, p.y);
            p.y += 2.0;
            for f in &s.fields {
                p.field(f);
            }
            p.y += 3.0;
        }
    }
    p.finish_page();
    let bytes = doc
        .with_pages(std::mem::take(&mut p.done))
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_form_runs_onto_more_pages() {
        let form = BlankForm {
            title: "様式第8号 担当者届出書".into(),
            submit_to: "提出先：市川市医師会".into(),
            date_line: "令和　　年　　月　　日".into(),
            sections: vec![BlankSection {
                heading: "担当者".into(),
                repeat: 12,
                fields: vec![
                    BlankField::Line("氏名".into()),
                    BlankField::Choices("種別".into(), vec!["追加".into(), "削除".into()]),
                ],
            }],
            footer: "市川市多職種連携情報共有システム".into(),
        };
        let pdf = render_blank(&form).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let pages = pdf.windows(8).filter(|w| w == b"MediaBox").count();
        assert!(pages >= 2, "{pages}");
    }
}
