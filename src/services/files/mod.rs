//! Uploaded files: the type is decided by the content (magic bytes), never by the name or the
//! browser's claim; the name is kept only to show it (cleaned of paths and control characters).
//! Scans of paper forms are PDF or images; a room's post or a mail may also carry office
//! documents and text (`office`).

pub mod office;

use office::Judged;

/// What a file input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepts {
    /// A scan of a paper form: PDF, PNG, JPEG, TIFF.
    Scans,
    /// An attachment to a post or a mail: scans, and Word, Excel, PowerPoint, CSV and text.
    Documents,
}

/// What a scan's content is, from its first bytes; `None` for anything else.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        Some("image/tiff")
    } else {
        None
    }
}

/// A name safe to show and to offer in Content-Disposition: no directories, no control
/// characters, no quotes, at most 100 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !crate::domain::text::is_format_char(*c) && *c != '"')
        .take(100)
        .collect();
    if cleaned.trim().is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

/// The name a file is offered under: its extension follows the type judged from the content,
/// whatever the uploader called it (`%PDF-` named `evil.exe` is offered as `evil.exe.pdf`).
pub fn name_for_type(name: &str, content_type: &str) -> String {
    let (wanted, also): (&str, &[&str]) = match content_type {
        "application/pdf" => ("pdf", &[]),
        "image/png" => ("png", &[]),
        "image/jpeg" => ("jpg", &["jpeg", "jpe"]),
        "image/tiff" => ("tif", &["tiff"]),
        office::CSV_UTF8 | office::CSV_SJIS => ("csv", &[]),
        office::TEXT_UTF8 | office::TEXT_SJIS => ("txt", &["text", "log"]),
        office::DOCX => ("docx", &[]),
        office::XLSX => ("xlsx", &[]),
        office::PPTX => ("pptx", &["ppsx"]),
        office::DOC => ("doc", &[]),
        office::XLS => ("xls", &[]),
        _ => ("bin", &[]),
    };
    let has = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .is_some_and(|ext| ext == wanted || also.contains(&ext.as_str()));
    if has {
        name.to_string()
    } else {
        format!("{}.{wanted}", name.trim_end_matches('.'))
    }
}

/// One file of a submitted form.
#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub data: Vec<u8>,
    /// The part was larger than allowed; `data` holds nothing.
    pub too_large: bool,
}

/// A checked file, ready to store.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// Checks a file and makes it safe to keep: its type from its content; a photo's size read
/// from its header (a decompression bomb is refused before anything is decoded) and its
/// metadata — GPS position, camera, time — stripped without re-encoding (a TIFF scan is
/// rewritten with only its drawing tags and image data); an office document is kept as sent
/// once judged (macro-enabled and encrypted ones are refused). The error is a `locales/` key.
pub fn accept(upload: &Upload, accepts: Accepts) -> Result<Attachment, &'static str> {
    use renkei_jobs::images;
    if upload.too_large {
        return Err("files.error.too_large");
    }
    if upload.data.is_empty() {
        return Err("files.error.empty");
    }
    let content_type = match accepts {
        Accepts::Scans => sniff(&upload.data).ok_or("files.error.type")?,
        Accepts::Documents => document_type(&upload.data, &upload.file_name)?,
    };
    let data = match content_type {
        "image/jpeg" | "image/png" => {
            match images::dimensions(&upload.data) {
                Ok(_) => {}
                Err(images::ImageError::TooLarge(..)) => return Err("files.error.image_too_large"),
                Err(images::ImageError::Unreadable) => return Err("files.error.type"),
            }
            let stripped = if content_type == "image/jpeg" {
                images::strip_jpeg(&upload.data)
            } else {
                images::strip_png(&upload.data)
            };
            stripped.ok_or("files.error.type")?
        }
        "image/tiff" => renkei_jobs::tiff::strip(&upload.data).ok_or("files.error.type")?,
        _ => upload.data.clone(),
    };
    Ok(Attachment {
        file_name: name_for_type(&upload.file_name, content_type),
        content_type,
        data,
    })
}

/// The type of an attachment to a post or a mail, or the reason it is refused.
fn document_type(data: &[u8], name: &str) -> Result<&'static str, &'static str> {
    if let Some(scan) = sniff(data) {
        return Ok(scan);
    }
    match office::judge(data) {
        Judged::Is(kind) => Ok(kind),
        Judged::Refused(key) => Err(key),
        Judged::NotOffice => office::text(data, name).ok_or("files.error.type_documents"),
    }
}

/// The type of a file accepted earlier (kept between two tries of a form), judged again from
/// its content; `None` if it is no longer one renkei takes.
pub fn kind_of(data: &[u8], name: &str) -> Option<&'static str> {
    document_type(data, name).ok()
}

/// Photos get a thumbnail.
pub fn is_photo(content_type: &str) -> bool {
    matches!(content_type, "image/jpeg" | "image/png")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_not_the_name() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"MZ\x90\0 an exe called scan.pdf"), None);
        assert_eq!(sniff(b"<html>"), None);
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\a\\同意書.pdf"), "同意書.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{202E}fdp.exe"), "afdp.exe");
        assert_eq!(clean_name("\"\n"), "file");
        assert_eq!(clean_name("報告\u{2067}exe.pdf\u{2069}"), "報告exe.pdf");
    }

    #[test]
    fn the_extension_follows_the_content() {
        assert_eq!(name_for_type("evil.exe", "application/pdf"), "evil.exe.pdf");
        assert_eq!(name_for_type("x.hta", "image/png"), "x.hta.png");
        assert_eq!(name_for_type("写真.JPEG", "image/jpeg"), "写真.JPEG");
        assert_eq!(name_for_type("scan.tiff", "image/tiff"), "scan.tiff");
        assert_eq!(name_for_type("同意書", "application/pdf"), "同意書.pdf");
        assert_eq!(name_for_type("a.pdf", "image/png"), "a.pdf.png");
        assert_eq!(
            name_for_type("退院サマリ.DOCX", office::DOCX),
            "退院サマリ.DOCX"
        );
        assert_eq!(
            name_for_type("ケアプラン.docm", office::DOCX),
            "ケアプラン.docm.docx"
        );
        assert_eq!(name_for_type("一覧", office::CSV_SJIS), "一覧.csv");
        assert_eq!(name_for_type("報告.xls", office::XLSX), "報告.xls.xlsx");
    }
}
