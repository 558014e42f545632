//! TIFF scans (紹介状 or a FAX kept as a file) without their metadata: the file is written anew
//! with, for every page, only the tags a viewer needs to draw it and the image data those tags
//! point at. GPS and Exif sub-directories, XMP, IPTC, Photoshop blocks, descriptions, the scanner's
//! make, model and software, dates, names, private tags, embedded thumbnails (SubIFDs) and any
//! byte nothing points at (data appended after the last page) all go. Nothing is decoded: the
//! compressed image data is copied as it is, so every compression a viewer reads still works.

use std::collections::HashSet;

/// The tags kept: the baseline and extension tags that describe how to draw the image.
const KEEP: &[u16] = &[
    254,   // NewSubfileType
    255,   // SubfileType
    256,   // ImageWidth
    257,   // ImageLength
    258,   // BitsPerSample
    259,   // Compression
    262,   // PhotometricInterpretation
    266,   // FillOrder
    273,   // StripOffsets
    274,   // Orientation
    277,   // SamplesPerPixel
    278,   // RowsPerStrip
    279,   // StripByteCounts
    282,   // XResolution
    283,   // YResolution
    284,   // PlanarConfiguration
    292,   // T4Options
    293,   // T6Options
    296,   // ResolutionUnit
    297,   // PageNumber
    301,   // TransferFunction
    317,   // Predictor
    318,   // WhitePoint
    319,   // PrimaryChromaticities
    320,   // ColorMap
    322,   // TileWidth
    323,   // TileLength
    324,   // TileOffsets
    325,   // TileByteCounts
    338,   // ExtraSamples
    339,   // SampleFormat
    347,   // JPEGTables
    529,   // YCbCrCoefficients
    530,   // YCbCrSubSampling
    531,   // YCbCrPositioning
    532,   // ReferenceBlackWhite
    34675, // ICC profile
];

/// Where the pixel data is: strips or tiles, offsets and byte counts.
const DATA_TAGS: [(u16, u16); 2] = [(273, 279), (324, 325)];

/// More pages than a scan has: a longer chain is refused.
const MAX_PAGES: usize = 2_000;

struct Reader<'a> {
    data: &'a [u8],
    le: bool,
}

impl Reader<'_> {
    fn bytes(&self, at: usize, len: usize) -> Option<&[u8]> {
        self.data.get(at..at.checked_add(len)?)
    }
    fn u16(&self, at: usize) -> Option<u16> {
        let b: [u8; 2] = self.bytes(at, 2)?.try_into().ok()?;
        Some(if self.le {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    }
    fn u32(&self, at: usize) -> Option<u32> {
        let b: [u8; 4] = self.bytes(at, 4)?.try_into().ok()?;
        Some(if self.le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }
}

struct Writer {
    out: Vec<u8>,
    le: bool,
}

impl Writer {
    fn u16(&mut self, v: u16) {
        let b = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.out.extend_from_slice(&b);
    }
    fn u32(&mut self, v: u32) {
        let b = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.out.extend_from_slice(&b);
    }
    fn patch_u32(&mut self, at: usize, v: u32) {
        let b = if self.le {
            v.to_le_bytes()
        } else {
            v.to_be_bytes()
        };
        self.out[at..at + 4].copy_from_slice(&b);
    }
    /// TIFF offsets point at word boundaries.
    fn align(&mut self) {
        if self.out.len() % 2 == 1 {
            self.out.push(0);
        }
    }
    fn here(&self) -> Option<u32> {
        u32::try_from(self.out.len()).ok()
    }
}

fn type_size(kind: u16) -> Option<usize> {
    Some(match kind {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 => 8,
        _ => return None,
    })
}

/// One kept entry: its tag, type, count and value bytes (in the file's byte order).
struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    value: Vec<u8>,
}

fn read_entry(r: &Reader<'_>, at: usize) -> Option<Entry> {
    let tag = r.u16(at)?;
    let kind = r.u16(at + 2)?;
    let count = r.u32(at + 4)?;
    let len = type_size(kind)?.checked_mul(count as usize)?;
    let value = if len <= 4 {
        r.bytes(at + 8, len)?.to_vec()
    } else {
        r.bytes(r.u32(at + 8)? as usize, len)?.to_vec()
    };
    Some(Entry {
        tag,
        kind,
        count,
        value,
    })
}

/// An array of SHORT or LONG values (offsets, byte counts).
fn numbers(r: &Reader<'_>, e: &Entry) -> Option<Vec<u32>> {
    let v = Reader {
        data: &e.value,
        le: r.le,
    };
    (0..e.count as usize)
        .map(|i| match e.kind {
            3 => v.u16(i * 2).map(u32::from),
            4 => v.u32(i * 4),
            _ => None,
        })
        .collect()
}

/// The TIFF with only what drawing it needs, or `None` when it is not a TIFF this can read
/// (BigTIFF, a broken directory, a loop of pages, data pointing outside the file).
pub fn strip(data: &[u8]) -> Option<Vec<u8>> {
    let le = match data.get(0..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let r = Reader { data, le };
    let mut w = Writer {
        out: Vec::with_capacity(data.len()),
        le,
    };
    w.out.extend_from_slice(data.get(..4)?);
    let mut link = w.out.len();
    w.u32(0);
    let mut next = r.u32(4)? as usize;
    let mut seen = HashSet::new();
    // Overlapping strips could make the copy larger than the file; a real one never is.
    let budget = data.len().checked_mul(2)?;
    while next != 0 {
        if !seen.insert(next) || seen.len() > MAX_PAGES {
            return None;
        }
        let n = r.u16(next)? as usize;
        let mut entries: Vec<Entry> = (0..n)
            .map(|i| read_entry(&r, next + 2 + 12 * i))
            .collect::<Option<_>>()?;
        let following = r.u32(next + 2 + 12 * n)? as usize;
        entries.retain(|e| KEEP.contains(&e.tag));
        entries.sort_by_key(|e| e.tag);
        // The pixel data first, each piece where the new offsets say.
        for (offsets_tag, counts_tag) in DATA_TAGS {
            let Some(oi) = entries.iter().position(|e| e.tag == offsets_tag) else {
                continue;
            };
            let ci = entries.iter().position(|e| e.tag == counts_tag)?;
            let offsets = numbers(&r, &entries[oi])?;
            let counts = numbers(&r, &entries[ci])?;
            if offsets.len() != counts.len() {
                return None;
            }
            let mut moved = Vec::with_capacity(offsets.len() * 4);
            for (off, len) in offsets.iter().zip(&counts) {
                w.align();
                let at = w.here()?;
                w.out
                    .extend_from_slice(r.bytes(*off as usize, *len as usize)?);
                if w.out.len() > budget {
                    return None;
                }
                let b = if le {
                    at.to_le_bytes()
                } else {
                    at.to_be_bytes()
                };
                moved.extend_from_slice(&b);
            }
            let e = &mut entries[oi];
            e.kind = 4;
            e.value = moved;
        }
        // Values too long for their entry, then the directory pointing at them.
        let mut placed = Vec::with_capacity(entries.len());
        for e in &entries {
            if e.value.len() > 4 {
                w.align();
                placed.push(Some(w.here()?));
                w.out.extend_from_slice(&e.value);
            } else {
                placed.push(None);
            }
        }
        w.align();
        let dir = w.here()?;
        w.patch_u32(link, dir);
        w.u16(u16::try_from(entries.len()).ok()?);
        for (e, at) in entries.iter().zip(placed) {
            w.u16(e.tag);
            w.u16(e.kind);
            w.u32(e.count);
            match at {
                Some(at) => w.u32(at),
                None => {
                    let mut inline = e.value.clone();
                    inline.resize(4, 0);
                    w.out.extend_from_slice(&inline);
                }
            }
        }
        link = w.out.len();
        w.u32(0);
        next = following;
    }
    Some(w.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF built by hand: `pages` pages of 4 × 2 grey pixels, each with a
    /// make, a description, software, a GPS directory and a private tag; junk after the end.
    fn scan(pages: usize) -> Vec<u8> {
        let mut f = b"II*\0".to_vec();
        f.extend_from_slice(&0u32.to_le_bytes());
        let mut link = 4usize;
        for p in 0..pages {
            let pixels = [p as u8 + 1; 8];
            let pix_at = f.len() as u32;
            f.extend_from_slice(&pixels);
            let make_at = f.len() as u32;
            f.extend_from_slice(b"SecretCam\0");
            let desc_at = f.len() as u32;
            f.extend_from_slice("患者 八幡 正\0".as_bytes());
            if f.len() % 2 == 1 {
                f.push(0);
            }
            let gps_at = f.len() as u32;
            // A GPS directory with one GPSLatitudeRef entry.
            f.extend_from_slice(&1u16.to_le_bytes());
            f.extend_from_slice(&1u16.to_le_bytes());
            f.extend_from_slice(&2u16.to_le_bytes());
            f.extend_from_slice(&2u32.to_le_bytes());
            f.extend_from_slice(b"N\0\0\0");
            f.extend_from_slice(&0u32.to_le_bytes());
            let ifd = f.len() as u32;
            f[link..link + 4].copy_from_slice(&ifd.to_le_bytes());
            let entries: Vec<(u16, u16, u32, u32)> = vec![
                (256, 3, 1, 4),
                (257, 3, 1, 2),
                (258, 3, 1, 8),
                (259, 3, 1, 1),
                (262, 3, 1, 1),
                (270, 2, 18, desc_at),
                (271, 2, 10, make_at),
                (273, 4, 1, pix_at),
                (277, 3, 1, 1),
                (278, 3, 1, 2),
                (279, 4, 1, 8),
                (305, 2, 4, u32::from_le_bytes(*b"ab\0\0")),
                (34853, 4, 1, gps_at),
                (65000, 4, 1, 7),
            ];
            f.extend_from_slice(&(entries.len() as u16).to_le_bytes());
            for (tag, kind, count, value) in entries {
                f.extend_from_slice(&tag.to_le_bytes());
                f.extend_from_slice(&kind.to_le_bytes());
                f.extend_from_slice(&count.to_le_bytes());
                f.extend_from_slice(&value.to_le_bytes());
            }
            link = f.len();
            f.extend_from_slice(&0u32.to_le_bytes());
        }
        f.extend_from_slice(b"GPS 35.72N appended after the last page");
        f
    }

    /// (tags, pixel bytes) of every page.
    fn pages(data: &[u8]) -> Vec<(Vec<u16>, Vec<u8>)> {
        let r = Reader { data, le: true };
        let mut out = Vec::new();
        let mut next = r.u32(4).unwrap() as usize;
        while next != 0 {
            let n = r.u16(next).unwrap() as usize;
            let entries: Vec<Entry> = (0..n)
                .map(|i| read_entry(&r, next + 2 + 12 * i).unwrap())
                .collect();
            let off = numbers(&r, entries.iter().find(|e| e.tag == 273).unwrap()).unwrap();
            let len = numbers(&r, entries.iter().find(|e| e.tag == 279).unwrap()).unwrap();
            let pixels = r.bytes(off[0] as usize, len[0] as usize).unwrap().to_vec();
            out.push((entries.iter().map(|e| e.tag).collect(), pixels));
            next = r.u32(next + 2 + 12 * n).unwrap() as usize;
        }
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn every_page_keeps_its_pixels_and_loses_its_metadata() {
        let original = scan(3);
        assert!(contains(&original, b"SecretCam"));
        let clean = strip(&original).unwrap();
        let before = pages(&original);
        let after = pages(&clean);
        assert_eq!(after.len(), 3, "every page stays");
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(a.1, b.1, "the pixels are copied unchanged");
            assert_eq!(a.0, vec![256, 257, 258, 259, 262, 273, 277, 278, 279]);
        }
        for gone in [
            &b"SecretCam"[..],
            "八幡".as_bytes(),
            b"appended",
            b"N\0\0\0",
        ] {
            assert!(
                !contains(&clean, gone),
                "{:?}",
                String::from_utf8_lossy(gone)
            );
        }
        assert!(clean.len() < original.len());
        // Stripping again changes nothing.
        assert_eq!(strip(&clean).unwrap(), clean);
    }

    #[test]
    fn broken_or_looping_files_are_refused_not_followed() {
        let mut looping = scan(1);
        let ifd = u32::from_le_bytes(looping[4..8].try_into().unwrap()) as usize;
        let n = u16::from_le_bytes(looping[ifd..ifd + 2].try_into().unwrap()) as usize;
        let next = ifd + 2 + 12 * n;
        looping[next..next + 4].copy_from_slice(&(ifd as u32).to_le_bytes());
        assert!(strip(&looping).is_none());
        let mut outside = scan(1);
        outside[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(strip(&outside).is_none());
        assert!(strip(b"II*\0").is_none());
        assert!(strip(b"II+\0\x08\0\0\0").is_none(), "BigTIFF is not read");
        let truncated = &scan(2)[..60];
        assert!(strip(truncated).is_none());
    }
}
