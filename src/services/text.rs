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
    fn folds_full_width_digits_and_hyphens() {
        assert_eq!(normalise_identifier("　ｙａｍａｄａ－０１ "), "yamada-01");
        assert_eq!(digits_only("１２３ ４５６"), "123456");
        assert!(has_control_chars("a\u{0007}b"));
        assert!(!has_control_chars("改行\nあり"));
    }
}
