//! Office documents and text, judged by their content, never by the name: OOXML (DOCX, XLSX,
//! PPTX) is a ZIP whose `[Content_Types].xml` names the main part's type, and that part must be
//! there; legacy Word and Excel files are compound files (CFB) holding a `WordDocument` or a
//! `Workbook` stream. Macro-enabled files are refused (a macro would run on the reader's PC), and
//! so are encrypted ones (the team could not read them, and nothing inside can be checked).
//! Every read is bounded: a ZIP's entry count, the size of the part read, the records scanned.

use std::io::{Cursor, Read};

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
pub const DOC: &str = "application/msword";
pub const XLS: &str = "application/vnd.ms-excel";
pub const CSV_UTF8: &str = "text/csv; charset=utf-8";
pub const CSV_SJIS: &str = "text/csv; charset=Shift_JIS";
pub const TEXT_UTF8: &str = "text/plain; charset=utf-8";
pub const TEXT_SJIS: &str = "text/plain; charset=Shift_JIS";

/// What the content turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// Not an office container at all (the caller tries its other kinds).
    NotOffice,
    /// An accepted document of this type.
    Is(&'static str),
    /// An office container refused for this reason (a `locales/` key).
    Refused(&'static str),
}

const MACRO: &str = "files.error.macro";
const ENCRYPTED: &str = "files.error.encrypted";
const TYPE: &str = "files.error.type_documents";

/// Most entries an accepted OOXML file may have (a large workbook has a few hundred).
const MAX_ENTRIES: usize = 20_000;
/// Most bytes of `[Content_Types].xml` read.
const MAX_TYPES_XML: u64 = 512 * 1024;
/// Most BIFF records scanned for an Excel password before the workbook's globals end.
const MAX_RECORDS: usize = 20_000;

/// The main parts that make a file a document renkei accepts, by content type.
const MAIN_PARTS: &[(&str, &str)] = &[
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCX,
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        XLSX,
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        PPTX,
    ),
    (
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
        PPTX,
    ),
];

/// Judges a file that may be an office document: ZIP and CFB containers are read; anything
/// else is `NotOffice`. A malformed container is refused, never a panic (the readers are
/// third-party parsers, so a panic inside them is caught and counts as a refusal).
pub fn judge(data: &[u8]) -> Judged {
    let zip = data.starts_with(b"PK\x03\x04");
    let cfb = data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if !zip && !cfb {
        return Judged::NotOffice;
    }
    let read = std::panic::catch_unwind(|| if zip { ooxml(data) } else { legacy(data) });
    read.unwrap_or(Judged::Refused(TYPE))
}

fn ooxml(data: &[u8]) -> Judged {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(data)) else {
        return Judged::Refused(TYPE);
    };
    if archive.len() > MAX_ENTRIES {
        return Judged::Refused(TYPE);
    }
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Judged::Refused(TYPE);
        };
        if entry.encrypted() {
            return Judged::Refused(ENCRYPTED);
        }
        let Ok(name) = entry.name() else {
            return Judged::Refused(TYPE);
        };
        let name = name.to_ascii_lowercase();
        if name.ends_with("vbaproject.bin") || name.ends_with("vbadata.xml") {
            return Judged::Refused(MACRO);
        }
        names.push(name);
    }
    let mut xml = String::new();
    let read = match archive.by_name("[Content_Types].xml") {
        Ok(part) => part.take(MAX_TYPES_XML).read_to_string(&mut xml).is_ok(),
        Err(_) => false,
    };
    if !read {
        return Judged::Refused(TYPE);
    }
    let parts = overrides(&xml);
    if parts.iter().any(|(_, ty)| {
        ty.contains("macroEnabled")
            || ty.eq_ignore_ascii_case("application/vnd.ms-office.vbaProject")
    }) {
        return Judged::Refused(MACRO);
    }
    parts
        .iter()
        .find_map(|(part, ty)| {
            let (_, kind) = MAIN_PARTS.iter().find(|(main, _)| main == ty)?;
            let path = part.trim_start_matches('/').to_ascii_lowercase();
            names.contains(&path).then_some(*kind)
        })
        .map_or(Judged::Refused(TYPE), Judged::Is)
}

/// The `(PartName, ContentType)` of each `<Override>` in `[Content_Types].xml`.
fn overrides(xml: &str) -> Vec<(String, String)> {
    xml.split("<Override")
        .skip(1)
        .filter_map(|rest| {
            let element = rest.split('>').next()?;
            Some((
                attribute(element, "PartName")?,
                attribute(element, "ContentType")?,
            ))
        })
        .collect()
}

fn attribute(element: &str, name: &str) -> Option<String> {
    let mut rest = element;
    loop {
        let (_, after) = rest.split_once(name)?;
        rest = after;
        let Some(value) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let (body, _) = value.strip_prefix(quote)?.split_once(quote)?;
        return Some(body.to_string());
    }
}

fn legacy(data: &[u8]) -> Judged {
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(data)) else {
        return Judged::Refused(TYPE);
    };
    // An encrypted DOCX/XLSX is a compound file holding the encrypted package.
    if file.exists("/EncryptionInfo") || file.exists("/EncryptedPackage") {
        return Judged::Refused(ENCRYPTED);
    }
    if ["/Macros", "/_VBA_PROJECT_CUR", "/_VBA_PROJECT", "/VBA"]
        .iter()
        .any(|p| file.exists(p))
    {
        return Judged::Refused(MACRO);
    }
    if file.is_stream("/WordDocument") {
        return word(&mut file);
    }
    for book in ["/Workbook", "/Book"] {
        if file.is_stream(book) {
            return excel(&mut file, book);
        }
    }
    Judged::Refused(TYPE)
}

/// A Word 97–2003 document: its file information block says whether it is encrypted
/// (`fEncrypted`, bit 8 of the flags at offset 10) and carries the Word magic number.
fn word(file: &mut cfb::CompoundFile<Cursor<&[u8]>>) -> Judged {
    let mut head = [0u8; 12];
    let read = file
        .open_stream("/WordDocument")
        .and_then(|mut s| s.read_exact(&mut head));
    if read.is_err() || u16::from_le_bytes([head[0], head[1]]) != 0xA5EC {
        return Judged::Refused(TYPE);
    }
    let flags = u16::from_le_bytes([head[10], head[11]]);
    if flags & 0x0100 != 0 {
        Judged::Refused(ENCRYPTED)
    } else {
        Judged::Is(DOC)
    }
}

/// An Excel 97–2003 workbook: a password puts a FILEPASS record (0x2F) in the globals, which
/// end with the first EOF record (0x0A).
fn excel(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, book: &str) -> Judged {
    let Ok(mut stream) = file.open_stream(book) else {
        return Judged::Refused(TYPE);
    };
    let mut header = [0u8; 4];
    if stream.read_exact(&mut header).is_err()
        || u16::from_le_bytes([header[0], header[1]]) != 0x0809
    {
        return Judged::Refused(TYPE);
    }
    let mut len = u16::from_le_bytes([header[2], header[3]]);
    for _ in 0..MAX_RECORDS {
        if std::io::copy(
            &mut (&mut stream).take(u64::from(len)),
            &mut std::io::sink(),
        )
        .is_err()
            || stream.read_exact(&mut header).is_err()
        {
            return Judged::Refused(TYPE);
        }
        match u16::from_le_bytes([header[0], header[1]]) {
            0x002F => return Judged::Refused(ENCRYPTED),
            0x000A => return Judged::Is(XLS),
            _ => len = u16::from_le_bytes([header[2], header[3]]),
        }
    }
    Judged::Refused(TYPE)
}

/// Plain text or CSV (UTF-8, with or without a BOM, or Shift_JIS as Japanese Excel writes it):
/// no NUL, no control characters beyond tab, line breaks and form feed. Text carries no magic
/// number, so the name must also say text (.csv, .txt or no extension): a "photo.png" that
/// holds text is not what its sender meant to attach. The extension then picks CSV or text.
pub fn text(data: &[u8], name: &str) -> Option<&'static str> {
    let csv = match name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
    {
        None => false,
        Some(ext) if ext == "csv" => true,
        Some(ext) if ext == "txt" => false,
        Some(_) => return None,
    };
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let clean = |s: &str| {
        !s.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\x0C'))
    };
    let utf8 = match std::str::from_utf8(body) {
        Ok(s) => clean(s).then_some(true),
        Err(_) => encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(body)
            .filter(|s| clean(s))
            .map(|_| false),
    }?;
    Some(match (csv, utf8) {
        (true, true) => CSV_UTF8,
        (true, false) => CSV_SJIS,
        (false, true) => TEXT_UTF8,
        (false, false) => TEXT_SJIS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, body) in parts {
            out.start_file(*name, options).unwrap();
            out.write_all(body.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn types(main: &str, part: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{part}" ContentType="{main}"/></Types>"#
        )
    }

    #[test]
    fn ooxml_is_judged_by_its_main_part() {
        let docx = zip_of(&[
            (
                "[Content_Types].xml",
                &types(MAIN_PARTS[0].0, "word/document.xml"),
            ),
            ("word/document.xml", "<w:document/>"),
        ]);
        assert_eq!(judge(&docx), Judged::Is(DOCX));
        let xlsx = zip_of(&[
            (
                "[Content_Types].xml",
                &types(MAIN_PARTS[1].0, "xl/workbook.xml"),
            ),
            ("xl/workbook.xml", "<workbook/>"),
        ]);
        assert_eq!(judge(&xlsx), Judged::Is(XLSX));
        // The main part is named but missing: not a document.
        let hollow = zip_of(&[(
            "[Content_Types].xml",
            &types(MAIN_PARTS[0].0, "word/document.xml"),
        )]);
        assert_eq!(judge(&hollow), Judged::Refused(TYPE));
        // Any other ZIP is refused, not "not office".
        assert_eq!(judge(&zip_of(&[("a.txt", "x")])), Judged::Refused(TYPE));
        assert_eq!(judge(b"PK\x03\x04garbage"), Judged::Refused(TYPE));
    }

    #[test]
    fn macros_are_refused_however_named() {
        let docm = zip_of(&[
            (
                "[Content_Types].xml",
                &types(
                    "application/vnd.ms-word.document.macroEnabled.main+xml",
                    "word/document.xml",
                ),
            ),
            ("word/document.xml", "<w:document/>"),
        ]);
        assert_eq!(judge(&docm), Judged::Refused(MACRO));
        // A .docx content type with a VBA project inside is still a macro file.
        let disguised = zip_of(&[
            (
                "[Content_Types].xml",
                &types(MAIN_PARTS[0].0, "word/document.xml"),
            ),
            ("word/document.xml", "<w:document/>"),
            ("word/vbaProject.bin", "VBA"),
        ]);
        assert_eq!(judge(&disguised), Judged::Refused(MACRO));
    }

    #[test]
    fn compound_files_are_read_for_their_streams() {
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/EncryptionInfo")
            .unwrap()
            .write_all(b"\x04\x00")
            .unwrap();
        cf.create_stream("/EncryptedPackage")
            .unwrap()
            .write_all(b"....")
            .unwrap();
        let encrypted = cf.into_inner().into_inner();
        assert_eq!(judge(&encrypted), Judged::Refused(ENCRYPTED));

        let mut fib = vec![0u8; 64];
        fib[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        let doc = |flags: u16, macros: bool| {
            let mut fib = fib.clone();
            fib[10..12].copy_from_slice(&flags.to_le_bytes());
            let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            cf.create_stream("/WordDocument")
                .unwrap()
                .write_all(&fib)
                .unwrap();
            if macros {
                cf.create_storage("/Macros").unwrap();
            }
            cf.into_inner().into_inner()
        };
        assert_eq!(judge(&doc(0, false)), Judged::Is(DOC));
        assert_eq!(judge(&doc(0x0100, false)), Judged::Refused(ENCRYPTED));
        assert_eq!(judge(&doc(0, true)), Judged::Refused(MACRO));

        let book = |records: &[u16]| {
            let mut body = Vec::new();
            for r in records {
                body.extend_from_slice(&r.to_le_bytes());
                body.extend_from_slice(&2u16.to_le_bytes());
                body.extend_from_slice(&[0, 0]);
            }
            let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            cf.create_stream("/Workbook")
                .unwrap()
                .write_all(&body)
                .unwrap();
            cf.into_inner().into_inner()
        };
        assert_eq!(judge(&book(&[0x0809, 0x00E1, 0x000A])), Judged::Is(XLS));
        assert_eq!(
            judge(&book(&[0x0809, 0x002F, 0x000A])),
            Judged::Refused(ENCRYPTED)
        );
        assert_eq!(judge(&book(&[0x0809, 0x00E1])), Judged::Refused(TYPE));
        assert_eq!(
            judge(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2]),
            Judged::Refused(TYPE)
        );
    }

    #[test]
    fn text_is_utf8_or_shift_jis_without_control_characters() {
        assert_eq!(
            text("氏名,年齢\n山田,80\n".as_bytes(), "一覧.csv"),
            Some(CSV_UTF8)
        );
        assert_eq!(text(b"\xEF\xBB\xBFmemo", "memo.txt"), Some(TEXT_UTF8));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("氏名,年齢\r\n");
        assert_eq!(text(&sjis, "一覧.CSV"), Some(CSV_SJIS));
        assert_eq!(text(&sjis, "memo"), Some(TEXT_SJIS));
        assert_eq!(text(b"MZ\x90\x00\x03", "a.txt"), None);
        assert_eq!(text(b"\x1b[31m", "a.txt"), None);
        assert_eq!(
            text(b"#!/bin/sh\nrm -rf /", "photo.png"),
            None,
            "the name must say text"
        );
    }

    #[test]
    fn attributes_take_either_quote() {
        let parts = overrides(
            r#"<Override ContentType='a/b' PartName = "/x.xml"/><Override PartName="/y"/>"#,
        );
        assert_eq!(parts, vec![("/x.xml".to_string(), "a/b".to_string())]);
    }
}
