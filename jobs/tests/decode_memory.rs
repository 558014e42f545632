//! Thumbnails of many large photos at once hold one decoded picture in memory, not one each:
//! ten threads make thumbnails of a 48-megapixel PNG (145 MB decoded) while a sampler reads the
//! process's resident memory every few milliseconds. A process of its own (this file is its own
//! test binary), so nothing else moves the figure. `-- --nocapture` prints it.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .unwrap_or(0)
}

/// A 8000 × 6000 photo: a gradient, so the PNG is small but decodes to 144 MB.
fn big_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(8000, 6000, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[test]
fn ten_large_photos_at_once_take_turns_to_be_decoded() {
    if !std::path::Path::new("/proc/self/status").exists() {
        return; // Resident memory is read from Linux's /proc.
    }
    let png = Arc::new(big_png());
    let decoded = 8000u64 * 6000 * 3;
    let (w, h) = renkei_jobs::images::dimensions(&png).unwrap();
    assert_eq!((w, h), (8000, 6000));
    let base = resident_bytes();
    let peak = Arc::new(AtomicU64::new(base));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(resident_bytes(), Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
        })
    };
    let workers: Vec<_> = (0..10)
        .map(|_| {
            let png = png.clone();
            std::thread::spawn(move || renkei_jobs::images::thumbnail(&png).unwrap())
        })
        .collect();
    for w in workers {
        let (thumb, tw, th) = w.join().unwrap();
        assert_eq!((tw, th), (320, 240));
        assert!(thumb.len() < 100_000);
    }
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let grew = peak.load(Ordering::Relaxed).saturating_sub(base);
    println!(
        "ten thumbnails of a {} MB picture at once: resident memory grew {} MB ({:.2} × one decoded picture)",
        decoded >> 20,
        grew >> 20,
        grew as f64 / decoded as f64
    );
    assert!(
        grew < decoded * 2,
        "memory grew {} MB: more than one decode at a time",
        grew >> 20
    );
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn a_picture_too_large_once_decoded_is_refused_from_its_header() {
    // A PNG header for 7000 × 5000 at 16 bits per channel with alpha: 35 megapixels, under the
    // pixel limit, but 280 MB decoded. Its pixel data is empty: the header alone refuses it.
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&7000u32.to_be_bytes());
    ihdr.extend_from_slice(&5000u32.to_be_bytes());
    ihdr.extend_from_slice(&[16, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // One IDAT (an empty zlib stream) and IEND: a decoder reads the header up to here.
    for (kind, body) in [
        (&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]),
        (b"IEND", b""),
    ] {
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(body);
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    assert_eq!(
        renkei_jobs::images::dimensions(&png),
        Err(renkei_jobs::images::ImageError::TooLarge(7000, 5000))
    );
    assert!(renkei_jobs::images::thumbnail(&png).is_err());
}
