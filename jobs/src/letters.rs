//! アカウント発行通知: the A4 letter that brings a new user their login ID and one-time
//! 認証コード by post. Pure: everything comes in the payload (the code is added by the worker
//! at render time and never stored in plain text). Laid out for a 長形3号 window envelope: the
//! address block sits where the window is once the sheet is folded in three.

use std::sync::OnceLock;

use chrono::NaiveDate;
use printpdf::{
    Color, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};
use serde::{Deserialize, Serialize};

/// BIZ UDゴシック (SIL Open Font License 1.1; see assets/fonts/BIZUDGothic-LICENSE.txt): a
/// universal-design face, fixed pitch, so text width is known without shaping.
const FONT: &[u8] = include_bytes!("../../assets/fonts/BIZUDGothic-Regular.ttf");

/// The 長形3号 window, measured from the top-left corner of the A4 sheet (mm): left, top,
/// width, height. The address block must lie inside it.
pub const WINDOW: (f32, f32, f32, f32) = (23.0, 14.0, 90.0, 45.0);
/// Where the address block is printed (mm from the top-left), inside the window with a margin.
pub const ADDRESS_ORIGIN: (f32, f32) = (28.0, 20.0);

pub(crate) const PAGE_W: f32 = 210.0;
pub(crate) const PAGE_H: f32 = 297.0;

/// The sending office, from configuration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sender {
    pub system_title: String,
    pub office_name: String,
    pub postcode: String,
    pub address: String,
    pub phone: String,
    pub login_url: String,
}

/// One letter. `activation_code` is filled in by the worker just before rendering.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
pub struct LetterData {
    pub notice_number: String,
    pub issued_on: NaiveDate,
    /// 和暦 form of the issue date, e.g. 令和8年11月21日.
    pub issued_on_wareki: String,
    pub postcode: String,
    pub address: String,
    pub organisation: String,
    pub recipient: String,
    pub login_id: String,
    #[serde(default)]
    pub activation_code: String,
    pub code_expires_wareki: String,
}

// The code must not reach a log.
impl std::fmt::Debug for LetterData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterData")
            .field("notice_number", &self.notice_number)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("the embedded font cannot be read")]
    Font,
}

pub(crate) fn font() -> Result<&'static ParsedFont, LetterError> {
    static PARSED: OnceLock<Option<ParsedFont>> = OnceLock::new();
    PARSED
        .get_or_init(|| ParsedFont::from_bytes(FONT, 0, &mut Vec::new()))
        .as_ref()
        .ok_or(LetterError::Font)
}

/// Width of text in this fixed-pitch face, in ems: half-width characters are half an em.
fn width_em(text: &str) -> f32 {
    text.chars()
        .map(|c| {
            if (c as u32) < 0x2000 || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                0.5
            } else {
                1.0
            }
        })
        .sum()
}

/// Breaks text into lines no wider than `max_em`. Where the line has a space (an office name
/// written 「市川市 福祉部 地域包括支援課 地域支援事業グループ」, a URL after words), it breaks
/// there rather than inside a word; otherwise between any two characters, keeping closing
/// punctuation on the line (禁則, the simple part).
pub(crate) fn wrap(text: &str, max_em: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        for c in paragraph.chars() {
            let cw = width_em(c.encode_utf8(&mut [0; 4]));
            if w + cw > max_em && !line.is_empty() {
                if matches!(c, '。' | '、' | '）' | '」') {
                    line.push(c);
                    lines.push(std::mem::take(&mut line));
                    w = 0.0;
                    continue;
                }
                if c == ' ' || c == '\u{3000}' {
                    lines.push(std::mem::take(&mut line));
                    w = 0.0;
                    continue;
                }
                match line.rfind([' ', '\u{3000}']) {
                    // Only where the word moved down then fits on its new line.
                    Some(at)
                        if at > 0
                            && width_em(line.get(at..).unwrap_or("").trim_start()) + cw
                                <= max_em =>
                    {
                        let tail = line.split_off(at);
                        let tail = tail.trim_start().to_string();
                        lines.push(std::mem::take(&mut line));
                        w = width_em(&tail);
                        line = tail;
                    }
                    _ => {
                        lines.push(std::mem::take(&mut line));
                        w = 0.0;
                    }
                }
            }
            line.push(c);
            w += cw;
        }
        lines.push(line);
    }
    lines
}

/// A page being drawn: its operations and the face (letters and blank forms share it).
pub(crate) struct Page {
    pub(crate) ops: Vec<Op>,
    font: PdfFontHandle,
}

impl Page {
    pub(crate) fn new(font: PdfFontHandle) -> Page {
        Page {
            ops: Vec::new(),
            font,
        }
    }

    /// A box from (x1, y1) to (x2, y2), mm from the top-left corner.
    pub(crate) fn rect(&mut self, x1: f32, y1_top: f32, x2: f32, y2_top: f32) {
        self.rule(x1, y1_top, x2, y1_top);
        self.rule(x2, y1_top, x2, y2_top);
        self.rule(x2, y2_top, x1, y2_top);
        self.rule(x1, y2_top, x1, y1_top);
    }

    /// Text at (x, y) in mm from the top-left corner, `size` in pt.
    pub(crate) fn text(&mut self, x: f32, y_top: f32, size: f32, text: &str) {
        let baseline = PAGE_H - y_top - size * 0.3528 * 0.88;
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFont {
            font: self.font.clone(),
            size: Pt(size),
        });
        self.ops.push(Op::SetTextCursor {
            pos: Point {
                x: Mm(x).into(),
                y: Mm(baseline).into(),
            },
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        self.ops.push(Op::EndTextSection);
    }

    /// Wrapped text; returns the y (mm from top) below it.
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        y_top: f32,
        size: f32,
        width_mm: f32,
        text: &str,
    ) -> f32 {
        let em_mm = size * 0.3528;
        let mut y = y_top;
        for line in wrap(text, width_mm / em_mm) {
            self.text(x, y, size, &line);
            y += em_mm * 1.7;
        }
        y
    }

    pub(crate) fn rule(&mut self, x1: f32, y1_top: f32, x2: f32, y2_top: f32) {
        self.ops.push(Op::SetOutlineColor {
            col: Color::Rgb(Rgb {
                r: 0.2,
                g: 0.2,
                b: 0.2,
                icc_profile: None,
            }),
        });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Mm(x1).into(),
                            y: Mm(PAGE_H - y1_top).into(),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Mm(x2).into(),
                            y: Mm(PAGE_H - y2_top).into(),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }
}

fn letter_page(font: &PdfFontHandle, sender: &Sender, l: &LetterData) -> PdfPage {
    let mut p = Page::new(font.clone());
    // The address block, inside the envelope window.
    let (ax, ay) = ADDRESS_ORIGIN;
    p.text(ax, ay, 10.5, &format!("〒{}", l.postcode));
    let mut y = p.paragraph(ax, ay + 6.0, 10.5, 78.0, &l.address);
    y = p.paragraph(ax, y + 1.0, 10.5, 78.0, &l.organisation);
    p.text(ax, y + 1.0, 12.0, &format!("{} 様", l.recipient));

    // Issuer and date, top right.
    p.text(130.0, 20.0, 9.0, &format!("通知番号 {}", l.notice_number));
    p.text(130.0, 26.0, 9.0, &l.issued_on_wareki);
    let mut ry = p.paragraph(130.0, 32.0, 9.0, 62.0, &sender.office_name);
    ry = p.paragraph(
        130.0,
        ry,
        9.0,
        62.0,
        &format!("〒{} {}", sender.postcode, sender.address),
    );
    p.text(130.0, ry, 9.0, &format!("電話 {}", sender.phone));

    // Body, below the first fold (99 mm).
    p.text(20.0, 104.0, 16.0, "アカウント発行通知");
    let mut by = p.paragraph(
        20.0,
        116.0,
        10.5,
        170.0,
        &format!(
            "{}の利用者アカウントを発行しました。次のログインIDと認証コードで利用を開始してください。認証コードは一度だけ使えます。この通知は他の人に見せず、大切に保管してください。",
            sender.system_title
        ),
    );
    by += 4.0;
    p.rule(20.0, by, 190.0, by);
    p.text(24.0, by + 5.0, 11.0, "ログインID");
    p.text(70.0, by + 4.0, 14.0, &l.login_id);
    p.rule(20.0, by + 14.0, 190.0, by + 14.0);
    p.text(24.0, by + 19.0, 11.0, "認証コード");
    p.text(70.0, by + 18.0, 14.0, &l.activation_code);
    p.rule(20.0, by + 28.0, 190.0, by + 28.0);
    p.text(24.0, by + 33.0, 11.0, "有効期限");
    p.text(
        70.0,
        by + 33.0,
        11.0,
        &format!("{}まで", l.code_expires_wareki),
    );
    p.rule(20.0, by + 42.0, 190.0, by + 42.0);
    by += 52.0;
    p.text(20.0, by, 12.0, "利用開始の手順");
    by += 8.0;
    for (i, step) in [
        "業務で使う端末（パソコン・タブレット・スマートフォン）を用意してください。個人の端末や共用の端末では利用できません。".to_string(),
        format!("ブラウザで {} を開きます（ログイン画面の「認証コードで利用を開始する」からも開けます）。", sender.login_url),
        "ログインIDと認証コードを入力します。".to_string(),
        "スマートフォン等の認証アプリ（Google Authenticator など）で画面のQRコードを読み取り、表示された6桁の確認コードを入力します。".to_string(),
        "ご自身だけが知るパスワードを設定します（12文字以上）。ブラウザにパスワードを記憶させないでください。".to_string(),
    ]
    .iter()
    .enumerate()
    {
        by = p.paragraph(24.0, by, 10.5, 166.0, &format!("{}. {}", i + 1, step));
        by += 1.0;
    }
    by += 4.0;
    by = p.paragraph(
        20.0,
        by,
        10.0,
        170.0,
        "有効期限を過ぎた場合やこの通知を紛失した場合は、所属機関のシステム管理担当者を通じて再発行を申し出てください。再発行すると、この認証コードは使えなくなります。",
    );
    p.paragraph(
        20.0,
        by + 2.0,
        10.0,
        170.0,
        &format!(
            "お問い合わせ　{}　電話 {}",
            sender.office_name, sender.phone
        ),
    );
    PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), p.ops)
}

/// Renders letters into one PDF, a page each, with the font subset to the glyphs used.
pub fn render_batch(sender: &Sender, letters: &[LetterData]) -> Result<Vec<u8>, LetterError> {
    let parsed = font()?;
    let mut doc = PdfDocument::new("アカウント発行通知");
    let font_id = doc.add_font(parsed);
    let handle = PdfFontHandle::External(font_id);
    let pages = letters
        .iter()
        .map(|l| letter_page(&handle, sender, l))
        .collect();
    let bytes = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample(n: usize) -> LetterData {
        LetterData {
            notice_number: format!("N-2026-00001-{n:02}"),
            issued_on: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
            issued_on_wareki: "令和8年11月21日".into(),
            postcode: "272-0021".into(),
            address: "千葉県市川市八幡4丁目5番6号 やわたビル2階".into(),
            organisation: "やわた在宅クリニック".into(),
            recipient: "八幡 太郎".into(),
            login_id: "u1234567".into(),
            activation_code: "KX7P-MN3Q-R8TV".into(),
            code_expires_wareki: "令和8年12月21日".into(),
        }
    }

    #[test]
    fn wraps_between_words_where_there_are_spaces() {
        let office = "市川市 福祉部 地域包括支援課 地域支援事業グループ";
        let lines = wrap(office, 19.5);
        assert_eq!(
            lines,
            ["市川市 福祉部 地域包括支援課", "地域支援事業グループ"]
        );
        // Without spaces, between characters.
        assert_eq!(
            wrap("地域支援事業グループ", 5.0),
            ["地域支援事", "業グループ"]
        );
    }

    #[test]
    fn wraps_by_width() {
        let lines = wrap("あいうえおかきくけこ", 4.0);
        assert_eq!(lines, vec!["あいうえ", "おかきく", "けこ"]);
        assert_eq!(wrap("abcdefgh", 2.0).len(), 2);
    }

    #[test]
    fn renders_a_small_pdf() {
        let sender = Sender {
            system_title: "市川市多職種連携情報共有システム".into(),
            office_name: "市川市 福祉部 地域包括支援課".into(),
            postcode: "272-8501".into(),
            address: "市川市八幡1丁目1番1号".into(),
            phone: "047-712-8521".into(),
            login_url: "https://renkei.example.lg.jp".into(),
        };
        let pdf = render_batch(&sender, &[sample(1), sample(2)]).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(
            pdf.len() < 60_000,
            "subset font keeps it small: {}",
            pdf.len()
        );
    }
}
