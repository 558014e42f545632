//! CSV for the clerks' registers and lists, made to open in Excel on a municipal PC: UTF-8 with a
//! byte order mark (without it Excel reads Shift_JIS and the Japanese is garbled), CRLF line ends,
//! every cell quoted, and a cell that a spreadsheet would run as a formula (starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) neutralised with a leading apostrophe, so that a
//! name typed as `=HYPERLINK(...)` stays text (CSV injection).

const BOM: &str = "\u{feff}";

/// One cell, quoted and neutralised.
fn cell(value: &str, out: &mut String) {
    out.push('"');
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
}

/// A whole file: the header row, then the rows.
pub fn table<I, R, S>(headers: &[String], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from(BOM);
    let line = |cells: &mut dyn Iterator<Item = String>, out: &mut String| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            cell(&c, out);
        }
        out.push_str("\r\n");
    };
    line(&mut headers.iter().cloned(), &mut out);
    for row in rows {
        line(
            &mut row.into_iter().map(|c| c.as_ref().to_string()),
            &mut out,
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_reads_it_as_text() {
        let bytes = table(
            &["氏名".to_string(), "メモ".to_string()],
            [
                vec!["=HYPERLINK(\"http://x\")", "a\"b"],
                vec!["+81", "-1"],
                vec!["@SUM(A1)", "改行\nあり"],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "\"氏名\",\"メモ\"");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",\"a\"\"b\"");
        assert_eq!(lines[2], "\"'+81\",\"'-1\"");
        assert!(lines[3].starts_with("\"'@SUM(A1)\",\"改行\nあり\""));
    }
}
