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

#[cfg(test)]
mod tests {
    use super::*;

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
