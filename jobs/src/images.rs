//! Photos: their location and other metadata stripped without re-encoding, their size checked
//! from the header before anything is decoded (a "decompression bomb" is refused, not decoded),
//! and a small JPEG thumbnail so a low-end phone loads kilobytes, not the 4 MB original.

use std::io::Cursor;

use image::{ImageReader, Limits};

/// The largest photo accepted, in pixels (about a 50-megapixel camera) and per side.
pub const MAX_PIXELS: u64 = 50_000_000;
pub const MAX_SIDE: u32 = 12_000;
/// The most memory one photo may take decoded (a 50-megapixel 8-bit RGB photo takes 150 MB; a
/// 16-bit or alpha one of that size is refused).
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;
/// The longest side of a thumbnail.
pub const THUMB_SIDE: u32 = 320;

/// Full-size decodes take turns, one at a time in a process: ten large photos in one post
/// hold one decoded picture in memory, not ten.
static DECODING: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImageError {
    #[error("not a readable image")]
    Unreadable,
    #[error("the image is too large ({0}×{1})")]
    TooLarge(u32, u32),
}

/// Width and height from the header only; refused when the picture, decoded, would exceed the
/// limits.
pub fn dimensions(data: &[u8]) -> Result<(u32, u32), ImageError> {
    use image::ImageDecoder;
    let decoder = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|_| ImageError::Unreadable)?
        .into_decoder()
        .map_err(|_| ImageError::Unreadable)?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err(ImageError::Unreadable);
    }
    if w > MAX_SIDE
        || h > MAX_SIDE
        || u64::from(w) * u64::from(h) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(ImageError::TooLarge(w, h));
    }
    Ok((w, h))
}

/// A JPEG with only what rendering needs: the image data and its tables, JFIF (APP0), an ICC
/// colour profile (APP2 `ICC_PROFILE`) and Adobe's colour transform (APP14). Exif and XMP (GPS
/// position, camera, time), IPTC, comments and every other APPn segment go, and so does
/// anything after the end-of-image marker (a second JPEG appended with its own Exif, or any
/// other payload). The image data itself is untouched.
pub fn strip_jpeg(data: &[u8]) -> Option<Vec<u8>> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let byte = |i: usize| data.get(i).copied();
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut i = 2;
    loop {
        // Fill bytes before a marker.
        while byte(i)? == 0xFF && byte(i + 1)? == 0xFF {
            i += 1;
        }
        if byte(i)? != 0xFF {
            return None;
        }
        let marker = byte(i + 1)?;
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([byte(i + 2)?, byte(i + 3)?]));
        let end = i.checked_add(2 + len)?;
        if len < 2 || end > data.len() {
            return None;
        }
        let segment = data.get(i..end)?;
        let keep = match marker {
            0xE0 | 0xEE => true,
            0xE2 => segment.get(4..16) == Some(b"ICC_PROFILE\0".as_slice()),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        i = end;
        if marker == 0xDA {
            // Entropy-coded data up to the next marker that is not stuffing (FF 00) or a
            // restart (FF D0–D7); a file that ends inside it is closed with its EOI.
            let start = i;
            while i < data.len() {
                if data.get(i) == Some(&0xFF) {
                    match byte(i + 1) {
                        Some(0x00 | 0xD0..=0xD7) => i += 2,
                        Some(0xFF) => i += 1,
                        _ => break,
                    }
                } else {
                    i += 1;
                }
            }
            out.extend_from_slice(data.get(start..i.min(data.len()))?);
            if i >= data.len() || byte(i + 1).is_none() {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
        }
    }
}

/// A PNG with only the chunks rendering needs (image data, palette, transparency, colour and
/// gamma, physical size); text, eXIf, time and every private or unknown chunk go, and nothing
/// after IEND is kept.
pub fn strip_png(data: &[u8]) -> Option<Vec<u8>> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    const KEEP: &[&[u8]] = &[
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
        b"pHYs",
    ];
    if !data.starts_with(SIG) {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(SIG);
    let mut i = SIG.len();
    while i + 12 <= data.len() {
        let len = u32::from_be_bytes(data.get(i..i + 4)?.try_into().ok()?) as usize;
        let kind = data.get(i + 4..i + 8)?;
        let end = i.checked_add(12)?.checked_add(len)?;
        if end > data.len() {
            return None;
        }
        if KEEP.contains(&kind) {
            out.extend_from_slice(data.get(i..end)?);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        i = end;
    }
    None
}

/// A JPEG thumbnail whose longest side is at most `THUMB_SIDE`; returns it with its size.
pub fn thumbnail(data: &[u8]) -> Result<(Vec<u8>, u32, u32), ImageError> {
    dimensions(data)?;
    let mut reader = ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|_| ImageError::Unreadable)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoded picture and the decoder's own buffers.
    limits.max_alloc = Some(MAX_DECODED_BYTES + 32 * 1024 * 1024);
    reader.limits(limits);
    let small = {
        let _turn = DECODING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let img = reader.decode().map_err(|_| ImageError::Unreadable)?;
        img.thumbnail(THUMB_SIDE, THUMB_SIDE).into_rgb8()
    };
    let (w, h) = small.dimensions();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75)
        .encode_image(&small)
        .map_err(|_| ImageError::Unreadable)?;
    Ok((out, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 100, 50]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([10, 20, 30]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 80)
            .encode_image(&img)
            .unwrap();
        // Insert an APP1 Exif segment carrying a (fake) GPS tag right after SOI.
        let payload = b"Exif\0\0GPSLatitude=35.72";
        let mut seg = vec![0xFF, 0xE1];
        seg.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        seg.extend_from_slice(payload);
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&seg);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn exif_goes_the_picture_stays() {
        let j = jpeg_with_exif(64, 48);
        assert!(j.windows(11).any(|w| w == b"GPSLatitude"));
        let s = strip_jpeg(&j).unwrap();
        assert!(!s.windows(11).any(|w| w == b"GPSLatitude"));
        assert_eq!(dimensions(&s).unwrap(), (64, 48));
        assert!(thumbnail(&s).is_ok());
    }

    #[test]
    fn comments_other_segments_and_an_appended_second_jpeg_go() {
        let j = jpeg_with_exif(64, 48);
        // A COM and an APP5 segment after SOI, and a second JPEG with Exif after EOI.
        let mut forged = vec![0xFF, 0xD8];
        forged.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x0E]);
        forged.extend_from_slice(b"COMMENT=GPS");
        forged.push(b'!');
        forged.extend_from_slice(&[0xFF, 0xE5, 0x00, 0x0A]);
        forged.extend_from_slice(b"APPFIVE");
        forged.push(b'!');
        forged.extend_from_slice(&j[2..]);
        forged.extend_from_slice(&jpeg_with_exif(8, 8));
        forged.extend_from_slice(b"trailing GPSLatitude=35.72");
        let s = strip_jpeg(&forged).unwrap();
        for needle in [&b"GPSLatitude"[..], b"COMMENT", b"APPFIVE", b"Exif"] {
            assert!(
                !s.windows(needle.len()).any(|w| w == needle),
                "{needle:?} survived"
            );
        }
        assert!(s.ends_with(&[0xFF, 0xD9]));
        assert_eq!(dimensions(&s).unwrap(), (64, 48));
        assert!(thumbnail(&s).is_ok());
    }

    #[test]
    fn a_png_keeps_only_what_it_is_drawn_with() {
        let p = png(16, 16);
        // A private chunk before IEND and data after it.
        let iend = p.len() - 12;
        let mut forged = p[..iend].to_vec();
        let body = b"GPSLatitude=35.72";
        forged.extend_from_slice(&(body.len() as u32).to_be_bytes());
        forged.extend_from_slice(b"prVt");
        forged.extend_from_slice(body);
        let mut crc_input = b"prVt".to_vec();
        crc_input.extend_from_slice(body);
        forged.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        forged.extend_from_slice(&p[iend..]);
        forged.extend_from_slice(b"after IEND GPSLatitude");
        let s = strip_png(&forged).unwrap();
        assert!(!s.windows(11).any(|w| w == b"GPSLatitude"));
        assert_eq!(dimensions(&s).unwrap(), (16, 16));
        assert!(thumbnail(&s).is_ok());
    }

    #[test]
    fn a_thumbnail_is_small() {
        let (t, w, h) = thumbnail(&png(2000, 1000)).unwrap();
        assert_eq!((w, h), (320, 160));
        assert!(t.len() < 20_000);
        assert!(t.starts_with(&[0xFF, 0xD8]));
    }

    /// CRC-32 (PNG's), so a forged header is still a well-formed PNG.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    /// A well-formed PNG whose header claims `side` × `side` pixels (its data is 1 × 1).
    fn forged_png(mut p: Vec<u8>, side: u32) -> Vec<u8> {
        p[16..20].copy_from_slice(&side.to_be_bytes());
        p[20..24].copy_from_slice(&side.to_be_bytes());
        let c = crc32(&p[12..29]);
        p[29..33].copy_from_slice(&c.to_be_bytes());
        p
    }

    #[test]
    fn a_bomb_is_refused_from_its_header() {
        // A well-formed PNG header claiming 100000 × 100000 pixels.
        let p = forged_png(png(1, 1), 100_000);
        assert_eq!(dimensions(&p), Err(ImageError::TooLarge(100_000, 100_000)));
        assert!(thumbnail(&p).is_err());
        assert_eq!(
            dimensions(b"\x89PNG\r\n\x1a\nnonsense"),
            Err(ImageError::Unreadable)
        );
    }
}
