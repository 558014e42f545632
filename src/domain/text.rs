//! Text normalisation for what people type: full-width digits and letters (全角) become
//! half-width, Japanese hyphen look-alikes become '-', control characters are refused.

/// Folds one full-width ASCII character (U+FF01–U+FF5E) and the ideographic space to half-width.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        'ー' | '‐' | '‑' | '–' | '—' | '―' | '−' => '-',
        _ => c,
    }
}

/// A number as typed on a Japanese keyboard: full-width digits and point (３６．５) folded to
/// half-width, spaces around it dropped. What is left is for the caller to read or refuse.
pub fn fold_number(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            // 'ー' and look-alikes fold to '-' for phone numbers; a number has no use for them.
            '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' | '\u{3000}' => fold_width(c),
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A reading in katakana (フリガナ) from what was typed: ひらがな and half-width ｶﾀｶﾅ become
/// full-width katakana (ﾀﾞ → ダ), the ideographic space a plain one. Anything else is left for
/// the caller to refuse.
pub fn to_katakana(s: &str) -> String {
    const HALF: &str = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
    const FULL: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // ひらがな ぁ..ゖ and ゝゞ → カタカナ
            '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
                out.push(char::from_u32(c as u32 + 0x60).unwrap_or(c))
            }
            '\u{3000}' => out.push(' '),
            // ﾞ and ﾟ after a half-width kana: the voiced form of what came before.
            'ﾞ' | 'ﾟ' => {
                let base = out.pop();
                let voiced = base.and_then(|b| {
                    let add = if c == 'ﾞ' { 1 } else { 2 };
                    let ok = if c == 'ﾞ' {
                        "カキクケコサシスセソタチツテトハヒフヘホ".contains(b)
                    } else {
                        "ハヒフヘホ".contains(b)
                    };
                    if b == 'ウ' && c == 'ﾞ' {
                        Some('ヴ')
                    } else if ok {
                        char::from_u32(b as u32 + add)
                    } else {
                        None
                    }
                });
                match (voiced, base) {
                    (Some(v), _) => out.push(v),
                    (None, Some(b)) => {
                        out.push(b);
                        out.push(if c == 'ﾞ' { '゛' } else { '゜' });
                    }
                    (None, None) => out.push(c),
                }
            }
            _ => match HALF.chars().position(|h| h == c) {
                Some(i) => out.push(FULL.chars().nth(i).unwrap_or(c)),
                None => out.push(c),
            },
        }
    }
    out
}

/// Trims and folds an identifier such as a login ID or a code typed from paper.
pub fn normalise_identifier(s: &str) -> String {
    s.trim()
        .chars()
        .map(fold_width)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Digits typed in any width, anything else dropped: for one-time codes.
pub fn digits_only(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .filter(|c| c.is_ascii_digit())
        .collect()
}

/// True if the text holds control characters other than tab and newlines.
pub fn has_control_chars(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// Bidi embeddings, overrides and isolates (U+202A–E, U+2066–9) and other invisible format
/// characters (zero-width, BOM): they can make `evil.exe` read as `evil.pdf` on screen.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// One line a user names something with (a file name, a search): control and format
/// characters removed, whitespace runs kept as typed.
pub fn clean_line(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() && !is_format_char(*c))
        .collect()
}

/// Where `needle` first occurs in `hay`, ignoring case, as a character index into `hay` (never
/// a byte index: lower-casing can change a text's length, `İ` becomes two characters).
pub fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return None;
    }
    // Each folded character remembers the character of `hay` it came from.
    let folded: Vec<(usize, char)> = hay
        .chars()
        .enumerate()
        .flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, l)))
        .collect();
    folded
        .windows(needle.len())
        .find(|w| w.iter().map(|(_, c)| *c).eq(needle.iter().copied()))
        .map(|w| w[0].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_character_whatever_lower_casing_does_to_the_length() {
        assert_eq!(find_ignoring_case("İstanbul で転倒", "転倒"), Some(10));
        assert_eq!(find_ignoring_case("ABC", "b"), Some(1));
        assert_eq!(find_ignoring_case("İİİ", "i̇"), Some(0));
        assert_eq!(find_ignoring_case("abc", "x"), None);
        assert_eq!(find_ignoring_case("abc", ""), None);
    }

    #[test]
    fn names_lose_controls_and_direction_overrides() {
        assert_eq!(clean_line("報告\u{202E}fdp.exe"), "報告fdp.exe");
        assert_eq!(clean_line("a\u{0000}b\r\n\u{2067}c\u{200B}"), "abc");
        assert_eq!(clean_line("写真 1.jpg"), "写真 1.jpg");
    }

    #[test]
    fn kana_is_read_as_katakana_whatever_was_typed() {
        assert_eq!(to_katakana("やわた　たろう"), "ヤワタ タロウ");
        assert_eq!(to_katakana("ﾔﾜﾀ ﾀﾞｲｽｹ"), "ヤワタ ダイスケ");
        assert_eq!(to_katakana("ﾎﾟﾝﾌﾟ ｳﾞｨ"), "ポンプ ヴィ");
        assert_eq!(to_katakana("スズキ ユミ"), "スズキ ユミ");
        assert_eq!(to_katakana("鈴木"), "鈴木");
        assert_eq!(fold_number(" ３６．５ "), "36.5");
        assert_eq!(fold_number("１２０"), "120");
    }

    #[test]
    fn folds_full_width_digits_and_hyphens() {
        assert_eq!(normalise_identifier("　ｙａｍａｄａ－０１ "), "yamada-01");
        assert_eq!(digits_only("１２３ ４５６"), "123456");
        assert!(has_control_chars("a\u{0007}b"));
        assert!(!has_control_chars("改行\nあり"));
    }
}
